"""What 值班首页 shows, as plain data: one Block per section, made by a Section from the services.

No Qt here, so the benchmark (bench/glance.py) builds exactly what the page shows without a window, and
tests read the blocks directly. Every section reads only bounded things (today, open, next): what it
costs does not grow with the years of history in the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from dutyroom.domain.localtime import to_local, zone
from dutyroom.errors import DutyRoomError
from dutyroom.services.events import EntityKind
from dutyroom.services.incidents.records import ClockRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

#: how the live part of an item moves with the window's one tick
LIVE_DEADLINE = "deadline"  # "剩余 01:12:05" / "超时 00:00:01" to due_at, as the deadline strip says it
LIVE_HANDOVER = "handover"  # "还剩 5 小时 12 分" to due_at, as the on-duty panel says it

#: tones: the colour of a line; its words always say the same (colour is never the only signal)
ALARM, WARNING, OK = "alarm", "warning", "ok"


@dataclass(frozen=True)
class Item:
    """One line of a section."""

    text: str
    target: object = None  # what Enter opens on the section's page (an id, a day); None: the page as it is
    due_at: datetime | None = None  # the live part counts to this instant
    live: str = ""  # LIVE_DEADLINE / LIVE_HANDOVER, or "" for a line that does not move
    clock: ClockRecord | None = None  # a deadline's state (warning, urgent, overdue) is computed from it
    tone: str = ""
    detail: str = ""  # the tooltip: what the line had to leave out


@dataclass(frozen=True)
class Block:
    key: str
    title: str
    summary: str = ""  # one line under the title
    items: tuple[Item, ...] = ()
    more: str = ""  # what the items leave out ("另有 5 个")
    empty: str = ""  # what the section says when it has nothing
    #: the section must be read again at this instant even if nothing changes (handover, midnight, a job ran)
    boundary: datetime | None = None
    failed: str = ""  # the section could not be read: this message, and the rest of the page still shows


class Section:
    """One block of the page. A new section is a subclass and one line in SECTIONS (sections.py)."""

    key = ""
    title = ""
    #: the page it comes from: class name and title, for the jump key; "" when there is none
    page = ""
    page_title = ""
    mnemonic = ""  # Alt+<letter> jumps to the page (not D, V, H: the menus have them)
    column = 0  # which column of the page it sits in
    watches: frozenset[EntityKind] = frozenset()

    def build(self, services: Services, now: datetime) -> Block:
        raise NotImplementedError


def build_blocks(services: Services, sections: Iterable[Section], now: datetime | None = None) -> dict[str, Block]:
    """The blocks of these sections at `now` (default: the services' clock). A section that fails says so
    in its own block; the others still show."""
    now = now or services.clock.now()
    blocks = {}
    for section in sections:
        try:
            blocks[section.key] = section.build(services, now)
        except DutyRoomError as exc:
            blocks[section.key] = Block(section.key, section.title, failed=f"读取失败：{exc.message}")
    return blocks


# -- wording the sections share -------------------------------------------------------------------

def local_today(now: datetime, zone_name: str):
    return to_local(now, zone_name).date()


def next_midnight(now: datetime, zone_name: str) -> datetime:
    """The next office-local midnight: "today" sections are read again when the day turns."""
    local = to_local(now, zone_name)
    return datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), tzinfo=zone(zone_name))


def when_text(at: datetime, now: datetime, zone_name: str, *, seconds: bool = False) -> str:
    """"09:05" today, "11月20日 09:05" another day; `seconds` for a deadline whose countdown moves by the second."""
    local, today = to_local(at, zone_name), local_today(now, zone_name)
    time_of_day = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return time_of_day if local.date() == today else f"{local.month}月{local.day}日 {time_of_day}"


def shortened(text: str, length: int = 28) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1] + "…"


def more_text(total: int, shown: int, unit: str = "项") -> str:
    return f"另有 {total - shown} {unit}未列出" if total > shown else ""


def counted(pairs: Mapping[str, int] | Iterable[tuple[str, int]]) -> str:
    """"转办 3 · 报告领导 1": the non-zero counts, in the order given."""
    items = pairs.items() if isinstance(pairs, Mapping) else pairs
    return " · ".join(f"{label} {n}" for label, n in items if n)
