"""Writing an imported ledger in short transactions, so a long import never blocks other workstations.

A 50 MB ledger took 78 s in one transaction, and SQLite's single write lock (or, on PostgreSQL, the
call-key and audit-chain locks) kept every other workstation's save waiting past its busy timeout.
Here the checked calls are written in batches sized to hold the lock about BATCH_SECONDS, with a
pause between batches longer than SQLite's busy-handler sleep, so a waiting save always gets its turn.

All or nothing still holds for the import as one logical step: each batch's audit record names the
file and its part ("import", part k of n); if a later batch fails (the database stays busy, a
conflict, a full disk) the calls already written are deleted again in one compensating transaction,
audited as "import_undo", and the error is raised. Only a killed process can leave earlier batches in
place; their audit records say which calls they are, and importing the same file again with
--skip-invalid adds exactly the rest (rows already in the log are refused as imported before).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import delete, select

from dutyroom.domain.vocabulary import InstructionSubject
from dutyroom.services.busy import retrying
from dutyroom.services.calls import checks
from dutyroom.services.calls.instruction import link_call_instruction
from dutyroom.services.calls.records import CallRecord
from dutyroom.services.context import ServiceContext, unit_of_work
from dutyroom.services.duty import duty_of
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.records import Actor
from dutyroom.store import call_search
from dutyroom.store.models import Call, Instruction

BATCH_SECONDS = 0.3  # how long one batch may hold the write lock
PAUSE_SECONDS = 0.15  # > SQLite's longest busy-handler sleep (100 ms): a waiting writer wakes inside it
FIRST_BATCH, MIN_BATCH, MAX_BATCH = 100, 20, 2000


@dataclass
class _Progress:
    ids: list[int]
    part: int = 0


def write_in_batches(ctx: ServiceContext, actor: Actor, records: list[CallRecord], office, source: str) -> int:
    """Write `records` (already checked) in bounded transactions; returns how many. All or none."""
    progress = _Progress(ids=[])
    size, start = FIRST_BATCH, 0
    try:
        while start < len(records):
            chunk = records[start:start + size]
            began = time.monotonic()  # a duration, not a time of day
            last = start + len(chunk) >= len(records)
            retrying(lambda chunk=chunk, last=last: _write_batch(ctx, actor, chunk, office, source, progress,
                                                                 last=last),
                     what="导入")
            elapsed = max(time.monotonic() - began, 1e-3)
            start += len(chunk)
            size = max(MIN_BATCH, min(MAX_BATCH, int(len(chunk) * BATCH_SECONDS / elapsed)))
            if start < len(records):
                time.sleep(PAUSE_SECONDS)  # let other workstations' saves through between batches
    except BaseException:
        if progress.ids:
            retrying(lambda: _undo(ctx, actor, progress.ids, source), what="撤销未完成的导入")
        raise
    return len(progress.ids)


def _write_batch(ctx: ServiceContext, actor: Actor, records: list[CallRecord], office, source: str,
                 progress: _Progress, *, last: bool) -> None:
    name = actor.display_name or actor.username
    with unit_of_work(ctx, actor) as uow:
        s = uow.session
        rows, taken = [], {}
        # One flush at the end, not one per row: the keys of this batch are tracked here, on top of
        # those already stored that next_sort_key finds.
        with s.no_autoflush:
            for rec in records:
                base = call_search.sort_key_base(int(rec.started_at.timestamp()))
                key = max(checks.next_sort_key(s, rec.started_at), taken.get(base, base - 1) + 1)
                taken[base] = key
                duty_date, shift_name = duty_of(s, rec.started_at, office)
                row = Call(sort_key=key, officer=rec.officer[:50], duty_date=duty_date,
                           shift_name=shift_name[:30], created_at=uow.now, created_by=name[:50])
                checks.write_row(row, rec, uow.now)
                s.add(row)
                call_search.index(s, key, call_search.searchable_texts(row, rec.leader_instruction))
                rows.append(row)
        s.flush()
        ids = [row.id for row in rows]
        # The ledger's 领导批示 column: an instruction about each call, given at the call's time.
        # The batch's one audit record covers them, as it covers the calls.
        for row, rec in zip(rows, records, strict=True):
            if rec.leader_instruction:
                link_call_instruction(uow, row, rec.leader_instruction, audit=False)
        s.flush()
        part = progress.part + 1
        uow.audit("import", EntityKind.CALL, None, announce=False,
                  after={"file": source, "part": part, "rows": len(ids), "first_id": min(ids),
                         "last_id": max(ids), "complete": last})
        uow.changes.append(Change(EntityKind.CALL, op="bulk"))
    progress.ids += ids  # only once committed: an undo removes exactly what is stored
    progress.part = part


def _undo(ctx: ServiceContext, actor: Actor, ids: list[int], source: str) -> None:
    with unit_of_work(ctx, actor) as uow:
        s = uow.session
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            texts = call_search.call_instructions(s, chunk)
            for row in s.scalars(select(Call).where(Call.id.in_(chunk))):
                call_search.unindex(s, row.sort_key, call_search.searchable_texts(row, texts.get(row.id)))
                s.delete(row)
            s.execute(delete(Instruction).where(Instruction.subject_kind == InstructionSubject.CALL.value,
                                                Instruction.subject_id.in_(chunk)))
        s.flush()
        uow.audit("import_undo", EntityKind.CALL, None, announce=False,
                  after={"file": source, "rows": len(ids), "first_id": min(ids), "last_id": max(ids)})
        uow.changes.append(Change(EntityKind.CALL, op="bulk"))
