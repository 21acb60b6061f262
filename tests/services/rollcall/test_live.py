"""Running a roll-call: marks saved one by one, 复呼 keeps both attempts, finished = frozen, amendments."""

from datetime import date, timedelta

import pytest

from dutyroom.domain.vocabulary import AVQuality, RollCallResult, RollCallStatus
from dutyroom.errors import ValidationError
from dutyroom.services.rollcall.records import UpperRecord
from tests.services.rollcall.helpers import make_units, new_rollcall

P, A, F, E, N = (RollCallResult.PRESENT, RollCallResult.ABSENT, RollCallResult.EQUIPMENT_FAULT,
                 RollCallResult.EXCUSED, RollCallResult.NO_ANSWER)


def test_a_whole_roll_call_with_recall_and_the_summary(services, actors, clock):
    admin, leader, officer = actors
    ids = make_units(services, admin)
    rc = services.rollcall
    call = new_rollcall(services, officer, ids)
    assert call.status == RollCallStatus.PLANNED and [e.unit_name for e in call.entries][:2] == ["东城街道", "西城街道"]
    seconds = {0: 12, 1: 75, 2: 5, 3: 8, 4: 9}
    results = {0: P, 1: P, 2: N, 3: F, 4: E}
    for index, entry in enumerate(call.entries):
        rc.mark_calling(officer, entry.id)
        clock.advance(seconds=seconds[index])
        rc.mark_result(officer, entry.id, results[index], answerer="张三" if index == 0 else "",
                       position="值班员" if index == 0 else "", av_quality=AVQuality.GOOD)
        clock.advance(seconds=20)
    running = rc.get(call.id)
    assert running.status == RollCallStatus.RUNNING and running.host == "赵值班"
    # 复呼: the unit that did not answer and the one with a device fault, offered once.
    recalled = rc.add_recalls(officer, call.id)
    again = [e for e in recalled.entries if e.attempt == 2]
    assert [e.unit_name for e in again] == ["南湖镇", "北山镇"]
    assert len(rc.add_recalls(officer, call.id).entries) == 7
    rc.mark_calling(officer, again[0].id)
    clock.advance(seconds=30)
    rc.mark_result(officer, again[0].id, P)
    finished = rc.finish(officer, call.id)
    assert finished.frozen and len(finished.entries) == 6  # the recall never made is dropped
    summary = rc.summary(call.id)
    t = summary.tally
    assert (t.called, t.present, t.excused, t.counts[F]) == (5, 3, 1, 1)
    assert t.presence_rate == pytest.approx(0.6)
    assert t.slow == ("西城街道",) and t.slowest_seconds == 75
    assert {p.unit_name for p in summary.problems} == {"西城街道", "北山镇"}  # 请假（已报备） is no problem
    first_try = [e for e in finished.entries if e.unit_name == "南湖镇"]
    assert [e.result for e in first_try] == [N, P]  # both attempts kept


def test_call_time_is_fixed_at_the_first_mark(services, actors, clock):
    admin, _, officer = actors
    call = new_rollcall(services, officer, make_units(services, admin, ("甲镇",)))
    entry = call.entries[0]
    first = services.rollcall.mark_calling(officer, entry.id).called_at
    clock.advance(seconds=40)
    assert services.rollcall.mark_calling(officer, entry.id).called_at == first
    assert services.rollcall.mark_result(officer, entry.id, P).answer_seconds == 40


def test_pause_leaves_the_paused_time_out(services, actors, clock):
    admin, _, officer = actors
    call = new_rollcall(services, officer, make_units(services, admin, ("甲镇", "乙镇")))
    services.rollcall.mark_calling(officer, call.entries[0].id)
    clock.advance(seconds=60)
    services.rollcall.pause(officer, call.id)
    clock.advance(seconds=600)
    resumed = services.rollcall.resume(officer, call.id)
    clock.advance(seconds=30)
    assert resumed.running_seconds(clock.now()) == 90


