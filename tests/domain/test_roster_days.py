"""Day classification (休/班 markers, special periods, leader days) and who is on duty at an instant."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from dutyroom.domain.holidays import package_days
from dutyroom.domain.months import month_range
from dutyroom.domain.roster import (
    ALWAYS,
    NEVER,
    REST_DAYS,
    ShiftSpec,
    add_months,
    classify_days,
    shift_after,
    shift_at,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def calendar(year: int) -> dict:
    return {d.day: ("holiday" if d.is_holiday else "workday", d.name) for d in package_days(year)}


def at(y, m, d, hh, mm, ss=0, zone=SHANGHAI) -> datetime:
    return datetime(y, m, d, hh, mm, ss, tzinfo=zone)


def test_spring_festival_2026_with_its_adjusted_working_weekends():
    days = classify_days(date(2026, 2, 13), date(2026, 3, 1), calendar(2026))
    adjusted = days[date(2026, 2, 14)]  # Saturday worked before the holiday
    assert (adjusted.rest, adjusted.holiday, adjusted.marker, adjusted.holiday_name) == (False, False, "班", "春节")
    eve = days[date(2026, 2, 16)]
    assert (eve.rest, eve.holiday, eve.marker, eve.holiday_name) == (True, True, "休", "春节")
    assert all(days[date(2026, 2, d)].holiday for d in range(15, 24))
    assert days[date(2026, 2, 24)] == type(eve)(date(2026, 2, 24))  # an ordinary Tuesday
    assert days[date(2026, 2, 28)].marker == "班" and not days[date(2026, 2, 28)].rest
    plain_sunday = days[date(2026, 3, 1)]
    assert (plain_sunday.rest, plain_sunday.holiday, plain_sunday.marker) == (True, False, "")


def test_weights_and_special_periods():
    from dutyroom.domain.roster import RosterRules

    rules = RosterRules(rest_day_weight=1.5, holiday_weight=3.0)
    days = classify_days(date(2026, 9, 30), date(2026, 10, 11), calendar(2026),
                         [(date(2026, 10, 8), date(2026, 10, 9), "重大活动保障")])
    assert days[date(2026, 9, 30)].weight(rules) == 1.0
    assert days[date(2026, 10, 1)].weight(rules) == 3.0
    assert days[date(2026, 10, 10)].weight(rules) == 1.0  # 调休上班 Saturday
    assert days[date(2026, 10, 11)].weight(rules) == 1.5
    assert days[date(2026, 10, 8)].special == "重大活动保障" and days[date(2026, 10, 10)].special == ""


def test_leader_policy_decides_which_days_need_a_leader():
    days = classify_days(date(2026, 10, 5), date(2026, 10, 12), calendar(2026),
                         [(date(2026, 10, 12), date(2026, 10, 12), "防汛")])
    rest = ShiftSpec(1, "全天班", leader_policy=REST_DAYS)
    needed = [d.day for d in days.values() if rest.needs_leader(d)]
    # 10-05..07 holiday, 10-10 (Sat) is a working day, 10-11 Sunday, 10-12 a special period
    assert needed == [date(2026, 10, 5), date(2026, 10, 6), date(2026, 10, 7), date(2026, 10, 11),
                      date(2026, 10, 12)]
    assert all(ShiftSpec(1, "x", leader_policy=ALWAYS).needs_leader(d) for d in days.values())
    assert not any(ShiftSpec(1, "x", leader_policy=NEVER).needs_leader(d) for d in days.values())
    assert rest.required(days[date(2026, 10, 8)]) == {"leader": 0, "officer": 1, "standby": 0}


def test_month_arithmetic_at_year_ends_and_short_months():
    assert month_range(2026, 12) == (date(2026, 12, 1), date(2026, 12, 31))
    assert month_range(2028, 2) == (date(2028, 2, 1), date(2028, 2, 29))
    assert add_months(date(2027, 1, 31), -12) == date(2026, 1, 31)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)


def test_at_the_handover_minute_the_new_shift_is_on():
    shifts = [ShiftSpec(1, "全天班", start=time(8, 30))]
    assert shift_at(at(2026, 11, 21, 8, 29, 59), shifts, SHANGHAI) == (date(2026, 11, 20), shifts[0])
    assert shift_at(at(2026, 11, 21, 8, 30, 0), shifts, SHANGHAI) == (date(2026, 11, 21), shifts[0])
    assert shift_after(at(2026, 11, 21, 8, 30, 0), shifts, SHANGHAI) == (date(2026, 11, 22), shifts[0])
    start, end = shifts[0].window(date(2026, 11, 21), SHANGHAI)
    assert (start, end) == (datetime(2026, 11, 21, 0, 30, tzinfo=timezone.utc),
                            datetime(2026, 11, 22, 0, 30, tzinfo=timezone.utc))


def test_day_and_night_shifts_across_midnight_and_year_end():
    day = ShiftSpec(1, "白班", start=time(8, 30), duration_minutes=9 * 60, sort_order=1)
    night = ShiftSpec(2, "夜班", start=time(17, 30), duration_minutes=15 * 60, sort_order=2)
    shifts = [day, night]
    assert shift_at(at(2026, 12, 31, 12, 0), shifts, SHANGHAI) == (date(2026, 12, 31), day)
    assert shift_at(at(2026, 12, 31, 17, 30), shifts, SHANGHAI) == (date(2026, 12, 31), night)
    assert shift_at(at(2027, 1, 1, 0, 0), shifts, SHANGHAI) == (date(2026, 12, 31), night)
    assert shift_at(at(2027, 1, 1, 8, 29), shifts, SHANGHAI) == (date(2026, 12, 31), night)
    assert shift_at(at(2027, 1, 1, 8, 30), shifts, SHANGHAI) == (date(2027, 1, 1), day)
    assert shift_after(at(2026, 12, 31, 17, 30), shifts, SHANGHAI) == (date(2027, 1, 1), day)
    assert shift_after(at(2026, 12, 31, 9, 0), shifts, SHANGHAI) == (date(2026, 12, 31), night)
    assert shift_at(at(2026, 12, 31, 12, 0), [], SHANGHAI) is None


def test_daylight_saving_nights_hand_over_at_the_same_local_minute():
    new_york = ZoneInfo("America/New_York")
    shift = ShiftSpec(1, "全天班", start=time(8, 30))
    start, end = shift.window(date(2026, 3, 7), new_york)  # clocks go forward on 8 March
    assert end - start == timedelta(hours=23)
    assert end == shift.window(date(2026, 3, 8), new_york)[0]
    autumn_start, autumn_end = shift.window(date(2026, 10, 31), new_york)  # and back on 1 November
    assert autumn_end - autumn_start == timedelta(hours=25)
    handover = datetime(2026, 3, 8, 8, 30, tzinfo=new_york)
    assert shift_at(handover, [shift], new_york) == (date(2026, 3, 8), shift)
    assert shift_at(handover - timedelta(seconds=1), [shift], new_york) == (date(2026, 3, 7), shift)
