"""Every roster check, as the administrator reads it: date, person, what is wrong."""

from __future__ import annotations

from datetime import date, time, timedelta

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
    ShiftSpec,
    classify_days,
)
from dutyroom.domain.roster_checks import balance, check_roster

FULL = ShiftSpec(1, "全天班", leader_policy=NEVER)
PEOPLE = {1: PersonInfo(1, "张三"), 2: PersonInfo(2, "李四"), 3: PersonInfo(3, "王五", active=False),
          4: PersonInfo(4, "赵六")}
HOLIDAYS = {date(2026, 10, 1): ("holiday", "国庆节"), date(2026, 10, 10): ("workday", "国庆节")}


def lines(cells, *, first=date(2026, 12, 1), last=date(2026, 12, 31), shifts=None, leaves=(), rules=None,
          specials=(), week_keys=frozenset(), posts=True):
    shifts = shifts or {1: FULL}
    days = classify_days(first - timedelta(days=3), last + timedelta(days=3), HOLIDAYS, specials)
    return [w.line for w in check_roster(first, last, days=days, shifts=shifts, cells=cells, people=PEOPLE,
                                         leaves=Leaves.of(leaves), rules=rules or RosterRules(),
                                         week_keys=week_keys) if posts or w.person_id is not None]


def cell(day, pid, position=OFFICER, shift=1, slot=0) -> Cell:
    return Cell(day, shift, position, slot, pid)


def every_third_day(first, last, pid=1):
    out, day = [], first
    while day <= last:
        out.append(cell(day, pid))
        day += timedelta(days=3)
    return out


def test_unfilled_posts_and_missing_leaders_on_the_days_that_need_one():
    shift = ShiftSpec(1, "全天班", officer_count=2, standby_count=1)
    got = lines([cell(date(2026, 12, 5), 1), cell(date(2026, 12, 5), 2, slot=1),
                 cell(date(2026, 12, 5), 4, STANDBY)], first=date(2026, 12, 4), last=date(2026, 12, 5),
                shifts={1: shift})
    assert got == ["2026-12-04 全天班：值班员空缺 2 人", "2026-12-04 全天班：备班空缺 1 人",
                   "2026-12-05 全天班：没有带班领导（休息日须有带班领导）"]
    holiday = lines([cell(date(2026, 10, 1), 1)], first=date(2026, 10, 1), last=date(2026, 10, 1),
                    shifts={1: ShiftSpec(1, "全天班")})
    assert holiday == ["2026-10-01 全天班：没有带班领导（国庆节须有带班领导）"]
    flood = lines([cell(date(2026, 7, 8), 1)], first=date(2026, 7, 8), last=date(2026, 7, 8),
                  shifts={1: ShiftSpec(1, "全天班")}, specials=[(date(2026, 6, 1), date(2026, 8, 31), "防汛期")])
    assert flood == ["2026-07-08 全天班：没有带班领导（特殊时期“防汛期”须有带班领导）"]
    always = lines([cell(date(2026, 12, 1), 1)], last=date(2026, 12, 1),
                   shifts={1: ShiftSpec(1, "全天班", leader_policy=ALWAYS)})
    assert always == ["2026-12-01 全天班：没有带班领导（每天都须有带班领导）"]


def test_overlapping_shifts_name_both():
    day_shift = ShiftSpec(2, "白班", start=time(8, 30), duration_minutes=9 * 60, leader_policy=NEVER, active=False)
    cells = every_third_day(date(2026, 12, 1), date(2026, 12, 20)) + [cell(date(2026, 12, 1), 1, LEADER, shift=2)]
    assert lines(cells, shifts={1: FULL, 2: day_shift}, posts=False) == [
        "2026-12-01 张三：同时排在白班带班领导和全天班值班员，时间重叠"]


def test_too_little_rest_between_shifts():
    night = ShiftSpec(2, "夜班", start=time(20, 0), duration_minutes=12 * 60, leader_policy=NEVER, active=False)
    cells = [cell(date(2026, 12, 1), 1), cell(date(2026, 12, 2), 2), cell(date(2026, 12, 3), 2),
             cell(date(2026, 12, 3), 1, shift=2)]
    got = lines(cells, first=date(2026, 12, 1), last=date(2026, 12, 3), shifts={1: FULL, 2: night})
    assert got == ["2026-12-03 李四：距上一班（12-02全天班）结束只隔 0 小时，少于规定的 48 小时",
                   "2026-12-03 张三：距上一班（12-01全天班）结束只隔 35.5 小时，少于规定的 48 小时"]
    assert lines(cells, first=date(2026, 12, 1), last=date(2026, 12, 3), shifts={1: FULL, 2: night},
                 rules=RosterRules(min_rest_hours=0)) == []


def test_more_than_the_monthly_maximum():
    cells = every_third_day(date(2026, 12, 1), date(2026, 12, 31))  # 11 shifts
    assert lines(cells, posts=False) == ["2026-12-31 张三：本月第 11 个班，超过每月最多 10 个"]
    assert lines(cells, rules=RosterRules(max_shifts_per_month=11), posts=False) == []


def test_scheduled_on_leave_or_while_inactive():
    leave = LeaveSpec(1, date(2026, 12, 7), date(2026, 12, 9), "培训")
    cells = [cell(date(2026, 12, 7), 1), cell(date(2026, 12, 10), 3)]
    got = lines(cells, first=date(2026, 12, 7), last=date(2026, 12, 10), leaves=[leave])
    assert got == [
        "2026-12-07 张三：培训期间（12-07至12-09）仍排在全天班值班员",
        "2026-12-08 全天班：值班员空缺 1 人",
        "2026-12-09 全天班：值班员空缺 1 人",
        "2026-12-10 王五：已停用，仍排在全天班值班员",
    ]


def test_week_leader_consecutive_days_are_not_a_rest_problem_but_day_leaders_are():
    shift = ShiftSpec(1, "全天班", leader_policy=NEVER)
    cells = [cell(date(2026, 12, d), 1, LEADER) for d in (5, 6)]
    assert lines(cells, first=date(2026, 12, 5), last=date(2026, 12, 6), shifts={1: shift},
                 week_keys=frozenset({(1, LEADER)})) == ["2026-12-05 全天班：值班员空缺 1 人",
                                                          "2026-12-06 全天班：值班员空缺 1 人"]
    day_rotation = lines(cells, first=date(2026, 12, 6), last=date(2026, 12, 6), shifts={1: shift})
    assert "2026-12-06 张三：距上一班（12-05全天班）结束只隔 0 小时，少于规定的 48 小时" in day_rotation


def test_balance_table_rows():
    days = classify_days(date(2026, 9, 28), date(2026, 10, 11), HOLIDAYS)
    cells = [cell(date(2026, 9, 28), 1), cell(date(2026, 10, 1), 1), cell(date(2026, 10, 4), 2),
             cell(date(2026, 10, 10), 2), cell(date(2026, 10, 1), 4, STANDBY)]
    rows = balance(OFFICER, cells, days, PEOPLE, RosterRules(), members=[2, 1, 4])
    assert [(r.name, r.shifts, r.rest_day_shifts, r.holiday_shifts, r.weighted_load, r.deviation) for r in rows] == [
        ("李四", 2, 1, 0, 2.5, 0.33), ("张三", 2, 0, 1, 4.0, 1.83), ("赵六", 0, 0, 0, 0.0, -2.17)]
    assert [r.shift_deviation for r in rows] == [0.67, 0.67, -1.33]
