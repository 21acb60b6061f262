"""A small generic table model over a list of plain records (the bounded administration tables)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

#: the raw, comparable value a proxy sorts by (numbers as numbers, dates as dates)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: the record behind a row
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2

# Mid grey stays readable on the light and on the dark (night) theme; the status text "停用"
# says the same thing, so colour is never the only signal.
INACTIVE_COLOUR = QColor("#8a8f98")

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    align: str = "left"  # "left" | "right" | "center"
    bold: Callable[[Any], bool] | None = None  # a cell that must catch the eye (e.g. a locked account)

    def alignment(self) -> Qt.AlignmentFlag:
        return {"right": _RIGHT, "center": _CENTER}.get(self.align, _LEFT)


def active_status(record) -> str:
    return "正常" if getattr(record, "active", True) else "停用"


class RecordTableModel(QAbstractTableModel):
    """Read-only rows of records; subclasses only declare their columns."""

    columns: Sequence[Column] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._records: list = []

    # -- loading -----------------------------------------------------------------------------
    def set_records(self, records: Sequence) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def records(self) -> list:
        return list(self._records)

    def record(self, row: int):
        return self._records[row]

    def row_of(self, record_id) -> int:
        for row, rec in enumerate(self._records):
            if getattr(rec, "id", None) == record_id:
                return row
        return -1

    def is_inactive(self, record) -> bool:
        return not getattr(record, "active", True)

    # -- Qt model interface --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
                return self.columns[section].header
            if orientation == Qt.Orientation.Vertical:
                return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._records) or index.column() >= len(self.columns):
            return None
        record = self._records[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(record)
        if role == SORT_ROLE:
            return column.sort_key(record) if column.sort_key else column.text(record)
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.ForegroundRole and self.is_inactive(record):
            return INACTIVE_COLOUR
        if role == Qt.ItemDataRole.FontRole and column.bold is not None and column.bold(record):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.alignment().value)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
