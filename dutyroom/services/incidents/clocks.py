"""Clocks (报送时限) of incidents: kept in step with the facts, read for the countdowns and the notice.

`sync_clocks` is the one place that writes clocks: after an incident is saved, a report is sent or
a rule is edited. It asks domain.deadlines.reconcile what the clocks should be and audits every
clock it creates, moves or cancels; completed clocks are never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import or_, select

from dutyroom.domain.deadlines import (
    ANY,
    CANCEL_MISSED,
    CHANNEL_REQUIREMENTS,
    ClockData,
    DeadlineRule,
    Facts,
    SentReport,
    reconcile,
)
from dutyroom.domain.vocabulary import ClockStart, IncidentStatus, ReportKind
from dutyroom.errors import NotFound
from dutyroom.services import office_settings
from dutyroom.services.context import unit_of_work
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.incidents import alerts
from dutyroom.services.incidents.base import IncidentArea
from dutyroom.services.incidents.checks import require_reporter
from dutyroom.services.incidents.records import ClockRecord, TimelinessRow
from dutyroom.services.records import Actor
from dutyroom.store.models import DeadlineClock, Incident, IncidentReport
from dutyroom.store.models import DeadlineRule as RuleRow

#: the DeadlineClock columns a ClockData carries
CLOCK_COLUMNS = ("rule_id", "rule_name", "limit_minutes", "counted_from", "report_kind", "channel", "start_at",
                 "due_at", "start_report_id", "completed_at", "report_id", "minutes_late", "cancelled_at",
                 "cancel_reason")


def _split(text: str) -> tuple[str, ...]:
    return tuple(v for v in text.split(",") if v)


def rule_from_row(row: RuleRow) -> DeadlineRule:
    split = _split
    return DeadlineRule(name=row.name, limit_minutes=row.limit_minutes, counted_from=ClockStart(row.counted_from),
                        categories=split(row.categories), levels=split(row.levels), security_only=row.security_only,
                        report_kind=row.report_kind, channel=row.channel, repeating=row.repeating, active=row.active,
                        sort_order=row.sort_order, id=row.id, version=row.version)


def _data(row: DeadlineClock) -> ClockData:
    values = {f: getattr(row, f) for f in CLOCK_COLUMNS}
    values["counted_from"] = ClockStart(row.counted_from)
    return ClockData(**values, id=row.id)


def _snapshot(clock: ClockData) -> dict:
    data = asdict(clock)
    data["counted_from"] = clock.counted_from.value
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in data.items()}


def facts_of(row: Incident) -> Facts:
    return Facts(row.category, row.level, row.security_development, row.occurred_at, row.received_at,
                 row.status == IncidentStatus.CLOSED.value)


def sync_clocks(uow, incident: Incident, *, reason: str) -> int:
    """Bring one incident's clocks in step; returns how many clocks changed. Audited, announced."""
    s = uow.session
    rules = [rule_from_row(r) for r in s.scalars(select(RuleRow))]
    reports = [SentReport(r.id, r.kind, r.channel, r.sent_at) for r in s.scalars(
        select(IncidentReport).where(IncidentReport.incident_id == incident.id, IncidentReport.sent_at.is_not(None)))]
    rows = {r.id: r for r in s.scalars(select(DeadlineClock).where(DeadlineClock.incident_id == incident.id))}
    before = [_data(r) for r in rows.values()]
    after = reconcile(rules, facts_of(incident), reports, before, uow.now)
    old = {c.id: c for c in before}
    changed = 0
    for clock in after:
        if clock.id is None:
            row = DeadlineClock(incident_id=incident.id, **clock_values(clock))
            s.add(row)
            s.flush()
            uow.audit("create", EntityKind.CLOCK, row.id, after={**_snapshot(clock), "incident_id": incident.id,
                                                        "reason": reason}, announce=False)
        elif clock != old[clock.id]:
            row = rows[clock.id]
            for f, value in clock_values(clock).items():
                setattr(row, f, value)
            s.flush()
            uow.audit("update", EntityKind.CLOCK, row.id, before=_snapshot(old[clock.id]),
                      after={**_snapshot(clock), "reason": reason}, announce=False)
        else:
            continue
        changed += 1
    if changed:
        uow.changes.append(Change(EntityKind.CLOCK, op="bulk"))
    return changed


