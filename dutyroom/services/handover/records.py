"""Plain data of the handover area (交接班 / 值班日志), for services, documents, the CLI and pages.

A shift is named by a `ShiftKey` (roster day + shift name, domain/handover.py). Times are aware UTC.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from dutyroom.domain.handover import ShiftKey, ShiftSpan
from dutyroom.domain.vocabulary import EquipmentState, HandoverStatus, ItemClosing, ItemSource

#: longest 值班记事 line, item title, and long note (closing note, reason, amendment, comment)
ENTRY_MAX = 1000
TITLE_MAX = 200
NOTE_MAX = 2000

__all__ = ["ShiftKey", "ShiftSpan"]


# -- what the officer types into the log --------------------------------------------------------------
@dataclass(frozen=True)
class LogEntryRecord:
    """值班记事: one timed line of the duty log."""

    id: int
    at: datetime
    text: str
    author: str
    version: int = 0


@dataclass
class EquipmentRecord:
    """One piece of equipment on the list checked every shift (administrator edits the list)."""

    name: str
    sort_order: int = 0
    active: bool = True
    id: int | None = None
    version: int = 0


@dataclass(frozen=True)
class EquipmentStatusRecord:
    """One piece of equipment in one shift; `state` None means not checked yet in this shift."""

    name: str
    state: EquipmentState | None = None
    description: str = ""
    checked_at: datetime | None = None
    checked_by: str = ""
    version: int = 0


# -- handover items (交接事项) -------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemRecord:
    """交接事项, with every shift that held it (oldest first). `overdue` is computed from now."""

    id: int
    title: str
    detail: str
    due_at: datetime | None
    source: ItemSource
    source_id: str
    opened_at: datetime
    opened_by: str
    opened_shift: ShiftKey
    holder: ShiftKey
    holders: tuple[ShiftKey, ...] = ()
    closed_at: datetime | None = None
    closed_by: str = ""
    closing: ItemClosing | None = None
    closing_note: str = ""
    overdue: bool = False
    version: int = 0
    #: still open and held by a shift already handed over: the incoming officer did not take it (flag it)
    left_behind: bool = False

    @property
    def open(self) -> bool:
        return self.closed_at is None

    @property
    def state_label(self) -> str:
        if self.closing is not None:
            return self.closing.label
        return "已超期" if self.overdue else "待办"


@dataclass(frozen=True)
class ProposedItem:
    """An open matter the program proposes as a handover item (from a call, a clock, a 整改 …)."""

    source: ItemSource
    source_id: str
    title: str
    detail: str = ""
    due_at: datetime | None = None


@dataclass(frozen=True)
class ProposalContext:
    """What a proposer is asked about: the shift handing over and the one taking over."""

    outgoing: ShiftSpan
    incoming: ShiftSpan
    now: datetime


#: a source of proposals; the handover service asks each in turn (add one with one line in shift_sources.py)
Proposer = Callable[[ProposalContext], list[ProposedItem]]


# -- the handover (交接班) ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AckRecord:
    """One item at a handover: ticked by the incoming officer, or left with the outgoing shift (flagged)."""

    item_id: int
    title: str
    acknowledged: bool


@dataclass(frozen=True)
class AmendmentRecord:
    """A correction of a sealed handover: who, when, why, what."""

    at: datetime
    by: str
    reason: str
    correction: str


@dataclass(frozen=True)
class ReviewRecord:
    """带班领导审阅 of a shift, from the leader's own account."""

    reviewer: str
    at: datetime
    comment: str = ""


@dataclass(frozen=True)
class HandoverRecord:
    """A sealed handover (or a shift recorded as not handed over). Never changes; amendments add to it."""

    id: int
    shift: ShiftKey
    next_shift: ShiftKey | None
    status: HandoverStatus
    outgoing: str
    incoming: str
    handed_at: datetime
    window_opens: datetime
    window_closes: datetime
    outside_reason: str
    approved_by: str
    sealed_at: datetime
    anchor_seq: int
    anchor_hash: str
    acks: tuple[AckRecord, ...] = ()
    amendments: tuple[AmendmentRecord, ...] = ()
    summary: dict = field(default_factory=dict)  # what the outgoing shift handed over, as it was
    version: int = 0

    @property
    def missed(self) -> bool:
        return self.status == HandoverStatus.MISSED

    @property
    def outside_window(self) -> bool:
        return not self.missed and not (self.window_opens <= self.handed_at <= self.window_closes)

    @property
    def left_items(self) -> tuple[AckRecord, ...]:
        """Items the incoming officer did not tick: they stayed with the outgoing shift."""
        return tuple(a for a in self.acks if not a.acknowledged)

    @property
    def anchor_text(self) -> str:
        """The audit-chain head printed on the record: "第 1234 条 / 3f2a…" (full hash)."""
        return f"审计链第 {self.anchor_seq} 条，哈希 {self.anchor_hash}"


