"""Handling an instruction: 转达 (to whom, by which channel) and 反馈 (what was done; 已落实 closes it).

Small dialogs over the ledger page; a mistake is shown next to its field and what was typed stays. The
save runs off the GUI thread (SavingDialog): a slow database leaves the window running, Esc waits. What
is typed is autosaved as a draft, given back when the same dialog is opened again after a crash, and Esc
asks before throwing it away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dutyroom.domain.instruction_text import giver, quote
from dutyroom.domain.vocabulary import PassOnChannel
from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.gui.common.drafts import DraftKeeper
from dutyroom.gui.common.inputs import fill_enum
from dutyroom.gui.common.prompts import confirm_discard, error_text, mark
from dutyroom.gui.common.saving_dialog import SavingDialog
from dutyroom.services.records import InstructionRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services


class _HandlingDialog(SavingDialog, QDialog):
    done = Signal(object)  # the InstructionRecord as saved

    def __init__(self, services: Services, actor, item: InstructionRecord, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor, self.item = services, actor, item
        self.prompt: QMessageBox | None = None
        self.drafts: DraftKeeper | None = None
        self.restored = False
        self.setWindowTitle(title)
        self.summary = QLabel(f"{giver(item) or '领导'}批示：{quote(item.text, 60)}", self)
        self.summary.setWordWrap(True)
        self.form = QFormLayout()
        self.message = mark(QLabel(self), "error")
        self.message.hide()
        self.errors: dict[str, QLabel] = {}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("取消")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(460)

    def keep_drafts(self, kind: str, inputs: dict[str, QWidget]) -> None:
        """Autosave `inputs` under this instruction's key; a draft left by a dialog that died is put back."""
        self.drafts = DraftKeeper(self.services, self.actor, f"instruction-{kind}:{self.item.id}", inputs,
                                  parent=self, store=self.services.instructions)
        kept = self.drafts.stored()
        if kept is not None:
            self.drafts.apply(kept)
            self.restored = True
            mark(self.message, "ok")
            self.message.setText("已恢复未保存的草稿，请核对后保存。")
            self.message.show()
        self.finished.connect(lambda *_: self.drafts.timer.stop() if self.drafts is not None else None)

    def _forget_draft(self) -> None:
        if self.drafts is not None:
            self.drafts.discard()

    def add_row(self, name: str, label: str, widget: QWidget) -> None:
        self.form.addRow(label, widget)
        error = mark(QLabel(self), "error")
        error.setObjectName(f"{name}_error")
        error.hide()
        self.form.addRow("", error)
        self.errors[name] = error

    def save(self) -> None:
        for label in self.errors.values():
            label.hide()
        self.message.hide()
        mark(self.message, "error")
        self.save_in_background(self.request(), self._saved, self._refused, (self.save_button, self.cancel_button))

    def _saved(self, saved: InstructionRecord) -> None:
        self._forget_draft()
        self.done.emit(saved)
        self.accept()

    def _refused(self, error: Exception) -> None:
        if isinstance(error, ValidationError):
            for name, text in error.fields.items():
                label = self.errors.get(name)
                if label is None:
                    self.message.setText(error_text(text))
                    self.message.show()
                else:
                    label.setText(error_text(text))
                    label.show()
        elif isinstance(error, DutyRoomError):
            self.message.setText(error_text(error.message))
            self.message.show()
        else:
            raise error

    def request(self) -> Callable[[], InstructionRecord]:
        """The save with the values as typed now (read here, on the GUI thread), to run off it."""
        raise NotImplementedError

    def has_typed(self) -> bool:
        return False

    def reject(self) -> None:
        """Esc or the close button: ask before throwing away what was typed."""
        if self.saving:
            self.show_still_saving()
            return
        if not (self.restored or self.has_typed()):
            self._forget_draft()
            super().reject()
            return
        box = confirm_discard(self, "放弃填写", "已输入的内容还没有保存，确定放弃吗？", self._discard)
        self.prompt = box

    def _discard(self) -> None:
        self._forget_draft()
        QDialog.reject(self)


class PassOnDialog(_HandlingDialog):
    """转达: the instruction goes to a unit or person by telephone, fax or SMS, and is then being carried out."""

    def __init__(self, services: Services, actor, item: InstructionRecord, parent: QWidget | None = None):
        super().__init__(services, actor, item, "转达领导批示", parent)
        self.to_edit = QLineEdit(item.passed_to, self)
        self.to_edit.setPlaceholderText("单位或人员，如：市应急管理局")
        self.channel_combo = QComboBox(self)
        fill_enum(self.channel_combo, PassOnChannel)
        if item.pass_channel is not None:
            self.channel_combo.setCurrentIndex(self.channel_combo.findData(item.pass_channel))
        self.add_row("passed_to", "转达给", self.to_edit)
        self.add_row("pass_channel", "方式", self.channel_combo)
        self.save_button.setText("转达")
        self.keep_drafts("pass-on", {"passed_to": self.to_edit, "pass_channel": self.channel_combo})
        self.to_edit.setFocus()

    def request(self) -> Callable[[], InstructionRecord]:
        service, actor, item = self.services.instructions, self.actor, self.item
        to, channel = self.to_edit.text(), self.channel_combo.currentData()
        return lambda: service.pass_on(actor, item.id, item.version, to, channel)

    def has_typed(self) -> bool:
        return self.to_edit.text().strip() != self.item.passed_to


class FeedbackDialog(_HandlingDialog):
    """反馈: what the unit reported back; ticking 已落实 closes the instruction for good."""

    def __init__(self, services: Services, actor, item: InstructionRecord, parent: QWidget | None = None, *,
                 done: bool = False):
        super().__init__(services, actor, item, "落实反馈", parent)
        self.feedback_edit = QPlainTextEdit(self)
        self.feedback_edit.setTabChangesFocus(True)
        self.feedback_edit.setPlaceholderText("如：市应急管理局已部署排查，明早9时前报告结果")
        self.done_check = QCheckBox("已落实，办结此批示", self)
        self.done_check.setChecked(done)
        if item.feedback:
            earlier = QLabel(f"此前反馈：{item.feedback}", self)
            earlier.setWordWrap(True)
            self.form.addRow("", earlier)
        self.add_row("feedback", "反馈内容", self.feedback_edit)
        self.form.addRow("", self.done_check)
        self.save_button.setText("保存反馈")
        self.keep_drafts("feedback", {"feedback": self.feedback_edit, "done": self.done_check})
        self.feedback_edit.setFocus()

    def request(self) -> Callable[[], InstructionRecord]:
        service, actor, item = self.services.instructions, self.actor, self.item
        feedback, done = self.feedback_edit.toPlainText(), self.done_check.isChecked()
        return lambda: service.add_feedback(actor, item.id, item.version, feedback, done=done)

    def has_typed(self) -> bool:
        return bool(self.feedback_edit.toPlainText().strip())
