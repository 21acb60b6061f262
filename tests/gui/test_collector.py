"""The cycle collector runs on the GUI thread only (gui/collector.py): never inside a background read."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QCoreApplication, QEvent

from dutyroom.gui.app import application
from dutyroom.gui.collector import GuiThreadCollector
from dutyroom.gui.common import background


class _Cycle:
    def __init__(self):
        self.me = self


def test_the_program_switches_automatic_collection_off_and_collects_on_its_timer(qtbot):
    app = application()
    collector = app.findChild(GuiThreadCollector)
    assert collector is not None and collector.timer.isActive()
    assert not gc.isenabled()
    ran: list[bool] = []

    def watch(phase, info):
        if phase == "start":
            ran.append(threading.current_thread() is threading.main_thread())

    gc.callbacks.append(watch)
    try:
        # What earlier tests left to be deleted goes first: each object freed takes one off generation 0's
        # count, and a suite's worth of them kept it under the threshold (the test timed out in full runs).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        # Live containers far past generation 0's threshold, as the collector itself reads it: Python would
        # have collected at once; the collector does on its next tick, on the GUI thread.
        held = [[] for _ in range(collector.thresholds[0] * 50)]
        assert not ran
        qtbot.waitUntil(lambda: bool(ran), timeout=5000)
    finally:
        gc.callbacks.remove(watch)
    assert all(ran) and len(held) > collector.thresholds[0]


def test_a_background_read_that_allocates_a_lot_collects_nothing(qtbot, monkeypatch):
    monkeypatch.setattr(background, "INLINE_OPERATIONS", False)
    application()
    seen_in = []

    def watch(phase, info):
        if phase == "start":
            seen_in.append(threading.current_thread() is threading.main_thread())

    gc.callbacks.append(watch)
    done = []
    try:
        def allocate():
            cycles = [_Cycle() for _ in range(50000)]
            return len(cycles)

        background.run_in_background(allocate, done.append, done.append)
        qtbot.waitUntil(lambda: bool(done), timeout=10000)
        qtbot.wait(600)  # one turn of the collector's timer
    finally:
        gc.callbacks.remove(watch)
    assert done == [50000]
    assert seen_in and all(seen_in), "a collection ran off the GUI thread"


def test_the_oldest_generation_is_collected_only_once_it_has_grown_by_a_quarter(qtbot):
    """CPython's rule for full collections, which walk every object the program holds: without it the
    collector ran one every 100 ticks of activity, and a suite run caught the window still for 800 ms."""
    collector = application().findChild(GuiThreadCollector)
    collector.timer.stop()  # the test drives the ticks itself
    collected: list[int] = []

    def watch(phase, info):
        if phase == "start":
            collected.append(info["generation"])

    def busy_ticks(n: int, until_full: bool = False) -> None:
        for _ in range(n):
            kept.append([[] for _ in range(collector.thresholds[0] + 50)])  # survivors, as a session's data
            collector.collect()
            if until_full and 2 in collected:
                return

    kept: list[list] = []
    saved = collector.long_lived_total, collector.long_lived_pending
    gc.callbacks.append(watch)
    try:
        collector.long_lived_total, collector.long_lived_pending = 10**9, 0  # a heap far larger than what is new
        busy_ticks(250)
        assert collected.count(1) >= 20 and 2 not in collected
        collector.long_lived_total = collector.long_lived_pending  # now the new objects are more than a quarter
        busy_ticks(120, until_full=True)
        assert 2 in collected
        # counted afresh: what the full collection left is the new base
        assert collector.long_lived_pending == 0
        assert abs(collector.long_lived_total - len(gc.get_objects(generation=2))) < 100
    finally:
        gc.callbacks.remove(watch)
        collector.long_lived_total, collector.long_lived_pending = saved
        collector.timer.start()
