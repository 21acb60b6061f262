"""The ordered writer of the live roll-call on its own thread: results come back on the GUI thread in the
order asked for, a step that may pass is tried again with every later step waiting behind it, a step
refused for good is reported and the next one runs, and flush() waits for them all."""

from __future__ import annotations

import threading

import pytest

from dutyroom.errors import ValidationError
from dutyroom.gui.common import background
from dutyroom.gui.common.background import OrderedWriter


@pytest.fixture(autouse=True)
def on_its_thread(monkeypatch):
    monkeypatch.setattr(background, "INLINE_OPERATIONS", False)


def may_pass(exc: Exception) -> bool:
    return not isinstance(exc, ValidationError)


def test_steps_land_in_order_through_a_retry_and_a_refusal(qtbot):
    writer = OrderedWriter(may_pass, retry_ms=(10,))
    ran: list[str] = []  # written by the worker thread, in the order the steps ran there
    seen: list[str] = []  # the callbacks, on the GUI thread
    threads: set[bool] = set()
    busy_once = threading.Event()

    def step(name: str):
        def run():
            if name == "b" and not busy_once.is_set():
                busy_once.set()
                raise OSError("database is locked")  # passes: tried again, c and d wait behind it
            if name == "c":
                raise ValidationError({"x": "refused"})
            ran.append(name)
            return name
        return run

    def done(value):
        threads.add(threading.current_thread() is threading.main_thread())
        seen.append(value)

    for name in "abcd":
        writer.submit(step(name), done, lambda exc: seen.append(f"refused {exc.message}"),
                      lambda exc: seen.append(f"retrying {exc}"))
    with qtbot.waitSignal(writer.drained, timeout=5000):
        pass
    assert ran == ["a", "b", "d"]
    assert seen == ["a", "retrying database is locked", "b", "refused refused", "d"]
    assert threads == {True} and writer.pending() == 0


def test_flush_waits_for_steps_not_yet_handed_to_the_worker(qtbot):
    writer = OrderedWriter(may_pass, start_after_ms=10_000)  # nothing would start for ten seconds
    ran: list[int] = []
    for n in range(3):
        writer.submit(lambda n=n: ran.append(n), lambda _v: None, lambda _e: None)
    assert writer.flush(timeout=5)  # what quitting runs: the held steps go at once, and are waited for
    assert ran == [0, 1, 2]
