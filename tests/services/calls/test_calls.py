"""The telephone log's core: logging, editing and deleting calls, the checks, and the log's filters."""

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from dutyroom.domain.vocabulary import CallDirection, CallerKind, CallOutcome, FollowUpStatus
from dutyroom.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from dutyroom.services.calls.records import SUMMARY_MAX, CallFilter
from dutyroom.services.records import SYSTEM_ACTOR
from dutyroom.store.call_search import SLOTS
from tests.conftest import SHANGHAI
from tests.services.calls.helpers import call


def test_create_fills_in_officer_shift_and_normalised_number(services, actors, clock):
    _, _, officer = actors
    saved = services.calls.create(officer, call(clock, caller_number=" １３９ ００００-1234 ", summary="  问停水  "))
    assert saved.id and saved.version == 1
    assert saved.officer == "赵值班" and saved.created_by == "赵值班"
    assert saved.duty_date == date(2026, 11, 21) and saved.shift_name == "全天班"
    assert saved.caller_number == "13900001234" and saved.summary == "问停水"
    assert saved.follow_status is None and saved.due_on is None
    assert services.calls.get(saved.id) == saved
    entry = services.audit.page(actors[0], 0, 1)[0]
    assert (entry.action, entry.entity_kind, entry.entity_id) == ("create", "call", str(saved.id))


def test_before_the_handover_a_call_belongs_to_the_previous_duty_day(services, actors, clock):
    _, _, officer = actors
    early = clock.now().astimezone(SHANGHAI).replace(hour=7, minute=0)  # the default shift hands over at 08:30
    saved = services.calls.create(officer, call(clock, started_at=early))
    assert saved.duty_date == date(2026, 11, 20)


def test_assigned_call_starts_pending_with_the_default_due_date(services, actors, clock):
    _, _, officer = actors
    saved = services.calls.create(officer, call(clock, outcome=CallOutcome.ASSIGNED, assigned_unit="区水务局"))
    assert saved.follow_status == FollowUpStatus.PENDING and saved.due_on == date(2026, 11, 24)
    answered = services.calls.create(officer, call(clock, follow_status=FollowUpStatus.PENDING,
                                                   due_on=date(2026, 11, 30)))
    assert answered.follow_status is None and answered.due_on is None  # only 转办 calls are followed up


def test_the_program_itself_may_name_the_officer_a_user_may_not(services, actors, clock):
    _, _, officer = actors
    assert services.calls.create(SYSTEM_ACTOR, call(clock, officer="孙明")).officer == "孙明"
    assert services.calls.create(officer, call(clock, officer="孙明")).officer == "赵值班"


def test_bad_input_gets_a_chinese_message_per_field(services, actors, clock):
    _, _, officer = actors
    now = clock.now()
    bad = call(clock, summary=" \x00 ", started_at=now + timedelta(minutes=2), category="闲聊",
               caller_number="abc", outcome=CallOutcome.ASSIGNED, assigned_unit="")
    with pytest.raises(ValidationError) as err:
        services.calls.create(officer, bad)
    fields = err.value.fields
    assert fields["summary"] == "请填写内容摘要"
    assert fields["started_at"] == "来电时间不能晚于现在"
    assert fields["category"] == "类别应为：咨询、求助、投诉、举报、突发事件报告、通知、其他"
    assert "电话号码" in fields["caller_number"] and fields["assigned_unit"] == "请填写承办单位"
    with pytest.raises(ValidationError) as err:
        services.calls.create(officer, call(clock, ended_at=now - timedelta(hours=1), outcome=CallOutcome.INVALID,
                                            direction=CallDirection.OUTGOING))
    assert err.value.fields == {"ended_at": "结束时间不能早于开始时间", "outcome_note": "无效来电请写明原因"}
    with pytest.raises(ValidationError) as err:
        services.calls.create(officer, call(clock, outcome=CallOutcome.ASSIGNED, assigned_unit="区水务局",
                                            due_on=date(2026, 11, 20)))
    assert err.value.fields == {"due_on": "反馈期限不能早于来电日期"}
    with pytest.raises(ValidationError) as err:
        services.calls.create(officer, call(clock, outcome=CallOutcome.REPORTED, started_at=None))
    assert err.value.fields == {"started_at": "请填写来电时间", "outcome_note": "请写明报告了哪位领导"}


def test_a_megabyte_paste_is_refused_saying_how_long_it_is(services, actors, clock):
    _, _, officer = actors
    with pytest.raises(ValidationError) as err:
        services.calls.create(officer, call(clock, summary="停" * (1 << 20)))
    assert err.value.fields["summary"] == "内容摘要太长（1048576 字，最多 5000 字），请精简或分条登记"
    kept = services.calls.create(officer, call(clock, summary="停" * SUMMARY_MAX))
    assert len(services.calls.get(kept.id).summary) == SUMMARY_MAX


