"""Generation from rotations: plain turns, continuation across months and years, leave, holidays, swaps."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from dutyroom.domain.holidays import package_days
from dutyroom.domain.roster import (
    ALWAYS,
    LEADER,
    NEVER,
    OFFICER,
    STANDBY,
    Cell,
    Leaves,
    LeaveSpec,
    PersonInfo,
    RosterRules,
    RotationSpec,
    ShiftSpec,
    add_months,
    classify_days,
    days_between,
)
from dutyroom.domain.roster_checks import check_roster
from dutyroom.domain.roster_generate import Plan, generate, week_keys

SHIFT = ShiftSpec(1, "全天班", leader_policy=NEVER)
LEADER_SHIFT = ShiftSpec(1, "全天班")  # leaders on rest days, holidays and special periods
PEOPLE = {i: PersonInfo(i, name) for i, name in enumerate(
    ["陈建国", "李文华", "王海燕", "张志强", "孙明", "周晓梅", "吴磊", "郑佳", "冯涛", "何雪", "许浩", "韩静"], start=1)}
LEADERS, OFFICERS, STANDBY_IDS = (1, 2, 3, 4), (5, 6, 7, 8, 9, 10), (11, 12)


def calendar() -> dict:
    return {d.day: ("holiday" if d.is_holiday else "workday", d.name)
            for year in (2025, 2026) for d in package_days(year)}


def run(first, last, rotations, *, cells=(), leaves=(), people=PEOPLE, shift=SHIFT, specials=(), rules=None):
    rules = rules or RosterRules()
    lookback = add_months(first, -12)
    days = classify_days(lookback - timedelta(days=3), last + timedelta(days=40), calendar(), specials)
    plan = Plan(first, last, days, {shift.id: shift}, rotations, people, Leaves.of(leaves), list(cells), rules,
                lookback_start=lookback)
    new = generate(plan)
    warnings = check_roster(first, last, days=days, shifts={shift.id: shift}, cells=list(cells) + new,
                            people=people, leaves=Leaves.of(leaves), rules=rules, week_keys=week_keys(rotations))
    return new, warnings


def who(cells, position=OFFICER) -> list[int]:
    return [c.person_id for c in sorted(cells, key=lambda c: (c.day, c.slot)) if c.position == position]


def officers(ids=OFFICERS) -> RotationSpec:
    return RotationSpec(1, OFFICER, tuple(ids))


def test_a_plain_month_is_a_plain_rotation():
    cells, warnings = run(date(2026, 12, 1), date(2026, 12, 31), [officers()])
    assert who(cells)[:11] == [5, 6, 7, 8, 9, 10, 5, 6, 7, 8, 9]
    assert len(cells) == 31 and warnings == []
    assert [c.rotation_seq for c in cells[:7]] == list(range(7))
    counts = Counter(who(cells))
    assert max(counts.values()) - min(counts.values()) <= 1
    weekends = Counter(c.person_id for c in cells if c.day.weekday() >= 5)
    assert sorted(weekends.values()) == [1, 1, 1, 1, 2, 2]  # 8 weekend days over 6 people


def test_next_month_continues_where_the_rotation_stopped_across_the_year_end():
    december, _ = run(date(2025, 12, 1), date(2025, 12, 31), [officers()])
    january, warnings = run(date(2026, 1, 1), date(2026, 1, 31), [officers()], cells=december)
    both, _ = run(date(2025, 12, 1), date(2026, 1, 31), [officers()])
    assert who(december + january) == who(both)
    assert january[0].person_id == OFFICERS[(OFFICERS.index(december[-1].person_id) + 1) % 6]
    assert january[0].rotation_seq == december[-1].rotation_seq + 1
    assert warnings == []


def test_a_person_on_leave_mid_rotation_is_skipped_and_comes_back():
    leave = LeaveSpec(7, date(2026, 12, 8), date(2026, 12, 20), "出差")
    cells, warnings = run(date(2026, 12, 1), date(2026, 12, 31), [officers()], leaves=[leave])
    by_day = {c.day: c.person_id for c in cells}
    assert all(by_day[d] != 7 for d in days_between(leave.start, leave.end))
    assert 7 in [by_day[d] for d in days_between(date(2026, 12, 21), date(2026, 12, 31))]
    assert len(cells) == 31 and warnings == []
    # the others cover the gap evenly
    counts = Counter(by_day.values())
    assert max(v for k, v in counts.items() if k != 7) - min(v for k, v in counts.items() if k != 7) <= 1


def test_spring_festival_holidays_are_shared_out_by_weighted_load():
    cells, warnings = run(date(2026, 2, 1), date(2026, 2, 28), [officers()])
    holidays = Counter(c.person_id for c in cells if date(2026, 2, 15) <= c.day <= date(2026, 2, 23))
    assert sorted(holidays.values()) == [1, 1, 1, 2, 2, 2]
    assert warnings == []


def test_a_year_is_fair_in_shifts_and_in_weighted_rest_load():
    from dutyroom.domain.roster_checks import balance

    rotations = [officers(), RotationSpec(1, LEADER, LEADERS, "week"), RotationSpec(1, STANDBY, (11, 12))]
    shift = replace(LEADER_SHIFT, standby_count=1)
    cells, _ = run(date(2026, 1, 1), date(2026, 12, 31), rotations, shift=shift,
                   rules=RosterRules(min_rest_hours=24, max_shifts_per_month=16))
    days = classify_days(date(2026, 1, 1), date(2026, 12, 31), calendar())
    rows = balance(OFFICER, cells, days, PEOPLE, RosterRules(), OFFICERS)
    assert [r.person_id for r in rows] == list(OFFICERS)
    assert max(r.shifts for r in rows) - min(r.shifts for r in rows) <= 1
    assert max(abs(r.deviation) for r in rows) <= 3.0
    assert sum(r.holiday_shifts for r in rows) == sum(1 for d in days.values() if d.holiday)


def test_week_leader_holds_every_day_of_the_iso_week_even_across_months():
    shift = replace(LEADER_SHIFT, leader_policy=ALWAYS)
    rotation = RotationSpec(1, LEADER, LEADERS, "week")
    november, _ = run(date(2026, 11, 1), date(2026, 11, 30), [rotation], shift=shift)
    december, warnings = run(date(2026, 12, 1), date(2026, 12, 31), [rotation], cells=november, shift=shift)
    weeks: dict = {}
    for cell in november + december:
        weeks.setdefault(cell.day.isocalendar()[:2], set()).add(cell.person_id)
    assert all(len(holders) == 1 for holders in weeks.values())
    # ISO week 49 runs from Monday 11-30 to Sunday 12-06: December carries on with November's leader.
    holder = november[-1].person_id
    assert [c.person_id for c in december[:6]] == [holder] * 6
    assert december[0].rotation_seq == november[-1].rotation_seq
    assert [w for w in warnings if w.code != "unfilled"] == []  # consecutive leader days are no rest problem


def test_leaders_on_rest_days_only_and_the_week_leader_away_for_a_day():
    rotation = RotationSpec(1, LEADER, LEADERS, "week")
    first, _ = run(date(2026, 12, 1), date(2026, 12, 5), [rotation], shift=LEADER_SHIFT)
    assert [c.day for c in first] == [date(2026, 12, 5)]  # Tuesday to Friday need no leader
    holder = first[0].person_id
    leave = LeaveSpec(holder, date(2026, 12, 6), date(2026, 12, 6))
    rest, warnings = run(date(2026, 12, 6), date(2026, 12, 13), [rotation], cells=first, leaves=[leave],
                         shift=LEADER_SHIFT)
    by_day = {c.day: c.person_id for c in rest}
    assert by_day[date(2026, 12, 6)] not in (holder, None)
    assert by_day[date(2026, 12, 12)] == by_day[date(2026, 12, 13)] != holder
    assert [w for w in warnings if w.code != "unfilled"] == []


def test_nobody_is_double_booked_when_rotations_share_people():
    leaders = RotationSpec(1, LEADER, (5, 6, 7), "day")
    cells, warnings = run(date(2026, 12, 1), date(2026, 12, 31), [officers(), leaders],
                          rules=RosterRules(min_rest_hours=0, max_shifts_per_month=31))
    per_day = Counter((c.day, c.person_id) for c in cells)
    assert max(per_day.values()) == 1
    assert [w for w in warnings if w.code == "overlap"] == []


def test_too_few_people_still_fill_every_post_and_say_why():
    cells, warnings = run(date(2026, 12, 1), date(2026, 12, 7), [officers((5, 6))])
    assert len(cells) == 7
    assert {w.code for w in warnings} == {"rest"}
    assert warnings[0].line == "2026-12-03 孙明：距上一班（12-01全天班）结束只隔 24 小时，少于规定的 48 小时"


def test_nobody_available_leaves_the_post_empty_and_warns():
    leaves = [LeaveSpec(pid, date(2026, 12, 1), date(2026, 12, 31)) for pid in (5, 6)]
    cells, warnings = run(date(2026, 12, 1), date(2026, 12, 2), [officers((5, 6))], leaves=leaves)
    assert cells == []
    assert [w.line for w in warnings] == ["2026-12-01 全天班：值班员空缺 1 人", "2026-12-02 全天班：值班员空缺 1 人"]


def test_swaps_then_regeneration_keep_the_rotation_and_never_double_up():
    december, _ = run(date(2026, 12, 1), date(2026, 12, 31), [officers()])
    # Two workdays swap people; seq stays with the cell, as the service keeps it.
    a, b = december[1], december[2]  # 12-02 周晓梅, 12-03 吴磊
    swapped = [replace(c) for c in december]
    swapped[1] = replace(a, person_id=b.person_id, source="swap")
    swapped[2] = replace(b, person_id=a.person_id, source="swap")
    january_after_swap, _ = run(date(2027, 1, 1), date(2027, 1, 31), [officers()], cells=swapped)
    january_plain, _ = run(date(2027, 1, 1), date(2027, 1, 31), [officers()], cells=december)
    assert who(january_after_swap) == who(january_plain)

    # Regenerating December around the swapped cells keeps them and doubles nobody up.
    kept = [swapped[1], swapped[2]]
    redone, warnings = run(date(2026, 12, 1), date(2026, 12, 31), [officers()], cells=kept)
    full = sorted(kept + redone, key=lambda c: c.day)
    assert len(full) == 31 and len({c.day for c in full}) == 31
    assert warnings == []
    counts = Counter(c.person_id for c in full)
    assert max(counts.values()) - min(counts.values()) <= 1


def test_history_in_the_look_back_window_is_balanced():
    history = [Cell(date(2026, 11, 1 + 3 * i), 1, OFFICER, 0, pid, "manual") for i, pid in enumerate(OFFICERS)]
    history += [Cell(date(2026, 11, d), 1, OFFICER, 1, 5, "manual") for d in (20, 25)]
    cells, _ = run(date(2026, 12, 1), date(2026, 12, 12), [officers()], cells=history)
    assert who(cells)[:5] == [6, 7, 8, 9, 10]
    older = [Cell(date(2025, 10, d), 1, OFFICER, 0, 6, "manual") for d in (1, 4, 7, 10)]  # beyond 12 months
    cells, _ = run(date(2026, 12, 1), date(2026, 12, 12), [officers()], cells=history + older)
    assert who(cells)[:5] == [6, 7, 8, 9, 10]


def test_a_newcomer_starts_level_with_the_others_instead_of_catching_up_a_year():
    history = [Cell(day, 1, OFFICER, 0, OFFICERS[i % 6], "generated", i)
               for i, day in enumerate(days_between(date(2026, 6, 1), date(2026, 11, 30)))]
    cells, _ = run(date(2026, 12, 1), date(2026, 12, 31), [officers((*OFFICERS, 11))], cells=history)
    assert 3 <= Counter(who(cells))[11] <= 6


def test_two_officer_slots_and_inactive_people():
    people = {**PEOPLE, 8: PersonInfo(8, "郑佳", active=False)}
    shift = replace(SHIFT, officer_count=2)
    cells, warnings = run(date(2026, 12, 1), date(2026, 12, 10), [officers()], people=people, shift=shift,
                          rules=RosterRules(min_rest_hours=24, max_shifts_per_month=31))
    assert 8 not in who(cells)
    assert Counter(c.day for c in cells) == {d: 2 for d in days_between(date(2026, 12, 1), date(2026, 12, 10))}
    assert {c.slot for c in cells} == {0, 1} and warnings == []
