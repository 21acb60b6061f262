"""The table model for lists that grow without bound (audit log, incidents, later the call log).

Rows are fetched a page at a time as the view scrolls (canFetchMore/fetchMore), never all at once
(DESIGN.md §4). Records added while someone scrolls shift the offsets; a record already shown is
recognised by its key and never shown twice.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

Index = QModelIndex


class PagedTableModel(QAbstractTableModel):
    headers: tuple[str, ...] = ()

    def __init__(self, fetch_page: Callable[[int, int], list], page_size: int, parent=None):
        super().__init__(parent)
        self._fetch_page = fetch_page
        self.page_size = page_size
        self._rows: list[Any] = []
        self._keys: set[Hashable] = set()
        self._offset = 0
        self._exhausted = True  # nothing is fetched before the first reload()

    # -- what a subclass decides ------------------------------------------------------------------
    def record_key(self, record) -> Hashable:
        """What identifies a record across pages (an id, a sequence number)."""
        raise NotImplementedError

    def prepare(self, record):
        """The row kept for a fetched record; derive what display needs once, not on every paint."""
        return record

    # -- loading ----------------------------------------------------------------------------------
    def reload(self, *, keep_shown: bool = False) -> None:
        """Start again from the newest; one page, or as many rows as were shown when `keep_shown`."""
        want = max(len(self._rows), self.page_size) if keep_shown else self.page_size
        self.beginResetModel()
        self._rows, self._keys, self._offset, self._exhausted = [], set(), 0, False
        self.endResetModel()
        while len(self._rows) < want and self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def loaded(self) -> int:
        return len(self._rows)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802 - Qt override
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802 - Qt override
        if parent.isValid() or self._exhausted:
            return
        page = self._fetch_page(self._offset, self.page_size)
        self._offset += len(page)
        self._exhausted = len(page) < self.page_size
        fresh = [r for r in page if self.record_key(r) not in self._keys]
        if not fresh:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._keys.update(self.record_key(r) for r in fresh)
        self._rows.extend(self.prepare(r) for r in fresh)
        self.endInsertRows()

    # -- Qt model interface -----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
