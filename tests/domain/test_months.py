"""Month arithmetic of the roster page: the month's first and last day, and paging by months."""

from __future__ import annotations

from datetime import date

from dutyroom.domain.months import month_range, shift_month


def test_month_range_knows_month_lengths_and_leap_years():
    assert month_range(2026, 11) == (date(2026, 11, 1), date(2026, 11, 30))
    assert month_range(2026, 12) == (date(2026, 12, 1), date(2026, 12, 31))
    assert month_range(2026, 2) == (date(2026, 2, 1), date(2026, 2, 28))
    assert month_range(2028, 2) == (date(2028, 2, 1), date(2028, 2, 29))


def test_shift_month_crosses_year_ends_both_ways():
    assert shift_month(2026, 11, 1) == (2026, 12)
    assert shift_month(2026, 12, 1) == (2027, 1)
    assert shift_month(2026, 1, -1) == (2025, 12)
    assert shift_month(2026, 3, -15) == (2024, 12)
    assert shift_month(2026, 5, 0) == (2026, 5)
