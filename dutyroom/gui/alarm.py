"""Deadline alarms that cannot be missed: a loud banner in the window, a sound, a tray message.

The scheduler decides when (30/15/5 minutes before due, then every 5 minutes while overdue and not
acknowledged) and publishes Change(kind=EntityKind.ALERT, id=<clock id>) with a notice Change(id="clock:<id>")
carrying the words. This module only rings: the banner stays until an officer presses 确认 (which the
service records with who and when) or the clock is reported.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from dutyroom.domain.localtime import zone as to_zone
from dutyroom.domain.vocabulary import Role
from dutyroom.errors import DatabaseUnavailable, DutyRoomError
from dutyroom.gui.alarm_sound import AlarmSound
from dutyroom.gui.alarm_state import Pending, clock_id_of, describe
from dutyroom.gui.common.background import run_operation
from dutyroom.gui.common.loading import load
from dutyroom.gui.common.outage import report_outage
from dutyroom.gui.common.widgets import set_role, while_alive
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.incidents.records import ClockRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

log = logging.getLogger(__name__)

#: change kinds after which pending alarms are checked against the clocks (reported, acknowledged elsewhere)
RECHECK_KINDS = frozenset({EntityKind.CLOCK, EntityKind.REPORT, EntityKind.INCIDENT})
RING_AGAIN_AFTER = timedelta(seconds=30)


class AlarmBanner(QFrame):
    """White on red, large, ⚠: one alarm at a time (the most pressing), the rest counted beside it."""

    acknowledged = Signal(int)  # clock id, recorded by the service

    def __init__(self, services: Services, actor, parent: QWidget | None = None, *, tray: QSystemTrayIcon | None = None,
                 sound: AlarmSound | None = None, zone_name: str | None = None):
        super().__init__(parent)
        self.services = services
        self.actor = actor
        # Held, not read on every tick: the countdown goes on while the database does not answer.
        self.zone_name = zone_name or services.settings.get().time_zone
        self.clocks: list[ClockRecord] = []  # the open clocks as last read
        self._asked: list[tuple[int, str, str]] = []  # alarms raised, waiting for the clocks being read
        self._recheck = False  # a change asked to check pending alarms against the clocks being read
        self.tray = tray
        self.sound = sound or AlarmSound()
        self.pending: dict[int, Pending] = {}
        self.locked = False
        self.addressed = ""  # "当班：孙明（08:32 接班）": whose alarms these are since the last handover
        self.setObjectName("alarmBanner")
        set_role(self, "alarm")
        self.icon = QLabel("⚠", self)
        self.icon.setObjectName("alarmIcon")
        font = self.icon.font()
        font.setPointSize(26)
        font.setBold(True)
        self.icon.setFont(font)
        self.text = QLabel(self)
        self.text.setObjectName("alarmText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.more = QLabel(self)
        self.more.setObjectName("alarmMore")
        self.button = QPushButton("确认", self)
        self.button.setObjectName("alarmAck")
        self.button.clicked.connect(self.acknowledge_current)
        for label in (self.icon, self.text, self.more):
            # Inside the red frame the labels take its colours, not a label frame of their own.
            label.setStyleSheet("background: transparent; border: none; color: #ffffff; padding: 0px;")
        self.button.setStyleSheet("QPushButton { background: #ffffff; color: #8c1d18; font-weight: bold;"
                                  " font-size: 13pt; border: 2px solid #5c0f0b; border-radius: 4px;"
                                  " padding: 6px 18px; }")
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.text)
        texts.addWidget(self.more)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(texts, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()
        self.readdress()
        self.recall_outstanding()

    # Every read below runs off the GUI thread (common/loading.py): while the server does not answer, the
    # banner keeps ringing and counting down from what it holds, and keeps the last known words.
    def readdress(self) -> None:
        """Who holds the duty now: the alarms name them, from the moment a handover is sealed."""
        holder_of = getattr(self.services.incidents, "duty_holder", None)
        if holder_of is not None:
            now = self.services.clock.now()
            load(self, "holder", lambda: holder_of(now), self._addressed, failed=_quiet)

    def _addressed(self, holder) -> None:
        words = holder.words(to_zone(self._zone())) if holder is not None else ""
        if words != self.addressed:
            self.addressed = words
            self._show()

    def set_zone(self, zone_name: str) -> None:
        """The office's settings changed (the main window read them): the holder's words are in its zone."""
        self.zone_name = zone_name
        self.readdress()
        self._show()

    def recall_outstanding(self) -> None:
        """What is owed shows at once — after login, 切换用户, a restart, or on a workstation opened after
        another one claimed the alert: every overdue clock nobody acknowledged, and the last warning
        claimed for a clock not due yet (claimed while the login dialog was open, or elsewhere)."""
        incidents = self.services.incidents
        load(self, "recall", lambda: (incidents.open_clocks(), incidents.outstanding_alerts()), self._recalled,
             failed=_quiet)

    def _recalled(self, read) -> None:
        clocks, claimed = read
        self.clocks = clocks
        self._raise_overdue(clocks)
        for record, key, _words in claimed:
            if record.id not in self.pending:
                self._raise(record.id, "", key, clocks)

    def _raise_overdue(self, clocks) -> None:
        now = self.services.clock.now()
        for record in clocks:
            if record.due_at < now and record.acknowledged_at is None and record.id not in self.pending:
                self._raise(record.id, "", "overdue:recalled", clocks)

    def _read_clocks(self) -> None:
        load(self, "clocks", self.services.incidents.open_clocks, self._clocks_read, failed=self._clocks_failed)

    def _clocks_read(self, clocks: list[ClockRecord]) -> None:
        self.clocks = clocks
        asked, self._asked = self._asked, []
        for clock_id, text, key in asked:
            self._raise(clock_id, text, key, clocks)
        if self._recheck:
            self._recheck = False
            if self.pending:
                self._drop_settled(clocks)
            # An incident registered late is overdue the moment it is saved: its alarm rings now, not at
            # the scheduler's next check half a minute later (found by hand).
            self._raise_overdue(clocks)

    def _clocks_failed(self, exc: DutyRoomError) -> None:
        """The server away: an alarm of a clock already held rings from what is held; the others wait for
        the next read (the next change or alert, or the scheduler's next check)."""
        _quiet(exc)
        held = {c.id for c in self.clocks}
        waiting = [a for a in self._asked if a[0] not in held and a[0] not in self.pending]
        for clock_id, text, key in self._asked:
            if clock_id in held or clock_id in self.pending:
                self._raise(clock_id, text, key, self.clocks)
        self._asked = waiting

    # -- incoming ----------------------------------------------------------------------------------
    def on_change(self, change: Change) -> None:
        clock_id = clock_id_of(change)
        if change.kind == EntityKind.HANDOVER:  # sealed here or at another workstation: the incoming shift's now
            self.readdress()
            self._show()
            return
        if clock_id is None:
            if change.kind in RECHECK_KINDS:
                self._recheck = True
                self._read_clocks()
        elif change.kind == EntityKind.ALERT:
            self.raise_alarm(clock_id, key=change.message)  # an alert carries its key: "before:30", "overdue:2"
        else:
            self.raise_alarm(clock_id, text=change.message)

    def raise_alarm(self, clock_id: int, *, text: str = "", key: str = "") -> None:
        """Show (or update) the alarm of one clock; ring unless this clock rang a moment ago (the scheduler
        sends a notice with the words and an alert with the key for one event). The clock is read first."""
        self._asked.append((clock_id, text, key))
        self._read_clocks()

    def _raise(self, clock_id: int, text: str, key: str, clocks: list[ClockRecord]) -> None:
        record = next((c for c in clocks if c.id == clock_id), None)
        known = self.pending.get(clock_id)
        if record is None and known is None:
            return  # reported or cancelled meanwhile: nothing is owed any more
        now = self.services.clock.now()
        if key:
            overdue = key.startswith("overdue")
        else:
            overdue = record is not None and now >= record.due_at  # the scheduler's overdue:0 fires at due
        words = text or (describe(record, now, self._zone()) if record is not None else known.message)
        if known is not None and not text and known.rung_at is not None and now - known.rung_at < RING_AGAIN_AFTER:
            words = known.message  # the alert of an event whose notice just came: keep the notice's words
        ring = known is None or known.rung_at is None or now - known.rung_at >= RING_AGAIN_AFTER
        subject = known.subject if known is not None else ""
        if record is not None:
            subject = f"“{record.incident_title}”{record.rule_name}"
        self.pending[clock_id] = Pending(clock_id, words, overdue, record.due_at if record else known.due_at,
                                         now if ring else known.rung_at, subject)
        if ring:
            self.readdress()  # a handover elsewhere whose change has not arrived yet
        self._show()
        if not ring:
            return
        # Overdue: the sound goes on until someone presses 确认; a warning rings once.
        self.sound.play(until_stopped=self.current() is not None and self.current().overdue)
        if self.tray is not None:
            addressed = "" if not self.addressed or self.addressed in words else f"\n{self.addressed}"
            self.tray.showMessage("报送时限提醒", words + addressed, QSystemTrayIcon.MessageIcon.Critical, 0)
        QApplication.alert(self.window())

    # -- acknowledging -------------------------------------------------------------------------------
    def current(self) -> Pending | None:
        if not self.pending:
            return None
        # Overdue first, then the nearest due.
        return min(self.pending.values(), key=lambda p: (not p.overdue, p.due_at or datetime.max.replace(
            tzinfo=self.services.clock.now().tzinfo), p.clock_id))

    def acknowledge_current(self) -> None:
        shown = self.current()
        if shown is None:
            self.hide()
            return
        if not shown.overdue:  # a warning before the due time is only dismissed: acknowledging is for overdue
            self._settled(shown.clock_id)
            return
        # Recorded off the GUI thread: a server that does not answer leaves the banner (and its sound) going.
        self.button.setEnabled(False)
        clock_id, actor, incidents = shown.clock_id, self.actor, self.services.incidents

        def done(_record) -> None:
            self.button.setEnabled(True)
            self.acknowledged.emit(clock_id)
            self._settled(clock_id)

        def failed(exc: Exception) -> None:
            self.button.setEnabled(True)
            if not isinstance(exc, DutyRoomError):
                raise exc  # a fault of the program: the global handler reports it
            self.more.setText("⚠ 确认失败：" + exc.message)

        run_operation(lambda: incidents.acknowledge(actor, clock_id), while_alive(self, done),
                      while_alive(self, failed))

    def _settled(self, clock_id: int) -> None:
        self.pending.pop(clock_id, None)  # the change the service announced may have removed it already
        self._show()

    # -- showing -------------------------------------------------------------------------------------
    def set_locked(self, locked: bool) -> None:
        """On the lock screen the alarm still shows and can be confirmed, without the incident's details."""
        self.locked = locked
        self._show()

    def tick(self, now: datetime) -> None:
        """Called by the clock strip's tick, so the banner's countdown and the strip's agree to the second."""
        shown = self.current()
        if shown is not None and not self.locked and self.isVisible():
            text = shown.words(now, self._zone())
            if text != self.text.text():
                self.text.setText(text)

    def _show(self) -> None:
        shown = self.current()
        if shown is None or not shown.overdue:
            self.sound.stop()  # no overdue report is left unacknowledged: the repeating sound stops
        if shown is None:
            self.hide()
            return
        self.button.setText("确认" if shown.overdue else "知道了")
        # Only those who report may confirm an overdue report; an administrator's 确认 only ever failed.
        may_confirm = not shown.overdue or self.actor.role in (Role.OFFICER, Role.LEADER)
        self.button.setVisible(may_confirm)
        if not may_confirm:
            self.more.setText(self._with_address("超时未报：须由值班员或带班领导报送并确认。"))
            self.text.setText(shown.words(self.services.clock.now(), self._zone()) if not self.locked else
                              f"有 {len(self.pending)} 条报送时限提醒，其中已超时的须由值班员或带班领导确认")
            self.show()
            return
        if self.locked:
            overdue = sum(1 for p in self.pending.values() if p.overdue)
            self.text.setText(f"有 {len(self.pending)} 条报送时限提醒" + (f"，其中 {overdue} 条已超时" if overdue else "")
                              + "，请解锁后查看并报送")
            self.more.setText(self._with_address("确认后停止重复提醒（记录确认人和时间）" if shown.overdue else ""))
            self.show()
            return
        self.text.setText(shown.words(self.services.clock.now(), self._zone()))
        others = len(self.pending) - 1
        self.more.setText(self._with_address(f"另有 {others} 条时限提醒待处理" if others else
                                             ("超时未报，请立即报送；确认后停止重复提醒。" if shown.overdue else "请抓紧报送。")))
        self.button.setToolTip("确认已知晓此超时（记录确认人和时间）" if shown.overdue else "关闭此提醒")
        self.show()

    def _with_address(self, text: str) -> str:
        return f"{self.addressed}　{text}" if self.addressed and text else self.addressed or text

    def _drop_settled(self, clocks: list[ClockRecord]) -> None:
        open_ids = {c.id: c for c in clocks}
        for clock_id in list(self.pending):
            record = open_ids.get(clock_id)
            if record is None or record.acknowledged_at is not None and self.pending[clock_id].overdue:
                del self.pending[clock_id]
        self._show()

    def _zone(self) -> str:
        return self.zone_name


def _quiet(exc: DutyRoomError) -> None:
    """The banner keeps its last words: a server away is the connection banner's to say."""
    if isinstance(exc, DatabaseUnavailable):
        report_outage(exc)
    log.warning("alarm read failed: %s", exc.message)
