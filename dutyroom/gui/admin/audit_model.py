"""The audit log as a lazy table: it grows without bound, so rows are fetched a page at a time."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt

from dutyroom.gui.admin import audit_words
from dutyroom.gui.common.paged_model import Index, PagedTableModel
from dutyroom.services.audit import ENTITY_LABELS, action_label
from dutyroom.services.records import AuditEntry

PAGE_SIZE = 200
SUMMARY_LIMIT = 160


def summarize(entry: AuditEntry, zone_name: str) -> str:
    """One line a person can read: changed fields as 旧 → 新, or the values of a new/deleted record."""
    return audit_words.summarize(entry.entity_kind, entry.before, entry.after, zone_name)


class AuditModel(PagedTableModel):
    """Newest first. rowCount grows as the view asks for more (canFetchMore/fetchMore)."""

    headers = ("时间", "操作人", "操作", "对象", "编号", "内容摘要")

    def __init__(self, fetch_page: Callable[[AuditEntry | None, int], list[AuditEntry]], zone_name: Callable[[], str],
                 page_size: int = PAGE_SIZE, parent=None):
        super().__init__(fetch_page, page_size, parent)
        self._zone = zone_name

    def record_key(self, record: AuditEntry) -> int:
        return record.seq

    def sort_key(self, record: AuditEntry) -> int:
        return -record.seq

    def prepare(self, record: AuditEntry) -> tuple[AuditEntry, str]:
        return record, summarize(record, self._zone())

    def entry(self, row: int) -> AuditEntry:
        return self._rows[row][0]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        entry, summary = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 5 and len(summary) > SUMMARY_LIMIT:
                return summary[:SUMMARY_LIMIT] + "…"
            return self._text(entry, summary, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._text(entry, summary, column)
        return None

    def _text(self, entry: AuditEntry, summary: str, column: int) -> str | None:
        if column == 0:
            return audit_words.show_instant(entry.at, self._zone())
        if column == 1:
            return entry.actor_name
        if column == 2:
            return action_label(entry.action, entry.entity_kind)
        if column == 3:
            return ENTITY_LABELS.get(entry.entity_kind, entry.entity_kind)
        if column == 4:
            return audit_words.entity_id_text(entry.entity_kind, entry.entity_id)
        if column == 5:
            return summary
        return None
