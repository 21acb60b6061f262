"""Idle lock: notice when nobody has touched the keyboard or mouse for the configured minutes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from dutyroom.domain.clock import Clock

CHECK_INTERVAL_MS = 5000

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.Wheel,
    QEvent.Type.MouseMove, QEvent.Type.TouchBegin, QEvent.Type.InputMethod, QEvent.Type.TabletPress,
})


class IdleWatcher(QObject):
    """Application-wide event filter + a slow timer; `idle` fires once per idle period.

    Time comes from the injected clock, so a jump of the wall clock (sleep, wake) counts as idle
    time — a machine that slept through the night is locked when it wakes, as it should be.
    """

    idle = Signal()

    def __init__(self, clock: Clock, minutes: int, parent: QObject | None = None):
        super().__init__(parent)
        self.clock = clock
        self.timeout = timedelta(minutes=minutes)
        self.last_input: datetime = clock.now()
        self.paused = False
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.check_idle)
        self._timer.start()
        QApplication.instance().installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.timeout = timedelta(minutes=minutes)

    def touch(self) -> None:
        self.last_input = self.clock.now()

    def pause(self) -> None:
        self.paused = True

    def resume(self) -> None:
        self.paused = False
        self.touch()

    @contextmanager
    def unwatched(self) -> Iterator[None]:
        """Leave the application's events alone during `with`: for synchronous work that takes no input but
        sends thousands of events (a theme switch restyles every widget: ~7,000 events, each of them through
        this Python filter otherwise). It counts as input: the officer has just asked for it."""
        app = QApplication.instance()
        if app is None:  # no application, no events to leave alone
            yield
            return
        app.removeEventFilter(self)
        try:
            yield
        finally:
            app.installEventFilter(self)
            self.touch()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Runs for every event of the application: keep it to one set lookup in the common case.
        if event.type() in _INPUT_EVENTS:
            self.last_input = self.clock.now()
        return False

    def check_idle(self) -> bool:
        """True (and `idle` emitted) when the idle time has run out; called by the timer and by tests."""
        if self.paused or self.clock.now() - self.last_input < self.timeout:
            return False
        self.paused = True  # until resume(): one lock per idle period
        self.idle.emit()
        return True

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
