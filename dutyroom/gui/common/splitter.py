"""A list over (or beside) the detail of its selected row, split so both stay usable at 1280×800."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget


def list_and_detail(parent: QWidget, listing: QWidget, detail: QWidget, *, sizes: tuple[int, int],
                    empty: QLabel | None = None, orientation: Qt.Orientation = Qt.Orientation.Vertical,
                    stretch: tuple[int, int] | None = None) -> QSplitter:
    """`listing` and `detail` in a splitter whose panes cannot be collapsed to nothing by a drag.

    `empty` (the hint shown while the list has no rows) sits above the list in the same pane.
    """
    first = listing
    if empty is not None:
        first = QWidget(parent)
        layout = QVBoxLayout(first)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(empty)
        layout.addWidget(listing, 1)
    splitter = QSplitter(orientation, parent)
    splitter.addWidget(first)
    splitter.addWidget(detail)
    if stretch is not None:
        splitter.setStretchFactor(0, stretch[0])
        splitter.setStretchFactor(1, stretch[1])
    splitter.setChildrenCollapsible(False)
    splitter.setSizes(list(sizes))
    return splitter
