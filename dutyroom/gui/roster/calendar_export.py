"""导出日历…: whose shifts, and whether the calendar reminds before each one (VALARM), then where to save.

The reminder is optional (a shared office calendar of everyone's shifts should not ring on every phone);
the choice is kept for the rest of the session, so the next export asks the same way.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

DEFAULT_REMIND_MINUTES = 60


class CalendarExportDialog(QDialog):
    def __init__(self, who: str, month_text: str, remind: int | None, parent: QWidget | None = None):
        """`remind`: the minutes chosen last time, None when the last export had no reminder."""
        super().__init__(parent)
        self.setWindowTitle("导出日历（.ics）")
        self.setObjectName("calendar_export_dialog")
        layout = QVBoxLayout(self)
        intro = QLabel(f"导出{who}{month_text}的班次，可导入 Outlook、手机日历等日历程序。", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        row = QHBoxLayout()
        self.remind_check = QCheckBox("提前提醒(&R)", self)
        self.remind_check.setToolTip("日历程序在每个班次开始前提醒")
        self.minutes_spin = QSpinBox(self)
        self.minutes_spin.setRange(5, 1440)
        self.minutes_spin.setSingleStep(5)
        self.minutes_spin.setSuffix(" 分钟")
        self.minutes_spin.setPrefix("班前 ")
        self.minutes_spin.setValue(remind or DEFAULT_REMIND_MINUTES)
        self.minutes_spin.setAccessibleName("提前提醒的分钟数")
        self.remind_check.setChecked(remind is not None)
        self.minutes_spin.setEnabled(remind is not None)
        self.remind_check.toggled.connect(self.minutes_spin.setEnabled)
        row.addWidget(self.remind_check)
        row.addWidget(self.minutes_spin)
        row.addStretch(1)
        form.addRow(row)
        layout.addLayout(form)
        buttons = QDialogButtonBox(self)
        self.export_button = buttons.addButton("导出…(&E)", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.export_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.remind_check.setFocus(Qt.FocusReason.OtherFocusReason)

    def remind_minutes(self) -> int | None:
        """What the calendar file gets: minutes before each shift, or None for no reminder."""
        return self.minutes_spin.value() if self.remind_check.isChecked() else None
