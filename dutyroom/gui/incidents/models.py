"""Table models of the 突发事件 page: the incident list (lazy, a page at a time), and for the selected
incident its clocks, its report chain and its leaders' instructions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from dutyroom.domain.deadlines import clock_state
from dutyroom.domain.localtime import format_local
from dutyroom.gui.clocks import STATE_SIGNS, countdown_text, due_text
from dutyroom.gui.common.paged_model import Index, PagedTableModel
from dutyroom.gui.common.table_model import Column, RecordTableModel
from dutyroom.services.incidents.records import ClockRecord, IncidentRecord, InstructionRecord, ReportRecord

PAGE_SIZE = 200
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2


def clock_status(clock: ClockRecord, now: datetime) -> str:
    """What a clock's state is, in icon and words: "▲ 将到期", "按时（提前 12 分钟）", "迟报 8 分钟"."""
    state, _ = clock_state(clock, now)
    if state.value in STATE_SIGNS:
        icon, words = STATE_SIGNS[state.value]
        if state.value == "overdue" and clock.acknowledged_by:
            words += f"（{clock.acknowledged_by}已确认）"
        return f"{icon} {words}"
    if state.value == "met":
        early = -(clock.minutes_late or 0)
        return f"✓ 按时（提前 {early} 分钟）" if early > 0 else "✓ 按时"
    if state.value == "late":
        return f"✗ 迟报 {clock.minutes_late} 分钟"
    return f"— 已取消（{clock.cancel_reason}）" if clock.cancel_reason else "— 已取消"


def nearest_text(clock: ClockRecord | None, now: datetime, zone_name: str) -> str:
    if clock is None:
        return "—"
    state = clock_state(clock, now)[0].value
    icon, words = STATE_SIGNS[state]
    text = f"{icon} {due_text(clock.due_at, now, zone_name)} 截止 · {clock.rule_name}"
    return text if state == "normal" else f"{text}（{words}）"


class IncidentListModel(PagedTableModel):
    """Newest received first; rows arrive a page at a time as the view scrolls (canFetchMore/fetchMore)."""

    headers = ("接报时间", "标题", "类别", "级别", "状态", "最近时限")

    def __init__(self, fetch_page: Callable[[IncidentRecord | None, int], list[IncidentRecord]],
                 now: Callable[[], datetime], zone_name: Callable[[], str], page_size: int = PAGE_SIZE, parent=None,
                 fetch_one: Callable[[int], IncidentRecord | None] | None = None):
        super().__init__(fetch_page, page_size, parent, fetch_one=fetch_one)
        self._now = now
        self._zone = zone_name  # a plain attribute read: it is asked once per painted time cell
        self._nearest: dict[int, ClockRecord] = {}

    def record_key(self, record: IncidentRecord) -> int:
        return record.id

    def sort_key(self, record: IncidentRecord) -> tuple[float, int]:
        # The list runs newest received first; ties broken by id, as the service pages.
        return -record.received_at.timestamp(), -(record.id or 0)

    def set_nearest(self, nearest: dict[int, ClockRecord], notify: bool = True) -> None:
        self._nearest = nearest
        if self._rows and notify:
            self.dataChanged.emit(self.index(0, 5), self.index(len(self._rows) - 1, 5))

    def incident(self, row: int) -> IncidentRecord:
        return self.record(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.headers):
            return None
        record = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(record, index.column())
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.FontRole and index.column() == 5:
            clock = self._nearest.get(record.id)
            if clock is not None and clock_state(clock, self._now())[0].value in ("urgent", "overdue"):
                font = QFont()
                font.setBold(True)
                return font
        return None

    def _text(self, record: IncidentRecord, column: int) -> str:
        if column == 0:
            return format_local(record.received_at, self._zone())
        if column == 1:
            return record.title
        if column == 2:
            return record.category.label + ("（敌社宗动态）" if record.security_development else "")
        if column == 3:
            return record.level.label
        if column == 4:
            return record.status.label
        return nearest_text(self._nearest.get(record.id), self._now(), self._zone())

class ClockModel(RecordTableModel):
    """Every clock of one incident side by side: open ones count down, completed ones show their frozen outcome.

    The countdown is read at the instant of the window's one tick (`tick`), the instant the deadline strip
    shows, so the table and the strip never differ by a second; the deadline is shown to the second."""

    def __init__(self, now: Callable[[], datetime], zone_name: Callable[[], str], parent=None):
        super().__init__(parent)
        self._now = now
        self._instant: datetime | None = None
        at = self.instant
        self.columns = (
            Column("报送时限", lambda c: c.rule_name),
            Column("截止时间", lambda c: format_local(c.due_at, zone_name(), "%m-%d %H:%M:%S"),
                   sort_key=lambda c: c.due_at),
            Column("状态", lambda c: clock_status(c, at()), bold=lambda c: c.open and c.due_at < at()),
            Column("剩余 / 超时", lambda c: countdown_text(c.due_at, at()) if c.open else
                   (format_local(c.completed_at, zone_name(), "已报 %m-%d %H:%M") if c.completed else "")),
            Column("完成要求", lambda c: c.requirement),
        )

    def instant(self) -> datetime:
        """The last tick's instant; before the first tick, now."""
        return self._instant if self._instant is not None else self._now()

    def tick(self, now: datetime, *, repaint: bool = True) -> None:
        """Move on to the tick's instant; the status and countdown columns repaint (`repaint`: shown)."""
        self._instant = now
        if repaint and self._records:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._records) - 1, 3))

    def is_inactive(self, record) -> bool:
        return not record.open


def _sent(report: ReportRecord, zone_name: str) -> str:
    return format_local(report.sent_at, zone_name, "%m-%d %H:%M") if report.sent_at else "（草稿，未报送）"


class ReportChainModel(RecordTableModel):
    def __init__(self, zone_name: Callable[[], str], parent=None):
        super().__init__(parent)
        self.columns = (
            Column("报告", lambda r: r.title, bold=lambda r: r.sent_at is None),
            Column("报送时间", lambda r: _sent(r, zone_name())),
            Column("方式", lambda r: r.channel.label),
            Column("上报对象", lambda r: r.recipients),
            Column("报送人", lambda r: r.sent_by),
            Column("签发人", lambda r: r.signer),
        )


class InstructionModel(RecordTableModel):
    def __init__(self, zone_name: Callable[[], str], parent=None):
        super().__init__(parent)
        self.columns = (
            Column("批示时间", lambda i: format_local(i.given_at, zone_name(), "%m-%d %H:%M"),
                   sort_key=lambda i: i.given_at),
            Column("领导", lambda i: i.leader),
            Column("批示内容", lambda i: i.text.replace("\n", " ")),
        )


__all__ = ["ClockModel", "IncidentListModel", "InstructionModel", "InstructionRecord", "ReportChainModel"]
