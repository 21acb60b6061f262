"""每日要情: the 24 hours it covers (18:00 the day before to 18:00) and how that period is written.

Both the services (which incidents and calls fall in the period) and the report (its subtitle) use it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from dutyroom.domain.localtime import DEFAULT_ZONE, format_date_cn
from dutyroom.domain.localtime import zone as office_zone

CUTOFF = time(18, 0)


def period_text(day: date) -> str:
    """"（2026年11月20日18时至11月21日18时）"."""
    before = day - timedelta(days=1)
    end = f"{day.month}月{day.day}日" if before.year == day.year else format_date_cn(day)
    return f"（{format_date_cn(before)}18时至{end}18时）"


def period_bounds(day: date, zone: str = DEFAULT_ZONE) -> tuple[datetime, datetime]:
    """The aware instants the 每日要情 of `day` covers: 18:00 the day before to 18:00 that day."""
    end = datetime.combine(day, CUTOFF, office_zone(zone))
    return end - timedelta(days=1), end
