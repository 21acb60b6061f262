"""The shell every edit dialog shares: a Designer form, errors next to fields, conflicts, save/cancel.

A subclass names its form and fields and says how to fill, collect and submit a record. Nothing the
user typed is cleared on an error: the dialog stays open and only shows what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from dutyroom.errors import ConflictError, DutyRoomError, NotFound, PermissionDenied, ValidationError
from dutyroom.gui.common.background import run_operation
from dutyroom.gui.common.buttons import bind_save_keys, save_label, show_save_label
from dutyroom.gui.common.forms import child, load_form
from dutyroom.gui.common.prompts import error_text, inform, mark
from dutyroom.gui.common.widgets import mark_invalid

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services


def set_row_visible(widget: QWidget, visible: bool) -> None:
    """Show or hide the form-layout row holding `widget` (a hidden error row takes no space)."""
    for layout in widget.parentWidget().findChildren(QFormLayout):
        row, _role = layout.getWidgetPosition(widget)
        if row >= 0:
            layout.setRowVisible(row, visible)
            return
    widget.setVisible(visible)


class RowErrors:
    """The red "<field>_error" label right under each input of a Designer form.

    A shown message takes its row in the form and marks the input invalid; a cleared one hides the row
    so it takes no space. Used by the edit dialogs and the settings tab alike.
    """

    def __init__(self, form: QWidget, fields: Mapping[str, str], input_of: Callable[[str], QWidget]):
        self.fields = fields
        self.input_of = input_of
        self.labels: dict[str, QLabel] = {name: mark(child(form, QLabel, f"{name}_error"), "error")
                                          for name in fields}
        for label in self.labels.values():
            set_row_visible(label, False)

    def show(self, errors: Mapping[str, str]) -> tuple[list[str], str | None]:
        """Each message under its field. Returns the messages no field of the form can show, and the
        first field to fix in the order the form shows them (None if none)."""
        for name, message in errors.items():
            if name in self.labels:
                self.labels[name].setText(error_text(message))
                set_row_visible(self.labels[name], True)
                mark_invalid(self.input_of(name), True)
        leftovers = [message for name, message in errors.items() if name not in self.labels]
        first = next((name for name in self.fields if name in errors), None)
        return leftovers, first

    def clear(self) -> None:
        for name, label in self.labels.items():
            label.clear()
            set_row_visible(label, False)
            mark_invalid(self.input_of(name), False)


class EditDialog(QDialog):
    form_name = ""
    title_new = "新增"
    title_edit = "修改"
    #: service field name -> objectName of its input, in the order the form shows them;
    #: each field has a label "<field>_error" right under it in the form.
    fields: dict[str, str] = {}
    #: the primary button's words; the key is added by save_label
    save_text = "保存"

    saved = Signal(object)

    def __init__(self, services: Services, actor, record=None, parent: QWidget | None = None, *, choices=None):
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.record = record
        #: what prepare() fills its lists from, read off the GUI thread before the dialog opens (TableTab
        #: choices_read); None: prepare() reads it itself (the dialog built directly, as in tests)
        self.choices = choices
        self.form = load_form(self.form_name, self)
        self.message = QLabel(self)
        self.message.setObjectName("dialog_message")
        mark(self.message, "error")
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        show_save_label(self.save_button, self.save_text)
        self.save_button.setDefault(True)  # Enter saves
        bind_save_keys(self, self.save)  # from every field, the multi-line ones too
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")  # Esc cancels
        self.reload_button = self.buttons.addButton("重新载入", QDialogButtonBox.ButtonRole.ResetRole)
        self.reload_button.setAutoDefault(False)
        self.reload_button.setToolTip("放弃本窗口中的修改，载入别人保存的最新内容")
        self.reload_button.hide()
        self.saving = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.form)
        layout.addStretch(1)  # spare height goes below the form, not between its rows
        layout.addWidget(self.buttons)
        self.row_errors = RowErrors(self.form, self.fields, self.input)
        self.error_labels = self.row_errors.labels
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.reload_button.clicked.connect(self.reload)
        self.setWindowTitle(self.title_new if record is None or getattr(record, "id", None) is None
                            else self.title_edit)
        self.prepare()
        if record is not None:
            self.fill(record)
        self.setMinimumWidth(480)

    # -- what a subclass provides ------------------------------------------------------------------
    def prepare(self) -> None:
        """Fill combos and defaults before a record is shown."""

    def fill(self, record) -> None:
        raise NotImplementedError

    def collect(self):
        """The record as typed; may raise ValidationError for checks only the dialog can make."""
        raise NotImplementedError

    def submit(self, record):
        raise NotImplementedError

    def fetch(self, record_id):
        """The stored record, for 重新载入 after a conflict."""
        raise NotImplementedError

    # -- behaviour --------------------------------------------------------------------------------
    def input(self, field: str) -> QWidget:
        return child(self.form, QWidget, self.fields[field])

    def save(self) -> None:
        """Collect on the GUI thread, submit off it: a database that does not answer leaves the window (the
        clock, the alarms) running, the form open with its text, and 保存 saying it is still at work."""
        if self.saving:
            return
        self.clear_errors()
        try:
            record = self.collect()
        except ValidationError as exc:
            self.show_errors(exc.fields)
            return
        self._show_saving(True)
        run_operation(lambda: self.submit(record), self._saved, self._not_saved)

    def _show_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setEnabled(not saving)
        # back to the words and the key after a refused save (it said only "保存"; found by hand)
        self.save_button.setText("正在保存…" if saving else save_label(self.save_text))
        self.reload_button.setEnabled(not saving)

    # Closing while a save is under way would hide whether the record was saved: Esc, the close button and
    # 取消 wait for it (caught here, before any subclass asks "确定放弃吗?").
    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.saving and event.key() == Qt.Key.Key_Escape:
            self._still_saving()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.saving:
            self._still_saving()
            event.ignore()
            return
        super().closeEvent(event)

    def reject(self) -> None:
        if self.saving:
            self._still_saving()
            return
        super().reject()

    def _still_saving(self) -> None:
        self.show_message("正在保存，请稍候…（数据库响应后自动完成）", role="warning")

    def _saved(self, result) -> None:
        self._show_saving(False)
        self.record = result
        self.saved.emit(result)
        self.accept()

    def _not_saved(self, error: Exception) -> None:
        self._show_saving(False)
        try:
            raise error
        except ValidationError as exc:
            self.show_errors(exc.fields)
        except ConflictError as exc:
            self.show_message(exc.message)
            self.reload_button.setVisible(self.record is not None and getattr(self.record, "id", None) is not None)
        except PermissionDenied as exc:
            inform(self, "没有权限", exc.message)
        except NotFound as exc:
            self.show_message(exc.message)
        except DutyRoomError as exc:
            self.show_message(exc.message)

    def reload(self) -> None:
        """重新载入: the stored record read off the GUI thread (fetch: services only); the button says so."""
        if not self.reload_button.isEnabled():  # a read under way: its answer comes first
            return
        label = self.reload_button.text()
        self.reload_button.setText("正在读取…")
        self.reload_button.setEnabled(False)

        def settle(callback):
            def run(value) -> None:
                if not shiboken6.isValid(self):  # the dialog went with its window: nobody to tell
                    return
                self.reload_button.setText(label)
                self.reload_button.setEnabled(True)
                callback(value)
            return run

        record_id = self.record.id
        run_operation(lambda: self.fetch(record_id), settle(self._reloaded), settle(self._not_reloaded))

    def _not_reloaded(self, exc: Exception) -> None:
        if not isinstance(exc, DutyRoomError):
            raise exc  # a fault of the program: the global handler reports it
        self.show_message(exc.message)

    def _reloaded(self, fresh) -> None:
        self.record = fresh
        self.clear_errors()
        self.fill(fresh)
        self.reload_button.hide()
        self.show_message("已载入别人保存的最新内容，请在此基础上修改后保存。", role="ok")

    def show_errors(self, fields: dict[str, str]) -> None:
        leftovers, first = self.row_errors.show(fields)
        if leftovers:
            self.show_message("；".join(leftovers))
        if first is not None:  # keyboard users land on the first field to fix
            self.input(first).setFocus()
        self._fit()

    def _fit(self) -> None:
        # Shown error rows make the form taller; grow the dialog so none is clipped.
        self.layout().activate()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def show_message(self, text: str, role: str = "error") -> None:
        mark(self.message, role)
        self.message.setText(error_text(text) if role == "error" else text)
        self.message.show()
        self._fit()

    def clear_errors(self) -> None:
        self.row_errors.clear()
        self.message.clear()
        self.message.hide()
