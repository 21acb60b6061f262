"""The duty roster (排班): generation, the month and "now on duty" views, checks and balance.

Set-up (shifts, rotations, leave, special periods) is in roster_setup.py, manual edits, swaps and
substitutions in roster_changes.py, the Excel import in roster_import.py; RosterService joins them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import insert, or_, select
from sqlalchemy.exc import IntegrityError

from dutyroom.domain import localtime
from dutyroom.domain.localtime import weekday_name
from dutyroom.domain.months import month_range
from dutyroom.domain.phones import format_number
from dutyroom.domain.roster import (
    POSITION_LABELS,
    Cell,
    add_months,
    days_between,
    shift_after,
    shift_at,
)
from dutyroom.domain.roster_checks import BalanceRow, balance, check_roster
from dutyroom.domain.roster_generate import Plan, generate
from dutyroom.domain.vocabulary import PositionKind, Role, UnitKind
from dutyroom.errors import ConflictError, DutyRoomError
from dutyroom.services.context import require_role, unit_of_work
from dutyroom.services.duty import shift_spec
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.holidays import MIN_HOLIDAY_DAYS, HolidayService
from dutyroom.services.records import Actor
from dutyroom.services.roster.base import check_range
from dutyroom.services.roster.changes import RosterEdits
from dutyroom.services.roster.importing import RosterImport
from dutyroom.services.roster.load import EDGE, RosterData, load, now_local_date
from dutyroom.services.roster.records import (
    AssignmentRecord,
    GenerationReport,
    RosterDay,
    RosterMonth,
    RosterShift,
    shift_hours,
)
from dutyroom.store.models import Assignment, RosterChange, ShiftDefinition, Unit

SOURCE_LABELS = {"manual": "手工排班", "import": "导入", "swap": "调班", "substitute": "代班", "generated": "自动排班"}


class RosterService(RosterImport, RosterEdits):
    """The roster. RosterImport builds on RosterSetup (a fresh roster gets its default shift); every
    part derives from RosterArea (roster/base.py), which holds what they share."""

    # -- calendar coverage ----------------------------------------------------------------------
    def missing_holiday_years(self, first: date, last: date) -> list[int]:
        """Years of [first, last] whose official schedule is absent or clearly incomplete."""
        counts = HolidayService(self.ctx).holiday_day_counts()
        return [y for y in range(first.year, last.year + 1) if counts.get(y, 0) < MIN_HOLIDAY_DAYS]

    def days_without_roster(self, first: date, last: date) -> list[date]:
        """Days of the range on which nobody is scheduled at all (e.g. next month not generated yet)."""
        with self.ctx.db.session() as s:
            have = set(s.scalars(select(Assignment.day).where(Assignment.day >= first, Assignment.day <= last,
                                                              Assignment.person_id.is_not(None)).distinct()))
        return [d for d in days_between(first, last) if d not in have]

    # -- generation -----------------------------------------------------------------------------
    def generate(self, actor: Actor, first: date, last: date, *, replace: bool = False,
                 allow_unknown_years: bool = False) -> GenerationReport:
        """Fill the range's free posts from the rotations, in one transaction with one audit record.

        Generated cells already in the range are kept unless `replace`; manual, imported and
        swapped cells are never overwritten — the report lists them.
        """
        require_role(actor, Role.ADMIN)
        check_range(first, last)
        missing = self.missing_holiday_years(first, last)
        if missing and not allow_unknown_years:
            years = "、".join(f"{y} 年" for y in missing)
            raise DutyRoomError(f"节假日日历中没有 {years}的放假安排（法定节假日和调休上班日），直接生成会把节假日当成"
                                "普通日子。请先在“管理 → 节假日”中录入或导入该年安排，再生成值班表。")
        settings = self._settings()
        lookback = add_months(first, -settings.fairness_lookback_months)
        since = min(lookback, first.replace(day=1)) - EDGE
        until = month_range(last.year, last.month)[1] + EDGE
        try:
            with unit_of_work(self.ctx, actor) as uow:
                s = uow.session
                data = load(s, settings, since, until)
                touched = _changed_cells(s, first, last)
                outside, kept, discard, empty = [], [], [], []
                for cell in data.cells:
                    if not first <= cell.day <= last:
                        outside.append(cell)
                    elif cell.person_id is None:
                        empty.append(cell)
                    elif replace and cell.source == "generated" and cell.id not in touched:
                        discard.append(cell)
                    else:
                        kept.append(cell)
                plan = Plan(first, last, data.days, data.shifts, data.rotations, data.people, data.leaves,
                            outside + kept, data.rules, lookback_start=lookback)
                new = generate(plan)
                _write(s, new, discard + empty, touched)
                warnings = check_roster(first, last, days=data.days, shifts=data.shifts, cells=outside + kept + new,
                                        people=data.people, leaves=data.leaves, rules=data.rules,
                                        week_keys=data.week_keys)
                changed = tuple(_describe_kept(data, c) for c in kept if c.source != "generated" or c.id in touched)
                report = GenerationReport(first, last, created=len(new), replaced=len(discard), kept=len(kept),
                                          kept_changed=changed, warnings=tuple(warnings),
                                          unknown_years=tuple(missing))
                uow.audit("generate", EntityKind.ROSTER, f"{first.isoformat()}~{last.isoformat()}", announce=False, after={
                    "first": first.isoformat(), "last": last.isoformat(), "replace": replace, "created": len(new),
                    "replaced": len(discard), "kept": len(kept), "kept_changed": len(changed),
                    "warnings": len(warnings), "unknown_years": missing})
                uow.changes.append(Change(EntityKind.ASSIGNMENT, op="bulk"))
        except IntegrityError:
            raise ConflictError("生成时有人同时修改了这段时间的值班表，没有保存任何改动，请刷新后重新生成") from None
        return report

    # -- reading --------------------------------------------------------------------------------
    def month(self, year: int, month: int) -> RosterMonth:
        first, last = month_range(year, month)
        settings = self._settings()
        data = self._load(first - EDGE, last + EDGE)
        warnings = self._checks(data, first, last)
        shifts = data.shifts_of_days(first, last)
        days = []
        for day in days_between(first, last):
            info = data.info(day)
            days.append(RosterDay(day=day, weekday=weekday_name(day), holiday_name=info.holiday_name,
                                  marker=info.marker, special_period=info.special,
                                  shifts=tuple(s for s in shifts if s.day == day),
                                  warnings=tuple(w.text for w in warnings if w.day == day)))
        specs = sorted((spec for spec in data.shifts.values() if spec.active), key=lambda spec: spec.sort_order)
        hours = "，".join(f"{spec.name} {shift_hours(spec.start, spec.duration_minutes)}" if len(specs) > 1
                         else shift_hours(spec.start, spec.duration_minutes) for spec in specs)
        with self.ctx.db.session() as s:
            own = s.scalars(select(Unit).where(Unit.kind == UnitKind.OWN.value, Unit.active.is_(True))
                            .order_by(Unit.sort_order, Unit.id).limit(1)).first()
            phone, fax = (format_number(own.duty_phone), format_number(own.fax)) if own else ("", "")
        return RosterMonth(office_name=settings.office_name, issuing_office=settings.issuing_office, year=year,
                           month=month, printed_on=now_local_date(self.ctx.clock.now(), settings),
                           time_zone=settings.time_zone, days=tuple(days), duty_hours=hours, duty_phone=phone,
                           duty_fax=fax)

    def shifts_between(self, first: date, last: date, person_id: int | None = None) -> list[RosterShift]:
        check_range(first, last, limit=3700)
        shifts = self._load(first, last).shifts_of_days(first, last)
        if person_id is None:
            return shifts
        return [s for s in shifts if any(p.person_id == person_id for p in (*s.leaders, *s.officers, *s.standby))]

    def cells(self, first: date, last: date) -> list[AssignmentRecord]:
        """Stored cells with their ids, for the month view's swap and edit actions."""
        with self.ctx.db.session() as s:
            data = load(s, self._settings(), first, last)
            versions = {i: v for i, v in s.execute(select(Assignment.id, Assignment.version)
                                                   .where(Assignment.day >= first, Assignment.day <= last))}
        order = {sid: (spec.sort_order, sid) for sid, spec in data.shifts.items()}
        positions = {p.value: i for i, p in enumerate(PositionKind)}
        rows = sorted(data.cells, key=lambda c: (c.day, order[c.shift_id], positions.get(c.position, 9), c.slot))
        return [AssignmentRecord(c.id, c.day, c.shift_id, data.shifts[c.shift_id].name, PositionKind(c.position),
                                 c.slot, c.person_id, data.person(c.person_id).name if c.person_id else "",
                                 c.source, versions[c.id]) for c in rows if c.id is not None]  # stored: all have ids

    def on_duty(self, at: datetime | None = None) -> tuple[RosterShift | None, RosterShift | None]:
        """(current shift, next shift). At the handover minute the incoming shift is the current one."""
        at = at or self.ctx.clock.now()
        settings = self._settings()
        with self.ctx.db.session() as s:
            specs = [shift_spec(r) for r in s.scalars(select(ShiftDefinition).where(ShiftDefinition.active.is_(True)))]
        zone = localtime.zone(settings.time_zone)
        current = shift_at(at, specs, zone)
        following = shift_after(current[1].window(current[0], zone)[0] if current else at, specs, zone)
        found = [x for x in (current, following) if x is not None]
        if not found:
            return None, None
        data = self._load(min(d for d, _ in found), max(d for d, _ in found))

        def build(pair):
            if pair is None:
                return None
            day, spec = pair
            return data.roster_shift(day, spec, [c for c in data.cells if c.day == day and c.shift_id == spec.id])

        return build(current), build(following)


    def balance(self, position: PositionKind | str, first: date, last: date) -> list[BalanceRow]:
        """Per person of the position: shifts, rest-day and holiday shifts, weighted load, deviation."""
        check_range(first, last, limit=3700)
        position = PositionKind(position).value
        data = self._load(first, last)
        members = [pid for r in data.rotations if r.position == position for pid in r.members]
        return balance(position, data.cells, data.days, data.people, data.rules, members)

    def default_lookback(self, last: date) -> tuple[date, date]:
        """The fairness window ending on `last`, as the office settings define it."""
        months = self._settings().fairness_lookback_months
        return add_months(last, -months) + timedelta(days=1), last


