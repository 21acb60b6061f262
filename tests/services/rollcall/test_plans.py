"""Plans: validation, occurrences created once in advance, the recorded reproducible spot-check draw."""

from datetime import date, datetime, time

import pytest

from dutyroom.domain import rollcall as rules
from dutyroom.domain.vocabulary import HolidayKind, HolidayRule, RollCallKind, RollCallResult
from dutyroom.errors import PermissionDenied, ValidationError
from dutyroom.services.records import HolidayRecord
from dutyroom.services.rollcall.records import PlanRecord
from tests.services.rollcall.helpers import OFFICE, make_units


def test_plan_validation_messages(services, actors):
    admin, leader, officer = actors
    ids = make_units(services, admin)
    with pytest.raises(PermissionDenied):
        services.rollcall.save_plan(officer, PlanRecord("每周点名", RollCallKind.HOST, weekday=0, unit_ids=tuple(ids)))
    with pytest.raises(ValidationError) as info:
        services.rollcall.save_plan(leader, PlanRecord("", RollCallKind.HOST, at_time="25:70"))
    assert set(info.value.fields) == {"name", "at_time", "units", "weekday"}
    with pytest.raises(ValidationError) as info:
        services.rollcall.save_plan(leader, PlanRecord("夜查", RollCallKind.SPOT, anchor_day=date(2026, 11, 1),
                                                       window_start=time(21, 0), window_end=time(21, 0),
                                                       spot_count=9, unit_ids=tuple(ids)))
    assert "长度为零" in info.value.fields["window"] and "1 到 5" in info.value.fields["spot_count"]


def test_weekly_plan_creates_each_occurrence_once(services, actors):
    admin, leader, _ = actors
    ids = make_units(services, admin)
    plan = services.rollcall.save_plan(leader, PlanRecord("每周一视频点名", RollCallKind.HOST, at_time=time(9, 30),
                                                          weekday=0, unit_ids=tuple(reversed(ids))))
    assert plan.unit_names[0] == "应急管理局"
    made = services.rollcall.ensure_planned(date(2026, 11, 21), date(2026, 12, 6))
    assert [m.planned_at.astimezone(OFFICE) for m in made] == [datetime(2026, 11, 23, 9, 30, tzinfo=OFFICE),
                                                               datetime(2026, 11, 30, 9, 30, tzinfo=OFFICE)]
    assert [e.unit_name for e in made[0].entries][0] == "应急管理局"
    assert services.rollcall.ensure_planned(date(2026, 11, 21), date(2026, 12, 6)) == []
    today = services.rollcall.planned_between(date(2026, 11, 23), date(2026, 11, 23))
    assert len(today) == 1 and today[0].plan_name == "每周一视频点名"


def test_holiday_rule_moves_an_occurrence(services, actors):
    admin, leader, _ = actors
    ids = make_units(services, admin, ("甲镇",))
    for d in range(1, 4):
        services.holidays.save(admin, HolidayRecord(date(2027, 1, d), HolidayKind.HOLIDAY, "元旦"))
    services.rollcall.save_plan(leader, PlanRecord("每周五点名", RollCallKind.HOST, weekday=4, unit_ids=tuple(ids),
                                                   holiday_rule=HolidayRule.NEXT_WORKDAY))
    [made] = services.rollcall.ensure_planned(date(2026, 12, 28), date(2027, 1, 3))
    assert made.planned_at.astimezone(OFFICE).date() == date(2027, 1, 4)


def test_spot_draw_is_recorded_and_can_be_repeated(services, actors, clock):
    admin, leader, officer = actors
    ids = make_units(services, admin)
    plan = services.rollcall.save_plan(leader, PlanRecord(
        "夜间抽查", RollCallKind.SPOT, anchor_day=date(2026, 11, 1), interval_days=7, window_start=time(21, 0),
        window_end=time(6, 0), spot_count=2, unit_ids=tuple(ids)))
    draw = services.rollcall.draw(date(2026, 11, 25), seed=4242)
    assert draw.plan_id == plan.id and len(draw.chosen) == 2
    assert draw == services.rollcall.draw(date(2026, 11, 25), seed=4242)
    local = draw.planned_at.astimezone(OFFICE)
    assert local >= datetime(2026, 11, 25, 21, 0, tzinfo=OFFICE) and local < datetime(2026, 11, 26, 6, 0, tzinfo=OFFICE)
    recorded = services.rollcall.record_draw(officer, draw)
    assert recorded.draw_seed == 4242 and recorded.draw_candidates == draw.candidates
    # Anyone can verify: the same seed and the recorded candidates give the same units.
    again = rules.draw_units(recorded.draw_seed, recorded.draw_candidates, 2)
    assert [c.name for c in again] == [e.unit_name for e in recorded.entries]
    [audit] = [a for a in services.audit.page(admin, 0, 50) if a.action == "create" and a.entity_kind == "rollcall"]
    assert audit.after["draw_seed"] == 4242 and len(audit.after["draw_candidates"]) == 5
    # Units just checked weigh less in the next draw.
    for entry in recorded.entries:
        services.rollcall.mark_result(officer, entry.id, RollCallResult.PRESENT)
    later = services.rollcall.draw(date(2026, 11, 26), seed=1)
    days = {c.name: c.days_since_checked for c in later.candidates}
    assert {days[e.unit_name] for e in recorded.entries} == {1} and list(days.values()).count(None) == 3


def test_spot_plan_occurrences_draw_their_units(services, actors):
    admin, leader, _ = actors
    ids = make_units(services, admin)
    services.rollcall.save_plan(leader, PlanRecord(
        "夜间抽查", RollCallKind.SPOT, anchor_day=date(2026, 11, 22), interval_days=7, window_start=time(21, 0),
        window_end=time(6, 0), spot_count=2, unit_ids=tuple(ids)))
    [made] = services.rollcall.ensure_planned(date(2026, 11, 21), date(2026, 11, 27))
    assert made.kind == RollCallKind.SPOT and len(made.entries) == 2 and made.draw_seed is not None
    chosen = rules.draw_units(made.draw_seed, made.draw_candidates, 2)
    assert [c.name for c in chosen] == [e.unit_name for e in made.entries]
