"""Reads that no key started (timers, change notices, page switches, reconnections) fail quietly.

A modal box from such a read stacks once a minute while a server is away, stays after it is back, and
swallows the keys meant for a form (issue 15 item 4). Instead a server away is told to the connection
watch (gui/connection.py), whose banner says so and which reloads every page when the server answers;
any other failure is a line in the status bar.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from dutyroom.errors import DatabaseUnavailable, DutyRoomError
from dutyroom.gui.common.widgets import show_status

log = logging.getLogger(__name__)
Handler = TypeVar("Handler", bound=Callable[..., Any])


class _Outages(QObject):
    """Where a timer or a background refresh that met a dead server says so: the watch checks at once."""

    heard = Signal(str)


outages = _Outages()


def report_outage(error: DutyRoomError) -> None:
    outages.heard.emit(error.message)


def read_failed(widget: QWidget, error: DutyRoomError) -> None:
    """A read that a timer, a change or a refresh made has failed: never a modal box (it would stack once a
    minute during an outage and swallow the keys meant for a form). A server away is said in the connection
    banner, which retries and reloads every page when it answers; anything else goes to the status bar."""
    log.warning("read failed in %s: %s", type(widget).__name__, error.message)
    if isinstance(error, DatabaseUnavailable):
        report_outage(error)
    show_status(widget, "⚠ " + error.message, 15000)


def quietly(handler: Handler) -> Handler:
    """For a page's refresh, tick and change handlers: a DutyRoomError ends the handler without a box and
    leaves what the page shows as it was (see read_failed)."""

    # Qt hands a connected slot only the signal arguments it takes (textChanged → refresh()); so does this.
    params = list(inspect.signature(handler).parameters.values())[1:]
    takes = None if any(p.kind is p.VAR_POSITIONAL for p in params) else sum(
        p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)

    @functools.wraps(handler)
    def run(self, *args, **kwargs):
        try:
            return handler(self, *(args if takes is None else args[:takes]), **kwargs)
        except DutyRoomError as exc:
            read_failed(self, exc)
            return None

    run.quiet = True  # type: ignore[attr-defined]
    return run  # type: ignore[return-value]
