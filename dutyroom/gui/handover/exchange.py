"""交班: the outgoing officer shows the summary and the items; the incoming officer picks their own name,
types THEIR password and ticks each item they take (Space on the line). An item left unticked stays with
the outgoing shift and is flagged. Outside the handover window a reason is asked; an incoming officer not
on the roster needs a leader's approval (their account and password).

A wrong password is answered under the password field; the ticks, the reason and the name stay as typed.
The handover is saved off the GUI thread (SavingDialog): a shared database that does not answer leaves
the window running, the dialog saying it is at work and waiting for it on Esc.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dutyroom.domain.localtime import format_local
from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.gui.common.prompts import confirm, error_text, mark
from dutyroom.gui.common.saving_dialog import SavingDialog
from dutyroom.gui.common.widgets import mark_invalid
from dutyroom.services.handover.records import HandoverDraft

FIELDS = ("incoming", "incoming_password", "items", "reason", "approver", "approver_password")

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services
    from dutyroom.services.records import Actor


class HandoverDialog(SavingDialog, QDialog):
    handed_over = Signal(object)  # HandoverRecord

    def __init__(self, parent: QWidget, services: Services, actor: Actor, draft: HandoverDraft, summary: str, *,
                 zone: str | None = None, users: list | None = None):
        """`zone` and `users` (the accounts the incoming officer is chosen from): read with the draft off the
        GUI thread (actions.hand_over); else read here."""
        super().__init__(parent)
        self.services, self.actor, self.draft = services, actor, draft
        self.prompt = None
        zone = zone or services.settings.get().time_zone
        outgoing, incoming = draft.outgoing, draft.incoming
        self.setWindowTitle(f"交班 — {outgoing.key.label}")
        heading = QLabel(f"交班：{outgoing.key.label}（{format_local(outgoing.starts_at, zone, '%m-%d %H:%M')} — "
                         f"{format_local(outgoing.ends_at, zone, '%m-%d %H:%M')}） → 接班：{incoming.key.label}", self)
        heading.setWordWrap(True)
        self.summary = QLabel(summary, self)
        self.summary.setObjectName("handoverSummary")
        self.summary.setWordWrap(True)
        self.window_note = mark(QLabel(draft.outside_text, self), "warning")
        self.window_note.setVisible(bool(draft.outside_text))

        self.items = QListWidget(self)
        self.items.setObjectName("handoverItems")
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items.setTextElideMode(Qt.TextElideMode.ElideRight)
        for item in draft.items:
            due = f"（{format_local(item.due_at, zone, '%m-%d %H:%M')}前）" if item.due_at else ""
            line = QListWidgetItem(f"{item.title}{due} · {item.source.label}" + (" · 已超期" if item.overdue else ""))
            line.setFlags(line.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            line.setCheckState(Qt.CheckState.Unchecked)
            line.setData(Qt.ItemDataRole.UserRole, item.id)
            line.setToolTip(f"{item.title}\n{item.detail}".strip())
            self.items.addItem(line)
        if self.items.count():
            self.items.setCurrentRow(0)
        # Up to ten lines in view: a handover of thirty items must not be read through a slot of five.
        row = self.items.sizeHintForRow(0) if self.items.count() else self.fontMetrics().height() + 6
        self.items.setMinimumHeight(row * min(10, max(5, self.items.count())) + 2 * self.items.frameWidth())
        self.items.itemChanged.connect(lambda _item: self._show_count())
        self.count = QLabel(self)

        self.incoming = QComboBox(self)
        self.incoming.setObjectName("incoming_edit")
        rostered = set(draft.incoming_rostered)
        users = users if users is not None else services.users.list()
        people = sorted((u for u in users if u.active and u.username != actor.username),
                        key=lambda u: (u.display_name not in rostered, u.display_name or u.username))
        self.incoming.addItem("（请接班人选择自己的姓名）", "")
        for user in people:
            tag = "（排班）" if user.display_name in rostered else ""
            self.incoming.addItem(f"{user.display_name or user.username}{tag}　{user.username}", user.username)
        self.password = QLineEdit(self)
        self.password.setObjectName("incoming_password_edit")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("接班人输入自己的密码")
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("reason_edit")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(60)
        self.approver = QLineEdit(self)
        self.approver.setObjectName("approver_edit")
        self.approver.setPlaceholderText("带班领导的用户名")
        self.approver_password = QLineEdit(self)
        self.approver_password.setObjectName("approver_password_edit")
        self.approver_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.inputs = {"incoming": self.incoming, "incoming_password": self.password, "items": self.items,
                       "reason": self.reason, "approver": self.approver, "approver_password": self.approver_password}
        self.errors = {name: self._error_label(name) for name in FIELDS}

        form = QFormLayout()
        form.addRow("交接事项（空格勾选）：", self.items)
        form.addRow("", self.count)
        form.addRow("", self.errors["items"])
        form.addRow("接班人(&J)：", self.incoming)
        form.addRow("", self.errors["incoming"])
        form.addRow("接班人密码(&P)：", self.password)
        form.addRow("", self.errors["incoming_password"])
        self.reason_row = (QLabel("不在交接时间的原因：", self), self.reason)
        form.addRow(*self.reason_row)
        form.addRow("", self.errors["reason"])
        self.approver_rows = [(QLabel("批准的带班领导：", self), self.approver),
                              (QLabel("带班领导密码：", self), self.approver_password)]
        form.addRow(*self.approver_rows[0])
        form.addRow("", self.errors["approver"])
        form.addRow(*self.approver_rows[1])
        form.addRow("", self.errors["approver_password"])
        for widget in (*self.reason_row,):
            widget.setVisible(bool(draft.outside_text))
        self._show_approval(False)

        self.message = mark(QLabel(self), "error")
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("确认交接并封存")
        self.ok_button.setDefault(True)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("取消")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.window_note)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)
        self._show_count()
        self.pristine = self._typed()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        # The incoming officer starts at the first item: Space ticks, ↓ moves on.
        (self.items if self.items.count() else self.incoming).setFocus()

    def _error_label(self, name: str) -> QLabel:
        label = mark(QLabel(self), "error")
        label.setObjectName(f"{name}_error")
        label.hide()
        return label

    def _show_approval(self, visible: bool) -> None:
        for label, field in self.approver_rows:
            label.setVisible(visible)
            field.setVisible(visible)

    def _show_count(self) -> None:
        left = len(self.acknowledged_left())
        total = self.items.count()
        self.count.setText(f"已勾选 {total - left}/{total} 项" + (f"；未勾选的 {left} 项留在交班人名下并标记" if left else "")
                           if total else "没有交接事项")

    def acknowledged(self) -> list[int]:
        return [self.items.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.items.count())
                if self.items.item(i).checkState() == Qt.CheckState.Checked]

    def acknowledged_left(self) -> list[int]:
        return [self.items.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.items.count())
                if self.items.item(i).checkState() != Qt.CheckState.Checked]

    def _typed(self) -> tuple:
        return (self.incoming.currentIndex(), self.password.text(), self.reason.toPlainText(), self.approver.text(),
                tuple(self.acknowledged()))

    # -- submitting ------------------------------------------------------------------------------
    def submit(self) -> None:
        for name in FIELDS:
            self.errors[name].hide()
            mark_invalid(self.inputs[name], False)
        self.message.hide()
        handover, actor, key = self.services.handover, self.actor, self.draft.outgoing.key
        incoming, password, acknowledged = self.incoming.currentData() or "", self.password.text(), self.acknowledged()
        reason, approver, approver_password = self.reason.toPlainText(), self.approver.text(), self.approver_password.text()
        self.save_in_background(
            lambda: handover.hand_over(actor, key, incoming, password, acknowledged, reason=reason,
                                       approver_username=approver, approver_password=approver_password),
            self._handed_over, self._refused, (self.ok_button, self.cancel_button))

    def _handed_over(self, record) -> None:
        self.handed_over.emit(record)
        self.accept()

    def _refused(self, error: Exception) -> None:
        if isinstance(error, ValidationError):
            self._show_errors(error.fields)
        elif isinstance(error, DutyRoomError):
            self.message.setText(error_text(error.message))
            self.message.show()
        else:
            raise error

    def _show_errors(self, fields: dict[str, str]) -> None:
        first = None
        leftovers = []
        for name, text in fields.items():
            if name not in self.errors:
                leftovers.append(text)
                continue
            if name == "reason":
                for widget in self.reason_row:
                    widget.show()
                if text == self.draft.outside_text and self.window_note.isVisible():
                    text = "请填写原因"  # the question itself is already on the yellow line above
            if name.startswith("approver"):
                self._show_approval(True)
            self.errors[name].setText(error_text(text))
            self.errors[name].show()
            mark_invalid(self.inputs[name], True)
            first = first or self.inputs[name]
        if leftovers:
            self.message.setText(error_text("；".join(leftovers)))
            self.message.show()
        if first is not None:
            first.setFocus()
            if isinstance(first, QLineEdit):
                first.selectAll()  # a retyped password replaces the wrong one; nothing else is cleared

    def reject(self) -> None:
        if self.saving:
            self.show_still_saving()
            return
        if self._typed() == self.pristine:
            super().reject()
            return
        box = confirm(self, "取消交班", "已勾选和输入的内容还没有提交，确定取消交班吗？", self._discard, yes_text="取消交班")
        box.button(QMessageBox.StandardButton.Cancel).setText("继续交班")
        self.prompt = box

    def _discard(self) -> None:
        super().reject()
