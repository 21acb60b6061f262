"""Table models of the roster page: the list view, one person's shifts, warnings, balance, history."""

from __future__ import annotations

from dataclasses import dataclass

from dutyroom.domain.localtime import weekday_name
from dutyroom.gui.common.table_model import Column, RecordTableModel
from dutyroom.gui.roster.grid import names
from dutyroom.services.roster.records import RosterDay, RosterMonth, RosterShift


@dataclass(frozen=True)
class ListRow:
    """One line of the list view: a shift of a day, or a day without any shift yet."""

    day: RosterDay
    shift: RosterShift | None

    @property
    def id(self):  # rows are found again after a reload by their day and shift
        return (self.day.day, self.shift.shift_id if self.shift else None)


def _weekday(row: ListRow) -> str:
    day = row.day
    text = day.weekday
    if day.holiday_name:
        text += f"（{day.holiday_name}{' 休' if day.marker == '休' else ' 班' if day.marker else ''}）"
    elif day.marker:
        text += f"（{day.marker}）"
    return text


def list_rows(month: RosterMonth | None) -> list[ListRow]:
    rows: list[ListRow] = []
    for day in month.days if month is not None else ():
        rows += [ListRow(day, shift) for shift in day.shifts] or [ListRow(day, None)]
    return rows


class RosterListModel(RecordTableModel):
    columns = (
        Column("日期", lambda r: r.day.day.isoformat(), sort_key=lambda r: r.id[0].toordinal()),
        Column("星期", _weekday, sort_key=lambda r: r.day.day.weekday()),
        Column("班次", lambda r: r.shift.shift_name if r.shift else "（未排班）"),
        Column("带班领导", lambda r: names(r.shift.leaders) if r.shift else ""),
        Column("值班员", lambda r: names(r.shift.officers) if r.shift else ""),
        Column("备班", lambda r: names(r.shift.standby) if r.shift else ""),
        Column("提醒", lambda r: "；".join(f"⚠ {w}" for w in r.day.warnings),
               bold=lambda r: bool(r.day.warnings)),
    )


@dataclass(frozen=True)
class PersonDuty:
    """One shift a person holds, with the post they hold it in."""

    day: RosterDay
    shift: RosterShift
    position: str

    @property
    def id(self):
        return (self.day.day, self.shift.shift_id, self.position)


def person_duties(month: RosterMonth | None, person_id: int) -> list[PersonDuty]:
    duties = []
    for day in month.days if month is not None else ():
        for shift in day.shifts:
            for position, people in (("带班领导", shift.leaders), ("值班员", shift.officers),
                                     ("备班", shift.standby)):
                if any(p.person_id == person_id for p in people):
                    duties.append(PersonDuty(day, shift, position))
    return duties


def _others(duty: PersonDuty, person_id: int) -> str:
    shift = duty.shift
    people = [p for p in (*shift.leaders, *shift.officers, *shift.standby) if p.person_id != person_id]
    return "、".join(p.name for p in people)


class PersonDutyModel(RecordTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.person_id = 0
        self.columns = (
            Column("日期", lambda d: d.day.day.isoformat(), sort_key=lambda d: d.day.day.toordinal()),
            Column("星期", lambda d: weekday_name(d.day.day) + (f"（{d.day.holiday_name}）"
                                                             if d.day.holiday_name else "")),
            Column("班次", lambda d: d.shift.shift_name),
            Column("岗位", lambda d: d.position),
            Column("同班人员", lambda d: _others(d, self.person_id)),
        )

    def set_person(self, person_id: int, duties: list[PersonDuty]) -> None:
        self.person_id = person_id
        self.set_records(duties)


class WarningModel(RecordTableModel):
    """Warnings as the checks report them: the exact date, the person (or the empty post), what is wrong."""

    columns = (
        Column("日期", lambda w: w.day.isoformat(), sort_key=lambda w: w.day.toordinal()),
        Column("星期", lambda w: weekday_name(w.day), sort_key=lambda w: w.day.weekday()),
        Column("人员 / 班次", lambda w: w.subject),
        Column("提醒", lambda w: f"⚠ {w.message}", bold=lambda w: True),
    )


class BalanceModel(RecordTableModel):
    columns = (
        Column("姓名", lambda b: b.name),
        Column("班次", lambda b: str(b.shifts), sort_key=lambda b: b.shifts, align="right"),
        Column("休息日班次", lambda b: str(b.rest_day_shifts), sort_key=lambda b: b.rest_day_shifts, align="right"),
        Column("节假日班次", lambda b: str(b.holiday_shifts), sort_key=lambda b: b.holiday_shifts, align="right"),
        Column("加权负担", lambda b: f"{b.weighted_load:g}", sort_key=lambda b: b.weighted_load, align="right"),
        Column("班次与平均相差", lambda b: f"{b.shift_deviation:+.1f}", sort_key=lambda b: b.shift_deviation,
               align="right"),
        Column("加权与平均相差", lambda b: f"{b.deviation:+.1f}", sort_key=lambda b: b.deviation, align="right",
               bold=lambda b: abs(b.deviation) >= 1.5),
    )
