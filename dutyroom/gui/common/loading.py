"""Reads that fill a widget in (a page's refresh, a change notice, the strip's minute): off the GUI thread.

A shared server that stops answering would otherwise hold the window — alarm banner and countdowns too —
for up to the statement timeout on every refresh. `load(owner, key, fetch, apply)` runs `fetch` (service
reads only: it runs on a worker thread and must not touch a widget) in the background and `apply(result)`
on the GUI thread. Per owner and key:

- one read at a time: a request while one is in flight is remembered and run once after it (the newest
  request wins), so a burst of change notices during an outage is one extra read, not a pile;
- a result whose request has been superseded is dropped (a generation counter): an older read that
  returns late never overwrites what a newer one shows;
- a failure is read_failed (the connection banner or the status line), never a modal box, and what the
  widget shows stays as it was.

In tests (background.INLINE_OPERATIONS) it all runs inline, so a refresh has finished when it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject

from dutyroom.errors import DutyRoomError
from dutyroom.gui.common import background
from dutyroom.gui.common.outage import read_failed

Fetch = Callable[[], Any]
Apply = Callable[[Any], None]
Failed = Callable[[DutyRoomError], None]


@dataclass
class _Slot:
    generation: int = 0
    busy: bool = False
    #: the newest request that arrived while a read was in flight: run once that read has returned
    again: tuple[Fetch, Apply, Failed | None] | None = None


def _slots(owner: QObject) -> dict[Any, _Slot]:
    slots = owner.__dict__.get("_dutyroom_loads")
    if slots is None:
        slots = owner.__dict__["_dutyroom_loads"] = {}
    return slots


def load(owner: QObject, key: Any, fetch: Fetch, apply: Apply, *, failed: Failed | None = None) -> None:
    """Read with `fetch` off the GUI thread, then `apply(result)` on it — unless a newer load of `key` for
    `owner` came meanwhile. `failed` replaces read_failed for a DutyRoomError (the strip's own line)."""
    slot = _slots(owner).setdefault(key, _Slot())
    slot.generation += 1
    if slot.busy:
        slot.again = (fetch, apply, failed)
        return
    _start(owner, slot, slot.generation, fetch, apply, failed)


def loading(owner: QObject, key: Any) -> bool:
    """A read of `key` is in flight for `owner` (a timer need not ask for another)."""
    slot = _slots(owner).get(key)
    return slot is not None and slot.busy


def _start(owner: QObject, slot: _Slot, generation: int, fetch: Fetch, apply: Apply, failed: Failed | None) -> None:
    slot.busy = True

    def settle() -> bool:
        """The read is over: True when it is the newest asked for; else the newest one starts now."""
        slot.busy = False
        if generation == slot.generation:
            return True
        if slot.again is not None:
            again, slot.again = slot.again, None
            _start(owner, slot, slot.generation, *again)
        return False

    def done(result: Any) -> None:
        if not shiboken6.isValid(owner) or not settle():
            return  # the window closed while the read ran, or a newer request is being read
        try:
            apply(result)
        except DutyRoomError as exc:  # apply read something more (a setting) and the server is away
            _report(owner, failed, exc)

    def error(exc: Exception) -> None:
        if not shiboken6.isValid(owner):
            return
        newest = settle()
        if not isinstance(exc, DutyRoomError):
            raise exc  # a fault of the program: the global exception handler reports it
        if newest:
            _report(owner, failed, exc)

    background.run_operation(fetch, done, error)


def _report(owner: QObject, failed: Failed | None, exc: DutyRoomError) -> None:
    if failed is not None:
        failed(exc)
    else:
        read_failed(owner, exc)
