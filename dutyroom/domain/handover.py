"""Handover (交接班) rules without a database: which shift an instant belongs to, the handover window
around a shift's end, and how open items are carried from one shift to the next.

A shift is [start, end): at the handover minute the incoming shift is on, so a call at 08:29:59
belongs to the night that ends and one at 08:30:00 to the day that starts. With no shift defined
the duty room still works in 24-hour shifts from the office's handover time (08:30 by default).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dutyroom.domain.roster import ShiftSpec, shift_after, shift_at

DEFAULT_BEFORE_MINUTES = 30  # the handover window opens this long before the shift ends
DEFAULT_AFTER_MINUTES = 60  # and closes this long after
FALLBACK_SHIFT_NAME = ""  # a log kept without shift definitions: one shift per day, unnamed


@dataclass(frozen=True)
class ShiftKey:
    """One shift: the roster day it starts on and its name ("" when the office has no named shifts)."""

    day: date
    name: str = ""

    @property
    def label(self) -> str:
        text = f"{self.day.year}年{self.day.month}月{self.day.day}日"
        return f"{text} {self.name}" if self.name else text


@dataclass(frozen=True)
class ShiftSpan:
    """A shift with its instants: [starts_at, ends_at) as aware datetimes."""

    key: ShiftKey
    starts_at: datetime
    ends_at: datetime

    def holds(self, at: datetime) -> bool:
        return self.starts_at <= at < self.ends_at


def fallback_spec(handover_time: time) -> ShiftSpec:
    """The 24-hour shift from the handover time that stands in when no shift is defined."""
    return ShiftSpec(id=0, name=FALLBACK_SHIFT_NAME, start=handover_time, duration_minutes=24 * 60)


def _specs(specs: Iterable[ShiftSpec], handover_time: time) -> list[ShiftSpec]:
    active = [s for s in specs if s.active]
    return active or [fallback_spec(handover_time)]


def span_of(day: date, spec: ShiftSpec, zone: ZoneInfo) -> ShiftSpan:
    start, end = spec.window(day, zone)
    return ShiftSpan(ShiftKey(day, spec.name), start, end)


def shift_containing(at: datetime, specs: Iterable[ShiftSpec], zone: ZoneInfo,
                     handover_time: time = time(8, 30)) -> ShiftSpan:
    """The shift `at` falls in; a gap between defined shifts counts to the shift that ended last."""
    specs = _specs(specs, handover_time)
    found = shift_at(at, specs, zone)
    if found is not None:
        return span_of(found[0], found[1], zone)
    # An instant in a gap between shifts (a day shift with no night shift): the one that ended before it.
    local_day = at.astimezone(zone).date()
    ended = [span_of(local_day - timedelta(days=back), spec, zone) for back in range(3) for spec in specs]
    ended = [s for s in ended if s.ends_at <= at]
    return max(ended, key=lambda s: s.ends_at)


def shift_named(key: ShiftKey, specs: Iterable[ShiftSpec], zone: ZoneInfo,
                handover_time: time = time(8, 30)) -> ShiftSpan | None:
    """The span of a shift given by day and name; None when no shift has that name."""
    for spec in _specs(specs, handover_time):
        if spec.name == key.name:
            return span_of(key.day, spec, zone)
    return None


def shifts_of_day(day: date, specs: Iterable[ShiftSpec], zone: ZoneInfo,
                  handover_time: time = time(8, 30)) -> list[ShiftSpan]:
    """The shifts that start on a roster day, earliest first."""
    spans = [span_of(day, spec, zone) for spec in _specs(specs, handover_time)]
    return sorted(spans, key=lambda s: s.starts_at)


def next_shift(span: ShiftSpan, specs: Iterable[ShiftSpec], zone: ZoneInfo,
               handover_time: time = time(8, 30)) -> ShiftSpan:
    """The shift that takes over from `span`: the one on at its end, else the first to start after."""
    specs = _specs(specs, handover_time)
    found = shift_at(span.ends_at, specs, zone)
    if found is None or span_of(found[0], found[1], zone).key == span.key:
        found = shift_after(span.ends_at - timedelta(microseconds=1), specs, zone)
    assert found is not None  # _specs never returns an empty list
    return span_of(found[0], found[1], zone)


# -- the handover window --------------------------------------------------------------------------
@dataclass(frozen=True)
class HandoverWindow:
    opens_at: datetime
    closes_at: datetime

    def contains(self, at: datetime) -> bool:
        return self.opens_at <= at <= self.closes_at

    def minutes_outside(self, at: datetime) -> int:
        """How many whole minutes before the window opened (negative) or after it closed (positive); 0 inside."""
        if at < self.opens_at:
            return -int((self.opens_at - at).total_seconds() // 60) or -1
        if at > self.closes_at:
            return int((at - self.closes_at).total_seconds() // 60) or 1
        return 0


def handover_window(span: ShiftSpan, before_minutes: int = DEFAULT_BEFORE_MINUTES,
                    after_minutes: int = DEFAULT_AFTER_MINUTES) -> HandoverWindow:
    return HandoverWindow(span.ends_at - timedelta(minutes=before_minutes),
                          span.ends_at + timedelta(minutes=after_minutes))


def minutes_words(minutes: int) -> str:
    """"45 分钟", "1 小时 20 分钟", "23 小时": an officer reads hours, not "1380 分钟"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} 分钟"
    return f"{hours} 小时" + (f" {rest} 分钟" if rest else "")


