"""The "what is open now" questions are answered from partial indexes, whose size follows the open set,
not history: the planner's own plan for the query the service runs names the index, on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, func, select, text

from dutyroom.domain.localtime import to_local
from dutyroom.domain.vocabulary import CallOutcome, InstructionStatus
from dutyroom.services.calls.stats import overdue_follow_ups
from dutyroom.services.incidents.clocks import open_clocks_query
from dutyroom.store.call_search import sort_key_base
from dutyroom.store.models import AuditRecord, Call, IncidentReport, Instruction
from tests.services.calls.helpers import call


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


def test_overdue_follow_ups_are_read_from_the_partial_index(services):
    """每日要情's earlier 转办件 still open past their due date (count and first lines), and the statistics'."""
    day = date(2026, 11, 21)
    late = and_(Call.sort_key < sort_key_base(int(datetime(2026, 11, 20, 10, 0, tzinfo=UTC).timestamp())),
                overdue_follow_ups(day))
    # The count is what grew with history (5 → 33 ms): read from the partial index alone. The first lines
    # (a LIMIT in due order) may come from either index: both ranges hold only the open follow-ups.
    plan = _plan(services, select(func.count()).where(late))
    assert "ix_call_follow_open" in plan, plan


def test_the_digest_lists_an_overdue_follow_up_and_not_a_closed_one(services, actors, clock):
    """The condition the index is built on is the one the digest applies: open ones listed, closed ones not."""
    _, leader, officer = actors
    calls = services.calls
    calls.create(officer, call(clock, minutes_ago=3 * 24 * 60, outcome=CallOutcome.ASSIGNED, assigned_unit="区住建局",
                               summary="幸福小区停水未恢复"))
    closed = calls.create(officer, call(clock, minutes_ago=3 * 24 * 60 - 5, outcome=CallOutcome.ASSIGNED,
                                        assigned_unit="区水务局", summary="路灯不亮已修复"))
    calls.close(leader, closed.id, "已修复")
    clock.advance(timedelta(days=5))
    lines = calls.notable_lines(to_local(clock.now(), "Asia/Shanghai").date())
    assert any("幸福小区停水未恢复" in line for line in lines), lines
    assert not any("路灯不亮已修复" in line for line in lines), lines


def test_the_ledger_reads_open_instructions_from_their_partial_index_and_done_ones_by_key(services):
    """领导批示's first page: open ones newest first, then carried-out ones, each in an index's own order."""
    newest = (Instruction.given_at.desc(), Instruction.id.desc())
    open_plan = _plan(services, select(Instruction).where(text("instruction.status != 'done'"))
                      .order_by(*newest).limit(200))
    assert "ix_instruction_open_given" in open_plan, open_plan
    done_plan = _plan(services, select(Instruction).where(Instruction.status == InstructionStatus.DONE.value)
                      .order_by(*newest).limit(200))
    assert "ix_instruction_status_given" in done_plan, done_plan


def test_the_logins_of_a_shift_and_its_sent_reports_are_read_by_index(services):
    """The 值班日志's logins and reports sent in the shift: a range of an index, not the whole log."""
    start, end = datetime(2026, 11, 21, 0, 30, tzinfo=UTC), datetime(2026, 11, 22, 0, 30, tzinfo=UTC)
    logins = _plan(services, select(AuditRecord.at).where(AuditRecord.action == "login", AuditRecord.at >= start,
                                                          AuditRecord.at < end))
    assert "ix_audit_log_action_at" in logins, logins
    sent = _plan(services, select(IncidentReport.incident_id).where(IncidentReport.sent_at >= start,
                                                                    IncidentReport.sent_at < end))
    assert "ix_incident_report_sent" in sent, sent


def test_the_incident_list_under_a_filter_and_the_open_incidents_are_read_by_their_indexes(services):
    """Five years of 已终报 behind the present: 值班首页's open incidents come from the partial index, and
    the list under a status filter walks only that status, by key, however far it has been scrolled."""
    from dutyroom.domain.vocabulary import IncidentStatus
    from dutyroom.services.incidents.records import IncidentRecord
    from dutyroom.services.incidents.service import list_query, open_incidents_query

    plan = _plan(services, open_incidents_query(21))
    assert "ix_incident_open_received" in plan, plan
    at = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    after = IncidentRecord(title="", occurred_at=at, received_at=at, place="", id=40)
    for page in (list_query(IncidentStatus.RECEIVED), list_query(IncidentStatus.HANDLING, after)):
        plan = _plan(services, page.limit(200))
        assert "ix_incident_status_received" in plan, plan
