"""Dialogs open below the red alarm banner, never over it (found by hand: F2 and F3 at 1366×768 covered it).

The banner is the top of the main window; a dialog is a window of its own, centred over the main window
by Qt. While the banner shows, every dialog of the window is moved to start below it and, where the
screen is too short for that, made shorter (its fields scroll or its layout gives) down to its minimum.
A dialog already open when an alarm arrives is moved too.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

GAP = 4  # px between the banner's bottom edge and the dialog's frame


def place_below(dialog: QWidget, line: int, area: QRect) -> None:
    """Move `dialog` (its frame) to start at `line` or lower, shortening it to fit above `area`'s bottom."""
    frame = dialog.frameGeometry()
    if frame.top() >= line:
        return
    decoration = frame.height() - dialog.height()  # title bar and borders, 0 where not known yet
    room = area.bottom() + 1 - line
    if frame.height() > room:
        height = max(dialog.minimumSizeHint().height(), dialog.minimumHeight(), room - decoration)
        dialog.resize(dialog.width(), height)
    dialog.move(frame.left(), line)


class DialogPlacer(QObject):
    """Watches the dialogs of `window` and keeps them below `banner` while it shows."""

    def __init__(self, window: QWidget, banner: QWidget, area: Callable[[], QRect] | None = None):
        super().__init__(window)
        self.window = window
        self.banner = banner
        self.area = area or self._screen_area
        QApplication.instance().installEventFilter(self)
        banner.installEventFilter(self)

    def _screen_area(self) -> QRect:
        screen = self.window.screen() or QApplication.primaryScreen()
        return screen.availableGeometry()

    def line(self) -> int:
        """The first screen row below the banner."""
        return self.banner.mapToGlobal(self.banner.rect().bottomLeft()).y() + 1 + GAP

    def place(self, dialog: QWidget) -> None:
        if self.banner.isVisible():
            place_below(dialog, self.line(), self.area())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Show:
            if watched is self.banner:  # laid out on the next turn: its height is known then
                QTimer.singleShot(0, self, self.place_open_dialogs)
            elif isinstance(watched, QDialog) and self._ours(watched):
                self.place(watched)
        return False

    def place_open_dialogs(self) -> None:
        for dialog in self.open_dialogs():
            self.place(dialog)

    def open_dialogs(self) -> list[QDialog]:
        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.isVisible() and self._ours(w)]

    def _ours(self, dialog: QWidget) -> bool:
        parent = dialog.parentWidget()
        return parent is not None and parent.window() is self.window
