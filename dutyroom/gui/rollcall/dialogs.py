"""The small dialogs of the 视频点名 page: 更正 a finished roll-call (who, when, why), 整改销号 with the unit's
feedback, and the units of an unplanned roll-call. Each asks before Esc or the close button throws away
what was typed, and shows a service's message next to its field. Saves run off the GUI thread
(SavingDialog): a database that does not answer leaves the window running, the dialog saying so."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dutyroom.domain.localtime import format_local
from dutyroom.domain.vocabulary import AVQuality, RollCallResult
from dutyroom.errors import DutyRoomError, PermissionDenied, ValidationError
from dutyroom.gui.common.buttons import bind_save_keys, show_save_label
from dutyroom.gui.common.prompts import confirm_discard, inform, mark
from dutyroom.gui.common.saving_dialog import SavingDialog
from dutyroom.gui.common.widgets import FieldErrors
from dutyroom.services.rollcall.records import ANSWERER_POSITIONS, EntryRecord, RectificationRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services


class AskingDialog(SavingDialog, QDialog):
    """Save / cancel with errors next to fields; Esc and the close button ask when something was typed."""

    saved = Signal(object)
    save_text = "保存"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.prompt = None
        self.message = mark(QLabel(self), "error")
        self.message.setObjectName("dialog_message")
        self.message.hide()
        self.errors = FieldErrors(self.message)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        show_save_label(self.save_button, self.save_text)
        self.save_button.setDefault(True)  # Enter saves (a multi-line box keeps its own Enter)
        bind_save_keys(self, self.save)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("取消")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.pristine: tuple = ()

    def field(self, name: str, label: str, widget: QWidget) -> QWidget:
        """A row of the form with its error label right under it."""
        widget.setObjectName(f"{name}_input")
        self.form.addRow(label, widget)
        error = QLabel(self)
        error.setObjectName(f"{name}_error")
        self.form.addRow("", error)
        self.errors.add(name, error, widget)
        return widget

    def typed(self) -> tuple:
        raise NotImplementedError

    def remember(self) -> None:
        self.pristine = self.typed()

    def _discard(self) -> None:
        super().reject()

    def reject(self) -> None:
        """Esc or the close button: ask before throwing away what was typed (and wait for a save under way)."""
        if self.saving:
            self.show_still_saving()
            return
        if self.typed() == self.pristine:
            super().reject()
            return
        box = confirm_discard(self, "放弃输入", "已输入的内容还没有保存，确定放弃吗？", self._discard)
        self.prompt = box

    def request(self) -> Callable[[], Any]:
        """The save with the values as typed now (read here, on the GUI thread), to run off it."""
        raise NotImplementedError

    def save(self) -> None:
        if self.saving:
            return
        self.errors.clear()
        self.save_in_background(self.request(), self.on_saved, self.refused, (self.save_button, self.cancel_button))

    def on_saved(self, result) -> None:
        self.saved.emit(result)
        self.accept()

    def refused(self, error: Exception) -> None:
        if isinstance(error, ValidationError):
            self.errors.show(error.fields)
        elif isinstance(error, PermissionDenied):
            self.prompt = inform(self, "没有权限", error.message)
        elif isinstance(error, DutyRoomError):
            self.errors.show_general(error.message)
        else:
            raise error


def text_box(parent: QWidget, height: int = 90) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(height)
    return box


class AmendDialog(AskingDialog):
    """更正: the corrected facts of one unit, and why; who and when are recorded by the service."""

    save_text = "保存更正"

    def __init__(self, services: Services, actor, entry: EntryRecord, parent: QWidget | None = None, *,
                 zone: str | None = None):
        """`zone`: the office's, as the live screen read it when the roll-call opened (else read here)."""
        super().__init__(parent)
        self.services, self.actor, self.entry = services, actor, entry
        self.setWindowTitle(f"更正点名记录 — {entry.unit_name}")
        zone = zone or services.settings.get().time_zone
        called = format_local(entry.called_at, zone, "%H:%M:%S") or "—"
        facts = QLabel(f"呼叫时间 {called}，应答用时 {entry.answer_seconds if entry.answer_seconds is not None else '—'}"
                       " 秒（时间按当时的记录，不能更正）", self)
        facts.setWordWrap(True)
        self.form.addRow("", facts)
        self.result = self.field("result", "结果(&R)", QComboBox(self))
        for r in RollCallResult:
            self.result.addItem(r.label, r)
        self.result.setCurrentIndex(max(0, self.result.findData(entry.result)))
        self.answerer = self.field("answerer", "应答人(&N)", QLineEdit(entry.answerer, self))
        self.position = self.field("position", "身份(&P)", QComboBox(self))
        self.position.addItem("（未填）", "")
        for name in ANSWERER_POSITIONS:
            self.position.addItem(name, name)
        self.position.setCurrentIndex(max(0, self.position.findData(entry.answerer_position)))
        self.av = self.field("av", "画面声音(&V)", QComboBox(self))
        self.av.addItem("（未填）", None)
        for quality in AVQuality:
            self.av.addItem(quality.label, quality)
        self.av.setCurrentIndex(max(0, self.av.findData(entry.av_quality)))
        self.remarks = self.field("remarks", "备注(&M)", QLineEdit(entry.remarks, self))
        self.reason = self.field("reason", "更正原因(&Y)", text_box(self))
        self.reason.setPlaceholderText("必填：为什么更正，依据是什么（如：该单位来电说明当时在岗，视频线路故障）")
        who = QLabel(f"更正人：{actor.display_name or actor.username}　更正时间：保存时自动记录", self)
        self.form.addRow("", who)
        self.remember()
        self.reason.setFocus()

    def typed(self) -> tuple:
        return (self.result.currentIndex(), self.answerer.text(), self.position.currentIndex(),
                self.av.currentIndex(), self.remarks.text(), self.reason.toPlainText())

    def request(self):
        rollcall, actor, entry_id, reason = self.services.rollcall, self.actor, self.entry.id, self.reason.toPlainText()
        changes = {"result": self.result.currentData(), "answerer": self.answerer.text(),
                   "position": self.position.currentData() or "", "av_quality": self.av.currentData(),
                   "remarks": self.remarks.text()}
        return lambda: rollcall.amend(actor, entry_id, reason, **changes)


