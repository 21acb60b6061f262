"""The one background-work helper: run a callable on the thread pool, get the result on the GUI thread."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal


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
        # The connections hold these closures (and the widgets they name) from the C++ side, where the
        # garbage collector cannot see the cycle back to the job: without this, every widget a read ever
        # answered stayed alive after its window was deleted. Later, not now: this runs inside their slot.
        job.signals.deleteLater()
        callback(value)

    job.signals.done.connect(lambda value: finish(on_done, value))
    job.signals.failed.connect(lambda exc: finish(on_error, exc))
    (pool or QThreadPool.globalInstance()).start(job)


class _Relay(QObject):
    """Carries a finished step from the writer's thread to the GUI thread (queued: emitted elsewhere)."""

    finished = Signal(object)  # (step, outcome, value)


class _Step:
    __slots__ = ("fn", "on_done", "on_error", "on_retry")

    def __init__(self, fn, on_done, on_error, on_retry):
        self.fn, self.on_done, self.on_error, self.on_retry = fn, on_done, on_error, on_retry


DONE, FAILED, RETRYING = "done", "failed", "retrying"


def _attempt(step: _Step, retryable: Callable[[Exception], bool]) -> tuple[str, Any]:
    try:
        return DONE, step.fn()
    except Exception as exc:  # noqa: BLE001 - delivered to the step's own callbacks on the GUI thread
        return (RETRYING if retryable(exc) else FAILED), exc


class OrderedWriter(QObject):
    """Saves that must reach the database in the order they were asked for (the live roll-call's keys):
    one worker thread takes them one at a time, and their callbacks run on the GUI thread in that order.

    A step that fails for a reason that may pass (the database busy or gone) is tried again after a
    pause, and every later step waits behind it — so what is saved is always a prefix of what was asked
    for. A step refused for good (the service said no) is reported and the next one runs. In tests
    (INLINE_OPERATIONS) the steps run on the GUI thread, retries on a timer, in the same order.
    """

    drained = Signal()  # the last asked-for step has finished
    #: how long quitting the program waits for the steps still queued (a busy database: up to this long)
    QUIT_WAIT_S = 10.0

    def __init__(self, retryable: Callable[[Exception], bool], parent: QObject | None = None,
                 retry_ms: tuple[int, ...] = (500, 1000, 2000, 4000), start_after_ms: int = 0):
        """`start_after_ms`: a step goes to the worker this long after it is asked for — past the frame
        that shows the key — because a worker running Python holds the interpreter lock the GUI thread's
        repaint needs; steps asked for meanwhile go together, in order."""
        super().__init__(parent)
        self._held: list[_Step] = []  # asked for, not yet handed to the worker (GUI thread only)
        self._handoff = QTimer(self)
        self._handoff.setSingleShot(True)
        self._handoff.setInterval(start_after_ms)
        self._handoff.timeout.connect(self._hand_off)
        self._left = 0  # steps given to the worker and not yet done, under _lock (both threads)
        self._lock = threading.Condition()
        app = QCoreApplication.instance()
        if app is not None:  # the program quitting: the keys already pressed still reach the database
            app.aboutToQuit.connect(self.flush)
        self.retryable, self.retry_ms = retryable, retry_ms
        self._waiting: list[_Step] = []  # asked for and not finished, oldest first (GUI thread only)
        self._queue: queue.Queue[_Step | None] | None = None
        self._relay = _Relay()
        self._relay.finished.connect(self._finished)
        self._inline_busy = False
        self._inline_timer = QTimer(self)
        self._inline_timer.setSingleShot(True)
        self._inline_timer.timeout.connect(self._run_inline)
        self._inline_tries = 0

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
               on_error: Callable[[Exception], None], on_retry: Callable[[Exception], None] | None = None) -> None:
        step = _Step(fn, on_done, on_error, on_retry)
        self._waiting.append(step)
        if INLINE_OPERATIONS:
            if not self._inline_timer.isActive() and not self._inline_busy:
                self._run_inline()
            return
        self._held.append(step)
        if not self._handoff.isActive():
            self._handoff.start()

    def _hand_off(self) -> None:
        self._handoff.stop()
        if not self._held:
            return
        if self._queue is None:
            steps: queue.Queue[_Step | None] = queue.Queue()
            self._queue = steps
            threading.Thread(target=self._work, args=(steps, self._relay), name="dutyroom-writer",
                             daemon=True).start()
            # The screen gone (its window closed): the thread ends after the steps it was given.
            self.destroyed.connect(lambda *_: steps.put(None))
        held, self._held = self._held, []
        with self._lock:
            self._left += len(held)
        for step in held:
            self._queue.put(step)

    def pending(self) -> int:
        return len(self._waiting)

    def close(self) -> None:
        """No more steps: the thread ends after the ones already asked for."""
        self._hand_off()
        if self._queue is not None:
            self._queue.put(None)
            self._queue = None

    def flush(self, timeout: float | None = None) -> bool:
        """Wait (blocking) until the worker has done every step asked for; False if it is still at work."""
        self._hand_off()
        with self._lock:
            return self._lock.wait_for(lambda: self._left == 0, self.QUIT_WAIT_S if timeout is None else timeout)

    def _work(self, steps: queue.Queue, relay: _Relay) -> None:
        while (step := steps.get()) is not None:
            tries = 0
            while True:
                outcome, value = _attempt(step, self.retryable)
                relay.finished.emit((step, outcome, value))
                if outcome != RETRYING:
                    break
                time.sleep(self.retry_ms[min(tries, len(self.retry_ms) - 1)] / 1000)  # a pause between tries
                tries += 1
            with self._lock:
                self._left -= 1
                self._lock.notify_all()

    def _run_inline(self) -> None:
        self._inline_busy = True
        try:
            while self._waiting:
                step = self._waiting[0]
                outcome, value = _attempt(step, self.retryable)
                self._finished((step, outcome, value))
                if outcome == RETRYING:
                    self._inline_timer.start(self.retry_ms[min(self._inline_tries, len(self.retry_ms) - 1)])
                    self._inline_tries += 1
                    return
                self._inline_tries = 0
        finally:
            self._inline_busy = False

    def _finished(self, finished: tuple[_Step, str, Any]) -> None:
        step, outcome, value = finished
        if outcome == RETRYING:
            if step.on_retry is not None:
                step.on_retry(value)
            return
        if step in self._waiting:
            self._waiting.remove(step)
        (step.on_done if outcome == DONE else step.on_error)(value)
        if not self._waiting:
            self.drained.emit()