def test_sql_looking_text_and_control_characters_are_stored_safely(services, actors, clock):
    _, _, officer = actors
    nasty = "'); DROP TABLE call; --\x07 群众说\r\n“停水”"
    saved = services.calls.create(officer, call(clock, summary=nasty, caller_name="Robert'); --\x1b"))
    got = services.calls.get(saved.id)
    assert got.summary == "'); DROP TABLE call; -- 群众说\r\n“停水”" and got.caller_name == "Robert'); --"
    assert services.calls.count(CallFilter()) == 1


def test_update_checks_the_version_and_keeps_a_category_removed_later(services, actors, clock):
    admin, _, officer = actors
    saved = services.calls.create(officer, call(clock, category="通知"))
    settings = services.settings.get()
    services.settings.save(admin, replace(settings, call_categories="咨询,求助,投诉"))
    assert services.calls.categories() == ["咨询", "求助", "投诉"]
    edited = services.calls.update(officer, replace(saved, summary="通知明早八点开会"))
    assert edited.version == 2 and edited.category == "通知" and edited.officer == "赵值班"
    with pytest.raises(ConflictError) as err:
        services.calls.update(officer, replace(saved, summary="过时的修改"))
    assert "第 1 版" in err.value.message and "第 2 版" in err.value.message
    with pytest.raises(ValidationError) as err:
        services.calls.create(officer, call(clock, category="通知"))
    assert err.value.fields == {"category": "类别应为：咨询、求助、投诉"}
    with pytest.raises(NotFound):
        services.calls.update(officer, replace(saved, id=999_999))


def test_changing_the_time_moves_the_call_in_the_log(services, actors, clock):
    _, _, officer = actors
    first = services.calls.create(officer, call(clock, minutes_ago=30, summary="第一个"))
    second = services.calls.create(officer, call(clock, minutes_ago=10, summary="第二个"))
    assert [r.id for r in services.calls.page(CallFilter())] == [second.id, first.id]
    services.calls.update(officer, replace(first, started_at=clock.now() - timedelta(minutes=1)))
    assert [r.id for r in services.calls.page(CallFilter())] == [first.id, second.id]


def test_calls_in_one_second_keep_the_order_they_were_saved_in(services, actors, clock):
    _, _, officer = actors
    at = clock.now().replace(second=7, microsecond=0) - timedelta(minutes=3)
    ids = [services.calls.create(officer, call(clock, started_at=at, summary=f"同一秒{i}")).id for i in range(3)]
    rows = services.calls.page(CallFilter(oldest_first=True))
    assert [r.id for r in rows] == ids
    assert [r.sort_key - rows[0].sort_key for r in rows] == [0, 1, 2]
    assert rows[0].sort_key == int(at.timestamp()) * SLOTS


def test_only_leaders_and_admins_delete_and_the_version_must_match(services, actors, clock):
    admin, leader, officer = actors
    saved = services.calls.create(officer, call(clock))
    with pytest.raises(PermissionDenied) as err:
        services.calls.delete(officer, saved.id, saved.version)
    assert "带班领导或管理员" in err.value.message
    edited = services.calls.update(officer, replace(saved, summary="改过"))
    with pytest.raises(ConflictError):
        services.calls.delete(leader, saved.id, saved.version)
    services.calls.delete(leader, saved.id, edited.version)
    with pytest.raises(NotFound):
        services.calls.get(saved.id)
    with pytest.raises(NotFound):
        services.calls.delete(admin, saved.id, 0)
    assert services.calls.count(CallFilter()) == 0


def test_filters_of_the_log(services, actors, clock):
    admin, leader, officer = actors
    c = services.calls
    old = c.create(officer, call(clock, minutes_ago=3 * 24 * 60, category="投诉", outcome=CallOutcome.ASSIGNED,
                                 assigned_unit="区住建局", caller_kind=CallerKind.ENTERPRISE))
    done = c.create(leader, call(clock, minutes_ago=60, outcome=CallOutcome.ASSIGNED, assigned_unit="区水务局",
                                 early_warning=True))
    c.close(leader, done.id, "已恢复")
    out = c.create(officer, call(clock, minutes_ago=30, direction=CallDirection.OUTGOING, widespread=True))
    bad = c.create(admin, call(clock, minutes_ago=20, outcome=CallOutcome.INVALID, outcome_note="打错了"))

    def ids(**kw):
        return [r.id for r in c.page(CallFilter(**kw))]

    assert ids() == [bad.id, out.id, done.id, old.id] and c.count(CallFilter()) == 4
    assert ids(oldest_first=True) == [old.id, done.id, out.id, bad.id]
    assert ids(date_from=date(2026, 11, 21)) == [bad.id, out.id, done.id]
    assert ids(date_to=date(2026, 11, 18)) == [old.id] and ids(date_to=date(2026, 11, 17)) == []
    assert ids(categories=("投诉", "求助")) == [old.id]
    assert ids(status="open") == [old.id] and ids(status="overdue") == []  # due today: not late yet
    assert ids(status="closed") == [done.id] and ids(status=FollowUpStatus.PENDING.value) == [old.id]
    assert ids(status="nonsense") == []
    assert ids(officer="李带班") == [done.id] and ids(direction=CallDirection.OUTGOING) == [out.id]
    assert ids(outcome=CallOutcome.INVALID) == [bad.id] and ids(caller_kind=CallerKind.ENTERPRISE) == [old.id]
    assert ids(early_warning=True) == [done.id] and ids(widespread=True) == [out.id]
    assert len(ids(widespread=False)) == 3
    assert {r.id: r.overdue_days for r in c.page(CallFilter())}[old.id] == 0
    clock.advance(timedelta(days=2))
    assert [(r.id, r.overdue_days) for r in c.page(CallFilter(status="overdue"))] == [(old.id, 2)]


