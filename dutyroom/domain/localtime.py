"""Office-time display: instants are stored in UTC and shown in the office's zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
DEFAULT_ZONE = "Asia/Shanghai"


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def is_valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def to_local(instant: datetime, zone_name: str | None) -> datetime:
    return instant.astimezone(zone(zone_name))


def weekday_name(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def format_date_cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def format_local(instant: datetime | None, zone_name: str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if instant is None:
        return ""
    return to_local(instant, zone_name).strftime(fmt)
