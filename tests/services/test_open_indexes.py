"""The "what is open now" questions are answered from partial indexes, whose size follows the open set,
not history: the planner's own plan for the query the service runs names the index, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, text

from dutyroom.domain.vocabulary import InstructionStatus
from dutyroom.services.incidents.clocks import open_clocks_query
from dutyroom.store.models import Instruction


def _plan(services, statement) -> str:
    with services.ctx.db.session() as s:
        dialect = s.bind.dialect
        sql = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        if dialect.name == "sqlite":
            return "\n".join(str(row[-1]) for row in s.execute(text("EXPLAIN QUERY PLAN " + sql)))
        # A test database holds a handful of rows, where a sequential scan is always cheapest; with it
        # priced out the plan shows whether the index can serve the query at all.
        s.execute(text("SET LOCAL enable_seqscan = off"))
        return "\n".join(str(row[0]) for row in s.execute(text("EXPLAIN " + sql)))


def test_the_open_clocks_are_read_from_the_partial_index(services):
    plan = _plan(services, open_clocks_query())
    assert "ix_deadline_clock_open" in plan, plan


def test_overdue_instructions_are_read_from_the_partial_index(services):
    now = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
    query = (select(Instruction).where(Instruction.status != InstructionStatus.DONE.value,
                                       Instruction.due_at.is_not(None), Instruction.due_at < now)
             .order_by(Instruction.due_at, Instruction.id))
    plan = _plan(services, query)
    assert "ix_instruction_open_due" in plan, plan
