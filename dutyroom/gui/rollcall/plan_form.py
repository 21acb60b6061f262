"""点名计划: a weekly host roll-call (weekday, time, units in order), the biweekly upper-level roll-call (first
day and time), or spot checks (how many units, drawn in a daily window such as 21:00–06:00, how often).

Times are typed ("09:30"), so an impossible one ("25:00") is answered next to the field by the service,
with everything typed kept; only the rows the chosen kind uses are shown.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
)

from dutyroom.domain.vocabulary import HolidayRule, RollCallKind
from dutyroom.gui.common.editor import EditDialog, set_row_visible
from dutyroom.gui.common.forms import child
from dutyroom.gui.common.inputs import fill_enum, select_data, to_qdate
from dutyroom.gui.common.prompts import confirm
from dutyroom.services.rollcall.records import PlanRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
#: the rows each kind of plan uses (the others are hidden)
ROWS = {RollCallKind.HOST: ("weekday", "at_time", "units"),
        RollCallKind.UPPER: ("at_time", "anchor_day", "interval_days"),
        RollCallKind.SPOT: ("anchor_day", "interval_days", "window", "spot_count", "units")}
OPTIONAL = ("weekday", "at_time", "anchor_day", "interval_days", "window", "spot_count", "units")


def hhmm(value: time | None) -> str:
    return "" if value is None else value.strftime("%H:%M")


def plan_choices(services) -> tuple:
    """What the plan form's lists need: the units to call and today's date (the first 起始日)."""
    return services.units.list(include_inactive=False), services.rollcall.today()


class PlanDialog(EditDialog):
    form_name = "rollcall_plan"
    title_new = "新增点名计划"
    title_edit = "修改点名计划"
    fields = {"name": "name_edit", "kind": "kind_combo", "weekday": "weekday_combo", "at_time": "at_time_edit",
              "anchor_day": "anchor_day_edit", "interval_days": "interval_days_spin", "window": "window_start_edit",
              "spot_count": "spot_count_spin", "holiday_rule": "holiday_rule_combo", "units": "units_list",
              "active": "active_check"}

    def __init__(self, services: Services, actor, record=None, parent=None, *, choices: tuple | None = None):
        """`choices`: (units, today) read off the GUI thread before it opens (plans_tab.py); None: read here."""
        self.prompt = None
        super().__init__(services, actor, record, parent, choices=choices)
        self.pristine = self.typed()

    def prepare(self) -> None:
        kind: QComboBox = self.input("kind")
        fill_enum(kind, RollCallKind)
        kind.currentIndexChanged.connect(lambda *_: self._show_rows())
        weekday: QComboBox = self.input("weekday")
        for n, name in enumerate(WEEKDAYS):
            weekday.addItem(name, n)
        fill_enum(self.input("holiday_rule"), HolidayRule)
        self.window_end: QLineEdit = child(self.form, QLineEdit, "window_end_edit")
        units: QListWidget = self.input("units")
        listed, today = self.choices if self.choices is not None else plan_choices(self.services)
        for unit in listed:
            item = QListWidgetItem(unit.name, units)
            item.setData(Qt.ItemDataRole.UserRole, unit.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.input("anchor_day").setDate(to_qdate(today))
        self.input("active").setChecked(True)
        self.input("interval_days").setValue(14)
        self._show_rows()

    def _show_rows(self) -> None:
        kind = RollCallKind(self.input("kind").currentData() or RollCallKind.HOST)
        for name in OPTIONAL:
            used = name in ROWS[kind]
            set_row_visible(self.input(name), used)
            if not used:
                set_row_visible(self.error_labels[name], False)
        # The window's two fields sit in a row layout of their own, which set_row_visible cannot find by a field.
        form_layout: QFormLayout = child(self.form, QFormLayout, "plan_layout")
        row, _role = form_layout.getLayoutPosition(child(self.form, QHBoxLayout, "window_row"))
        form_layout.setRowVisible(row, kind == RollCallKind.SPOT)
        self.layout().activate()
        self.adjustSize()

    def fill(self, record: PlanRecord) -> None:
        self.input("name").setText(record.name)
        select_data(self.input("kind"), record.kind)
        select_data(self.input("weekday"), record.weekday if record.weekday is not None else 0)
        self.input("at_time").setText(hhmm(record.at_time))
        if record.anchor_day is not None:
            self.input("anchor_day").setDate(to_qdate(record.anchor_day))
        self.input("interval_days").setValue(record.interval_days)
        self.input("window").setText(hhmm(record.window_start))
        self.window_end.setText(hhmm(record.window_end))
        self.input("spot_count").setValue(record.spot_count)
        select_data(self.input("holiday_rule"), record.holiday_rule)
        units: QListWidget = self.input("units")
        for row in range(units.count()):
            item = units.item(row)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in record.unit_ids
                               else Qt.CheckState.Unchecked)
        active: QCheckBox = self.input("active")
        active.setChecked(record.active)
        self._show_rows()

    def collect(self) -> PlanRecord:
        kind = RollCallKind(self.input("kind").currentData())  # Qt hands a str-enum back as a plain str
        units: QListWidget = self.input("units")
        chosen = tuple(units.item(r).data(Qt.ItemDataRole.UserRole) for r in range(units.count())
                       if units.item(r).checkState() == Qt.CheckState.Checked)
        anchor = self.input("anchor_day").date()
        spin: QSpinBox = self.input("interval_days")
        base = self.record or PlanRecord(name="", kind=kind)
        spot = kind == RollCallKind.SPOT
        # Times go to the service as typed: it says "点名时间无效" next to the field for "25:00".
        return replace(base, name=self.input("name").text(), kind=kind,
                       weekday=self.input("weekday").currentData() if kind == RollCallKind.HOST else None,
                       at_time=None if spot else (self.input("at_time").text().strip() or None),
                       anchor_day=None if kind == RollCallKind.HOST else date(anchor.year(), anchor.month(),
                                                                              anchor.day()),
                       interval_days=7 if kind == RollCallKind.HOST else spin.value(),
                       window_start=(self.input("window").text().strip() or None) if spot else None,
                       window_end=(self.window_end.text().strip() or None) if spot else None,
                       spot_count=self.input("spot_count").value() if spot else 0,
                       holiday_rule=HolidayRule(self.input("holiday_rule").currentData()),
                       unit_ids=chosen if kind != RollCallKind.UPPER else (),
                       active=self.input("active").isChecked())

    def submit(self, record: PlanRecord) -> PlanRecord:
        return self.services.rollcall.save_plan(self.actor, record)

    def fetch(self, record_id):
        return self.services.rollcall.plan(record_id)

    def typed(self) -> tuple:
        return tuple(repr(v) for v in vars(self.collect()).values())

    def _discard(self) -> None:
        super().reject()

    def reject(self) -> None:
        """Esc or the close button: ask before throwing away what was typed (and wait for a save under way)."""
        if self.saving:
            self._still_saving()
            return
        if self.typed() == self.pristine:
            super().reject()
            return
        self.prompt = confirm(self, "放弃修改", "点名计划的修改还没有保存，确定放弃吗？", self._discard, yes_text="放弃")
