"""The time typed beside a 值班记事 ("02:10", "2:10", "0210"): the moment of the shift at that clock time."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from dutyroom.domain.localtime import to_local, zone
from dutyroom.errors import ValidationError
from dutyroom.services.handover.records import ShiftSpan

_TIME = re.compile(r"^\s*(\d{1,2})\s*[:：.]?\s*(\d{2})\s*$")


def entry_instant(text: str, span: ShiftSpan, zone_name: str) -> datetime | None:
    """None for an empty box (the service takes now); else the instant within the shift at that local time.
    A shift of 24 hours meets each clock time once; its start's own minute is the start."""
    if not text.strip():
        return None
    found = _TIME.match(text)
    if not found or int(found[1]) > 23 or int(found[2]) > 59:
        raise ValidationError({"at": "时间请写成 时:分，如 02:10"})
    at = time(int(found[1]), int(found[2]))
    start = to_local(span.starts_at, zone_name)
    local = datetime.combine(start.date(), at, tzinfo=zone(zone_name))
    if local < start:
        local += timedelta(days=1)
    if local >= span.ends_at:
        raise ValidationError({"at": "这个时间不在本班内"})
    return local
