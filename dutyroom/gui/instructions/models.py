"""The ledger of instructions on screen: lazy (a page at a time), open ones first, overdue said in words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from dutyroom.domain.instruction_text import giver, overdue_words
from dutyroom.domain.localtime import format_local
from dutyroom.gui.common.paged_model import Index, PagedTableModel
from dutyroom.services.records import InstructionRecord

PAGE_SIZE = 200
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2


def status_text(item: InstructionRecord, now: datetime) -> str:
    """"▲ 落实中（已超期 2 小时）": an icon and words, so colour is never the only signal."""
    if item.is_overdue(now) and item.due_at is not None:
        return f"▲ {item.status.label}（{overdue_words(item.due_at, now)}）"
    return ("✓ " if not item.is_open else "") + item.status.label


class InstructionListModel(PagedTableModel):
    headers = ("批示时间", "批示领导", "批示内容", "事由", "转达", "落实期限", "状态")

    def __init__(self, fetch_page: Callable[[InstructionRecord | None, int], list[InstructionRecord]],
                 now: Callable[[], datetime], zone_name: Callable[[], str], page_size: int = PAGE_SIZE, parent=None,
                 fetch_one: Callable[[int], InstructionRecord | None] | None = None):
        super().__init__(fetch_page, page_size, parent, fetch_one=fetch_one)
        self._now, self._zone = now, zone_name

    def record_key(self, record: InstructionRecord) -> int:
        return record.id or 0

    def sort_key(self, record: InstructionRecord) -> tuple[bool, float, int]:
        # The service's order: open ones first, then newest given first.
        return not record.is_open, -record.given_at.timestamp(), -(record.id or 0)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.headers):
            return None
        item = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(item, index.column(), role == Qt.ItemDataRole.ToolTipRole)
        if role == RECORD_ROLE:
            return item
        if role == Qt.ItemDataRole.FontRole and index.column() == 6 and item.is_overdue(self._now()):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, item: InstructionRecord, column: int, full: bool) -> str:
        zone = self._zone()
        if column == 0:
            return format_local(item.given_at, zone, "%m-%d %H:%M")
        if column == 1:
            return giver(item) if item.leader or item.leader_title else "—"
        if column == 2:
            return item.text if full else item.text.replace("\n", " ")
        if column == 3:
            return f"{item.subject.label}：{item.about}" if item.about else item.subject.label
        if column == 4:
            if not item.passed_to:
                return "尚未转达"
            return f"{item.passed_to}（{item.pass_channel.label}）" if item.pass_channel else item.passed_to
        if column == 5:
            return format_local(item.due_at, zone, "%m-%d %H:%M") if item.due_at else "—"
        return status_text(item, self._now())
