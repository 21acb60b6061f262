"""A call's 领导批示 field: an instruction (services/instructions) about the call, not a column of it.

The entry form and the ledger import keep one text per call; it is the first instruction given about
the call. Instructions given later about the same call (from the instruction dialog) join the ledger
beside it and leave the field as it was.
"""

from __future__ import annotations

from datetime import datetime

from dutyroom.domain.vocabulary import InstructionStatus, InstructionSubject
from dutyroom.errors import ValidationError
from dutyroom.services.context import UnitOfWork
from dutyroom.services.events import EntityKind
from dutyroom.services.instructions import rows
from dutyroom.services.records import InstructionRecord
from dutyroom.store.models import Call

FIELD = "leader_instruction"


def link_call_instruction(uow: UnitOfWork, call: Call, text: str, given_at: datetime | None = None, *,
                          audit: bool = True) -> None:
    """A new instruction about `call`, given at the call's time unless said otherwise."""
    record = InstructionRecord("", text, given_at or call.started_at, subject=InstructionSubject.CALL,
                               subject_id=call.id)
    row = rows.new_row(record, uow.now, uow.actor.display_name or uow.actor.username)
    uow.session.add(row)
    uow.session.flush()
    if audit:
        uow.audit("create", EntityKind.INSTRUCTION, row.id, after=rows.snapshot(rows.to_record(row)))


def sync_call_instruction(uow: UnitOfWork, call: Call, text: str) -> None:
    """After the form was edited: create, correct or withdraw the call's first instruction."""
    found = rows.of_subject(uow.session, InstructionSubject.CALL, call.id)
    first = found[0] if found else None
    if first is None:
        if text:
            link_call_instruction(uow, call, text, uow.now)
        return
    if first.text == text:
        return
    if first.status == InstructionStatus.DONE.value:
        raise ValidationError({FIELD: "该批示已落实办结，不能再改；如有新的批示请在“领导批示”中另行登记"})
    before = rows.snapshot(rows.to_record(first))
    if not text:
        if first.status != InstructionStatus.PENDING.value or first.feedback:
            raise ValidationError({FIELD: "该批示已在落实，不能清空；请在“领导批示”中办理"})
        uow.session.delete(first)
        uow.session.flush()
        uow.audit("delete", EntityKind.INSTRUCTION, first.id, before=before)
        return
    first.text = text
    uow.session.flush()
    uow.audit("update", EntityKind.INSTRUCTION, first.id, before=before, after=rows.snapshot(rows.to_record(first)))
