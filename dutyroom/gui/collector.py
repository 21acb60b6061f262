"""Python's cycle collector runs on the GUI thread only.

Left automatic, a collection starts in whichever thread happens to allocate past the threshold — often a
background read (gui/common/background.py) — and frees there any garbage cycle that holds Qt objects made
on the GUI thread; a widget destroyed off its own thread crashes the process (seen in the suite: a segfault
"Garbage-collecting" inside a background read of the duty log). So automatic collection is switched off and
the GUI thread collects on a timer, generation by generation as the automatic collector would.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    def __init__(self, app: QCoreApplication):
        super().__init__(app)
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect)
        gc.disable()
        self.timer.start()

    def collect(self) -> int:
        """Collect the generations whose counts passed their thresholds; returns the objects freed."""
        counts = gc.get_count()
        freed = 0
        for generation in range(3):
            if counts[generation] <= self.thresholds[generation]:
                break
            freed = gc.collect(generation)
        return freed

    def postpone(self) -> None:
        """A full interval from now: a tick that fell due while the event loop was not running (imports,
        opening the database, building the main window) would run first when it starts, before the window's
        first paint, and walk every object start-up made (50–130 ms, issue 14)."""
        if self.timer.isActive():
            self.timer.start()


def postpone_collection(app: QCoreApplication | None) -> None:
    collector = app.findChild(GuiThreadCollector) if app is not None else None
    if collector is not None:
        collector.postpone()


@contextmanager
def collection_paused(app: QCoreApplication | None) -> Iterator[None]:
    """No collection while the database opens behind the login dialog: a tick there walked a young generation
    full of what the worker thread was importing (42–75 ms) and held the worker up as long, both needing the
    interpreter (issue 14). The next collection comes a full interval after."""
    collector = app.findChild(GuiThreadCollector) if app is not None else None
    timer = collector.timer if collector is not None and collector.timer.isActive() else None
    if timer is not None:
        timer.stop()
    try:
        yield
    finally:
        if timer is not None:
            timer.start()


def collect_on_gui_thread(app: QCoreApplication) -> GuiThreadCollector:
    """Once per application (tests build windows on pytest-qt's application, the program on its own)."""
    existing = app.findChild(GuiThreadCollector)
    return existing if existing is not None else GuiThreadCollector(app)
