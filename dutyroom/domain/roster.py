"""Duty roster (排班) facts without a database: days, shift windows, cells, and who is on duty when.

Generation lives in roster_generate.py and the checks in roster_checks.py; both work on the
plain values defined here so that a whole year can be planned and checked in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from dutyroom.domain.localtime import zone as office_zone
from dutyroom.domain.vocabulary import PositionKind

LEADER, OFFICER, STANDBY = PositionKind.LEADER.value, PositionKind.OFFICER.value, PositionKind.STANDBY.value
POSITIONS = (LEADER, OFFICER, STANDBY)
POSITION_LABELS = {p.value: p.label for p in PositionKind}

# leader_policy of a shift: when a 带班领导 is required
ALWAYS, REST_DAYS, NEVER = "always", "rest_days", "never"
LEADER_POLICIES = {ALWAYS: "每天", REST_DAYS: "休息日、节假日和特殊时期", NEVER: "不需要"}
DAY, WEEK = "day", "week"
PERIODS = {DAY: "按天", WEEK: "按周"}

HOLIDAY_MARKER, WORKDAY_MARKER = "休", "班"


def days_between(first: date, last: date) -> Iterator[date]:
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def add_months(day: date, months: int) -> date:
    """Same day-of-month `months` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


# -- days -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DayInfo:
    day: date
    rest: bool = False  # nobody works in the offices: weekend (not 调休上班) or 法定节假日
    holiday: bool = False  # 法定节假日
    holiday_name: str = ""  # the holiday's name, also on a 调休上班 weekend day
    marker: str = ""  # 休 / 班 / ""
    special: str = ""  # name of the 特殊时期 covering the day

    def weight(self, rules: RosterRules) -> float:
        if self.holiday:
            return rules.holiday_weight
        return rules.rest_day_weight if self.rest else 1.0


def classify_days(first: date, last: date, calendar: Mapping[date, tuple[str, str]],
                  specials: Iterable[tuple[date, date, str]] = ()) -> dict[date, DayInfo]:
    """`calendar` maps a day to (HolidayKind value, name): "holiday" (法定节假日) or "workday" (调休上班)."""
    periods = sorted(specials)
    out: dict[date, DayInfo] = {}
    for day in days_between(first, last):
        kind, name = calendar.get(day, ("", ""))
        special = next((n for s, e, n in periods if s <= day <= e), "")
        if kind == "holiday":
            out[day] = DayInfo(day, rest=True, holiday=True, holiday_name=name, marker=HOLIDAY_MARKER,
                               special=special)
        elif kind == "workday":
            out[day] = DayInfo(day, rest=False, holiday_name=name, marker=WORKDAY_MARKER, special=special)
        else:
            out[day] = DayInfo(day, rest=day.weekday() >= 5, special=special)
    return out


# -- rules, shifts, people ------------------------------------------------------------------------
@dataclass(frozen=True)
class RosterRules:
    time_zone: str = "Asia/Shanghai"
    min_rest_hours: int = 48
    max_shifts_per_month: int = 10
    rest_day_weight: float = 1.5
    holiday_weight: float = 3.0

    @property
    def zone(self) -> ZoneInfo:
        return office_zone(self.time_zone)


