"""Reading what the pure roster code needs from the database, in one session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from dutyroom.domain.localtime import to_local
from dutyroom.domain.roster import (
    Cell,
    DayInfo,
    Leaves,
    LeaveSpec,
    PersonInfo,
    RosterRules,
    RotationSpec,
    ShiftSpec,
    classify_days,
)
from dutyroom.domain.roster_generate import week_keys
from dutyroom.services.duty import shift_spec
from dutyroom.services.records import OfficeSettings
from dutyroom.services.roster.records import RosterPerson, RosterShift
from dutyroom.store.models import (
    Assignment,
    Holiday,
    Leave,
    Person,
    Rotation,
    RotationMember,
    ShiftDefinition,
    SpecialPeriod,
)

EDGE = timedelta(days=3)  # neighbouring days that rest and overlap checks look at


def rules_of(settings: OfficeSettings) -> RosterRules:
    return RosterRules(time_zone=settings.time_zone, min_rest_hours=settings.min_rest_hours,
                       max_shifts_per_month=settings.max_shifts_per_month,
                       rest_day_weight=settings.rest_day_weight, holiday_weight=settings.holiday_weight)


def cell_of(row: Assignment) -> Cell:
    return Cell(row.day, row.shift_id, row.position, row.slot, row.person_id, row.source, row.rotation_seq, row.id)


@dataclass
class RosterData:
    rules: RosterRules
    shifts: dict[int, ShiftSpec]
    rotations: list[RotationSpec]
    people: dict[int, PersonInfo]
    phones: dict[int, str]
    leaves: Leaves
    days: dict[date, DayInfo]
    cells: list[Cell]

    @property
    def week_keys(self) -> frozenset[tuple[int, str]]:
        return week_keys(self.rotations)

    def active_shifts(self) -> list[ShiftSpec]:
        return sorted((s for s in self.shifts.values() if s.active), key=lambda s: (s.sort_order, s.id))

    def info(self, day: date) -> DayInfo:
        return self.days.get(day) or DayInfo(day, rest=day.weekday() >= 5)

    def person(self, pid: int) -> RosterPerson:
        info = self.people.get(pid)
        return RosterPerson(pid, info.name if info else f"人员{pid}", self.phones.get(pid, ""))

    def roster_shift(self, day: date, spec: ShiftSpec, cells: list[Cell]) -> RosterShift:
        start, end = spec.window(day, self.rules.zone)
        held = sorted(((c, c.person_id) for c in cells if c.person_id is not None), key=lambda held: held[0].slot)
        by = {p: tuple(self.person(pid) for c, pid in held if c.position == p) for p in ("leader", "officer",
                                                                                         "standby")}
        return RosterShift(day=day, shift_id=spec.id, shift_name=spec.name, starts_at=start, ends_at=end,
                           leaders=by["leader"], officers=by["officer"], standby=by["standby"],
                           leader_required=spec.needs_leader(self.info(day)))

    def shifts_of_days(self, first: date, last: date) -> list[RosterShift]:
        """Every active shift of every day, plus any inactive shift that still has people on a day."""
        grouped: dict[tuple[date, int], list[Cell]] = {}
        for cell in self.cells:
            if first <= cell.day <= last:
                grouped.setdefault((cell.day, cell.shift_id), []).append(cell)
        keys = {(d, s.id) for d in _days(first, last) for s in self.active_shifts()}
        keys |= {k for k, cells in grouped.items() if any(c.person_id is not None for c in cells)}
        order = {sid: (spec.sort_order, sid) for sid, spec in self.shifts.items()}
        return [self.roster_shift(day, self.shifts[sid], grouped.get((day, sid), []))
                for day, sid in sorted(keys, key=lambda k: (k[0], order[k[1]]))]


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def load(session: Session, settings: OfficeSettings, first: date, last: date) -> RosterData:
    """Everything about the days [first, last]: calendar, leave, cells (ids included)."""
    shifts = {r.id: shift_spec(r) for r in session.scalars(select(ShiftDefinition))}
    members: dict[int, list[int]] = {}
    for rotation_id, pid in session.execute(select(RotationMember.rotation_id, RotationMember.person_id)
                                            .order_by(RotationMember.rotation_id, RotationMember.seq)):
        members.setdefault(rotation_id, []).append(pid)
    rotations = [RotationSpec(r.shift_id, r.position, tuple(members.get(r.id, ())), r.period, r.id)
                 for r in session.scalars(select(Rotation))]
    people, phones = {}, {}
    for pid, name, active, mobile, office in session.execute(
            select(Person.id, Person.name, Person.active, Person.mobile, Person.office_phone)):
        people[pid] = PersonInfo(pid, name, active)
        phones[pid] = mobile or office
    leaves = Leaves.of(LeaveSpec(r.person_id, r.start_day, r.end_day, r.kind) for r in session.scalars(
        select(Leave).where(Leave.end_day >= first, Leave.start_day <= last)))
    calendar = {h.day: (h.kind, h.name) for h in session.scalars(
        select(Holiday).where(Holiday.day >= first, Holiday.day <= last))}
    specials = [(p.start_day, p.end_day, p.name) for p in session.scalars(
        select(SpecialPeriod).where(SpecialPeriod.end_day >= first, SpecialPeriod.start_day <= last))]
    cells = [cell_of(r) for r in session.scalars(select(Assignment).where(Assignment.day >= first,
                                                                         Assignment.day <= last))]
    return RosterData(rules_of(settings), shifts, rotations, people, phones, leaves,
                      classify_days(first, last, calendar, specials), cells)


def now_local_date(now: datetime, settings: OfficeSettings) -> date:
    return to_local(now, settings.time_zone).date()
