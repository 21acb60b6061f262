"""Instruction rows ↔ records, and the helpers other areas call inside their own unit of work.

The call log and the incidents keep their instructions here, not in their own tables: a call's
领导批示 field and an incident's instructions are instructions linked to that call or incident, so
the ledger, the chaser and the handover see every instruction wherever it was given.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dutyroom.domain.vocabulary import InstructionStatus, InstructionSubject, PassOnChannel
from dutyroom.services.records import InstructionRecord
from dutyroom.store import call_search
from dutyroom.store.models import Call, Incident, Instruction

#: what `about` shows of a call's summary
ABOUT_CHARS = 40


def to_record(row: Instruction, about: str = "") -> InstructionRecord:
    return InstructionRecord(
        leader=row.leader, text=row.text, given_at=row.given_at, id=row.id, leader_title=row.leader_title,
        subject=InstructionSubject(row.subject_kind), subject_id=row.subject_id, about=about,
        passed_to=row.passed_to, pass_channel=PassOnChannel(row.pass_channel) if row.pass_channel else None,
        passed_at=row.passed_at, due_at=row.due_at, status=InstructionStatus(row.status), feedback=row.feedback,
        feedback_at=row.feedback_at, done_at=row.done_at, created_by=row.created_by, version=row.version)


def snapshot(record: InstructionRecord) -> dict:
    """What the audit log keeps of an instruction."""
    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {"leader": record.leader, "leader_title": record.leader_title, "text": record.text,
            "given_at": iso(record.given_at), "subject": record.subject.value, "subject_id": record.subject_id,
            "passed_to": record.passed_to, "pass_channel": record.pass_channel.value if record.pass_channel else "",
            "due_at": iso(record.due_at), "status": record.status.value, "feedback": record.feedback}


def new_row(record: InstructionRecord, now: datetime, by: str) -> Instruction:
    return Instruction(
        leader=record.leader, leader_title=record.leader_title, given_at=record.given_at, text=record.text,
        subject_kind=record.subject.value, subject_id=record.subject_id, passed_to=record.passed_to,
        pass_channel=record.pass_channel.value if record.pass_channel else "",
        passed_at=now if record.passed_to else None, due_at=record.due_at, status=InstructionStatus.PENDING.value,
        feedback="", created_at=now, created_by=by[:50])


def of_subject(session: Session, subject: InstructionSubject, subject_id: int) -> list[Instruction]:
    """A subject's instructions in the order they were given."""
    return list(session.scalars(select(Instruction).where(
        Instruction.subject_kind == subject.value, Instruction.subject_id == subject_id)
        .order_by(Instruction.given_at, Instruction.id)))


def first_texts(session: Session, subject: InstructionSubject, ids: Iterable[int]) -> dict[int, str]:
    """subject id -> the text of its first instruction: what a call's 领导批示 field shows."""
    wanted = [i for i in ids if i is not None]
    found: dict[int, str] = {}
    for start in range(0, len(wanted), 500):  # stay under every driver's parameter limit
        rows = session.execute(select(Instruction.subject_id, Instruction.text).where(
            Instruction.subject_kind == subject.value, Instruction.subject_id.in_(wanted[start:start + 500]))
            .order_by(Instruction.given_at, Instruction.id))
        for subject_id, text in rows:
            if subject_id is not None:  # in_() matched it, so it is one of `wanted`
                found.setdefault(subject_id, text)
    return found


def abouts(session: Session, rows: list[Instruction]) -> dict[int, str]:
    """instruction id -> its subject in words: the call's caller and summary, the incident's title."""
    calls = {r.subject_id for r in rows if r.subject_kind == InstructionSubject.CALL.value}
    incidents = {r.subject_id for r in rows if r.subject_kind == InstructionSubject.INCIDENT.value}
    words: dict[tuple[str, int], str] = {}
    if calls:
        for cid, unit, name, summary in session.execute(
                select(Call.id, Call.caller_unit, Call.caller_name, Call.summary).where(Call.id.in_(calls))):
            who = unit or name
            words[("call", cid)] = (f"{who}来电：" if who else "来电：") + summary[:ABOUT_CHARS]
    if incidents:
        for iid, title in session.execute(select(Incident.id, Incident.title).where(Incident.id.in_(incidents))):
            words[("incident", iid)] = title
    return {r.id: words.get((r.subject_kind, r.subject_id or 0), "") for r in rows}


def first_text(session: Session, subject: InstructionSubject, subject_id: int | None) -> str | None:
    """The text of the subject's first instruction (a call's 领导批示 field), None when it has none."""
    if subject_id is None:
        return None
    return first_texts(session, subject, [subject_id]).get(subject_id)


def reindex_call(session: Session, call_id: int | None, before: str | None) -> None:
    """A call's search index holds its first instruction's words: keep it so when that text changed here."""
    if call_id is None:
        return
    after = first_text(session, InstructionSubject.CALL, call_id)
    row = session.get(Call, call_id)
    if row is None or (before or "") == (after or ""):
        return
    call_search.reindex(session, row.sort_key, call_search.searchable_texts(row, before or ""), row.sort_key,
                        call_search.searchable_texts(row, after or ""))
