"""空岗 rules: when the night's presence checks fall, and when a post counts as empty. Pure: no database.

The presence-check moments are drawn from the night's date keyed with the office's secret (HMAC-SHA256):
without the secret nobody can compute tonight's times in advance from this code; an auditor who has it
repeats the draw and checks that the program asked when it says it did; an officer cannot move them.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

#: the draw keeps this far from either end of the window, so a check never lands on its edge
EDGE_MINUTES = 5


def night_window(night: date, start: time, end: time, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The night that begins on `night` at `start` and ends at `end` (the next day when end ≤ start)."""
    lo = datetime.combine(night, start, tzinfo=zone)
    hi_day = night + timedelta(days=1) if end <= start else night
    return lo, datetime.combine(hi_day, end, tzinfo=zone)


def night_of(instant: datetime, start: time, end: time, zone: ZoneInfo) -> date:
    """The night whose window contains `instant`, or the last one that began before it."""
    local = instant.astimezone(zone)
    for night in (local.date(), local.date() - timedelta(days=1)):
        lo, hi = night_window(night, start, end, zone)
        if lo <= instant < hi:
            return night
    lo, _ = night_window(local.date(), start, end, zone)
    return local.date() if instant >= lo else local.date() - timedelta(days=1)


#: how the draw is made, in the words its audit record gives an auditor
DRAW_METHOD = "random.Random(HMAC-SHA256(密钥, 'presence-check:日期').hexdigest()).sample(可选分钟, 次数)"


#: the least time between two presence checks of one night (the answer window is 5 minutes)
MIN_GAP_MINUTES = 30


def secret_fingerprint(secret: str) -> str:
    """Which secret a draw used, without revealing it: the first 12 hex digits of its SHA-256."""
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


def presence_moments(night: date, start: time, end: time, count: int, zone: ZoneInfo, secret: str) -> list[datetime]:
    """`count` distinct minutes at random in the night's window, earliest first; the same for the same secret."""
    lo, hi = night_window(night, start, end, zone)
    minutes = int((hi - lo).total_seconds() // 60) - 2 * EDGE_MINUTES
    if count <= 0 or minutes <= 0:
        return []
    key = hmac.new(secret.encode(), f"presence-check:{night.isoformat()}".encode(), hashlib.sha256).hexdigest()
    rng = random.Random(key)  # a str seed is hashed the same on every run and every Python
    count = min(count, minutes)
    # Two checks minutes apart would be one check twice: keep them MIN_GAP_MINUTES apart where the night
    # has room. Drawing from a range shortened by the gaps, then spreading the sorted picks by them, keeps
    # every spaced set of moments equally likely.
    gap = min(MIN_GAP_MINUTES, (minutes - 1) // max(1, count - 1)) if count > 1 else 0
    picks = sorted(rng.sample(range(minutes - gap * (count - 1)), count))
    return [(lo + timedelta(minutes=EDGE_MINUTES + m + i * gap)).astimezone(ZoneInfo("UTC"))
            for i, m in enumerate(picks)]


def handover_unconfirmed(handover_at: datetime, confirmed_at: datetime | None, now: datetime,
                         limit_minutes: int) -> bool:
    """Rule (1): the incoming officer has not confirmed `limit_minutes` after the handover time."""
    deadline = handover_at + timedelta(minutes=limit_minutes)
    return now >= deadline and (confirmed_at is None or confirmed_at > deadline)


def absence_long_enough(absent_since: datetime | None, now: datetime, limit_minutes: int) -> bool:
    """Rule (3): nobody rostered has been logged in on the duty workstation for `limit_minutes`."""
    return absent_since is not None and now - absent_since >= timedelta(minutes=limit_minutes)
