"""What every page of the main window is: a widget with a title that refreshes on changes.

A page's refresh, change and tick handlers run from timers, change notices, page switches and
reconnections, never from a key the user pressed: whatever they meet (a server away) ends the handler
quietly (connection.quietly) — a line in the connection banner or the status bar, never a modal box that
would stack once a minute and swallow the keys meant for a form (issue 15 item 4).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Signal
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
        self._wanted_proxy: QWidget | None = None
        self._proxy_watch = _ProxyShownOrHidden(self)

    def setFocusProxy(self, widget: QWidget | None) -> None:  # noqa: N802 - Qt override
        """The field Ctrl+0…Ctrl+9 puts the keyboard in. Qt's proxy is kept only while that field can be seen:
        a page whose proxy was hidden (a list replaced by its "nothing yet" line, the grid on another tab) was a
        stop that took Tab and gave the focus to nobody, so Tab stayed on the window's page area for ever. While
        it is hidden, the main window puts the keyboard in the page's first field instead."""
        if self._wanted_proxy is not None and shiboken6.isValid(self._wanted_proxy):
            self._wanted_proxy.removeEventFilter(self._proxy_watch)
        self._wanted_proxy = widget
        if widget is not None:
            widget.installEventFilter(self._proxy_watch)
        self._follow_proxy()

    def _follow_proxy(self) -> None:
        wanted = self._wanted_proxy
        seen = wanted is not None and shiboken6.isValid(wanted) and wanted.isVisibleTo(self)
        super().setFocusProxy(wanted if seen else None)

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


class _ProxyShownOrHidden(QObject):
    """Tells its page when the page's focus field is shown or hidden, by itself or with an ancestor (Qt sends
    both). It holds no reference to the page but Qt's parent: a page deleted is not kept alive by a cycle."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            page = self.parent()
            if isinstance(page, Page):
                page._follow_proxy()
        return False
