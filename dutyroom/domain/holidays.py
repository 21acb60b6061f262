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
