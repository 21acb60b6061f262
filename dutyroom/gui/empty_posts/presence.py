"""在岗确认: the prompt the scheduler raises at a drawn moment of the night. The officer presses Enter
(我在岗) within the time allowed; after that the button is gone and the check is recorded as missed.

The prompt is not modal: a call can be taken while it is up. Closing it does not answer it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from dutyroom.domain.localtime import format_local
from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.background import run_operation
from dutyroom.gui.common.prompts import error_text, mark
from dutyroom.gui.common.widgets import set_role, while_alive

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

TICK_MS = 1000


class PresencePrompt(QDialog):
    def __init__(self, services: Services, actor, check_id: int, answer_by: datetime, zone: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor, self.check_id, self.answer_by = services, actor, check_id, answer_by
        self.confirmed = False
        self.setObjectName("presencePrompt")
        self.setWindowTitle("在岗确认")
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        # `zone`: the office's as the window holds it (the prompt comes up on a timer: no read on the GUI thread)
        self.question = QLabel(f"值班室在岗确认：请在 {format_local(answer_by, zone, '%H:%M')} 前按“我在岗”。"
                               "\n超时未确认将记为空岗，并告知带班领导。", self)
        self.question.setWordWrap(True)
        self.remaining = QLabel(self)
        set_role(self.remaining, "hint")
        self.result = QLabel(self)
        self.result.hide()
        self.confirm_button = QPushButton("我在岗（Enter）", self)
        self.confirm_button.setObjectName("confirmPresenceButton")
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self.confirm)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.remaining)
        layout.addWidget(self.result)
        layout.addWidget(self.confirm_button)
        self.setMinimumWidth(420)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self.finished.connect(lambda *_: self.timer.stop())
        self.tick()

    def tick(self) -> None:
        """Once a second (tests call it after moving the fake clock): the time left, or that it was missed."""
        if self.confirmed:
            return
        left = int((self.answer_by - self.services.clock.now()).total_seconds())
        if left > 0 or self._confirming:  # pressed in time and on its way: the service says whether it counted
            self.remaining.setText(f"还剩 {left // 60} 分 {left % 60:02d} 秒")
            return
        self.timer.stop()
        self._missed("已超过确认时限，本次在岗确认记为未应答，已告知带班领导。")

    _confirming = False
    CONFIRMING = "正在确认…"

    def confirm(self) -> None:
        """Off the GUI thread: a server that stops answering leaves the window (and this countdown) running;
        the button says so meanwhile and a second Enter sends nothing more."""
        if self._confirming or self.confirmed:
            return
        self._confirming = True
        self.confirm_button.setText(self.CONFIRMING)
        self.confirm_button.setEnabled(False)
        empty_posts, actor, check_id = self.services.empty_posts, self.actor, self.check_id

        def settle(callback):
            def run(value) -> None:
                self._confirming = False
                self.confirm_button.setText("我在岗（Enter）")
                self.confirm_button.setEnabled(True)
                callback(value)
            return while_alive(self, run)

        run_operation(lambda: empty_posts.confirm_presence(actor, check_id), settle(self._confirmed),
                      settle(self._refused))

    def _refused(self, exc: Exception) -> None:
        if not isinstance(exc, DutyRoomError):
            raise exc  # a fault of the program: the global handler reports it
        self._missed(exc.message)

    def _confirmed(self, _result) -> None:
        self.confirmed = True
        self.timer.stop()
        self.remaining.hide()
        mark(self.result, "ok")
        self.result.setText(f"已确认在岗（{self.actor.display_name or self.actor.username}）。")
        self.result.show()
        self.confirm_button.hide()
        QTimer.singleShot(1500, self.accept)

    def _missed(self, message: str) -> None:
        self.remaining.hide()
        mark(self.result, "error")
        self.result.setText(error_text(message))
        self.result.show()
        self.confirm_button.hide()
