"""领导批示 as one ledger: given, passed on, followed, carried out; bad input answered per field."""

from dataclasses import replace
from datetime import timedelta

import pytest

from dutyroom.domain.vocabulary import CallOutcome, InstructionStatus, InstructionSubject, PassOnChannel
from dutyroom.errors import ConflictError, ValidationError
from dutyroom.services.calls.records import CallRecord
from dutyroom.services.records import InstructionRecord


def phoned_in(clock, **fields) -> InstructionRecord:
    return InstructionRecord(**{"leader": "张志强", "text": "请市应急局连夜排查寒潮防范措施", "given_at": clock.now(),
                                "leader_title": "副市长", **fields})


def test_an_instruction_is_followed_to_the_end(services, actors, clock):
    _, leader, officer = actors
    given = services.instructions.give(officer, phoned_in(clock, due_at=clock.now() + timedelta(hours=12)))
    assert given.status == InstructionStatus.PENDING and given.created_by == "赵值班"
    assert given.giver == "张志强（副市长）" and given.subject == InstructionSubject.FREE
    clock.advance(minutes=10)
    passed = services.instructions.pass_on(officer, given.id, given.version, "市应急管理局", PassOnChannel.FAX)
    assert (passed.status, passed.passed_to, passed.pass_channel) == (
        InstructionStatus.IN_PROGRESS, "市应急管理局", PassOnChannel.FAX)
    assert passed.passed_at == clock.now()
    clock.advance(hours=2)
    noted = services.instructions.add_feedback(officer, passed.id, passed.version, "应急局已部署排查")
    assert noted.status == InstructionStatus.IN_PROGRESS and noted.feedback_at == clock.now()
    with pytest.raises(ValidationError) as no_feedback:
        services.instructions.add_feedback(leader, noted.id, noted.version, "  ", done=True)
    assert no_feedback.value.fields == {"feedback": "请填写落实情况"}
    done = services.instructions.add_feedback(leader, noted.id, noted.version, "已全部落实，向张副市长反馈", done=True)
    assert done.status == InstructionStatus.DONE and done.done_at == clock.now()
    assert done.feedback == "应急局已部署排查\n已全部落实，向张副市长反馈"
    # Carried out means it went out: it never changes again.
    with pytest.raises(ValidationError) as frozen:
        services.instructions.update(leader, replace(done, text="改一下"))
    assert "已落实办结" in frozen.value.fields["status"]
    assert services.instructions.get(done.id).text == "请市应急局连夜排查寒潮防范措施"
    actions = [e.action for e in reversed(services.audit.page(leader, 0, 50)) if e.entity_kind == "instruction"]
    assert actions == ["create", "pass_on", "feedback", "done"]


def test_bad_input_is_answered_next_to_each_field(services, actors, clock):
    _, _, officer = actors
    with pytest.raises(ValidationError) as bad:
        services.instructions.give(officer, phoned_in(clock, text="  ", due_at=clock.now() - timedelta(hours=1)))
    assert bad.value.fields == {"text": "请填写批示内容", "due_at": "落实期限不能早于批示时间"}
    with pytest.raises(ValidationError) as future:
        services.instructions.give(officer, phoned_in(clock, given_at=clock.now() + timedelta(hours=1)))
    assert future.value.fields == {"given_at": "批示时间不能晚于现在"}
    with pytest.raises(ValidationError) as nowhere:
        services.instructions.pass_on(officer, services.instructions.give(officer, phoned_in(clock)).id, 1, "",
                                      PassOnChannel.PHONE)
    assert nowhere.value.fields == {"passed_to": "请填写转达给哪个单位或哪位同志"}
    assert len(services.instructions.list()) == 1


