"""整改: what units must fix after a roll-call — open ones soonest due first (an overdue one says so in words
and bold), the closed ones with their feedback. Enter closes the selected item with the unit's feedback."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from dutyroom.gui.common.buttons import button_bar
from dutyroom.gui.common.loading import load
from dutyroom.gui.common.table_tab import make_table
from dutyroom.gui.common.widgets import set_role
from dutyroom.gui.rollcall.dialogs import CloseItemDialog
from dutyroom.gui.rollcall.models import RectificationModel
from dutyroom.services.records import OfficeSettings

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

STATES = (("整改中（含逾期）", "open"), ("已逾期", "overdue"), ("已销号", "closed"), ("全部", "all"))


class RectifyTab(QWidget):
    def __init__(self, services: Services, actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.dialog = None
        self.state_combo = QComboBox(self)
        self.state_combo.setObjectName("rectifyState")
        for text, state in STATES:
            self.state_combo.addItem(text, state)
        self.state_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.count_label = QLabel(self)
        set_role(self.count_label, "hint")
        bar = QHBoxLayout()
        self.buttons = button_bar(self, (("close", "销号…（Enter）", "填写单位的整改反馈并销号"),), row=bar)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.state_combo)
        self.zone_name = OfficeSettings.time_zone  # the office's zone, read with the list: a painted cell never reads the database
        self.model = RectificationModel(lambda: self.zone_name, self)
        self.table = make_table(self.model, self)
        self.table.setObjectName("rectifyTable")
        self.message = QLabel(self)
        set_role(self.message, "hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.buttons["close"].clicked.connect(self.close_selected)
        self.table.activated.connect(lambda *_: self.close_selected())
        self.state_combo.currentIndexChanged.connect(lambda *_: self.refresh())
        self.setFocusProxy(self.table)

    def refresh(self) -> None:
        """Off the GUI thread (common/loading.py); a failure keeps the list and says so above it."""
        rollcall, state, settings = self.services.rollcall, self.state_combo.currentData(), self.services.settings
        load(self, "list", lambda: (settings.get().time_zone, rollcall.rectifications(state)), self._listed,
             failed=lambda exc: self.message.setText("⚠ " + exc.message))

    def _listed(self, read) -> None:
        self.zone_name, items = read
        self.model.set_records(items)
        self.table.resizeColumnsToContents()
        overdue = sum(1 for i in items if i.overdue)
        self.count_label.setText(f"共 {len(items)} 项" + (f"，⚠ 逾期 {overdue} 项" if overdue else ""))
        if items:
            self.table.selectRow(0)

    def selected(self):
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() and index.row() < self.model.rowCount() else None

    def close_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        if item.closed_at is not None:
            self.message.setText(f"{item.unit_name}的这项整改已经销号。")
            return
        self.dialog = CloseItemDialog(self.services, self.actor, item, self)
        self.dialog.saved.connect(lambda saved: self.message.setText(f"已销号：{saved.unit_name}。"))
        self.dialog.open()
