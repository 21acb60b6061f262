"""Calendar months as (year, month) pairs: the unit the roster page pages through and prints."""

from __future__ import annotations

import calendar
from datetime import date


def month_range(year: int, month: int) -> tuple[date, date]:
    """The first and the last day of the month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """The (year, month) `delta` months later (earlier when negative), across year ends.

    Named apart from domain.roster.add_months, which moves a date and keeps its day of the month.
    """
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1