class CloseItemDialog(AskingDialog):
    """整改销号: the unit's feedback on what it fixed."""

    save_text = "销号"

    def __init__(self, services: Services, actor, item: RectificationRecord, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor, self.item = services, actor, item
        self.setWindowTitle(f"整改销号 — {item.unit_name}")
        requirement = QLabel(f"整改要求：{item.requirement}\n整改期限：{item.due_on:%Y-%m-%d}"
                             + ("（已逾期）" if item.overdue else ""), self)
        requirement.setWordWrap(True)
        self.form.addRow("", requirement)
        self.feedback = self.field("feedback", "整改反馈(&F)", text_box(self, 120))
        self.feedback.setPlaceholderText("单位报来的整改情况，如：已更换视频终端，测试正常")
        self.remember()
        self.feedback.setFocus()

    def typed(self) -> tuple:
        return (self.feedback.toPlainText(),)

    def request(self):
        rollcall, actor, item, feedback = self.services.rollcall, self.actor, self.item, self.feedback.toPlainText()
        return lambda: rollcall.close_rectification(actor, item.id, feedback, version=item.version)


class UnitsDialog(AskingDialog):
    """临时点名: tick the units, in calling order (the units' own order); Space ticks, Enter starts."""

    save_text = "开始点名"

    def __init__(self, services: Services, actor, kind, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor, self.kind = services, actor, kind
        self.setWindowTitle(f"临时{kind.label}")
        self.units = self.field("units", "点名单位(&U)", QListWidget(self))
        self.units.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for unit in services.units.list(include_inactive=False):
            item = QListWidgetItem(f"{unit.name}　{unit.duty_phone}".strip(), self.units)
            item.setData(Qt.ItemDataRole.UserRole, unit.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.units.setMinimumHeight(260)
        self.units.installEventFilter(self)
        hint = QLabel("空格勾选或取消，Ctrl+A 全选；Enter 开始点名。", self)
        self.form.addRow("", hint)
        self.remember()
        self.units.setFocus()
        if self.units.count():
            self.units.setCurrentRow(0)

    def check_all(self) -> None:
        for row in range(self.units.count()):
            self.units.item(row).setCheckState(Qt.CheckState.Checked)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        # The list would take Ctrl+A as "select all" (one row in single selection); here it ticks every unit.
        if (watched is self.units and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_A
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.check_all()
            return True
        return super().eventFilter(watched, event)

    def chosen(self) -> list[int]:
        return [self.units.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.units.count())
                if self.units.item(r).checkState() == Qt.CheckState.Checked]

    def typed(self) -> tuple:
        return tuple(self.chosen())

    def request(self):
        rollcall, actor, kind, at, units = self.services.rollcall, self.actor, self.kind, self.services.clock.now(), \
            self.chosen()
        return lambda: rollcall.create_rollcall(actor, kind, at, units)


__all__ = ["AmendDialog", "AskingDialog", "CloseItemDialog", "UnitsDialog", "text_box"]
