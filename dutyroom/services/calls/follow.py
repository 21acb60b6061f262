"""督办: following up calls handed to another unit (转办) until the unit reports them closed.

Each 催办 (chase), 反馈 (the unit's feedback) and 办结 (close) is a CallFollowUp entry, so the call
shows its whole follow-up history; the call row keeps the current status and latest feedback.
"""

from __future__ import annotations

from sqlalchemy import case, func, select

from dutyroom.domain.validation import Problems, check_text, clean_text
from dutyroom.domain.vocabulary import CallOutcome, FollowUpKind, FollowUpStatus
from dutyroom.errors import NotFound, ValidationError
from dutyroom.services.calls.base import GONE, CallArea
from dutyroom.services.calls.checks import OPEN_STATUSES, ROW_COLUMNS, require_writer, row_of, to_record
from dutyroom.services.calls.records import NOTE_MAX, CallRecord, CallRow, DueFollowUps
from dutyroom.services.context import unit_of_work
from dutyroom.services.events import EntityKind
from dutyroom.services.records import Actor
from dutyroom.store.models import Call, CallFollowUp, Incident

#: 值班首页 counts the follow-ups due up to this many ("1000 件以上")
DUE_COUNT_CAP = 1000


def _note(value: str, label: str, *, required: bool = False) -> str:
    note = clean_text(value, multiline=True)
    problems = Problems()
    check_text(problems, "note", note, label, required=required, max_len=NOTE_MAX)
    if problems:
        raise ValidationError(problems)
    return note


def _open_assigned(row: Call | None) -> Call:
    """The call, if it is a 转办 call still being followed up."""
    if row is None:
        raise NotFound(GONE)
    if row.outcome != CallOutcome.ASSIGNED.value:
        raise ValidationError({"outcome": "只有转办的来电需要督办（催办、反馈、办结）"})
    if row.follow_status == FollowUpStatus.CLOSED.value:
        raise ValidationError({"follow_status": "该来电已办结"})
    return row


