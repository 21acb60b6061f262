"""One call's instructions: open ones first, newest first, then the carried-out ones — read by the subject's
index, not by walking the whole 已落实 ledger (13–39 ms at five years for each call shown in 来电登记)."""

from datetime import timedelta

from sqlalchemy import event

from dutyroom.domain.vocabulary import CallOutcome, InstructionSubject
from dutyroom.services.calls.records import CallRecord
from dutyroom.services.records import InstructionRecord


def _call(services, officer, clock, summary):
    return services.calls.create(officer, CallRecord(started_at=clock.now() - timedelta(hours=3), summary=summary,
                                                     category="求助", outcome=CallOutcome.REPORTED,
                                                     outcome_note="带班领导李主任"))


def _about(call, clock, text_, hours_ago):
    return InstructionRecord(leader="张志强", leader_title="副市长", text=text_, subject=InstructionSubject.CALL,
                             subject_id=call.id, given_at=clock.now() - timedelta(hours=hours_ago))


def test_a_calls_instructions_come_open_first_newest_first(services, actors, clock):
    _, leader, officer = actors
    call, other = _call(services, officer, clock, "幸福小区停水"), _call(services, officer, clock, "路灯不亮")
    give = services.instructions.give
    older_open = give(officer, _about(call, clock, "请水务局今日回复", 2))
    done = give(officer, _about(call, clock, "请通知物业", 1))
    services.instructions.add_feedback(leader, done.id, done.version, "已通知", done=True)
    newest_open = give(officer, _about(call, clock, "明早再报", 0.5))
    give(officer, _about(other, clock, "请城管局修复", 0.2))
    listed = services.instructions.list(subject=InstructionSubject.CALL, subject_id=call.id)
    assert [i.id for i in listed] == [newest_open.id, older_open.id, done.id]
    assert [i.id for i in services.instructions.list(subject=InstructionSubject.CALL, subject_id=call.id,
                                                     open_only=True)] == [newest_open.id, older_open.id]
    assert [i.id for i in services.instructions.list(subject=InstructionSubject.CALL, subject_id=call.id,
                                                     limit=2)] == [newest_open.id, older_open.id]


def test_a_calls_instructions_are_read_by_the_subject_index(services, actors, clock):
    _, _, officer = actors
    call = _call(services, officer, clock, "幸福小区停水")
    services.instructions.give(officer, _about(call, clock, "请水务局今日回复", 1))
    engine = services.ctx.db.engine
    seen: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if "FROM instruction" in statement and "instruction.subject_id" in statement:
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        services.instructions.list(subject=InstructionSubject.CALL, subject_id=call.id)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    assert seen
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL plans by its statistics; the walk was SQLite's choice without them
    with engine.connect() as conn:
        for statement, parameters in seen:
            plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
            assert "ix_instruction_subject" in plan and "status_given" not in plan, plan