def test_open_overdue_and_by_subject(services, actors, clock):
    _, leader, officer = actors
    call = services.calls.create(officer, CallRecord(started_at=clock.now() - timedelta(hours=3),
                                                     summary="幸福小区停水", category="求助", outcome=CallOutcome.REPORTED, outcome_note="带班领导李主任",
                                                     caller_unit="和平街道", leader_instruction="请水务局今日回复"))
    late = services.instructions.give(officer, phoned_in(clock, given_at=clock.now() - timedelta(hours=2),
                                                         due_at=clock.now() - timedelta(minutes=30)))
    services.instructions.give(officer, phoned_in(clock, text="明早报送情况", due_at=clock.now() + timedelta(hours=8)))
    closed = services.instructions.give(officer, phoned_in(clock, text="已办结的"))
    services.instructions.add_feedback(leader, closed.id, closed.version, "已办", done=True)
    assert [i.id for i in services.instructions.overdue()] == [late.id]
    assert late.is_overdue(clock.now())
    assert len(services.instructions.list(open_only=True)) == 3 == services.instructions.open_count()
    [about_call] = services.instructions.list(subject=InstructionSubject.CALL, subject_id=call.id)
    assert about_call.text == "请水务局今日回复" and about_call.about == "和平街道来电：幸福小区停水"
    assert services.instructions.list()[-1].id == closed.id  # the carried-out ones come last


def test_the_call_form_field_is_the_calls_first_instruction(services, actors, clock):
    _, leader, officer = actors
    call = services.calls.create(officer, CallRecord(started_at=clock.now(), summary="路灯不亮", category="求助",
                                                     outcome=CallOutcome.REPORTED, outcome_note="带班领导李主任"))
    assert services.instructions.list() == []
    edited = services.calls.update(officer, replace(call, leader_instruction="请城管局修复"))
    [instruction] = services.instructions.list(subject=InstructionSubject.CALL, subject_id=call.id)
    assert instruction.text == "请城管局修复" and edited.leader_instruction == "请城管局修复"
    edited = services.calls.update(officer, replace(edited, leader_instruction="请城管局今日修复"))
    assert services.instructions.get(instruction.id).text == "请城管局今日修复"
    started = services.instructions.start(leader, instruction.id, services.instructions.get(instruction.id).version)
    with pytest.raises(ValidationError) as busy:
        services.calls.update(officer, replace(edited, leader_instruction=""))
    assert "已在落实" in busy.value.fields["leader_instruction"]
    with pytest.raises(ConflictError):
        services.instructions.start(leader, started.id, started.version - 1)
    # Withdrawn while untouched: the field is cleared and so is the ledger.
    fresh = services.calls.create(officer, CallRecord(started_at=clock.now(), summary="噪音扰民", category="投诉", outcome=CallOutcome.REPORTED, outcome_note="带班领导李主任",
                                                      leader_instruction="请派出所处理"))
    services.calls.update(officer, replace(fresh, leader_instruction=""))
    assert services.instructions.list(subject=InstructionSubject.CALL, subject_id=fresh.id) == []


def test_demo_has_open_overdue_and_carried_out_instructions_and_an_explained_empty_post(services, clock):
    from dutyroom.services.demo import seed_demo

    seed_demo(services, password_source=lambda name: f"{name}Demo2026")
    ledger = services.instructions.list()
    assert len([i for i in ledger if i.is_open]) >= 3 and len([i for i in ledger if not i.is_open]) >= 2
    assert services.instructions.overdue() and any(i.subject == InstructionSubject.INCIDENT for i in ledger)
    [post] = services.empty_posts.list()
    assert post.explanation and post.closed_by == "刘振华"
    assert services.audit.verify().ok


def test_the_search_box_finds_a_call_by_an_instruction_given_from_the_ledger(services, actors, clock):
    from tests.services.calls.helpers import search_ids
    from tests.services.calls.test_search import _index_matches_the_calls

    _, leader, officer = actors
    call = services.calls.create(officer, CallRecord(started_at=clock.now(), summary="路灯不亮", category="求助",
                                                     outcome=CallOutcome.REPORTED, outcome_note="带班领导李主任"))
    given = services.instructions.give(leader, InstructionRecord("李主任", "请城管局今日修复", clock.now(),
                                                                 subject=InstructionSubject.CALL, subject_id=call.id))
    assert search_ids(services, "城管局") == [call.id]
    _index_matches_the_calls(services)
    services.instructions.update(leader, replace(given, text="请住建局今日修复"))
    assert search_ids(services, "城管局") == [] and search_ids(services, "住建局") == [call.id]
    _index_matches_the_calls(services)
    edited = services.calls.update(officer, replace(services.calls.get(call.id), summary="光明街路灯不亮"))
    assert edited.leader_instruction == "请住建局今日修复" and search_ids(services, "光明街") == [call.id]
    _index_matches_the_calls(services)