def clock_values(clock: ClockData) -> dict:
    """The DeadlineClock column values of a computed clock."""
    return {f: (getattr(clock, f).value if f == "counted_from" else getattr(clock, f)) for f in CLOCK_COLUMNS}


def to_clock_record(row: DeadlineClock, incident: Incident) -> ClockRecord:
    kind = "任一报告" if row.report_kind == ANY else ReportKind(row.report_kind).label
    return ClockRecord(
        id=row.id, incident_id=row.incident_id, incident_title=incident.title, rule_name=row.rule_name,
        limit_minutes=row.limit_minutes, counted_from=ClockStart(row.counted_from), start_at=row.start_at,
        due_at=row.due_at, completed_at=row.completed_at, minutes_late=row.minutes_late,
        acknowledged_at=row.acknowledged_at, acknowledged_by=row.acknowledged_by, cancelled_at=row.cancelled_at,
        cancel_reason=row.cancel_reason, rule_id=row.rule_id, report_id=row.report_id,
        requirement=f"{kind}（{CHANNEL_REQUIREMENTS.get(row.channel, row.channel)}）", source_unit=incident.source_unit)


_OPEN = (DeadlineClock.completed_at.is_(None), DeadlineClock.cancelled_at.is_(None))


def open_clocks_query():
    """The clocks still owed, nearest due first. The WHERE is exactly the predicate of the partial index
    ix_deadline_clock_open and the ORDER BY its columns, so the planner walks the open clocks only."""
    return (select(DeadlineClock, Incident).join(Incident, Incident.id == DeadlineClock.incident_id)
            .where(*_OPEN).order_by(DeadlineClock.due_at, DeadlineClock.id))


