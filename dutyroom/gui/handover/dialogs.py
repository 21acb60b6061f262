"""The small forms of 交接班: a handover item, closing or dropping it, an amendment, the leader's review.

Each is a few fields with the message for a field right under it. Nothing typed is lost: a refused
save keeps every field, and Esc (or the close button) on a form with text asks first. The save runs
off the GUI thread (SavingDialog): while the database is slow the form says so and Esc waits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.gui.common.buttons import bind_save_keys, show_save_label
from dutyroom.gui.common.inputs import from_qdatetime, to_qdatetime
from dutyroom.gui.common.prompts import confirm_discard, error_text, mark
from dutyroom.gui.common.saving_dialog import SavingDialog
from dutyroom.gui.common.widgets import mark_invalid

LINE, TEXT, WHEN = "line", "text", "when"


@dataclass(frozen=True)
class Field:
    name: str  # the service's field name (ValidationError.fields)
    label: str
    kind: str = LINE  # LINE, TEXT, or WHEN (an optional time: a tick switches it on)
    hint: str = ""


class FieldDialog(SavingDialog, QDialog):
    """A form of `fields`; `submit(values)` saves (raising ValidationError for a field) and returns the record."""

    saved = Signal(object)

    def __init__(self, parent: QWidget, title: str, fields: Sequence[Field], submit: Callable[[dict], object], *,
                 save_text: str = "保存", zone_name: str = "Asia/Shanghai", now: datetime | None = None,
                 intro: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        bind_save_keys(self, self.save)  # saves from the multi-line fields too
        self.submit_values = submit
        self.zone_name = zone_name
        self.prompt = None
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.switches: dict[str, QCheckBox] = {}
        form = QFormLayout()
        for field in fields:
            if field.kind == TEXT:
                widget = QPlainTextEdit(self)
                widget.setTabChangesFocus(True)
                widget.setFixedHeight(90)
                widget.setPlaceholderText(field.hint)
            elif field.kind == WHEN:
                widget = QDateTimeEdit(self)
                widget.setDisplayFormat("yyyy-MM-dd HH:mm")
                widget.setCalendarPopup(True)
                widget.setDateTime(to_qdatetime(now, zone_name) if now else QDateTime.currentDateTime())
                widget.setEnabled(False)
                switch = QCheckBox(f"设定{field.label}", self)
                switch.toggled.connect(widget.setEnabled)
                self.switches[field.name] = switch
                form.addRow("", switch)
            else:
                widget = QLineEdit(self)
                widget.setPlaceholderText(field.hint)
            widget.setObjectName(f"{field.name}_edit")
            self.inputs[field.name] = widget
            form.addRow(f"{field.label}：", widget)
            error = mark(QLabel(self), "error")
            error.setObjectName(f"{field.name}_error")
            error.hide()
            self.errors[field.name] = error
            form.addRow("", error)
        self.message = mark(QLabel(self), "error")
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        show_save_label(self.save_button, save_text)
        self.save_button.setDefault(True)  # Enter saves (Tab leaves the text boxes)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            intro_label = QLabel(intro, self)
            intro_label.setWordWrap(True)
            layout.addWidget(intro_label)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.pristine = self.values()
        if fields:
            self.inputs[fields[0].name].setFocus()

    def values(self) -> dict:
        out: dict = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, QPlainTextEdit):
                out[name] = widget.toPlainText()
            elif isinstance(widget, QDateTimeEdit):
                out[name] = from_qdatetime(widget.dateTime(), self.zone_name) if widget.isEnabled() else None
            else:
                out[name] = widget.text()
        return out

    def save(self) -> None:
        for name, label in self.errors.items():
            label.hide()
            mark_invalid(self.inputs[name], False)
        self.message.hide()
        submit, values = self.submit_values, self.values()
        self.save_in_background(lambda: submit(values), self._saved, self._refused,
                                (self.save_button, self.cancel_button))

    def _saved(self, record) -> None:
        self.saved.emit(record)
        self.accept()

    def _refused(self, error: Exception) -> None:
        if isinstance(error, ValidationError):
            self.show_errors(error.fields)
        elif isinstance(error, DutyRoomError):
            self.message.setText(error_text(error.message))
            self.message.show()
        else:
            raise error

    def show_errors(self, fields: dict[str, str]) -> None:
        leftovers = []
        first = None
        for name, text in fields.items():
            if name in self.errors:
                self.errors[name].setText(error_text(text))
                self.errors[name].show()
                mark_invalid(self.inputs[name], True)
                first = first or self.inputs[name]
            else:
                leftovers.append(text)
        if leftovers:
            self.message.setText(error_text("；".join(leftovers)))
            self.message.show()
        if first is not None:
            first.setFocus()

    def reject(self) -> None:
        """Esc or the close button: what was typed is not thrown away without asking."""
        if self.saving:
            self.show_still_saving()
            return
        if self.values() == self.pristine:
            super().reject()
            return
        box = confirm_discard(self, "放弃填写", "已输入的内容还没有保存，确定放弃吗？", self._discard)
        self.prompt = box

    def _discard(self) -> None:
        super().reject()
