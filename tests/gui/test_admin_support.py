"""Helpers shared by the administration page tests (this module holds no tests itself)."""

from __future__ import annotations

from itertools import groupby

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from dutyroom.gui.admin import AdminPage
from dutyroom.gui.changes import ChangeBridge


def open_admin_page(qtbot, services, actor) -> AdminPage:
    """The page as the main window shows it: changes from services arrive through the bridge."""
    page = AdminPage(services, actor)
    qtbot.addWidget(page)
    ChangeBridge(services.bus, page).changed.connect(page.on_change)
    page.resize(1200, 760)
    page.show()
    return page


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type like a duty officer: ASCII as key presses, Chinese as the input method commits it.

    QTest can only press keys it knows; Chinese text arrives from an IME as a committed string.
    """
    widget.setFocus()
    for is_ascii, group in groupby(text, key=str.isascii):
        part = "".join(group)
        if is_ascii:
            qtbot.keyClicks(widget, part)
        else:
            _commit(widget, part)


def _commit(widget: QWidget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def focus(qtbot, widget: QWidget) -> None:
    """Give the keyboard to `widget` as a click on it would: its window active, the widget focused."""
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window() and widget.hasFocus())


def shown_column(view, column: int) -> list[str]:
    """What a column of a table shows, top to bottom, after sorting and filtering."""
    model = view.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]