class CallFollow(CallArea):
    """督办 of 转办 calls: chase, feedback, close; linking a call to an incident; 普遍性 marks."""

    def follow_ups(self, limit: int = 500) -> list[CallRow]:
        """转办 calls not yet closed: the soonest due first, those without a due date last."""
        today = self.today()
        with self.ctx.db.session() as s:
            rows = s.execute(select(*ROW_COLUMNS).where(Call.follow_status.in_(OPEN_STATUSES))
                             .order_by(case((Call.due_on.is_(None), 1), else_=0), Call.due_on, Call.sort_key)
                             .limit(max(0, limit)))
            return [row_of(r, today) for r in rows]

    def follow_ups_due(self, limit: int = 10) -> DueFollowUps:
        """Open 转办 calls due today or earlier (值班首页), the longest overdue first.

        Each open status is read on its own along the (follow_status, due_on) index, so LIMIT stops the walk
        at once (one query over both statuses had SQLite sort every overdue call); the counts stop at
        DUE_COUNT_CAP, so a log with years of unclosed calls costs what a tidy one does.
        """
        today = self.today()
        limit = max(0, limit)
        with self.ctx.db.session() as s:
            found = []
            for status in OPEN_STATUSES:
                found += s.execute(select(*ROW_COLUMNS).where(Call.follow_status == status, Call.due_on <= today)
                                   .order_by(Call.due_on, Call.id).limit(limit)).all()
            shown = tuple(row_of(r, today) for r in sorted(found, key=lambda r: (r.due_on, r.id))[:limit])

            def count(*where) -> int:
                capped = select(Call.id).where(Call.follow_status.in_(OPEN_STATUSES), *where).limit(DUE_COUNT_CAP)
                return s.scalar(select(func.count()).select_from(capped.subquery())) or 0

            due_today, overdue = count(Call.due_on == today), count(Call.due_on < today)
        return DueFollowUps(shown, due_today=due_today, overdue=overdue)

    def _follow(self, actor: Actor, call_id: int, action: str, change) -> CallRecord:
        """Run `change(uow, row)` on an open 转办 call, audit what it changed, return the call."""
        watched = ("follow_status", "feedback", "closed_at")
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            row = _open_assigned(s.get(Call, call_id))
            before = {k: _plain(getattr(row, k)) for k in watched}
            note = change(uow, row)
            s.flush()
            after = {k: _plain(getattr(row, k)) for k in watched}
            uow.audit(action, EntityKind.CALL, row.id, before=before, after={**after, "note": note})
            record = to_record(row, self._follow_up_rows(s, call_id), self._instruction_text(s, call_id))
        return record

    @staticmethod
    def _entry(uow, row: Call, kind: FollowUpKind, note: str) -> None:
        actor = uow.actor
        uow.session.add(CallFollowUp(call_id=row.id, kind=kind.value, at=uow.now, note=note,
                                     by=(actor.display_name or actor.username)[:50]))

    def chase(self, actor: Actor, call_id: int, note: str) -> CallRecord:
        """催办: the duty room pressed the unit for its answer."""
        require_writer(actor)
        text = _note(note, "催办情况")

        def change(uow, row):
            self._entry(uow, row, FollowUpKind.CHASE, text)
            return text

        return self._follow(actor, call_id, "chase", change)

    def record_feedback(self, actor: Actor, call_id: int, feedback: str, status: FollowUpStatus) -> CallRecord:
        """反馈: what the unit reported and where the matter stands; 已办结 closes the call."""
        require_writer(actor)
        text = _note(feedback, "反馈情况", required=True)
        try:
            status = FollowUpStatus(status)
        except ValueError:
            raise ValidationError({"follow_status": "办理状态无效"}) from None

        def change(uow, row):
            self._entry(uow, row, FollowUpKind.FEEDBACK, text)
            row.feedback, row.feedback_at, row.follow_status = text, uow.now, status.value
            if status == FollowUpStatus.CLOSED:
                row.closed_at = uow.now
                self._entry(uow, row, FollowUpKind.CLOSE, "")
            return text

        return self._follow(actor, call_id, "feedback", change)

    def close(self, actor: Actor, call_id: int, note: str = "") -> CallRecord:
        """办结: the matter is done; the call leaves the follow-up list and counts as handled."""
        require_writer(actor)
        text = _note(note, "办结说明")

        def change(uow, row):
            self._entry(uow, row, FollowUpKind.CLOSE, text)
            row.follow_status, row.closed_at = FollowUpStatus.CLOSED.value, uow.now
            return text

        return self._follow(actor, call_id, "close", change)

    # -- other marks on calls -------------------------------------------------------------------
    def link_incident(self, actor: Actor, call_id: int, incident_id: int) -> CallRecord:
        """The call was escalated to this incident report."""
        require_writer(actor)
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            row = s.get(Call, call_id)
            if row is None:
                raise NotFound(GONE)
            if s.get(Incident, incident_id) is None:
                raise NotFound("找不到该突发事件，可能已被删除")
            before = row.incident_id
            row.incident_id = incident_id
            s.flush()
            uow.audit("link_incident", EntityKind.CALL, row.id, before={"incident_id": before},
                      after={"incident_id": incident_id})
            record = to_record(row, self._follow_up_rows(s, call_id), self._instruction_text(s, call_id))
        return record

    def mark_widespread(self, actor: Actor, call_ids: list[int], flag: bool = True) -> int:
        """Mark (or unmark) a group of calls as 普遍性; returns how many changed. Calls deleted meanwhile are skipped."""
        require_writer(actor)
        changed = 0
        with unit_of_work(self.ctx, actor) as uow:
            for call_id in dict.fromkeys(call_ids):
                row = uow.session.get(Call, call_id)
                if row is None or row.widespread == bool(flag):
                    continue
                row.widespread = bool(flag)
                uow.session.flush()
                uow.audit("mark_widespread", EntityKind.CALL, call_id, before={"widespread": not flag},
                          after={"widespread": bool(flag)})
                changed += 1
        return changed


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
