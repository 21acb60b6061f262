"""Dialogs open below the red alarm banner, never over it (found by hand: F2 and F3 at 1366×768 covered it).

The banner is the top of the main window; a dialog is a window of its own, centred over the main window
by Qt. While the banner shows, every dialog of the window is moved to start below it and, where the
screen is too short for that, made shorter (its fields scroll or its layout gives) down to its minimum.
A dialog already open when an alarm arrives is moved too, and so is one that grows (an error line) and is
pushed up over the banner by the window manager.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

GAP = 4  # px between the banner's bottom edge and the dialog's frame
#: a move by the window manager this soon after a dialog was shown is its placement of the new window
MANAGER_PLACES_WITHIN_S = 2.0
#: how far a manager may shift a dialog for its own frame and still count as having put it where asked
FRAME_SLACK_PX = 48


def place_below(dialog: QWidget, line: int, area: QRect, *, title: int = 0, frame_height: int = 0) -> None:
    """Move `dialog` (its frame) to start at `line` or lower, shortening it to fit above `area`'s bottom.

    A dialog not yet on screen has no frame yet: its window manager adds a title bar `title` px tall above
    the position it is given (the frame went 20 px over the banner at 1366×768), `frame_height` px in all."""
    frame = dialog.frameGeometry()
    mapped = frame != dialog.geometry()
    above = dialog.geometry().top() - frame.top() if mapped else title  # title bar over the client area
    decoration = frame.height() - dialog.height() if mapped else max(frame_height, title)
    top = frame.top() if mapped else dialog.y() - above
    if top >= line:
        return
    room = area.bottom() + 1 - line
    if dialog.height() + decoration > room:
        height = max(dialog.minimumSizeHint().height(), dialog.minimumHeight(), room - decoration)
        dialog.resize(dialog.width(), height)
    if mapped:
        dialog.move(frame.left(), line)  # a window on screen is moved by its frame
    else:
        dialog.move(dialog.x(), line + above)  # a window not yet shown, by its client area


def centre_over(dialog: QWidget, window: QWidget, area: QRect) -> None:
    """Where Qt would put a dialog not yet shown: centred over `window`, inside `area`. Qt does it in the
    dialog's own show handler, after this placer has seen the show, and not at all once the dialog was
    moved: without this every dialog opened under the banner sat at the screen's left edge."""
    centre = window.frameGeometry().center()
    x = min(max(centre.x() - dialog.width() // 2, area.left()), area.right() + 1 - dialog.width())
    y = min(max(centre.y() - dialog.height() // 2, area.top()), area.bottom() + 1 - dialog.height())
    dialog.move(max(x, area.left()), max(y, area.top()))


class DialogPlacer(QObject):
    """Watches the dialogs of `window` and keeps them below `banner` while it shows."""

    def __init__(self, window: QWidget, banner: QWidget, area: Callable[[], QRect] | None = None):
        super().__init__(window)
        self.window = window
        self.banner = banner
        self.area = area or self._screen_area
        #: id of a dialog just shown → (the client-area top left it was given, when)
        self._asked: dict[int, tuple[QPoint, float]] = {}
        # Every event of the application passes an application filter, ~4,000 of them while the main window
        # is built: it watches the application only while the banner shows (dialogs open below it then).
        banner.installEventFilter(self)
        if banner.isVisible():
            self._watch_dialogs(True)

    def _watch_dialogs(self, on: bool) -> None:
        app = QApplication.instance()
        if app is not None:
            if on:
                app.installEventFilter(self)
            else:
                app.removeEventFilter(self)

    def _screen_area(self) -> QRect:
        screen = self.window.screen() or QApplication.primaryScreen()
        return screen.availableGeometry()

    def line(self) -> int:
        """The first screen row below the banner."""
        return self.banner.mapToGlobal(self.banner.rect().bottomLeft()).y() + 1 + GAP

    def place(self, dialog: QWidget, *, showing: bool = False) -> None:
        if not showing:
            self._asked.pop(id(dialog), None)  # placed again by this placer: the manager's move is past
        if not self.banner.isVisible():
            return
        area = self.area()
        if showing and not dialog.testAttribute(Qt.WidgetAttribute.WA_Moved):
            centre_over(dialog, self.window, area)
        # The main window's own frame: what the window manager will put round the dialog too.
        inner, outer = self.window.geometry(), self.window.frameGeometry()
        place_below(dialog, self.line(), area, title=inner.top() - outer.top(),
                    frame_height=outer.height() - inner.height())
        if showing:
            self._asked[id(dialog)] = (dialog.geometry().topLeft(), time.monotonic())

    def _held_to_place(self, dialog: QDialog) -> None:
        """The window manager's first move of a dialog just shown: where it was asked to be, not where the
        manager chose. Found by hand under openbox at 1366×768: now and then F2 was mapped at the screen's top
        left, ignoring the place asked for, and the next placement (a resize) kept that left edge."""
        asked, when = self._asked.pop(id(dialog), (None, 0.0))
        if asked is None or time.monotonic() - when > MANAGER_PLACES_WITHIN_S:
            return
        now = dialog.geometry().topLeft()
        if abs(now.x() - asked.x()) > FRAME_SLACK_PX or abs(now.y() - asked.y()) > FRAME_SLACK_PX:
            QTimer.singleShot(0, self, lambda: shiboken6.isValid(dialog) and dialog.isVisible()
                              and dialog.setGeometry(QRect(asked, dialog.size())))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.banner and event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            # Dialogs need placing only below a banner on screen.
            self._watch_dialogs(event.type() == QEvent.Type.Show)
            if event.type() == QEvent.Type.Show:  # laid out on the next turn: its height is known then
                QTimer.singleShot(0, self, self.place_open_dialogs)
            return False
        if event.type() == QEvent.Type.Show:
            if isinstance(watched, QDialog) and self._ours(watched):
                self.place(watched, showing=True)
        elif event.type() == QEvent.Type.Hide and isinstance(watched, QDialog):
            self._asked.pop(id(watched), None)  # closed: its id may go to another widget
        elif event.type() == QEvent.Type.Move and isinstance(watched, QDialog) and id(watched) in self._asked:
            # The first move after the show: the manager mapping the window (this placer, moving it again,
            # forgets it first; Qt's own pending move comes before the show).
            self._held_to_place(watched)
        elif (event.type() == QEvent.Type.Resize and isinstance(watched, QDialog) and watched.isVisible()
              and self._ours(watched)):
            # A dialog that grew (an error line under a field) past the screen's bottom was pushed up over
            # the banner by the window manager (F2 at 1366×768, found by hand): placed again once it has.
            QTimer.singleShot(0, self, lambda d=watched: self._replace(d))
        return False

    def _replace(self, dialog: QDialog) -> None:
        if shiboken6.isValid(dialog) and dialog.isVisible():
            self.place(dialog)

    def place_open_dialogs(self) -> None:
        for dialog in self.open_dialogs():
            self.place(dialog)

    def open_dialogs(self) -> list[QDialog]:
        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.isVisible() and self._ours(w)]

    def _ours(self, dialog: QWidget) -> bool:
        parent = dialog.parentWidget()
        return parent is not None and parent.window() is self.window
