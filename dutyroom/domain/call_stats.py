"""The arithmetic of the call statistics (来电统计) and of the digest's call lines. Pure: no database.

办理率 (handled rate) = handled ÷ needing handling. Needing handling: every incoming call except
无效来电. Handled: answered or reported on the spot, closed, or a 转办 call the unit reported closed.
Outgoing calls are the office's own and count in neither.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from dutyroom.domain.vocabulary import CallDirection, CallOutcome, FollowUpStatus

#: a summary that starts with what the caller did needs no "反映" before it
_SPEAKING = ("反映", "举报", "投诉", "咨询", "询问", "求助", "报告", "要求", "称", "来电", "请求", "建议", "报称")
#: offices are judged by a handled rate of at least this
TARGET_RATE = 0.95
EMPTY = "—"

_HANDLED_ON_THE_SPOT = {CallOutcome.ANSWERED.value, CallOutcome.REPORTED.value, CallOutcome.CLOSED.value}


def needs_handling(direction: str, outcome: str) -> bool:
    return direction == CallDirection.INCOMING.value and outcome != CallOutcome.INVALID.value


def is_handled(direction: str, outcome: str, follow_status: str | None) -> bool:
    if not needs_handling(direction, outcome):
        return False
    if outcome == CallOutcome.ASSIGNED.value:
        return follow_status == FollowUpStatus.CLOSED.value
    return outcome in _HANDLED_ON_THE_SPOT


def handled_rate(handled: int, needing: int) -> float | None:
    return handled / needing if needing else None


def rate_text(rate: float | None) -> str:
    """"55.6%" for 5 ÷ 9: rounded half up to a tenth, as an office rounds by hand.

    Rounding never crosses a line the rate has not reached: 99.96 % shows 99.9 %, not a complete 100.0 %,
    and 94.96 % shows 94.9 %, not the 95 % every office is held to.
    """
    if rate is None:
        return EMPTY
    tenths = math.floor(rate * 1000 + 0.5 + 1e-9)
    for line in (TARGET_RATE, 1.0):
        if rate < line <= tenths / 1000:
            tenths = math.ceil(line * 1000 - 1e-9) - 1
    return f"{tenths / 10:.1f}%"


def share_text(count: int, total: int) -> str:
    return f"{count / total * 100:.1f}%" if total else EMPTY


def ordered_counts(counts: Mapping[str, int], order: Sequence[str] = (), *,
                   keep_zeros: bool = True) -> list[tuple[str, int]]:
    """`order` first (with zero counts when keep_zeros), then every other label, most calls first."""
    rows = [(label, counts.get(label, 0)) for label in order if keep_zeros or counts.get(label)]
    known = set(order)
    rest = sorted(((label, n) for label, n in counts.items() if label not in known and n),
                  key=lambda item: (-item[1], item[0]))
    return rows + rest


def days_of(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def day_label(day: date) -> str:
    return f"{day.month:02d}-{day.day:02d}"


def count_by_day(buckets: Iterable[tuple[date, int]], first: date, last: date) -> list[tuple[str, int]]:
    """Sum counts per local date over every day of the period, zeros included."""
    totals = {day: 0 for day in days_of(first, last)}
    for day, count in buckets:
        if day in totals:
            totals[day] += count
    return [(day_label(day), count) for day, count in totals.items()]


def reported_text(note: str) -> str:
    """What 报告领导 says with its note: "已报告带班领导李主任", or the note when it says so itself."""
    note = (note or "").strip()
    if not note:
        return "已报告领导"
    return note if re.search("报告|请示|汇报|呈报|报送", note) else f"已报告{note}"


def shorten(text: str, limit: int) -> str:
    """One line of at most `limit` characters, cut with "……"."""
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[:limit - 1].rstrip("，。；、,.; ") + "……"


def notable_line(when: str, who: str, summary: str, notes: Sequence[str], *, outgoing: bool = False,
                 limit: int = 80) -> str:
    """"14:05 城关街道 张三反映……（转办区水务局）": one line of the 每日要情 per notable call."""
    text = shorten(summary, limit).rstrip("。；;.， ")
    if outgoing:
        head = f"{when} 去电{who}：" if who else f"{when} 去电："
    else:
        verb = "" if text.startswith(_SPEAKING) else "反映"  # "张三举报……", not "张三反映举报……"
        head = f"{when} {who}{verb}" if who else f"{when} 来电{verb or '：'}"
    tail = f"（{'，'.join(n for n in notes if n)}）" if any(notes) else ""
    return head + text + tail
