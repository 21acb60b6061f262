"""Python's cycle collector runs on the GUI thread only.

Left automatic, a collection starts in whichever thread happens to allocate past the threshold — often a
background read (gui/common/background.py) — and frees there any garbage cycle that holds Qt objects made
on the GUI thread; a widget destroyed off its own thread crashes the process (seen in the suite: a segfault
"Garbage-collecting" inside a background read of the duty log). So automatic collection is switched off and
the GUI thread collects on a timer, generation by generation as the automatic collector would — including
its rule for the oldest generation: a full collection walks every object the program holds (a long session's
heap: hundreds of milliseconds with the window frozen), so, as CPython does, it runs only once the objects
promoted since the last one are a quarter of those it left (without that rule one ran every 50 s of activity;
a suite run caught the window still for 800 ms).
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
        self.long_lived_total = len(gc.get_objects(generation=2))  # what the last full collection left
        self.long_lived_pending = 0  # promoted into the oldest generation since
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect)
        gc.disable()
        self.timer.start()

    def collect(self) -> int:
        """Collect the oldest generation whose count passed its threshold (and the younger ones with it, as
        gc.collect does); returns the objects freed."""
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return 0  # as the automatic collector: nothing until generation 0 passes its threshold
        for generation in (2, 1, 0):
            if counts[generation] <= self.thresholds[generation]:
                continue
            if generation == 2 and self.long_lived_pending < self.long_lived_total / 4:
                continue  # CPython's rule: a full collection only once the old generation has grown by a quarter
            young = len(gc.get_objects(generation=0)) + len(gc.get_objects(generation=1)) if generation == 1 else 0
            freed = gc.collect(generation)
            if generation == 1:
                self.long_lived_pending += max(young - freed, 0)  # the survivors now in the oldest generation
            elif generation == 2:
                self.long_lived_pending = 0
                self.long_lived_total = len(gc.get_objects(generation=2))
            return freed
        return 0

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
