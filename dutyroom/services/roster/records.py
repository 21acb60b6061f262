"""Plain data of the roster service: set-up records, cells and changes, and the RosterMonth family that is
printed, exported and shown as "now on duty"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from dutyroom.domain.holidays import NEW_YEARS_EVE, is_new_years_eve
from dutyroom.domain.localtime import weekday_name
from dutyroom.domain.phones import format_number
from dutyroom.domain.roster import REST_DAYS, RosterWarning
from dutyroom.domain.roster_checks import BalanceRow
from dutyroom.domain.tabular import Refused
from dutyroom.domain.vocabulary import PositionKind

_NBSP = "\u00a0"

__all__ = ["AssignmentRecord", "BalanceRow", "ChangeRecord", "GenerationReport", "LeaveRecord", "RosterDay",
           "RosterImportResult", "RosterMonth", "RosterPerson", "RosterShift", "RosterWarning", "RotationRecord",
           "ShiftRecord", "SpecialPeriodRecord"]

DEFAULT_SHIFT_NAME = "全天班"
HOLIDAY = "休"  # RosterDay.marker of a 法定节假日
WORKDAY = "班"  # RosterDay.marker of a 调休上班 day


@dataclass
class ShiftRecord:
    """班次. `start_time` is office-local wall-clock time; the shift lasts `duration_minutes`."""

    name: str = DEFAULT_SHIFT_NAME
    start_time: time = time(8, 30)
    duration_minutes: int = 24 * 60
    officer_count: int = 1
    standby_count: int = 0
    leader_policy: str = REST_DAYS  # "always" | "rest_days" | "never"
    sort_order: int = 0
    active: bool = True
    id: int | None = None
    version: int = 0


@dataclass
class RotationRecord:
    """轮班: the people of one position of one shift, in the order they take turns."""

    position: PositionKind
    shift_id: int
    member_ids: list[int] = field(default_factory=list)
    period: str = "day"  # "day" | "week" (leaders only)
    id: int | None = None
    version: int = 0
    member_names: list[str] = field(default_factory=list)  # filled on read, ignored on write


@dataclass
class LeaveRecord:
    """请假 / 出差 / 培训: `start_day` to `end_day`, both included."""

    person_id: int
    start_day: date
    end_day: date
    kind: str = "请假"
    note: str = ""
    id: int | None = None
    version: int = 0
    person_name: str = ""  # filled on read


@dataclass
class SpecialPeriodRecord:
    """特殊时期 (防汛期、重大活动): leaders are on duty every day in it."""

    name: str
    start_day: date
    end_day: date
    id: int | None = None
    version: int = 0


@dataclass(frozen=True)
class AssignmentRecord:
    """One stored roster cell, with the ids a swap or a manual edit needs."""

    id: int
    day: date
    shift_id: int
    shift_name: str
    position: PositionKind
    slot: int
    person_id: int | None
    person_name: str
    source: str  # generated | manual | import | swap | substitute
    version: int


@dataclass(frozen=True)
class GenerationReport:
    first: date
    last: date
    created: int  # cells written by this run
    replaced: int  # generated cells of the range that were discarded (replace=True)
    kept: int  # cells of the range left as they were
    kept_changed: tuple[str, ...]  # manual, swapped or imported cells left alone, one line each
    warnings: tuple[RosterWarning, ...]
    unknown_years: tuple[int, ...] = ()  # generated anyway with allow_unknown_years

    def summary(self) -> str:
        text = (f"已生成 {self.first.isoformat()} 至 {self.last.isoformat()} 的值班表：新排 {self.created} 个班位，"
                f"保留 {self.kept} 个")
        if self.replaced:
            text += f"，重排替换 {self.replaced} 个"
        text += f"；{len(self.warnings)} 条提醒" if self.warnings else "；没有冲突"
        return text


@dataclass(frozen=True)
class ChangeRecord:
    """调班 (swap) or 代班 (substitute), as the history list shows it."""

    id: int
    kind: str  # swap | substitute
    day: date
    shift_name: str
    position: PositionKind
    person_before: str
    person_after: str
    other_day: date | None  # the other cell of a swap
    requested_by: str
    approved_by: str
    reason: str
    created_at: datetime
    created_by: str
    undone_at: datetime | None
    undone_by: str
    assignment_id: int
    other_assignment_id: int | None
    version: int
    warnings: tuple[str, ...] = ()  # problems the change leaves, filled when it is made

    @property
    def label(self) -> str:
        return "调班" if self.kind == "swap" else "代班"


@dataclass(frozen=True)
class RosterImportResult:
    total: int
    first: date | None  # None when nothing could be imported (every row refused, skip_invalid)
    last: date | None
    cells: int
    refused: Refused = field(default_factory=Refused)

    def summary(self) -> str:
        if self.first is None or self.last is None:
            return "没有导入任何值班安排" + self.refused.summary()
        return (f"已导入 {self.total} 行值班安排（{self.first.isoformat()} 至 {self.last.isoformat()}，"
                f"共 {self.cells} 个班位）" + self.refused.summary())


# -- the roster as printed, exported and shown ------------------------------------------------------
@dataclass(frozen=True)
class RosterPerson:
    person_id: int
    name: str
    phone: str = ""  # mobile, else office phone


@dataclass(frozen=True)
class RosterShift:
    """One shift on one day: who holds it, as printed, exported and shown as "now on duty"."""

    day: date  # office-local date the shift starts on
    shift_id: int
    shift_name: str
    starts_at: datetime  # aware UTC
    ends_at: datetime  # aware UTC
    leaders: tuple[RosterPerson, ...] = ()
    officers: tuple[RosterPerson, ...] = ()
    standby: tuple[RosterPerson, ...] = ()
    #: whether the shift's rule asks for a 带班领导 that day (most offices: rest days and special periods
    #: only), so "no leader" reads as not required rather than as a gap
    leader_required: bool = True


@dataclass(frozen=True)
class RosterDay:
    day: date
    weekday: str  # 星期一 …
    holiday_name: str = ""  # 国庆节 … when the day is a 法定节假日 or a 调休上班 day
    marker: str = ""  # "休" for a 法定节假日, "班" for a 调休上班 day, "" otherwise
    special_period: str = ""  # name of a 特殊时期 covering the day
    shifts: tuple[RosterShift, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class RosterMonth:
    """Everything the monthly roster (值班表) prints, already ordered by day and shift."""

    office_name: str
    issuing_office: str
    year: int
    month: int
    printed_on: date
    time_zone: str
    days: tuple[RosterDay, ...]
    # added for the printed roster (optional, at the end):
    duty_hours: str = ""  # "08:30—次日08:30", or each shift's hours
    duty_phone: str = ""  # the duty room's own phone and fax (the office's own unit)
    duty_fax: str = ""


# -- wording shared by the printed roster (reports.roster) and the exported one (roster/export.py) --
def is_rest_day(day: RosterDay) -> bool:
    """A 法定节假日, or a weekend that is not a 调休上班 day."""
    if day.marker == HOLIDAY:
        return True
    return day.day.weekday() >= 5 and day.marker != WORKDAY


def day_label(day: RosterDay) -> str:
    """What the 星期 column says: the weekday, and beside it 除夕 or the holiday's name on a 法定节假日
    ("星期二 春节"); a 调休上班 day is a working Saturday or Sunday: its weekday alone says it."""
    weekday = day.weekday or weekday_name(day.day)
    if is_new_years_eve(day.day):
        return f"{weekday} {NEW_YEARS_EVE}"
    if day.marker == HOLIDAY and day.holiday_name.strip():
        return f"{weekday} {day.holiday_name.strip()}"
    return weekday


def weekday_text(day: RosterDay) -> str:
    """The 星期 column with its marker, as plain text: "国庆节 休", "星期六 班", "星期三"."""
    return day_label(day) + (f" {day.marker}" if day.marker else "")


def date_label(day: date) -> str:
    return f"{day.month}月{day.day}日"


def names(people: Iterable[RosterPerson]) -> str:
    return "、".join(p.name for p in people)


def everyone(shift: RosterShift) -> list[RosterPerson]:
    """The people of a shift once each, leaders first, then officers, then standby."""
    seen: set[int] = set()
    people = []
    for person in (*shift.leaders, *shift.officers, *shift.standby):
        if person.person_id not in seen:
            seen.add(person.person_id)
            people.append(person)
    return people


def phone_entries(shift: RosterShift | None) -> list[str]:
    """"姓名 电话" for each person of the shift once; people without a number are left out."""
    if shift is None:
        return []
    # One phone format everywhere (domain/phones.py: 139 0000 0009), its groups joined by no-break spaces
    # so a number is never parted from its name or split over two lines.
    return [f"{p.name}\u00a0{format_number(p.phone).replace(' ', _NBSP)}" for p in everyone(shift) if p.phone.strip()]


def roster_title(month: RosterMonth) -> str:
    return f"{month.office_name}{month.year}年{month.month}月值班表"


def shift_hours(start: time, minutes: int) -> str:
    """"08:30—次日08:30" for a 24-hour shift, "08:30—17:30" for one that ends the same day."""
    end_minutes = start.hour * 60 + start.minute + minutes
    days, rest = divmod(end_minutes, 24 * 60)
    end = f"{rest // 60:02d}:{rest % 60:02d}"
    return f"{start:%H:%M}—{'次日' if days == 1 else f'第{days + 1}日' if days > 1 else ''}{end}"


def duty_lines(month: RosterMonth) -> tuple[list[str], list[str]]:
    """Beside the roster's title: when duty runs, and how to reach the duty room."""
    hours = ["值班时间：", month.duty_hours] if month.duty_hours else []
    reach = [f"{label}：{number}" for label, number in (("值班室电话", month.duty_phone), ("传真", month.duty_fax))
             if number]
    return hours, reach
