"""The one background-work helper: run a callable on the thread pool, get the result on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # delivered to the caller's on_error, shown to the user there
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


_running: set[_Job] = set()

#: Tests set this so an operation finishes before the key press that started it returns (Anki's ops have
#: the same switch); the program itself never does: a server that stops answering must not freeze the window.
INLINE_OPERATIONS = False


def run_operation(fn: Callable[[], Any], on_done: Callable[[Any], None],
                  on_error: Callable[[Exception], None]) -> None:
    """A change to the database started from the window (a save): like run_in_background, or inline in tests."""
    if not INLINE_OPERATIONS:
        run_in_background(fn, on_done, on_error)
        return
    try:
        result = fn()
    except Exception as exc:  # noqa: BLE001 - delivered to on_error exactly as the background path does
        on_error(exc)
    else:
        on_done(result)


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[Exception], None], *, pool: QThreadPool | None = None) -> None:
    """Like Anki's QueryOp: `fn` runs off the GUI thread; exactly one callback runs on the GUI thread."""
    job = _Job(fn)
    job.setAutoDelete(False)
    _running.add(job)

    def finish(callback, value):
        _running.discard(job)
        callback(value)

    job.signals.done.connect(lambda value: finish(on_done, value))
    job.signals.failed.connect(lambda exc: finish(on_error, exc))
    (pool or QThreadPool.globalInstance()).start(job)