@dataclass(frozen=True)
class HandoverDraft:
    """What the outgoing officer sees on opening 交班: the window, the items, who should take over."""

    outgoing: ShiftSpan
    incoming: ShiftSpan
    window_opens: datetime
    window_closes: datetime
    outside_text: str  # "" inside the window; else the question asking for a reason
    items: tuple[ItemRecord, ...]
    incoming_rostered: tuple[str, ...]  # names on the roster for the incoming shift
    handover: HandoverRecord | None = None  # set when the shift is already handed over (or missed)

    @property
    def in_window(self) -> bool:
        return not self.outside_text


# -- the duty log (值班日志) -----------------------------------------------------------------------------
@dataclass(frozen=True)
class OnDuty:
    """Who was on the roster for the shift (after swaps and substitutions), names only."""

    leaders: tuple[str, ...] = ()
    officers: tuple[str, ...] = ()
    standby: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()  # "代班：张三 → 李四（原因）", one line each

    @property
    def everyone(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.leaders, *self.officers, *self.standby)))


@dataclass(frozen=True)
class LoginLine:
    at: datetime
    name: str


@dataclass(frozen=True)
class CallLine:
    """A notable call of the shift: 转办, 报告领导, 苗头性/普遍性, or a follow-up overdue."""

    at: datetime
    caller: str
    summary: str
    outcome: str  # the outcome's Chinese label
    marks: str = ""  # "苗头性、已超期" …


@dataclass(frozen=True)
class ClockLine:
    rule_name: str
    due_at: datetime
    outcome: str  # "按时（提前 12 分钟）" / "迟报 15 分钟" / "未完成" / "已取消"


@dataclass(frozen=True)
class IncidentLine:
    title: str
    received_at: datetime
    level: str
    status: str
    reports: tuple[str, ...] = ()  # "首报 03:10" … reports sent in the shift
    clocks: tuple[ClockLine, ...] = ()


@dataclass(frozen=True)
class RollCallLine:
    at: datetime
    kind: str
    status: str
    result: str  # "5 个单位，在岗 4 个" or ""


@dataclass(frozen=True)
class RectificationLine:
    unit: str
    requirement: str
    due_on: date
    overdue: bool


@dataclass(frozen=True)
class ShiftActivity:
    """What the other areas recorded in the shift (built by services/shift_sources.py)."""

    calls_total: int = 0
    call_counts: tuple[tuple[str, int], ...] = ()  # (outcome label, count)
    notable_calls: tuple[CallLine, ...] = ()
    incidents: tuple[IncidentLine, ...] = ()
    rollcalls: tuple[RollCallLine, ...] = ()
    open_rectifications: tuple[RectificationLine, ...] = ()
    instructions: tuple[str, ...] = ()  # 领导批示 given in the shift, one line each
    empty_posts: tuple[str, ...] = ()  # 空岗 records of the shift, one line each (with explanation, who closed)


@dataclass(frozen=True)
class DutyLogRecord:
    """Everything the 值班日志 of one shift shows and prints, already ordered."""

    shift: ShiftKey
    starts_at: datetime
    ends_at: datetime
    office_name: str
    time_zone: str
    on_duty: OnDuty
    logins: tuple[LoginLine, ...]
    activity: ShiftActivity
    entries: tuple[LogEntryRecord, ...]
    equipment: tuple[EquipmentStatusRecord, ...]
    items: tuple[ItemRecord, ...]  # held by the shift, opened in it, or closed in it
    handover: HandoverRecord | None
    reviews: tuple[ReviewRecord, ...]
    printed_at: datetime
    sealed: bool = False  # the shift was handed over: its own entries and equipment no longer change
    audit_head: str = ""  # SEQ:HASH of the audit chain when printed: an anchor outside the database


@dataclass(frozen=True)
class HandoverFigures:
    """How the handovers of a period went, for the leader's overview and the monthly duty figures."""

    first: date
    last: date
    shifts: int  # shifts whose handover window has closed (or that were handed over) in the period
    on_time: int  # sealed inside the window
    late: int  # sealed outside the window, with a reason
    missed: int  # recorded as not handed over
    approved: int  # incoming officer not on the roster, approved by a leader
    items_left: int  # items the incoming officer did not take
    reviewed: int  # shifts the leader reviewed

    @property
    def on_time_rate(self) -> float | None:
        return None if not self.shifts else self.on_time / self.shifts


# -- who holds the duty now (alarms address them) --------------------------------------------------------
@dataclass(frozen=True)
class DutyHolder:
    """Who the open clocks' alarms address now: the incoming officer from the moment a handover is sealed,
    the officer who took the previous shift while its handover is still owed, else the roster's officers."""

    name: str  # "孙明", or the roster's names "、"-separated
    shift: str  # the shift's label, "2026年11月21日 白班"
    since: datetime | None = None  # when they took over (handover sealed), None when only the roster says so
    user_id: int | None = None  # the account that confirmed the handover
    handover_owed: bool = False  # their shift has ended and they have not handed over yet

    def words(self, zone: ZoneInfo) -> str:
        """"当班：孙明（08:32 接班）", as the alarm banner and the tray say it."""
        if self.since is None:
            return f"当班：{self.name}"
        owed = "，尚未交班" if self.handover_owed else ""
        return f"当班：{self.name}（{self.since.astimezone(zone):%H:%M} 接班{owed}）"
