"""A table held locked by another workstation's long transaction on the shared PostgreSQL server, and a
timer standing for the window's one-second tick: what the tests of dialogs saving against a server that
stops answering share (tests/gui/test_stalled_database.py is the first of them)."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QTimer
from sqlalchemy import create_engine, text

from dutyroom.gui.collector import collection_paused


class HeldLock:
    def __init__(self, services, table: str):
        self.engine = create_engine(services.db.engine.url, poolclass=None)
        self.holder = self.engine.connect()
        self.holder.begin()
        self.holder.execute(text(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
        self._released = threading.Lock()
        # Were the save on the GUI thread, it would not return until the lock goes: let it go after 5 s
        # (under the server's 8 s lock timeout), so a regression fails on the tick count instead of hanging.
        self.safety = threading.Timer(5.0, self.release)
        self.safety.start()

    @property
    def held(self) -> bool:
        """Not yet let go, by the test or by the safety timer: a step that returned while this is True did
        not wait for the lock (were it on the GUI thread, it returns only once the timer lets go)."""
        return not self._released.locked()

    def release(self) -> None:
        if self._released.acquire(blocking=False):
            self.holder.rollback()
            self.holder.close()

    def close(self) -> None:
        self.safety.cancel()
        self.release()
        self.engine.dispose()


@contextmanager
def ticking():
    """Counts the ticks of a 50 ms timer: if the GUI thread waits on the database, it stops counting.
    The cycle collector's timer is held meanwhile: what is measured is the wait on the database, and a full
    collection of a whole suite's heap (its own rule and test: tests/gui/test_collector.py) once stopped the
    count for 800 ms in CI."""
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(50)
    try:
        with collection_paused(QCoreApplication.instance()):
            yield ticks
    finally:
        timer.stop()
