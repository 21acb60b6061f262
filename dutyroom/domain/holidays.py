"""Holiday calendar facts from the `chinese-calendar` package, and coverage questions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

# chinese_calendar names holidays in English; the duty room says them in Chinese.
_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


# 春节 (the first day of the lunar year); 除夕 is the day before. The lunar calendar is not in
# chinese-calendar, and a duty roster needs only this one date a year.
LUNAR_NEW_YEAR = {
    2015: date(2015, 2, 19), 2016: date(2016, 2, 8), 2017: date(2017, 1, 28), 2018: date(2018, 2, 16),
    2019: date(2019, 2, 5), 2020: date(2020, 1, 25), 2021: date(2021, 2, 12), 2022: date(2022, 2, 1),
    2023: date(2023, 1, 22), 2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17),
    2027: date(2027, 2, 6), 2028: date(2028, 1, 26), 2029: date(2029, 2, 13), 2030: date(2030, 2, 3),
    2031: date(2031, 1, 23), 2032: date(2032, 2, 11), 2033: date(2033, 1, 31), 2034: date(2034, 2, 19),
    2035: date(2035, 2, 8),
}
NEW_YEARS_EVE = "除夕"


def is_new_years_eve(day: date) -> bool:
    """除夕: the last day of the lunar year (for the years in LUNAR_NEW_YEAR)."""
    new_year = LUNAR_NEW_YEAR.get(day.year)
    return new_year is not None and (new_year - day).days == 1


@dataclass(frozen=True)
class CalendarDay:
    day: date
    is_holiday: bool  # True: 法定节假日 (a rest day by law); False: 调休上班 (a working weekend day)
    name: str


def package_years() -> list[int]:
    """The years the installed chinese-calendar package has official schedules for."""
    import chinese_calendar

    holidays = getattr(chinese_calendar, "holidays", {})
    return sorted({d.year for d in holidays})


def package_days(year: int) -> list[CalendarDay]:
    """Official holidays and adjusted workdays of one year, as published by the State Council."""
    import chinese_calendar

    # The tables hold Holiday values, the English names; Holiday sets _value_ in __new__, which type
    # checkers cannot follow, so they are read as what they are.
    holidays = cast("dict[date, str]", chinese_calendar.holidays)
    workdays = cast("dict[date, str]", chinese_calendar.workdays)
    out: list[CalendarDay] = []
    for day, name in sorted(holidays.items()):
        if day.year == year:
            out.append(CalendarDay(day, True, _HOLIDAY_NAMES.get(name, name)))
    for day, name in sorted(workdays.items()):
        if day.year == year and day.weekday() >= 5:  # only weekend days turned into workdays matter
            out.append(CalendarDay(day, False, _HOLIDAY_NAMES.get(name, name)))
    return sorted(out, key=lambda d: d.day)


def missing_years(known: set[int], first: date, last: date) -> list[int]:
    """Years touched by [first, last] whose schedule is not in the calendar."""
    return [y for y in range(first.year, last.year + 1) if y not in known]
