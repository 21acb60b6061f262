"""领导批示: give, pass on, follow and close instructions; list the open and the overdue ones.

An instruction carried out (已落实) is a record that went out: it never changes again. The call log
and the incidents write their instructions through rows.py inside their own unit of work.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, text, tuple_

from dutyroom.domain.validation import clean_text
from dutyroom.domain.vocabulary import InstructionStatus, InstructionSubject, PassOnChannel
from dutyroom.errors import NotFound, ValidationError
from dutyroom.services.context import ServiceContext, UnitOfWork, check_version, unit_of_work
from dutyroom.services.drafts import Drafts
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.instructions import rows
from dutyroom.services.instructions.checks import cleaned, require_writer
from dutyroom.services.records import Actor, InstructionRecord
from dutyroom.store.models import Instruction

GONE = "找不到该批示，可能已被删除"
FROZEN = "该批示已落实办结，不能再改；如有新的批示请另行登记"
# Exactly the condition of the partial indexes on open instructions (models.py), so they serve it.
_OPEN = text("instruction.status != 'done'")
#: subjects whose pages show their instructions and must refresh when one changes
_SUBJECT_KINDS = {InstructionSubject.INCIDENT: EntityKind.INCIDENT, InstructionSubject.CALL: EntityKind.CALL}


class InstructionService(Drafts):
    """The ledger of instructions; drafts of the instruction dialog are kept here too (services/drafts.py)."""

    def __init__(self, ctx: ServiceContext):
        super().__init__(ctx)

    # -- reading --------------------------------------------------------------------------------
    def get(self, instruction_id: int) -> InstructionRecord:
        with self.ctx.db.session() as s:
            row = s.get(Instruction, instruction_id)
            if row is None:
                raise NotFound(GONE)
            return rows.to_record(row, rows.abouts(s, [row])[row.id])

    def list(self, *, open_only: bool = False, subject: InstructionSubject | None = None,
             subject_id: int | None = None, given_from: datetime | None = None, given_before: datetime | None = None,
             limit: int = 500, after: InstructionRecord | None = None) -> list[InstructionRecord]:
        """Open ones first, newest given first. `after` (the last record shown) pages by key, not OFFSET.

        Two reads in key order, not one sorted by an expression (which sorted the whole ledger for every
        page): the open ones from their partial index, then, when the page is not full, the done ones."""
        query = select(Instruction)
        if subject is not None:
            query = query.where(Instruction.subject_kind == InstructionSubject(subject).value)
        if subject_id is not None:
            query = query.where(Instruction.subject_id == subject_id)
        if given_from is not None:
            query = query.where(Instruction.given_at >= given_from)
        if given_before is not None:
            query = query.where(Instruction.given_at < given_before)
        if subject_id is not None and after is None:
            return self._of_one_subject(query, open_only=open_only, limit=limit)
        found: list[InstructionRecord] = []
        if after is None or after.is_open:
            found = self._records(self._newest(query.where(_OPEN), after).limit(limit))
        if open_only or len(found) >= limit:
            return found
        done_after = after if after is not None and not after.is_open else None
        done = query.where(Instruction.status == InstructionStatus.DONE.value)
        return found + self._records(self._newest(done, done_after).limit(limit - len(found)))

    def _of_one_subject(self, query, *, open_only: bool, limit: int) -> list[InstructionRecord]:
        """One call's or incident's instructions (a handful), by the subject's index and put in order here:
        ordered in SQL, SQLite walked the whole 已落实 ledger along (status, given_at) for the one call's —
        13–39 ms at five years on every call shown in 来电登记, against 0.1 ms at a month."""
        if open_only:
            query = query.where(_OPEN)
        found = self._records(query)
        found.sort(key=lambda r: (r.is_open, r.given_at, r.id or 0), reverse=True)
        return found[:limit]

    @staticmethod
    def _newest(query, after: InstructionRecord | None):
        if after is not None:
            query = query.where(tuple_(Instruction.given_at, Instruction.id) < (after.given_at, after.id or 0))
        return query.order_by(Instruction.given_at.desc(), Instruction.id.desc())

    def overdue(self, now: datetime | None = None) -> list[InstructionRecord]:
        """Open instructions past their due time, the longest overdue first."""
        now = now or self.ctx.clock.now()
        return self._records(select(Instruction).where(
            _OPEN, Instruction.due_at.is_not(None),
            Instruction.due_at < now).order_by(Instruction.due_at, Instruction.id))

    def listed(self, instruction_id: int, *, open_only: bool = False) -> InstructionRecord | None:
        """One instruction as the ledger lists it, or None when it is gone or the filter leaves it out."""
        with self.ctx.db.session() as s:
            row = s.get(Instruction, instruction_id)
            if row is None or (open_only and row.status == InstructionStatus.DONE.value):
                return None
            return rows.to_record(row, rows.abouts(s, [row])[row.id])

    def open_count(self) -> int:
        with self.ctx.db.session() as s:
            return s.scalar(select(func.count(Instruction.id)).where(_OPEN)) or 0  # from the partial index

    def _records(self, query) -> list[InstructionRecord]:
        with self.ctx.db.session() as s:
            found = list(s.scalars(query))
            words = rows.abouts(s, found)
            return [rows.to_record(r, words[r.id]) for r in found]

    # -- writing --------------------------------------------------------------------------------
    def give(self, actor: Actor, record: InstructionRecord) -> InstructionRecord:
        """Record an instruction as the leader gave it; passed on at once when `passed_to` is filled."""
        require_writer(actor)
        rec = cleaned(record, self.ctx.clock.now())
        with unit_of_work(self.ctx, actor) as uow:
            before = rows.first_text(uow.session, rec.subject, rec.subject_id)
            row = rows.new_row(rec, uow.now, actor.display_name or actor.username)
            if rec.passed_to:
                row.status = InstructionStatus.IN_PROGRESS.value
            uow.session.add(row)
            uow.session.flush()
            if rec.subject == InstructionSubject.CALL:
                rows.reindex_call(uow.session, rec.subject_id, before)
            saved = rows.to_record(row)
            uow.audit("create", EntityKind.INSTRUCTION, row.id, after=rows.snapshot(saved))
            self._announce_subject(uow, saved)
            return saved

    def update(self, actor: Actor, record: InstructionRecord) -> InstructionRecord:
        """Correct who, when, what, by when and to whom while it is still open."""
        require_writer(actor)
        rec = cleaned(record, self.ctx.clock.now())

        def change(uow: UnitOfWork, row: Instruction) -> None:
            row.leader, row.leader_title, row.text = rec.leader, rec.leader_title, rec.text
            row.given_at, row.due_at = rec.given_at, rec.due_at
            self._pass(row, rec.passed_to, rec.pass_channel, uow.now)

        return self._edit(actor, record.id, record.version, "update", change)

    def pass_on(self, actor: Actor, instruction_id: int, version: int, passed_to: str,
                channel: PassOnChannel) -> InstructionRecord:
        """转达: to a unit or person, by telephone, fax or SMS; the instruction is then being carried out."""
        require_writer(actor)
        to = clean_text(passed_to)
        if not to:
            raise ValidationError({"passed_to": "请填写转达给哪个单位或哪位同志"})
        if len(to) > 100:
            raise ValidationError({"passed_to": "转达对象太长（最多 100 个字）"})
        return self._edit(actor, instruction_id, version, "pass_on",
                          lambda uow, row: self._pass(row, to, PassOnChannel(channel), uow.now))

    def start(self, actor: Actor, instruction_id: int, version: int) -> InstructionRecord:
        """待落实 → 落实中."""
        require_writer(actor)

        def change(uow: UnitOfWork, row: Instruction) -> None:
            row.status = InstructionStatus.IN_PROGRESS.value

        return self._edit(actor, instruction_id, version, "start", change)

    def add_feedback(self, actor: Actor, instruction_id: int, version: int, feedback: str, *,
                     done: bool = False) -> InstructionRecord:
        """反馈: what was done about it, and when; `done` closes it (已落实), which needs the feedback."""
        require_writer(actor)
        text = clean_text(feedback, multiline=True)
        if not text:
            raise ValidationError({"feedback": "请填写落实情况" if done else "请填写反馈内容"})
        if len(text) > 4000:
            raise ValidationError({"feedback": "反馈内容太长（最多 4000 个字）"})

        def change(uow: UnitOfWork, row: Instruction) -> None:
            row.feedback = f"{row.feedback}\n{text}" if row.feedback else text
            row.feedback_at = uow.now
            if done:
                row.status, row.done_at = InstructionStatus.DONE.value, uow.now
            elif row.status == InstructionStatus.PENDING.value:
                row.status = InstructionStatus.IN_PROGRESS.value

        return self._edit(actor, instruction_id, version, "done" if done else "feedback", change)

    @staticmethod
    def _pass(row: Instruction, to: str, channel: PassOnChannel | None, now: datetime) -> None:
        if to and (to, channel.value if channel else "") != (row.passed_to, row.pass_channel):
            row.passed_at = now
        row.passed_to, row.pass_channel = to, channel.value if channel else ""
        if to and row.status == InstructionStatus.PENDING.value:
            row.status = InstructionStatus.IN_PROGRESS.value

    def _edit(self, actor: Actor, instruction_id: int | None, version: int, action: str, change) -> InstructionRecord:
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.session.get(Instruction, instruction_id) if instruction_id is not None else None
            if row is None:
                raise NotFound(GONE)
            check_version(row.version, version, "该批示")
            if row.status == InstructionStatus.DONE.value:
                raise ValidationError({"status": FROZEN})
            before = rows.snapshot(rows.to_record(row))
            subject = InstructionSubject(row.subject_kind)
            first = rows.first_text(uow.session, subject, row.subject_id)
            change(uow, row)
            uow.session.flush()
            if subject == InstructionSubject.CALL:
                rows.reindex_call(uow.session, row.subject_id, first)
            saved = rows.to_record(row, rows.abouts(uow.session, [row])[row.id])
            uow.audit(action, EntityKind.INSTRUCTION, row.id, before=before, after=rows.snapshot(saved))
            self._announce_subject(uow, saved)
            return saved

    @staticmethod
    def _announce_subject(uow: UnitOfWork, record: InstructionRecord) -> None:
        kind = _SUBJECT_KINDS.get(record.subject)
        if kind is not None and record.subject_id is not None:
            uow.changes.append(Change(kind, str(record.subject_id)))
