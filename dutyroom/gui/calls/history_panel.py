"""Caller history beside the entry form: "this is the fourth call about the same water outage".

As the number (or, with no number, the name) is typed, a short debounce later the earlier calls are
looked up off the GUI thread. A reply to an older question (the officer kept typing) is dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from dutyroom.domain.localtime import to_local
from dutyroom.domain.vocabulary import CallOutcome
from dutyroom.gui.common.background import run_in_background
from dutyroom.gui.common.widgets import set_role, while_alive
from dutyroom.services.calls.records import CallerHistory, CallRow

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

DEBOUNCE_MS = 250
SHOWN = 10
SUMMARY_HEAD = 40
MIN_DIGITS = 3  # fewer digits than an extension number: not worth asking yet
MIN_NAME = 2


def outcome_text(row: CallRow) -> str:
    if row.outcome != CallOutcome.ASSIGNED:
        return row.outcome.label
    text = f"转办{row.assigned_unit}" if row.assigned_unit else "转办"
    if row.follow_status is not None:
        text += f"（{row.follow_status.label}）"
    if row.overdue_days > 0:
        text += f"，逾期{row.overdue_days}天"
    return text


def row_text(row: CallRow, zone_name: str, this_year: int) -> str:
    head = row.summary if len(row.summary) <= SUMMARY_HEAD else row.summary[:SUMMARY_HEAD] + "…"
    local = to_local(row.started_at, zone_name)
    when = f"{local:%m-%d %H:%M}" if local.year == this_year else f"{local:%Y-%m-%d %H:%M}"
    first = " · ".join(part for part in (when, row.category, row.caller_name) if part)
    return f"{first}\n{head}\n处理：{outcome_text(row)}"


def headline(history: CallerHistory, by_number: bool) -> str:
    who = "该号码" if by_number else "该来电人"
    if history.total == 0:
        return f"{who}此前没有来电记录。"
    return f"{who}此前来电 {history.total} 次" + ("，最近几次：" if history.calls else "。")


def topic_line(history: CallerHistory) -> str:
    if history.same_topic <= 0:
        return ""
    return f"其中 {history.same_topic} 次反映相似问题（本次为第 {history.same_topic + 1} 次）"


class CallerHistoryPanel(QWidget):
    """Shows the earlier calls; `picked` when the officer activates one (Enter or double-click)."""

    picked = Signal(object)  # CallRow

    def __init__(self, services: Services, zone_name: str, parent: QWidget | None = None, *, exclude_id: int | None = None):
        super().__init__(parent)
        self.services, self.zone_name, self.exclude_id = services, zone_name, exclude_id
        self.history: CallerHistory | None = None
        self._asked = 0  # number of the latest question; older answers are dropped
        self._query: tuple[str, str, str] = ("", "", "")
        self.heading = QLabel(self)
        self.heading.setObjectName("history_heading")
        self.heading.setWordWrap(True)
        self.topic = QLabel(self)
        self.topic.setObjectName("history_topic")
        self.topic.setWordWrap(True)
        set_role(self.topic, "warning")  # a recurring problem must not be missed
        self.topic.hide()
        self.list = QListWidget(self)
        self.list.setObjectName("history_list")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setToolTip("回车或双击：把来电人、单位填入空白栏")
        self.list.itemActivated.connect(self._activated)
        self.list.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.topic)
        layout.addWidget(self.list, 1)
        layout.addStretch(0)  # keeps the heading at the top while there is no list
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.lookup)
        self._idle()

    # -- asking ------------------------------------------------------------------------------------
    def request(self, number: str, name: str, summary: str, *, at_once: bool = False) -> None:
        """Called on every keystroke in number, name or summary: ask once the typing pauses."""
        self._query = (number.strip(), name.strip(), summary.strip())
        if at_once:
            self.timer.stop()
            self.lookup()
        else:
            self.timer.start()

    def lookup(self) -> None:
        number, name, summary = self._query
        by_number = sum(ch.isdigit() for ch in number) >= MIN_DIGITS
        if not by_number and (number or len(name) < MIN_NAME):
            self._asked += 1  # whatever is still running answers a question nobody asks any more
            self._idle()
            return
        self._asked += 1
        asked = self._asked
        exclude = self.exclude_id
        calls = self.services.calls

        def ask():
            return calls.caller_history(number if by_number else "", "" if by_number else name, summary,
                                        limit=SHOWN, exclude_id=exclude)

        run_in_background(ask, while_alive(self, lambda h: self._answer(asked, h, by_number)),
                          while_alive(self, lambda exc: self._failed(asked, exc)))

    def answer_now(self) -> None:
        """Look up the current question on this thread (for `dutyroom screenshot`, which cannot wait)."""
        number, name, summary = self._query
        self.timer.stop()
        by_number = sum(ch.isdigit() for ch in number) >= MIN_DIGITS
        self._asked += 1
        history = self.services.calls.caller_history(number if by_number else "", "" if by_number else name,
                                                     summary, limit=SHOWN, exclude_id=self.exclude_id)
        self._answer(self._asked, history, by_number)

    # -- showing -----------------------------------------------------------------------------------
    def _idle(self) -> None:
        self.history = None
        self.list.clear()
        self.list.hide()
        self.topic.hide()
        self.heading.setText("输入来电号码（或来电人姓名）后，这里显示此前的来电。")
        set_role(self.heading, "hint")

    def _answer(self, asked: int, history: CallerHistory, by_number: bool) -> None:
        if asked != self._asked:
            return
        self.history = history
        self.heading.setText(headline(history, by_number))
        set_role(self.heading, "")
        line = topic_line(history)
        self.topic.setText(line)
        self.topic.setVisible(bool(line))
        self.list.clear()
        this_year = to_local(self.services.clock.now(), self.zone_name).year
        for row in history.calls:
            item = QListWidgetItem(row_text(row, self.zone_name, this_year))
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.list.addItem(item)
        self.list.setVisible(bool(history.calls))

    def _failed(self, asked: int, exc: Exception) -> None:
        if asked != self._asked:
            return
        self.history = None
        self.list.clear()
        self.list.hide()
        self.topic.hide()
        self.heading.setText(f"暂时查不到此前的来电：{getattr(exc, 'message', None) or exc}")
        set_role(self.heading, "error")

    def _activated(self, item: QListWidgetItem) -> None:
        self.picked.emit(item.data(Qt.ItemDataRole.UserRole))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # Enter on an earlier call copies it; the list would otherwise pass Enter on and save the form.
        if (watched is self.list and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            item = self.list.currentItem()
            if item is not None:
                self._activated(item)
            return True
        return False
