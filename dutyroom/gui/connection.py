"""The banner for a lost PostgreSQL connection (DESIGN.md §9): say so, keep retrying, lose no text.

Only a shared server can go away under a running program; a SQLite file cannot, so nothing is
watched there. The check runs off the GUI thread (a dead server can take the whole connect timeout
to answer) every few seconds; while the server is away the banner says since when and that what has
been typed is kept. Saves attempted meanwhile fail with DatabaseUnavailable, which every form shows
next to its buttons without clearing the form. When the server answers again, the pages reload:
changes other workstations made meanwhile were announced by NOTIFYs that nobody heard.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from dutyroom.domain.localtime import to_local
from dutyroom.gui.common.background import run_in_background
from dutyroom.gui.common.outage import outages
from dutyroom.gui.common.widgets import set_role

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

CHECK_INTERVAL_MS = 5000
CHECK_INTERVAL_LOST_MS = 3000

class ConnectionWatch(QObject):
    """Pings the server in the background; reports when it goes away and when it comes back."""

    lost = Signal(str)  # the reason, in Chinese
    restored = Signal()

    def __init__(self, services: Services, parent: QObject | None = None,
                 run: Callable = run_in_background):
        super().__init__(parent)
        self.services = services
        self._run = run
        self.down_since: datetime | None = None
        self.failures = 0
        self._checking = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check)
        if services.db.kind == "postgresql":
            self.timer.start(CHECK_INTERVAL_MS)
            # A page that failed to read need not wait for the next ping to have the banner say why.
            outages.heard.connect(self._heard)

    def _heard(self, _reason: str) -> None:
        if not self.is_down:
            self.check()

    @property
    def is_down(self) -> bool:
        return self.down_since is not None

    def check(self) -> None:
        if self._checking:
            return
        self._checking = True
        self._run(self.services.db.check_connection, lambda _none: self._answered(None), self._answered)

    def _answered(self, error: Exception | None) -> None:
        if not shiboken6.isValid(self):  # the window closed while the check ran: nobody is left to tell
            return
        self._checking = False
        if error is None:
            self.failures = 0
            if self.down_since is not None:
                self.down_since = None
                self.restored.emit()
        else:
            self.failures += 1
            if self.down_since is None:
                self.down_since = self.services.clock.now()
            self.lost.emit(getattr(error, "message", str(error)))
        if self.services.db.kind == "postgresql":
            self.timer.start(CHECK_INTERVAL_LOST_MS if self.is_down else CHECK_INTERVAL_MS)


class ConnectionBanner(QFrame):
    """A red line above the page while the server is away; hidden otherwise."""

    def __init__(self, watch: ConnectionWatch, zone: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("connectionBanner")
        self.watch = watch
        self.zone = zone
        self.text = QLabel()
        self.text.setWordWrap(True)
        set_role(self.text, "error")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        watch.lost.connect(self._lost)
        watch.restored.connect(self.hide)
        self.hide()

    def _lost(self, reason: str) -> None:
        since = to_local(self.watch.down_since, self.zone).strftime("%H:%M:%S")
        self.text.setText(f"⚠ 与数据库服务器的连接已断开（自 {since} 起，已重试 {self.watch.failures} 次），"
                          f"正在自动重连。已输入的内容会保留，连接恢复后再保存。\n原因：{reason}")
        self.show()
