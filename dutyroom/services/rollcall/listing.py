"""What the 视频点名 page lists: the roll-calls held (newest first, a page at a time, by kind and month),
the 整改 items by state, and the lines the 每日要情 prints about roll-calls that found problems."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select, tuple_

from dutyroom.domain import rollcall as rules
from dutyroom.domain.daily_digest import period_bounds, rollcall_digest_line
from dutyroom.domain.vocabulary import RollCallKind, RollCallResult, RollCallStatus
from dutyroom.services.rollcall import rows
from dutyroom.services.rollcall.base import RollCallArea
from dutyroom.services.rollcall.records import RectificationRecord, RollCallRecord
from dutyroom.store.models import Rectification, RollCall

#: the 整改 list's filters: open (due or not), only the overdue ones, closed, all
RECTIFICATION_STATES = ("open", "overdue", "closed", "all")


class RollCallListing(RollCallArea):
    """A part of RollCallService (see base.py)."""

    def _history_query(self, query, kind: RollCallKind | None, month: date | None):
        query = query.where(RollCall.status != RollCallStatus.PLANNED.value)
        if kind is not None:
            query = query.where(RollCall.kind == RollCallKind(kind).value)
        if month is not None:
            first = month.replace(day=1)
            after = (first + timedelta(days=32)).replace(day=1)
            start = self._instant(datetime.combine(first, time(0, 0)))
            end = self._instant(datetime.combine(after, time(0, 0)))
            query = query.where(RollCall.planned_at >= start, RollCall.planned_at < end)
        return query

    def history(self, offset: int = 0, limit: int = 100, *, kind: RollCallKind | None = None,
                month: date | None = None, after: RollCallRecord | None = None) -> list[RollCallRecord]:
        """Roll-calls begun or held (not the ones still only planned), newest first: the 点名记录 list.
        `after` (the last record shown) pages by key along the planned_at index, not by OFFSET."""
        today = self.today()
        with self.ctx.db.session() as s:
            query = self._history_query(select(RollCall), kind, month)
            if after is not None:
                query = query.where(tuple_(RollCall.planned_at, RollCall.id) < (after.planned_at, after.id))
            found = s.scalars(query.order_by(RollCall.planned_at.desc(), RollCall.id.desc())
                              .offset(max(0, offset)).limit(max(1, limit)))
            return [rows.to_record(s, r, today) for r in found]

    def history_count(self, *, kind: RollCallKind | None = None, month: date | None = None) -> int:
        with self.ctx.db.session() as s:
            return s.scalar(self._history_query(select(func.count(RollCall.id)), kind, month)) or 0

    def unfinished(self) -> list[RollCallRecord]:
        """Roll-calls running or paused: the one to resume after a restart."""
        today = self.today()
        with self.ctx.db.session() as s:
            found = s.scalars(select(RollCall).where(RollCall.status.in_(
                (RollCallStatus.RUNNING.value, RollCallStatus.PAUSED.value))).order_by(RollCall.planned_at.desc()))
            return [rows.to_record(s, r, today) for r in found]

    def rectifications(self, state: str = "open", limit: int = 500) -> list[RectificationRecord]:
        """整改 items by state (RECTIFICATION_STATES), open ones soonest due first, closed ones latest first."""
        if state not in RECTIFICATION_STATES:
            raise ValueError(state)
        today = self.today()
        query = select(Rectification, RollCall.planned_at).join(RollCall)
        if state in ("open", "overdue"):
            query = query.where(Rectification.closed_at.is_(None))
            if state == "overdue":
                query = query.where(Rectification.due_on < today)
            query = query.order_by(Rectification.due_on, Rectification.id)
        elif state == "closed":
            query = query.where(Rectification.closed_at.is_not(None)).order_by(Rectification.closed_at.desc())
        else:
            query = query.order_by(Rectification.closed_at.is_not(None), Rectification.due_on.desc(),
                                   Rectification.id.desc())
        with self.ctx.db.session() as s:
            return [rows.rectification_record(item, today, at) for item, at in s.execute(query.limit(limit))]

    def digest_lines(self, day: date) -> list[str]:
        """每日要情: one line per roll-call held in the digest's period that found a unit not at its post,
        a slow answer or a 整改 item (a clean roll-call is not news)."""
        settings = self._settings()
        start, end = period_bounds(day, settings.time_zone)
        lines = []
        for record in self.rollcalls_between(start, end):
            if not record.frozen or record.kind == RollCallKind.UPPER:
                continue
            t = rules.tally(record.attempts(), settings.answer_limit_seconds)
            finals = rules.final_attempts(record.attempts()).values()
            missing = [a.unit for a in finals if a.result not in (None, RollCallResult.PRESENT, RollCallResult.EXCUSED)]
            if missing or t.slow or record.rectifications:
                lines.append(rollcall_digest_line(record.kind.label, record.planned_at, settings.time_zone, t,
                                                  missing, len(record.rectifications)))
        return lines
