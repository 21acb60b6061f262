"""带班领导审阅 and the duty log as a whole: the leader signs off a shift from their own account, and
the 值班日志 of a shift is assembled from what exists — the roster, the logins in the audit log, the
other areas' records (through `activity_of`, set by services/shift_sources.py), what the officer wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import func, select

from dutyroom.domain.vocabulary import Role
from dutyroom.errors import ValidationError
from dutyroom.services.context import require_role, unit_of_work
from dutyroom.services.events import EntityKind
from dutyroom.services.handover.base import actor_name, cleaned_text
from dutyroom.services.handover.exchange import HandoverExchange, handover_record
from dutyroom.services.handover.logbook import HandoverLogbook
from dutyroom.services.handover.records import (
    NOTE_MAX,
    DutyLogRecord,
    HandoverFigures,
    LoginLine,
    OnDuty,
    ReviewRecord,
    ShiftActivity,
    ShiftKey,
    ShiftSpan,
)
from dutyroom.services.records import Actor
from dutyroom.store.models import AuditRecord, DutyLog, LeaderReview


class HandoverReview(HandoverExchange, HandoverLogbook):
    #: what the other areas recorded in a shift; services/shift_sources.py sets it
    activity_of: Callable[[ShiftSpan], ShiftActivity] | None = None

    def review(self, actor: Actor, key: ShiftKey, comment: str = "") -> ReviewRecord:
        """审阅: the leader on duty signs off the shift's log and handover, with an optional comment."""
        require_role(actor, Role.LEADER)
        if actor.user_id is None:
            raise ValidationError({"reviewer": "审阅须由带班领导用本人账户登录后进行"})
        return self._write_review(actor, key, cleaned_text(comment, "comment", "审阅意见", required=False,
                                                            max_len=NOTE_MAX))

    def _write_review(self, actor: Actor, key: ShiftKey, text: str) -> ReviewRecord:
        settings = self._settings()
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            log = self._log(uow, self._span(s, key, settings))
            row = LeaderReview(duty_log_id=log.id, reviewer=actor_name(actor), reviewer_user_id=actor.user_id,
                               at=uow.now, comment=text)
            s.add(row)
            s.flush()
            uow.audit("review", EntityKind.REVIEW, row.id, after={"shift": key.label, "comment": text})
            return ReviewRecord(row.reviewer, row.at, row.comment)

    def reviews(self, key: ShiftKey) -> list[ReviewRecord]:
        with self.ctx.db.session() as s:
            log = self._find_log(s, key)
            if log is None:
                return []
            return [ReviewRecord(r.reviewer, r.at, r.comment) for r in s.scalars(
                select(LeaderReview).where(LeaderReview.duty_log_id == log.id).order_by(LeaderReview.at, LeaderReview.id))]

    def figures(self, first: date, last: date) -> HandoverFigures:
        """Handovers of the shifts of roster days first..last: on time, late, missed, reviewed."""
        records = self.handovers_between(first, last)
        with self.ctx.db.session() as s:
            reviewed = s.scalar(select(func.count(func.distinct(LeaderReview.duty_log_id)))
                                .join(DutyLog, DutyLog.id == LeaderReview.duty_log_id)
                                .where(DutyLog.duty_date >= first, DutyLog.duty_date <= last)) or 0
        sealed = [r for r in records if not r.missed]
        return HandoverFigures(
            first=first, last=last, shifts=len(records), on_time=sum(1 for r in sealed if not r.outside_window),
            late=sum(1 for r in sealed if r.outside_window), missed=len(records) - len(sealed),
            approved=sum(1 for r in sealed if r.approved_by), items_left=sum(len(r.left_items) for r in sealed),
            reviewed=reviewed)

    def logins(self, span: ShiftSpan) -> list[LoginLine]:
        """Who logged in during the shift and when (from the audit log's "login" records)."""
        with self.ctx.db.session() as s:
            rows = s.execute(select(AuditRecord.at, AuditRecord.actor_name)
                             .where(AuditRecord.action == "login", AuditRecord.at >= span.starts_at,
                                    AuditRecord.at < span.ends_at).order_by(AuditRecord.seq))
            return [LoginLine(at, name) for at, name in rows]

    def duty_log(self, key: ShiftKey) -> DutyLogRecord:
        """The 值班日志 of one shift, built from what the program already knows."""
        settings = self._settings()
        span = self.span(key)
        with self.ctx.db.session() as s:
            log = self._find_log(s, key)
            row = None if log is None else self._handover_row(s, log.id)
            handover = None if row is None else handover_record(s, row)
        on_duty = self.roster_of(span)[0] if self.roster_of else OnDuty()
        activity = self.activity_of(span) if self.activity_of else ShiftActivity()
        return DutyLogRecord(
            shift=key, starts_at=span.starts_at, ends_at=span.ends_at, office_name=settings.office_name,
            time_zone=settings.time_zone, on_duty=on_duty, logins=tuple(self.logins(span)), activity=activity,
            entries=tuple(self.entries(key)), equipment=tuple(self.equipment_status(key)),
            items=tuple(self.items_of_shift(key)), handover=handover, reviews=tuple(self.reviews(key)),
            printed_at=self.ctx.clock.now(), sealed=handover is not None)
