"""生成排班…: a date range (next month by default), and a clear stop when a year has no holiday calendar.
The check and the generation run off the GUI thread (SavingDialog): a slow database leaves the window
running and the dialog saying it is at work."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from dutyroom.errors import ConflictError, DutyRoomError, PermissionDenied, ValidationError
from dutyroom.gui.common.forms import child, load_form
from dutyroom.gui.common.prompts import mark
from dutyroom.gui.common.saving_dialog import SavingDialog
from dutyroom.gui.common.widgets import FieldErrors, set_role

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class GenerateDialog(SavingDialog, QDialog):
    generated = Signal(object)  # (first, last)
    #: the administrator wants to enter the missing holiday year first
    holidays_requested = Signal(int)

    def __init__(self, services: Services, actor, first: date, last: date, parent=None):
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.missing: list[int] = []
        self.setWindowTitle("生成排班")
        self.form = load_form("roster_generate", self)
        self.first_edit: QDateEdit = child(self.form, QDateEdit, "first_edit")
        self.last_edit: QDateEdit = child(self.form, QDateEdit, "last_edit")
        for edit in (self.first_edit, self.last_edit):
            edit.setDisplayFormat("yyyy-MM-dd  dddd")
        self.first_edit.setDate(to_qdate(first))
        self.last_edit.setDate(to_qdate(last))
        self.replace_check: QCheckBox = child(self.form, QCheckBox, "replace_check")
        set_role(child(self.form, QLabel, "hint_label"), "hint")
        self.missing_frame: QFrame = child(self.form, QFrame, "missing_frame")
        self.missing_label: QLabel = child(self.form, QLabel, "missing_label")
        mark(self.missing_label, "warning")
        self.holidays_button: QPushButton = child(self.form, QPushButton, "holidays_button")
        self.anyway_button: QPushButton = child(self.form, QPushButton, "anyway_button")
        self.missing_frame.hide()

        self.message = QLabel(self)
        self.message.setObjectName("dialog_message")
        self.message.setWordWrap(True)
        self.errors = FieldErrors(self.message)
        self.errors.add("first", child(self.form, QLabel, "first_error"), self.first_edit)
        self.errors.add("last", child(self.form, QLabel, "last_error"), self.last_edit)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("生成")
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("取消")
        self.busy_text = "正在生成…"
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(lambda: self.submit())
        self.buttons.rejected.connect(self.reject)
        self.anyway_button.clicked.connect(lambda: self.submit(allow_unknown_years=True))
        self.holidays_button.clicked.connect(self._to_holidays)
        self.first_edit.dateChanged.connect(lambda *_: self.missing_frame.hide())
        self.last_edit.dateChanged.connect(lambda *_: self.missing_frame.hide())
        self.setMinimumWidth(520)

    def dates(self) -> tuple[date, date]:
        return self.first_edit.date().toPython(), self.last_edit.date().toPython()

    def submit(self, *, allow_unknown_years: bool = False) -> None:
        if self.saving:
            return
        self.errors.clear()
        first, last = self.dates()
        if last < first:
            self.errors.show({"last": "结束日期不能早于开始日期"})
            return
        roster, actor, replace = self.services.roster, self.actor, self.replace_check.isChecked()

        def work() -> list[int]:
            """The years without a holiday calendar (nothing generated), or [] once generated."""
            if not allow_unknown_years:
                missing = list(roster.missing_holiday_years(first, last))
                if missing:
                    return missing
            roster.generate(actor, first, last, replace=replace, allow_unknown_years=allow_unknown_years)
            return []

        self.save_in_background(work, lambda missing: self._done(first, last, missing), self._refused,
                                (self.ok_button, self.cancel_button, self.anyway_button, self.holidays_button))

    def _done(self, first: date, last: date, missing: list[int]) -> None:
        if missing:
            self.missing = missing
            self._show_missing()
            return
        self.generated.emit((first, last))
        self.accept()

    def _refused(self, error: Exception) -> None:
        if isinstance(error, ValidationError):
            self.errors.show(error.fields)
        elif isinstance(error, ConflictError):
            self.errors.show_general(f"{error.message}（如要重排，请勾选“重新生成已有的排班”）")
        elif isinstance(error, (PermissionDenied, DutyRoomError)):
            self.errors.show_general(error.message)
        else:
            raise error

    def _show_missing(self) -> None:
        years = "、".join(str(y) for y in self.missing)
        self.missing_label.setText(
            f"⚠ {years} 年的法定节假日和调休上班安排还没有录入。\n"
            "不录入就生成，春节、国庆等假日会被当作普通日子，调休的周末也不会排上班。\n"
            "请先到“管理 → 节假日”录入或导入该年的安排；确有需要也可以“仍然生成”。")
        self.missing_frame.show()
        self.holidays_button.setFocus()
        self.adjustSize()

    def _to_holidays(self) -> None:
        self.holidays_requested.emit(self.missing[0] if self.missing else self.dates()[0].year)
        self.reject()
