"""The list of stored documents on screen: lazy (a page at a time), newest first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt

from dutyroom.domain.localtime import format_local
from dutyroom.gui.common.paged_model import Index, PagedTableModel
from dutyroom.services.documents import DocumentInfo

PAGE_SIZE = 100


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


class DocumentListModel(PagedTableModel):
    headers = ("生成时间", "文件", "类别", "送", "生成的工作站", "大小")

    def __init__(self, fetch_page: Callable[[DocumentInfo | None, int], list[DocumentInfo]],
                 zone_name: Callable[[], str], page_size: int = PAGE_SIZE, parent=None):
        super().__init__(fetch_page, page_size, parent)
        self._zone = zone_name

    def record_key(self, record: DocumentInfo) -> int:
        return record.id

    def sort_key(self, record: DocumentInfo) -> tuple[float, int]:
        return -record.created_at.timestamp(), -record.id  # the service's order: newest first

    def record(self, row: int) -> DocumentInfo:
        return self._rows[row]

    def row_of(self, document_id: int) -> int:
        return next((row for row, r in enumerate(self._rows) if r.id == document_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.headers):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        doc = self._rows[index.row()]
        column = index.column()
        if column == 0:
            return format_local(doc.created_at, self._zone(), "%Y-%m-%d %H:%M")
        if column == 1:
            return doc.title
        if column == 2:
            return doc.kind_label
        if column == 3:
            return doc.audience_label
        if column == 4:
            # "computer#workstation" as the audit log keeps it: the computer's name is what people know
            return doc.workstation.split("#", 1)[0] or "—"
        return size_text(doc.size)
