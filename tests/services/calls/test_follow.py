"""督办 of assigned calls, caller history, similar calls and the marks put on groups of calls."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import update

from dutyroom.domain.vocabulary import CallOutcome, FollowUpKind, FollowUpStatus
from dutyroom.errors import NotFound, ValidationError
from dutyroom.services.calls.records import CallFilter
from dutyroom.store.models import Call
from tests.services.calls.helpers import call
from tests.services.incidents.helpers import incident


def _assigned(services, actor, clock, unit="区水务局", **fields):
    return services.calls.create(actor, call(clock, outcome=CallOutcome.ASSIGNED, assigned_unit=unit, **fields))


def test_follow_up_list_is_open_assigned_calls_due_soonest_first(services, actors, clock):
    _, _, officer = actors
    c = services.calls
    late = _assigned(services, officer, clock, due_on=date(2026, 11, 25))
    soon = _assigned(services, officer, clock, due_on=date(2026, 11, 22))
    undated = _assigned(services, officer, clock)
    closed = _assigned(services, officer, clock, due_on=date(2026, 11, 21))
    c.create(officer, call(clock))  # answered on the spot: nothing to follow up
    c.close(officer, closed.id)
    with services.db.session() as s:  # an imported ledger row may have no due date
        s.execute(update(Call).where(Call.id == undated.id).values(due_on=None))
    assert [r.id for r in c.follow_ups()] == [soon.id, late.id, undated.id]
    clock.advance(timedelta(days=4))
    assert [(r.id, r.overdue_days) for r in c.follow_ups()] == [(soon.id, 3), (late.id, 0), (undated.id, 0)]
    assert [r.id for r in c.follow_ups(limit=1)] == [soon.id]


def test_chase_feedback_and_close_leave_a_follow_up_log(services, actors, clock):
    admin, leader, officer = actors
    c = services.calls
    saved = _assigned(services, officer, clock)
    clock.advance(timedelta(hours=1))
    chased = c.chase(officer, saved.id, "  电话催办，对方称今日答复\x07 ")
    assert [(e.kind, e.note, e.by) for e in chased.follow_ups] == [(FollowUpKind.CHASE, "电话催办，对方称今日答复", "赵值班")]
    assert chased.follow_status == FollowUpStatus.PENDING
    clock.advance(timedelta(hours=1))
    working = c.record_feedback(leader, saved.id, "已派抢修队", FollowUpStatus.IN_PROGRESS)
    assert working.follow_status == FollowUpStatus.IN_PROGRESS and working.feedback == "已派抢修队"
    assert working.feedback_at == clock.now() and working.closed_at is None and working.version > saved.version
    clock.advance(timedelta(hours=1))
    done = c.record_feedback(officer, saved.id, "管道已修复，恢复供水", FollowUpStatus.CLOSED)
    assert done.follow_status == FollowUpStatus.CLOSED and done.closed_at == clock.now()
    assert [e.kind for e in c.get(saved.id).follow_ups] == [FollowUpKind.CHASE, FollowUpKind.FEEDBACK,
                                                            FollowUpKind.FEEDBACK, FollowUpKind.CLOSE]
    with pytest.raises(ValidationError) as err:
        c.chase(officer, saved.id, "再催")
    assert err.value.fields == {"follow_status": "该来电已办结"}
    actions = [e.action for e in services.audit.page(admin, 0, 4)]
    assert actions == ["feedback", "feedback", "chase", "create"]


def test_close_needs_an_assigned_call_and_feedback_needs_text(services, actors, clock):
    _, _, officer = actors
    c = services.calls
    answered = c.create(officer, call(clock))
    with pytest.raises(ValidationError) as err:
        c.close(officer, answered.id)
    assert err.value.fields == {"outcome": "只有转办的来电需要督办（催办、反馈、办结）"}
    saved = _assigned(services, officer, clock)
    with pytest.raises(ValidationError) as err:
        c.record_feedback(officer, saved.id, " ", FollowUpStatus.IN_PROGRESS)
    assert err.value.fields == {"note": "请填写反馈情况"}
    with pytest.raises(ValidationError):
        c.record_feedback(officer, saved.id, "好", "bogus")
    with pytest.raises(NotFound):
        c.chase(officer, 999_999, "催")
    closed = c.close(officer, saved.id, "已办结")
    assert closed.follow_status == FollowUpStatus.CLOSED and closed.closed_at == clock.now()
    assert c.count(CallFilter(status="closed")) == 1 and c.follow_ups() == []
    # An edit of a closed call keeps when it was closed.
    clock.advance(timedelta(hours=2))
    edited = c.update(officer, replace(closed, summary="补充：已回访"))
    assert edited.closed_at == closed.closed_at and edited.follow_status == FollowUpStatus.CLOSED


def test_escalating_links_the_call_to_its_incident(services, actors, clock):
    _, _, officer = actors
    saved = services.calls.create(officer, call(clock, summary="化工厂冒黑烟"))
    inc = services.incidents.save(officer, incident(clock))
    linked = services.calls.link_incident(officer, saved.id, inc.id)
    assert linked.incident_id == inc.id and services.calls.page(CallFilter())[0].incident_id == inc.id
    with pytest.raises(NotFound):
        services.calls.link_incident(officer, saved.id, 999_999)


def test_caller_history_by_number_or_name_with_the_same_topic(services, actors, clock):
    _, _, officer = actors
    c = services.calls
    for i in range(3):
        c.create(officer, call(clock, minutes_ago=(3 - i) * 24 * 60, caller_number="0123-8260 0110",
                               caller_name="", summary=f"反映幸福小区停水，已经第{i + 1}天"))
    c.create(officer, call(clock, minutes_ago=600, caller_number="012382600110", summary="咨询燃气费缴纳"))
    other = c.create(officer, call(clock, minutes_ago=500, caller_number="13900009999", caller_name="刘女士",
                                   summary="路灯不亮"))
    history = c.caller_history("（0123）8260-0110", summary="幸福小区又停水了")
    assert history.total == 4 and history.same_topic == 3
    assert [r.summary for r in history.calls][:2] == ["咨询燃气费缴纳", "反映幸福小区停水，已经第3天"]
    assert len(c.caller_history("012382600110", limit=2).calls) == 2
    assert c.caller_history("012382600110").same_topic == 0  # no text typed yet
    by_name = c.caller_history("", name="刘女士")
    assert [r.id for r in by_name.calls] == [other.id] and by_name.total == 1
    assert c.caller_history("", name="刘").total == 0  # a name is matched whole
    assert c.caller_history("13900009999", exclude_id=other.id).total == 0
    assert c.caller_history("", "") == c.caller_history("  ", " ，") and c.caller_history("", "").total == 0


def test_similar_calls_surface_a_recurring_problem_best_first(services, actors, clock):
    admin, _, officer = actors
    c = services.calls
    same = c.create(officer, call(clock, minutes_ago=300, summary="幸福小区停水了，什么时候恢复供水"))
    close = c.create(officer, call(clock, minutes_ago=200, summary="幸福小区三号楼停水一整天"))
    c.create(officer, call(clock, minutes_ago=100, summary="咨询社保卡补办需要带哪些材料"))
    old = c.create(officer, call(clock, minutes_ago=40 * 24 * 60, summary="幸福小区停水了，什么时候恢复供水"))
    found = c.similar("幸福小区停水了，什么时候恢复供水")
    assert [s.call.id for s in found] == [same.id, close.id] and found[0].score == 1.0
    assert found[1].score >= 0.3 and old.id not in [s.call.id for s in found]
    assert [s.call.id for s in c.similar("幸福小区停水了，什么时候恢复供水", days=60)][:2] == [same.id, old.id]
    assert [s.call.id for s in c.similar("幸福小区停水了，什么时候恢复供水", exclude_id=same.id)] == [close.id]
    assert c.similar("幸福小区停水了，什么时候恢复供水", min_score=0.99, limit=5)[0].call.id == same.id
    assert c.similar("，。") == [] and c.similar("火星探测") == []
    settings = services.settings.get()
    services.settings.save(admin, replace(settings, similar_days=60))
    assert old.id in [s.call.id for s in c.similar("幸福小区停水了，什么时候恢复供水")]


def test_a_group_is_marked_widespread_at_once(services, actors, clock):
    _, _, officer = actors
    c = services.calls
    ids = [c.create(officer, call(clock, summary=f"停水{i}")).id for i in range(3)]
    assert c.mark_widespread(officer, ids[:2] + [ids[0], 999_999]) == 2
    assert c.mark_widespread(officer, ids) == 1
    assert sorted(r.id for r in c.page(CallFilter(widespread=True))) == sorted(ids)
    assert c.mark_widespread(officer, [ids[1]], flag=False) == 1
    assert c.count(CallFilter(widespread=True)) == 2
