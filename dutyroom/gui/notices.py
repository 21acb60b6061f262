"""Notices from the scheduler (tomorrow's duty, an ungenerated roster) shown where nobody misses them.

A banner above the page stays until closed; where the desktop has a tray, a notification pops up too,
so a reminder reaches the duty workstation even when the window is minimised.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSystemTrayIcon, QToolButton, QWidget

from dutyroom.domain.vocabulary import Role
from dutyroom.gui import theme
from dutyroom.gui.common.widgets import set_role
from dutyroom.services.events import Change, ChangeBus, EntityKind
from dutyroom.services.records import Actor


def is_for(change: Change, actor: Actor) -> bool:
    """Administrators see every notice; others those addressed to everyone or to their role."""
    if change.kind != "notice":
        return False
    return change.audience in ("all", actor.role.value) or actor.role == Role.ADMIN


class NoticeBanner(QFrame):
    def __init__(self, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.actor = actor
        self.setObjectName("noticeBanner")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.text, "warning")
        close = QToolButton()
        close.setText("知道了")
        close.setToolTip("关闭此提醒")
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(theme.icon("app"), self)
            self.tray.setToolTip("值班室")
            self.tray.show()
        self.hide()

    def on_change(self, change: Change) -> None:
        if not is_for(change, self.actor) or not change.message:
            return
        self.text.setText("⚠ " + change.message)
        self.show()
        if self.tray is not None:
            title, _, body = change.message.partition("\n")
            self.tray.showMessage(title if body else "值班室提醒", body or title,
                                  QSystemTrayIcon.MessageIcon.Information, 60_000)


class NoticeBacklog:
    """The notices announced while nobody is logged in here (the login dialog is open, or 切换用户), kept
    until a window can show them: the scheduler starts before login and its start-up catch-up must not
    speak to an empty room. Alarms need no keeping: the banner reads what is owed from the database."""

    def __init__(self, bus: ChangeBus):
        self._lock = threading.Lock()
        self._held: list[Change] | None = []
        self._unsubscribe = bus.subscribe(self._keep)

    def _keep(self, change: Change) -> None:
        if change.kind != EntityKind.NOTICE or not change.message:
            return
        with self._lock:  # the scheduler's and the listener's threads publish too
            if self._held is not None:
                self._held.append(change)

    def hold(self) -> None:
        """Keep what is announced from now on (nobody is looking)."""
        with self._lock:
            if self._held is None:
                self._held = []

    def release(self) -> list[Change]:
        """What was kept, oldest first; until the next `hold`, nothing more is kept."""
        with self._lock:
            held, self._held = self._held or [], None
        return held

    def close(self) -> None:
        self._unsubscribe()