def test_finished_roll_call_is_frozen_and_corrected_by_amendment(services, actors):
    admin, leader, officer = actors
    call = new_rollcall(services, officer, make_units(services, admin, ("甲镇", "乙镇")))
    with pytest.raises(ValidationError, match="没有记录结果"):
        services.rollcall.finish(officer, call.id)
    for entry in call.entries:
        services.rollcall.mark_result(officer, entry.id, A)
    services.rollcall.finish(officer, call.id)
    with pytest.raises(ValidationError, match="已结束"):
        services.rollcall.mark_result(officer, call.entries[0].id, P)
    with pytest.raises(ValidationError, match="原因"):
        services.rollcall.amend(leader, call.entries[0].id, "  ", result=E)
    amended = services.rollcall.amend(leader, call.entries[0].id, "该单位事先已报备请假，点名时漏看", result=E)
    [amendment] = amended.amendments
    assert amendment.by == "李带班" and amendment.before["result"] == "absent" and amendment.after["result"] == "excused"
    assert amended.entries[0].result == E
    assert any(a.action == "amend" and a.entity_kind == "rollcall" for a in services.audit.page(admin, 0, 50))


def test_bad_input_is_refused_with_a_message(services, actors):
    admin, _, officer = actors
    ids = make_units(services, admin, ("甲镇",))
    with pytest.raises(ValidationError, match="两次"):
        services.rollcall.create_rollcall(officer, "host", services.clock.now(), ids + ids)
    with pytest.raises(ValidationError, match="请选择"):
        services.rollcall.create_rollcall(officer, "host", services.clock.now(), [])
    call = new_rollcall(services, officer, ids)
    with pytest.raises(ValidationError, match="身份"):
        services.rollcall.mark_result(officer, call.entries[0].id, P, position="门卫")


def test_rectification_is_closed_with_feedback_and_shows_overdue(services, actors, clock):
    admin, _, officer = actors
    call = new_rollcall(services, officer, make_units(services, admin, ("甲镇",)))
    services.rollcall.mark_result(officer, call.entries[0].id, A, remarks="值班员不在岗")
    with pytest.raises(ValidationError, match="不在这次点名"):
        services.rollcall.add_rectification(officer, call.id, "乙镇", "落实在岗", date(2026, 11, 25))
    item = services.rollcall.add_rectification(officer, call.id, "甲镇", "严格落实24小时在岗值守", date(2026, 11, 25))
    assert not item.overdue
    clock.advance(days=5)
    [open_item] = services.rollcall.open_rectifications()
    assert open_item.overdue
    closed = services.rollcall.close_rectification(officer, item.id, "已对值班员批评教育并调整排班", open_item.version)
    assert closed.closed_at is not None and services.rollcall.open_rectifications() == []


def test_upper_level_roll_call_record(services, actors):
    _, _, officer = actors
    call = services.rollcall.create_rollcall(officer, "upper", services.clock.now(), [])
    saved = services.rollcall.save_upper(officer, call.id, UpperRecord(
        caller="市政府总值班室", answerer="李带班", asked="询问防寒防冻准备情况", result="在岗，画面清晰",
        checklist=("视频设备已调试", "带班领导在岗")))
    assert saved.checklist == ("带班领导在岗", "视频设备已调试") and saved.upper_caller == "市政府总值班室"


def test_a_key_saved_later_keeps_the_time_it_was_pressed_and_a_wrong_time_is_refused(services, actors, clock):
    """The live screen saves in the background: the time of the key goes with it, checked by the service."""
    admin, _, officer = actors
    ids = make_units(services, admin)
    rc = services.rollcall
    call = new_rollcall(services, officer, ids)
    entry = call.entries[0]
    pressed = clock.advance(seconds=5)
    answered = clock.advance(seconds=12)
    clock.advance(seconds=40)  # the saves reach the database later than the keys
    rc.mark_calling(officer, entry.id, at=pressed)
    with pytest.raises(ValidationError) as early:
        rc.mark_result(officer, entry.id, P, at=pressed - timedelta(seconds=1))
    assert "早于呼叫时间" in early.value.fields["at"]
    with pytest.raises(ValidationError) as future:
        rc.mark_result(officer, entry.id, P, at=clock.now() + timedelta(seconds=30))
    assert "晚于当前时间" in future.value.fields["at"]
    saved = rc.mark_result(officer, entry.id, P, at=answered)
    assert saved.called_at == pressed and saved.answered_at == answered and saved.answer_seconds == 12
    assert rc.get(call.id).started_at == pressed  # the first key started the roll-call, at its own time
