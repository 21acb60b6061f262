"""Roster setup for administrators: 班次, 轮班 (ordered members per post), 请假, 特殊时期."""

from __future__ import annotations

from datetime import time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QCheckBox

from dutyroom.domain.roster import LEADER_POLICIES
from dutyroom.errors import NotFound
from dutyroom.gui.common.editor import EditDialog
from dutyroom.gui.common.inputs import fill_combo, select_data, to_qdate
from dutyroom.gui.common.table_model import Column, RecordTableModel
from dutyroom.gui.common.table_tab import TableTab
from dutyroom.gui.roster.rotation import RotationTab
from dutyroom.services.roster.records import LeaveRecord, ShiftRecord, SpecialPeriodRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

LEAVE_KINDS = ("请假", "出差", "培训", "病假", "休假")


def _span(record) -> str:
    return f"{record.start_day.isoformat()} 至 {record.end_day.isoformat()}（{(record.end_day - record.start_day).days + 1} 天）"


def _end_of(shift: ShiftRecord) -> str:
    minutes = shift.start_time.hour * 60 + shift.start_time.minute + shift.duration_minutes
    day, rest = divmod(minutes, 24 * 60)
    return f"{'次日 ' if day else ''}{rest // 60:02d}:{rest % 60:02d}"


# -- models ------------------------------------------------------------------------------------------
class ShiftModel(RecordTableModel):
    columns = (
        Column("名称", lambda s: s.name),
        Column("时间", lambda s: f"{s.start_time:%H:%M} — {_end_of(s)}"),
        Column("值班员", lambda s: f"{s.officer_count} 人", sort_key=lambda s: s.officer_count, align="right"),
        Column("备班", lambda s: f"{s.standby_count} 人", sort_key=lambda s: s.standby_count, align="right"),
        Column("带班领导", lambda s: LEADER_POLICIES.get(s.leader_policy, s.leader_policy)),
        Column("状态", lambda s: "正常" if s.active else "停用"),
    )


class LeaveModel(RecordTableModel):
    columns = (
        Column("人员", lambda r: r.person_name),
        Column("类型", lambda r: r.kind),
        Column("时间", _span, sort_key=lambda r: r.start_day.toordinal()),
        Column("备注", lambda r: r.note),
    )


class PeriodModel(RecordTableModel):
    columns = (
        Column("名称", lambda r: r.name),
        Column("时间", _span, sort_key=lambda r: r.start_day.toordinal()),
    )