# -- helpers ----------------------------------------------------------------------------------------
def _changed_cells(session, first: date, last: date) -> set[int]:
    """Cells of the range that a swap or substitution ever touched (their history must stay)."""
    ids = set()
    in_range = select(Assignment.id).where(Assignment.day >= first, Assignment.day <= last)
    rows = session.execute(select(RosterChange.assignment_id, RosterChange.other_assignment_id).where(
        or_(RosterChange.assignment_id.in_(in_range), RosterChange.other_assignment_id.in_(in_range))))
    for a, b in rows:
        ids.update(x for x in (a, b) if x is not None)
    return ids


def _write(session, new: list[Cell], reusable: list[Cell], touched: set[int]) -> None:
    """Insert the new cells; rows of discarded or empty cells with the same key are reused in place."""
    by_key = {c.key: c for c in reusable}
    inserts = []
    for cell in new:
        old = by_key.pop(cell.key, None)
        if old is None:
            inserts.append(dict(day=cell.day, shift_id=cell.shift_id, position=cell.position, slot=cell.slot,
                                person_id=cell.person_id, source=cell.source, rotation_seq=cell.rotation_seq,
                                version=1))
            continue
        row = session.get(Assignment, old.id)
        row.person_id, row.source, row.rotation_seq = cell.person_id, cell.source, cell.rotation_seq
    for old in by_key.values():
        if old.id not in touched:
            session.delete(session.get(Assignment, old.id))
        else:
            row = session.get(Assignment, old.id)
            row.person_id, row.rotation_seq = None, None
    session.flush()
    if inserts:
        session.execute(insert(Assignment), inserts)


def _describe_kept(data: RosterData, cell: Cell) -> str:
    name = data.person(cell.person_id).name if cell.person_id else "（空）"
    what = SOURCE_LABELS.get(cell.source, cell.source)
    return (f"{cell.day.isoformat()} {data.shifts[cell.shift_id].name}{POSITION_LABELS.get(cell.position, '')}："
            f"{name}（{what}，未改动）")
