"""The quick fields under the live list: who answered and as what, picture and sound, remarks, and what
the unit must fix by when. All optional; Enter in any of them saves and moves on, Esc saves and goes back
to the list, so nothing typed is ever dropped by a key."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QGridLayout, QGroupBox, QLabel, QLineEdit, QWidget

from dutyroom.domain.vocabulary import AVQuality
from dutyroom.gui.common.inputs import to_qdate
from dutyroom.gui.common.widgets import FieldErrors
from dutyroom.services.rollcall.records import ANSWERER_POSITIONS, EntryRecord

DEFAULT_DUE_DAYS = 7


class LiveDetails(QGroupBox):
    #: Enter in a field: save and go to the next unit
    advance = Signal()
    #: Esc in a field: save and give the keyboard back to the list
    back = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__("补充信息（可选，Tab 进入，Enter 保存并下一个）", parent)
        self.setObjectName("liveDetails")
        self.answerer = QLineEdit(self)
        self.answerer.setObjectName("answererEdit")
        self.answerer.setPlaceholderText("应答人姓名")
        self.position = QComboBox(self)
        self.position.setObjectName("positionCombo")
        self.position.addItem("（身份）", "")
        for name in ANSWERER_POSITIONS:
            self.position.addItem(name, name)
        self.av = QComboBox(self)
        self.av.setObjectName("avCombo")
        self.av.addItem("（画面声音）", None)
        for quality in AVQuality:
            self.av.addItem(f"画面声音{quality.label}", quality)
        self.remarks = QLineEdit(self)
        self.remarks.setObjectName("remarksEdit")
        self.remarks.setPlaceholderText("备注")
        self.requirement = QLineEdit(self)
        self.requirement.setObjectName("requirementEdit")
        self.requirement.setPlaceholderText("整改要求（如有）")
        self.due = QDateEdit(self)
        self.due.setObjectName("dueEdit")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.due.setToolTip("整改期限")
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setVerticalSpacing(2)
        self.error_labels: dict[str, QLabel] = {}
        self.errors = FieldErrors()
        placed = (("answerer", self.answerer, 0, 0, 1), ("position", self.position, 0, 1, 1),
                  ("av", self.av, 0, 2, 1), ("remarks", self.remarks, 0, 3, 1),
                  ("requirement", self.requirement, 2, 0, 3), ("due_on", self.due, 2, 3, 1))
        for name, widget, row, column, span in placed:
            grid.addWidget(widget, row, column, 1, span)
            label = QLabel(self)
            label.setObjectName(f"{name}_error")
            grid.addWidget(label, row + 1, column, 1, span)
            self.error_labels[name] = label
            self.errors.add(name, label, widget)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(3, 3)
        for widget in self.inputs():
            widget.installEventFilter(self)

    def inputs(self) -> tuple[QWidget, ...]:
        return (self.answerer, self.position, self.av, self.remarks, self.requirement, self.due)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress and watched in self.inputs():
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.advance.emit()
                return True
            if key == Qt.Key.Key_Escape:
                self.back.emit()
                return True
        return super().eventFilter(watched, event)

    # -- values -----------------------------------------------------------------------------------
    def show_entry(self, entry: EntryRecord | None, today: date) -> None:
        self.errors.clear()
        self.answerer.setText(entry.answerer if entry else "")
        self.position.setCurrentIndex(max(0, self.position.findData(entry.answerer_position if entry else "")))
        index = next((i for i in range(self.av.count()) if entry and self.av.itemData(i) == entry.av_quality), 0)
        self.av.setCurrentIndex(index)
        self.remarks.setText(entry.remarks if entry else "")
        self.requirement.clear()
        self.due.setDate(to_qdate(today + timedelta(days=DEFAULT_DUE_DAYS)))

    def details(self) -> dict:
        """The keyword arguments of mark_result / update_details."""
        return {"answerer": self.answerer.text(), "position": self.position.currentData() or "",
                "av_quality": self.av.currentData(), "remarks": self.remarks.text()}

    def differs(self, entry: EntryRecord) -> bool:
        d = self.details()
        return (d["answerer"].strip(), d["position"], d["av_quality"], d["remarks"].strip()) != (
            entry.answerer, entry.answerer_position, entry.av_quality, entry.remarks)

    def rectification(self) -> tuple[str, date] | None:
        text = self.requirement.text().strip()
        if not text:
            return None
        day: QDate = self.due.date()
        return text, date(day.year(), day.month(), day.day())

    def set_frozen(self, frozen: bool) -> None:
        for widget in self.inputs():
            widget.setEnabled(not frozen)