def test_deep_pages_are_the_same_as_one_long_list(services, actors, clock):
    _, _, officer = actors
    for i in range(45):
        services.calls.create(officer, call(clock, minutes_ago=i + 1, summary=f"第{i}个电话",
                                            category="求助" if i % 3 == 0 else "咨询"))
    for flt in (CallFilter(), CallFilter(oldest_first=True), CallFilter(categories=("求助",)),
                CallFilter(text="电话"), CallFilter(text="电话", oldest_first=True, categories=("咨询",))):
        everything = [r.id for r in services.calls.page(flt, 0, 1000)]
        assert len(everything) == services.calls.count(flt)
        pieces = [r.id for offset in range(0, 50, 7) for r in services.calls.page(flt, offset, 7)]
        assert pieces == everything
        assert services.calls.page(flt, len(everything), 10) == [] and services.calls.page(flt, 0, 0) == []
        by_key, last = [], None  # each block after the last call shown, by its sort key: the same list
        while block := services.calls.page(flt, 0, 7, after=last):
            by_key += [r.id for r in block]
            last = block[-1].sort_key
        assert by_key == everything


def test_between_prints_a_days_calls_oldest_first(services, actors, clock):
    _, _, officer = actors
    yesterday = services.calls.create(officer, call(clock, minutes_ago=24 * 60))
    a = services.calls.create(officer, call(clock, minutes_ago=60, outcome=CallOutcome.ASSIGNED, assigned_unit="甲"))
    b = services.calls.create(officer, call(clock, minutes_ago=10))
    services.calls.chase(officer, a.id, "已电话催办")
    day = services.calls.between(date(2026, 11, 21), date(2026, 11, 21))
    assert [r.id for r in day] == [a.id, b.id] and day[0].follow_ups[0].note == "已电话催办"
    both = services.calls.between(date(2026, 11, 20), date(2026, 11, 21))
    assert [r.id for r in both] == [yesterday.id, a.id, b.id]


def test_categories_quick_texts_and_today_come_from_the_settings(services, actors, clock):
    admin = actors[0]
    assert services.calls.categories()[0] == "咨询"
    settings = services.settings.get()
    services.settings.save(admin, replace(settings, call_categories="咨询，求助、 信访\n咨询", quick_texts=(
        "yy=已告知来电人向区水务局咨询\n\nBS ＝ 已报告带班领导 ")))
    assert services.calls.categories() == ["咨询", "求助", "信访"]
    assert services.calls.quick_texts() == {"yy": "已告知来电人向区水务局咨询", "bs": "已报告带班领导"}
    clock.set(datetime(2026, 11, 21, 17, 0, tzinfo=timezone.utc))  # 01:00 the next day in Shanghai
    assert services.calls.today() == date(2026, 11, 22)


def test_a_shifts_calls_run_past_midnight_to_the_handover(services, actors, clock):
    _, _, officer = actors
    clock.advance(hours=20)  # 11-22 05:00, still in the shift that began 11-21 08:30
    local = clock.now().astimezone(SHANGHAI)

    def at(day: int, hour: int, minute: int = 0):
        return services.calls.create(officer, call(clock, started_at=local.replace(day=day, hour=hour, minute=minute)))

    at(21, 7)  # before the handover: the previous duty day
    first, night = at(21, 8, 40), at(22, 3)
    assert [c.id for c in services.calls.shift_calls(date(2026, 11, 21))] == [first.id, night.id]
    assert [c.id for c in services.calls.shift_calls(date(2026, 11, 21), "全天班")] == [first.id, night.id]
    assert services.calls.shift_calls(date(2026, 11, 21), "夜班") == []