# -- edit dialogs --------------------------------------------------------------------------------------
class ShiftEditor(EditDialog):
    form_name = "roster_shift_form"
    title_new, title_edit = "新增班次", "修改班次"
    fields = {"name": "name_edit", "start_time": "start_time_edit", "duration_minutes": "duration_spin",
              "officer_count": "officer_count_spin", "standby_count": "standby_count_spin",
              "leader_policy": "leader_policy_combo", "sort_order": "sort_order_spin"}

    def prepare(self) -> None:
        fill_combo(self.input("leader_policy"), [(label, key) for key, label in LEADER_POLICIES.items()])

    def fill(self, shift: ShiftRecord) -> None:
        self.input("name").setText(shift.name)
        self.input("start_time").setTime(QTime(shift.start_time.hour, shift.start_time.minute))
        self.input("duration_minutes").setValue(max(1, shift.duration_minutes // 60))
        self.input("officer_count").setValue(shift.officer_count)
        self.input("standby_count").setValue(shift.standby_count)
        select_data(self.input("leader_policy"), shift.leader_policy)
        self.input("sort_order").setValue(shift.sort_order)
        self.form.findChild(QCheckBox, "active_check").setChecked(shift.active)

    def collect(self) -> ShiftRecord:
        base = self.record or ShiftRecord()
        start = self.input("start_time").time()
        return ShiftRecord(id=base.id, version=base.version, name=self.input("name").text(),
                           start_time=time(start.hour(), start.minute()),
                           duration_minutes=self.input("duration_minutes").value() * 60,
                           officer_count=self.input("officer_count").value(),
                           standby_count=self.input("standby_count").value(),
                           leader_policy=self.input("leader_policy").currentData(),
                           sort_order=self.input("sort_order").value(),
                           active=self.form.findChild(QCheckBox, "active_check").isChecked())

    def submit(self, shift):
        return self.services.roster.save_shift(self.actor, shift)

    def fetch(self, shift_id):
        return self.services.roster.get_shift(shift_id)


class LeaveEditor(EditDialog):
    form_name = "roster_leave_form"
    title_new, title_edit = "登记请假", "修改请假"
    fields = {"person_id": "person_combo", "kind": "kind_combo", "start_day": "start_day_edit",
              "end_day": "end_day_edit", "note": "note_edit"}

    def prepare(self) -> None:
        people = self.choices if self.choices is not None else self.services.people.list(include_inactive=False)
        fill_combo(self.input("person_id"), [(p.name, p.id) for p in people])
        fill_combo(self.input("kind"), [(k, k) for k in LEAVE_KINDS])

    def fill(self, leave: LeaveRecord) -> None:
        select_data(self.input("person_id"), leave.person_id, leave.person_name)
        self.input("kind").setCurrentText(leave.kind)
        self.input("start_day").setDate(to_qdate(leave.start_day))
        self.input("end_day").setDate(to_qdate(leave.end_day))
        self.input("note").setText(leave.note)

    def collect(self) -> LeaveRecord:
        base = self.record
        return LeaveRecord(id=base.id, version=base.version, person_id=self.input("person_id").currentData(),
                           kind=self.input("kind").currentText(), start_day=self.input("start_day").date().toPython(),
                           end_day=self.input("end_day").date().toPython(), note=self.input("note").text())

    def submit(self, leave):
        return self.services.roster.save_leave(self.actor, leave)

    def fetch(self, leave_id):
        for leave in self.services.roster.list_leaves():
            if leave.id == leave_id:
                return leave
        raise NotFound("这条请假记录已被删除")


class PeriodEditor(EditDialog):
    form_name = "roster_period_form"
    title_new, title_edit = "新增特殊时期", "修改特殊时期"
    fields = {"name": "name_edit", "start_day": "start_day_edit", "end_day": "end_day_edit"}

    def fill(self, period: SpecialPeriodRecord) -> None:
        self.input("name").setText(period.name)
        self.input("start_day").setDate(to_qdate(period.start_day))
        self.input("end_day").setDate(to_qdate(period.end_day))

    def collect(self) -> SpecialPeriodRecord:
        base = self.record
        return SpecialPeriodRecord(id=base.id, version=base.version, name=self.input("name").text(),
                                   start_day=self.input("start_day").date().toPython(),
                                   end_day=self.input("end_day").date().toPython())

    def submit(self, period):
        return self.services.roster.save_special_period(self.actor, period)

    def fetch(self, period_id):
        for period in self.services.roster.list_special_periods():
            if period.id == period_id:
                return period
        raise NotFound("这个特殊时期已被删除")


# -- tabs ------------------------------------------------------------------------------------------------
class ShiftsTab(TableTab):
    filter_hint = "筛选班次"
    noun = "班次"

    def __init__(self, services: Services, actor, parent=None):
        super().__init__(services, actor, ShiftModel(), parent)
        self.setObjectName("shifts_tab")

    def read(self):
        return self.services.roster.list_shifts()

    def new_record(self):
        return None

    def editor(self, record):
        return ShiftEditor(self.services, self.actor, record, self)

    def remove(self, shift) -> None:
        self.services.roster.delete_shift(self.actor, shift.id, shift.version)


class LeavesTab(TableTab):
    filter_hint = "筛选：姓名、类型或备注"
    noun = "请假记录"

    def __init__(self, services: Services, actor, today, parent=None):
        self.today = today
        super().__init__(services, actor, LeaveModel(), parent)
        self.setObjectName("leaves_tab")

    def read(self):
        # Past leave is history; what matters for the coming rosters is what has not ended yet.
        return self.services.roster.list_leaves(first=self.today() - timedelta(days=31))

    def new_record(self) -> LeaveRecord:
        start = self.today() + timedelta(days=1)
        return LeaveRecord(person_id=None, start_day=start, end_day=start)

    def choices_read(self):
        return self.services.people.list(include_inactive=False)  # the editor's 人员 list

    def editor(self, record, choices=None):
        return LeaveEditor(self.services, self.actor, record, self, choices=choices)

    def describe(self, record) -> str:
        return f"{record.person_name} {record.kind} {_span(record)}"

    def remove(self, leave) -> None:
        self.services.roster.delete_leave(self.actor, leave.id, leave.version)


class PeriodsTab(TableTab):
    filter_hint = "筛选特殊时期"
    noun = "特殊时期"

    def __init__(self, services: Services, actor, today, parent=None):
        self.today = today
        super().__init__(services, actor, PeriodModel(), parent)
        self.setObjectName("periods_tab")

    def read(self):
        return self.services.roster.list_special_periods()

    def new_record(self) -> SpecialPeriodRecord:
        start = self.today()
        return SpecialPeriodRecord(name="", start_day=start, end_day=start + timedelta(days=30))

    def editor(self, record):
        return PeriodEditor(self.services, self.actor, record, self)

    def remove(self, period) -> None:
        self.services.roster.delete_special_period(self.actor, period.id, period.version)


def setup_tabs(services: Services, actor, page):
    today = page.today
    tabs = [(ShiftsTab(services, actor, page), "班次"), (RotationTab(services, actor, page), "轮班"),
            (LeavesTab(services, actor, today, page), "请假"), (PeriodsTab(services, actor, today, page), "特殊时期")]
    return tabs  # the page loads them with everything else