def outside_window_text(window: HandoverWindow, at: datetime) -> str:
    """What the officer is told when handing over outside the window ("" inside it)."""
    minutes = window.minutes_outside(at)
    if minutes < 0:
        return f"交接时间比交接窗口早 {minutes_words(-minutes)}，请填写提前交接的原因"
    if minutes > 0:
        return f"交接时间已超过交接窗口 {minutes_words(minutes)}，请填写延迟交接的原因"
    return ""


def is_missed(window: HandoverWindow, now: datetime, handed_over: bool) -> bool:
    """A shift whose handover window has closed with no handover recorded was not handed over."""
    return not handed_over and now > window.closes_at


# -- carrying items -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Carry:
    """What a handover does with the open items: the ticked ones go to the incoming shift, the
    others stay with the outgoing shift and are flagged on the record."""

    taken: tuple[int, ...]
    left: tuple[int, ...]


def carry(open_item_ids: Iterable[int], acknowledged: Iterable[int]) -> Carry:
    ids = list(dict.fromkeys(open_item_ids))
    ticked = set(acknowledged)
    return Carry(tuple(i for i in ids if i in ticked), tuple(i for i in ids if i not in ticked))


def unknown_acknowledgements(open_item_ids: Iterable[int], acknowledged: Iterable[int]) -> list[int]:
    """Ticks for items that are not open any more (closed meanwhile on another workstation)."""
    known = set(open_item_ids)
    return sorted(i for i in set(acknowledged) if i not in known)


def item_overdue(due_at: datetime | None, closed_at: datetime | None, now: datetime) -> bool:
    return due_at is not None and closed_at is None and now > due_at


def closing_problem(note: str) -> str | None:
    """A handover item leaves the list only with a note saying how (办结情况 or why it is dropped)."""
    if not (note or "").strip():
        return "请填写办结情况或不再交接的原因"
    if len(note) > 2000:
        return "说明太长（最多 2000 个字）"
    return None


@dataclass(frozen=True)
class LoginSummary:
    name: str
    first_at: datetime
    last_at: datetime
    count: int


def login_summary(logins: Iterable) -> list[LoginSummary]:
    """Who logged in during a shift, once per person, in order of their first login.

    Every unlock and 切换用户 is a login in the audit log; a duty log listing each one (ten lines for one officer)
    hides who was there. Items need `.name` and `.at`.
    """
    found: dict[str, LoginSummary] = {}
    for line in sorted(logins, key=lambda x: x.at):
        seen = found.get(line.name)
        found[line.name] = LoginSummary(line.name, line.at, line.at, 1) if seen is None else \
            LoginSummary(line.name, seen.first_at, line.at, seen.count + 1)
    return list(found.values())