@dataclass(frozen=True)
class ShiftSpec:
    id: int
    name: str
    start: time = time(8, 30)  # office-local wall-clock time
    duration_minutes: int = 24 * 60
    officer_count: int = 1
    standby_count: int = 0
    leader_policy: str = REST_DAYS
    sort_order: int = 0
    active: bool = True

    def needs_leader(self, info: DayInfo) -> bool:
        if self.leader_policy == ALWAYS:
            return True
        if self.leader_policy == REST_DAYS:
            return info.rest or bool(info.special)
        return False

    def required(self, info: DayInfo) -> dict[str, int]:
        return {LEADER: int(self.needs_leader(info)), OFFICER: self.officer_count, STANDBY: self.standby_count}

    def window(self, day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """[start, end) as aware UTC instants.

        Start and end are both wall-clock times in the office zone (end = start + duration on the
        wall clock), so consecutive shifts hand over at the same local minute every day; in a zone
        with daylight saving the night the clocks change is an hour shorter or longer, never a gap
        or an overlap between two shifts.
        """
        local_start = datetime.combine(day, self.start)
        local_end = local_start + timedelta(minutes=self.duration_minutes)
        return (local_start.replace(tzinfo=zone).astimezone(timezone.utc),
                local_end.replace(tzinfo=zone).astimezone(timezone.utc))


@dataclass(frozen=True)
class PersonInfo:
    id: int
    name: str
    active: bool = True


@dataclass(frozen=True)
class LeaveSpec:
    person_id: int
    start: date
    end: date
    kind: str = "请假"


@dataclass(frozen=True)
class RotationSpec:
    shift_id: int
    position: str
    members: tuple[int, ...]
    period: str = DAY
    id: int = 0


@dataclass
class Cell:
    """One roster cell: on `day`, in a shift, a position's slot is held by a person (None = empty)."""

    day: date
    shift_id: int
    position: str
    slot: int
    person_id: int | None
    source: str = "generated"
    rotation_seq: int | None = None
    id: int | None = None

    @property
    def key(self) -> tuple[date, int, str, int]:
        return self.day, self.shift_id, self.position, self.slot


@dataclass(frozen=True)
class RosterWarning:
    """A problem on one day, about one person (or an empty post), in words the duty room uses."""

    day: date
    code: str  # unfilled | overlap | rest | max_month | leave | inactive | no_leader
    subject: str  # the person's name, or the shift's name for an empty post
    message: str
    person_id: int | None = None
    shift_id: int | None = None

    @property
    def text(self) -> str:
        return f"{self.subject}：{self.message}"

    @property
    def line(self) -> str:
        return f"{self.day.isoformat()} {self.text}"


@dataclass
class Leaves:
    """Fast "is this person away on that day" lookups."""

    by_person: dict[int, list[LeaveSpec]] = field(default_factory=dict)

    @classmethod
    def of(cls, leaves: Iterable[LeaveSpec]) -> Leaves:
        out: dict[int, list[LeaveSpec]] = {}
        for leave in leaves:
            out.setdefault(leave.person_id, []).append(leave)
        return cls(out)

    def on(self, person_id: int, day: date) -> LeaveSpec | None:
        for leave in self.by_person.get(person_id, ()):
            if leave.start <= day <= leave.end:
                return leave
        return None


# -- who is on duty -------------------------------------------------------------------------------
def shift_at(at: datetime, shifts: Iterable[ShiftSpec], zone: ZoneInfo) -> tuple[date, ShiftSpec] | None:
    """The shift whose [start, end) contains `at`; at the handover minute the new shift is on."""
    shifts = list(shifts)
    if not shifts:
        return None
    local_day = at.astimezone(zone).date()
    reach = max(s.duration_minutes for s in shifts) // (24 * 60) + 1
    best: tuple[datetime, date, ShiftSpec] | None = None
    for back in range(reach + 1):
        day = local_day - timedelta(days=back)
        for spec in shifts:
            start, end = spec.window(day, zone)
            if start <= at < end and (best is None or start > best[0]):
                best = (start, day, spec)
    return None if best is None else (best[1], best[2])


def shift_after(at: datetime, shifts: Iterable[ShiftSpec], zone: ZoneInfo) -> tuple[date, ShiftSpec] | None:
    """The first shift that starts strictly after `at`."""
    shifts = list(shifts)
    if not shifts:
        return None
    local_day = at.astimezone(zone).date()
    best: tuple[datetime, int, date, ShiftSpec] | None = None
    for ahead in range(-1, 3):
        day = local_day + timedelta(days=ahead)
        for spec in shifts:
            start, _ = spec.window(day, zone)
            if start > at and (best is None or (start, spec.sort_order) < best[:2]):
                best = (start, spec.sort_order, day, spec)
    return None if best is None else (best[2], best[3])