class ClockQueries(IncidentArea):
    """The reporting-deadline clocks: open ones, one incident's, acknowledging, timeliness."""

    #: who holds the duty at an instant (a DutyHolder: name, since, user_id), or None; the handover area
    #: answers it, connected by services/shift_sources.py (areas do not import each other)
    duty_holder: Callable[[datetime], Any] | None = None

    def open_clocks(self) -> list[ClockRecord]:
        """Every clock still owed, across incidents, nearest due first (the dashboard strip)."""
        with self.ctx.db.session() as s:
            rows = s.execute(open_clocks_query()).all()
            return [to_clock_record(c, i) for c, i in rows]

    def outstanding_alerts(self) -> list[tuple[ClockRecord, str, str]]:
        """(clock, alert key, words) of every alert claimed and still owed: what a workstation that opens,
        or a user who logs in, must be shown at once, whichever workstation claimed it."""
        return alerts.outstanding_alerts(self.ctx.db, self.open_clocks(), self.ctx.clock.now())

    def clocks(self, incident_id: int) -> list[ClockRecord]:
        """All clocks of one incident, history included, in order of due time."""
        with self.ctx.db.session() as s:
            incident = s.get(Incident, incident_id)
            if incident is None:
                raise NotFound("找不到该事件，可能已被删除")
            rows = s.scalars(select(DeadlineClock).where(DeadlineClock.incident_id == incident_id)
                             .order_by(DeadlineClock.due_at, DeadlineClock.id))
            return [to_clock_record(r, incident) for r in rows]

    def acknowledge(self, actor: Actor, clock_id: int) -> ClockRecord:
        """An officer has seen the alarm: stops the overdue repeat. Who and when are recorded; after a
        handover the alarm is the incoming officer's, so one confirmed by someone else (the outgoing officer
        still logged in) records for whom: "张伟（代当班 孙明）"."""
        require_reporter(actor)
        holder = self.duty_holder(self.ctx.clock.now()) if self.duty_holder is not None else None
        by = actor.display_name or actor.username
        if holder is not None and holder.since is not None and holder.user_id != actor.user_id \
                and holder.name != by:  # the holder read from the roster has no account: the name says it is them
            by = f"{by}（代当班 {holder.name}）"
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.session.get(DeadlineClock, clock_id)
            if row is None:
                raise NotFound("找不到该报送时限")
            row.acknowledged_at = uow.now
            row.acknowledged_by = by[:50]
            uow.session.flush()
            uow.audit("acknowledge", EntityKind.CLOCK, row.id, after={"acknowledged_at": uow.now.isoformat(),
                                                             "acknowledged_by": row.acknowledged_by})
            return to_clock_record(row, uow.session.get_one(Incident, row.incident_id))

    def _period(self, first: date, last: date) -> tuple[datetime, datetime]:
        office = self._office_zone()
        start = datetime.combine(first, time(0), tzinfo=office)
        end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=office)
        return start, end

    def _period_clocks(self, first: date, last: date):
        start, end = self._period(first, last)
        with self.ctx.db.session() as s:
            rows = s.execute(select(DeadlineClock, Incident).join(Incident, Incident.id == DeadlineClock.incident_id)
                             .where(DeadlineClock.due_at >= start, DeadlineClock.due_at < end,
                                    or_(DeadlineClock.cancelled_at.is_(None),
                                        DeadlineClock.cancel_reason == CANCEL_MISSED))
                             .order_by(DeadlineClock.due_at, DeadlineClock.id)).all()
            order = {r.id: (r.sort_order, r.id) for r in s.scalars(select(RuleRow))}
            settings = office_settings.read(s)
            office = settings.issuing_office or settings.office_name
            # A clock counted from 接报 measures the office's own reporting upward (30-minute phone, 1-hour
            # written, 掌握后2小时): it is credited to the office, not to the unit that reported the event.
            clocks = [to_clock_record(c, i) for c, i in rows]
            clocks = [replace(c, source_unit=office) if c.counted_from == ClockStart.RECEIVED else c for c in clocks]
            return clocks, order, min(end, self.ctx.clock.now())

    def timeliness(self, first: date, last: date) -> list[TimelinessRow]:
        """Per reporting unit and rule: clocks due in the period (office-local dates, both included).

        Met / late are frozen outcomes; missed = still open and past due at the end of the period
        (or now, if that is earlier). Clocks cancelled because they no longer applied are left out.
        """
        clocks, order, cutoff = self._period_clocks(first, last)
        groups: dict[tuple[str, str], list[ClockRecord]] = {}
        for clock in clocks:
            if clock.completed or clock.cancelled_at is not None or clock.due_at < cutoff:
                groups.setdefault((clock.source_unit or "（未填报告单位）", clock.rule_name), []).append(clock)
        rule_rank = {}
        for clock in clocks:
            rule_rank.setdefault(clock.rule_name, order.get(clock.rule_id or 0, (999, 0)))
        per_unit: dict[str, set[int]] = {}
        for (unit, _rule), items in groups.items():
            per_unit.setdefault(unit, set()).update(c.incident_id for c in items)
        rows = []
        for (unit, rule), items in sorted(groups.items(), key=lambda kv: (kv[0][0], rule_rank[kv[0][1]])):
            late = [c for c in items if c.completed and (c.minutes_late or 0) > 0]
            rows.append(TimelinessRow(
                reporting_unit=unit, rule_name=rule, incidents=len({c.incident_id for c in items}),
                met=sum(1 for c in items if c.completed and (c.minutes_late or 0) <= 0), late=len(late),
                missed=sum(1 for c in items if not c.completed),
                minutes_late_total=sum(c.minutes_late or 0 for c in late),
                unit_incidents=len(per_unit[unit])))
        return rows

    def late_clocks(self, first: date, last: date) -> list[ClockRecord]:
        """Clocks due in the period that were met late or missed, for the notice's list of late reports."""
        clocks, _, cutoff = self._period_clocks(first, last)
        return [c for c in clocks if (c.completed and (c.minutes_late or 0) > 0)
                or (not c.completed and (c.cancelled_at is not None or c.due_at < cutoff))]
