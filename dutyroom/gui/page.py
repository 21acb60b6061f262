"""What every page of the main window is: a widget with a title that refreshes on changes.

A page's refresh, change and tick handlers run from timers, change notices, page switches and
reconnections, never from a key the user pressed: whatever they meet (a server away) ends the handler
quietly (connection.quietly) — a line in the connection banner or the status bar, never a modal box that
would stack once a minute and swallow the keys meant for a form (issue 15 item 4).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from dutyroom.gui.common import loading
from dutyroom.gui.common.outage import quietly
from dutyroom.services import Services
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.records import Actor


class Page(QWidget):
    title: str = ""
    #: entity kinds whose changes this page shows; others are ignored without a query
    watches: frozenset[EntityKind] = frozenset()
    #: (page class name, item id or None): the page asks the main window, which knows every page, to show
    #: another page, at one item of it (值班首页: Enter on a call opens it in 来电登记)
    open_requested = Signal(str, object)

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        for name in ("refresh", "on_change", "on_tick"):
            handler = cls.__dict__.get(name)
            if handler is not None and not getattr(handler, "quiet", False):
                setattr(cls, name, quietly(handler))

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.actor = actor

    def load(self, key, fetch, apply, **kwargs) -> None:
        """What a refresh reads: `fetch` (service reads only, on a worker thread) then `apply(result)` here;
        a newer load of `key` drops an older result, one in flight coalesces the next (common/loading.py)."""
        loading.load(self, key, fetch, apply, **kwargs)

    def on_change(self, change: Change) -> None:
        """Called on the GUI thread for every change; refresh only when it concerns this page."""
        if change.kind in self.watches:
            self.refresh()

    def refresh(self) -> None:
        """Reload what the page shows from services."""

    def on_tick(self, now) -> None:
        """The window's one tick, once a second (the deadline strip's instant): pages with live countdowns
        move them on here, so no page runs a timer of its own."""
