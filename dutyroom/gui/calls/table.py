"""The table view of the call log and the 督办 list: keyboard-first, fixed row height, and the overdue
colour taken from the style sheet (`QTableView#callTable { qproperty-overdueColor: … }`), so the light
and the dark theme each choose their own red and no colour is written in Python."""

from __future__ import annotations

from PySide6.QtCore import Property, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


class CallTable(QTableView):
    def __init__(self, model, parent: QWidget | None = None, *, name: str = "callTable"):
        super().__init__(parent)
        self._overdue = QColor()
        self.setObjectName(name)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tab goes on to the detail and its buttons, as in every table tab (common/table_tab.py); the rows are
        # crossed with the arrow keys (found by hand: Tab walked the cells, 删除 was out of the keyboard's reach).
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = self.verticalHeader()
        rows.hide()
        # One height for every row: a million rows are laid out without asking each for its size.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        # ResizeToContents would read a thousand rows to measure them; widths are set from the font instead.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def set_widths(self, samples: dict[int, str], *, stretch: int | None = None, bold: tuple[int, ...] = ()) -> None:
        """Each column as wide as a typical text of it in the current font (`bold` columns in bold);
        `stretch` takes the rest."""
        heavy = QFont(self.font())
        heavy.setBold(True)
        for column, sample in samples.items():
            metrics = QFontMetrics(heavy) if column in bold else self.fontMetrics()
            self.setColumnWidth(column, metrics.horizontalAdvance(sample) + 22)
        if stretch is not None:
            header = self.horizontalHeader()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def _overdue_colour(self) -> QColor:
        return self._overdue

    def _set_overdue_colour(self, colour: QColor) -> None:
        self._overdue = QColor(colour)
        model = self.model()
        if hasattr(model, "set_overdue_colour"):
            model.set_overdue_colour(self._overdue)

    overdueColor = Property(QColor, _overdue_colour, _set_overdue_colour)  # noqa: N815 - the qss property name
