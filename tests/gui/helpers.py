"""Helpers the GUI tests share: typing as a duty officer does, focus, what a table shows, the admin page."""

from __future__ import annotations

from itertools import groupby

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from dutyroom.gui.changes import ChangeBridge


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type like a duty officer: ASCII key by key, Chinese as the input method commits it.

    QTest can only synthesise key presses it knows; a Chinese IME delivers whole words through an
    input-method commit, which is what this sends. Mixed text ("A座3号") alternates the two.
    """
    widget.setFocus()
    for is_ascii, group in groupby(text, key=str.isascii):
        part = "".join(group)
        if is_ascii:
            qtbot.keyClicks(widget, part)
        else:
            event = QInputMethodEvent()
            event.setCommitString(part)
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


def open_admin_page(qtbot, services, actor):
    """The administration page as the main window shows it: changes from services arrive through the bridge."""
    from dutyroom.gui.admin import AdminPage

    page = AdminPage(services, actor)
    qtbot.addWidget(page)
    ChangeBridge(services.bus, page).changed.connect(page.on_change)
    page.resize(1200, 760)
    page.show()
    return page
