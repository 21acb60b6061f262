"""Roster checks (warnings with the exact date and person) and the fairness balance table."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dutyroom.domain.roster import (
    ALWAYS,
    LEADER,
    OFFICER,
    POSITION_LABELS,
    POSITIONS,
    STANDBY,
    Cell,
    DayInfo,
    Leaves,
    PersonInfo,
    RosterRules,
    RosterWarning,
    ShiftSpec,
)

CODE_ORDER = {"no_leader": 0, "unfilled": 1, "inactive": 2, "leave": 3, "overlap": 4, "rest": 5, "max_month": 6}


def hours_text(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.1f}".rstrip("0").rstrip(".")


class Windows:
    """Shift instants per (day, shift), computed once."""

    def __init__(self, shifts: Mapping[int, ShiftSpec], rules: RosterRules):
        self.shifts = shifts
        self.zone = rules.zone
        self._cache: dict[tuple[date, int], tuple[datetime, datetime]] = {}

    def of(self, day: date, shift_id: int) -> tuple[datetime, datetime]:
        key = (day, shift_id)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self.shifts[shift_id].window(day, self.zone)
        return found


def _leader_reason(spec: ShiftSpec, info: DayInfo) -> str:
    if spec.leader_policy == ALWAYS:
        return "每天都须有带班领导"
    if info.holiday:
        return f"{info.holiday_name or '法定节假日'}须有带班领导"
    if info.special:
        return f"特殊时期“{info.special}”须有带班领导"
    return "休息日须有带班领导"


def check_roster(first: date, last: date, *, days: Mapping[date, DayInfo], shifts: Mapping[int, ShiftSpec],
                 cells: Iterable[Cell], people: Mapping[int, PersonInfo], leaves: Leaves, rules: RosterRules,
                 week_keys: frozenset[tuple[int, str]] = frozenset()) -> list[RosterWarning]:
    """Every warning on a day in [first, last].

    `cells` should also hold the neighbouring days (for rest and overlap) and the whole months
    touched (for the monthly maximum). `week_keys` are (shift, position) pairs rotated by week:
    a week's 带班领导 holds consecutive days by design, so rest and the monthly maximum skip them.
    """
    cells = [c for c in cells if c.shift_id in shifts]
    windows = Windows(shifts, rules)
    out: list[RosterWarning] = []
    out += _posts(first, last, days, shifts, cells)
    out += _people(first, last, windows, cells, people, leaves, rules, week_keys)
    # Keyed like a warning's shift_id, which is None for warnings about no particular shift.
    order: dict[int | None, tuple[int, int]] = {sid: (spec.sort_order, sid) for sid, spec in shifts.items()}
    out.sort(key=lambda w: (w.day, order.get(w.shift_id, (0, 0)), CODE_ORDER.get(w.code, 9), w.subject))
    return out


def _posts(first, last, days, shifts, cells) -> list[RosterWarning]:
    filled = Counter((c.day, c.shift_id, c.position) for c in cells if c.person_id is not None
                     and first <= c.day <= last)
    out = []
    active = sorted((s for s in shifts.values() if s.active), key=lambda s: (s.sort_order, s.id))
    for day in sorted(d for d in days if first <= d <= last):
        info = days[day]
        for spec in active:
            need = spec.required(info)
            if need[LEADER] and not filled[(day, spec.id, LEADER)]:
                out.append(RosterWarning(day, "no_leader", spec.name, f"没有带班领导（{_leader_reason(spec, info)}）",
                                         shift_id=spec.id))
            for position in (OFFICER, STANDBY):
                missing = need[position] - filled[(day, spec.id, position)]
                if missing > 0:
                    out.append(RosterWarning(day, "unfilled", spec.name,
                                             f"{POSITION_LABELS[position]}空缺 {missing} 人", shift_id=spec.id))
    return out


def _people(first, last, windows: Windows, cells, people, leaves: Leaves, rules: RosterRules,
            week_keys) -> list[RosterWarning]:
    by_person: dict[int, list[tuple[datetime, datetime, Cell]]] = defaultdict(list)
    for cell in cells:
        if cell.person_id is not None:
            by_person[cell.person_id].append((*windows.of(cell.day, cell.shift_id), cell))
    min_rest = timedelta(hours=rules.min_rest_hours)
    out: list[RosterWarning] = []
    for pid, spans in by_person.items():
        spans.sort(key=lambda s: (s[0], s[1]))
        person = people.get(pid) or PersonInfo(pid, f"人员{pid}", active=False)
        monthly: Counter[tuple[int, int]] = Counter()
        latest: tuple[datetime, datetime, Cell] | None = None  # the span ending last so far
        for start, end, cell in spans:
            week = (cell.shift_id, cell.position) in week_keys
            if not week:
                monthly[(cell.day.year, cell.day.month)] += 1
            inside = first <= cell.day <= last

            def warn(code: str, message: str, cell=cell, person=person, pid=pid) -> None:
                out.append(RosterWarning(cell.day, code, person.name, message, pid, cell.shift_id))

            here = _describe(windows, cell)
            if inside and not person.active:
                warn("inactive", f"已停用，仍排在{here}")
            leave = leaves.on(pid, cell.day)
            if inside and leave is not None:
                warn("leave", f"{leave.kind}期间（{leave.start:%m-%d}至{leave.end:%m-%d}）仍排在{here}")
            if latest is not None and inside:
                _, prev_end, prev = latest
                same_week_post = week and (prev.shift_id, prev.position) == (cell.shift_id, cell.position)
                if start < prev_end:
                    warn("overlap", f"同时排在{_describe(windows, prev, prev.day != cell.day)}和{here}，时间重叠")
                elif start - prev_end < min_rest and not same_week_post:
                    warn("rest", f"距上一班（{prev.day:%m-%d}{windows.shifts[prev.shift_id].name}）结束只隔 "
                                 f"{hours_text(start - prev_end)} 小时，少于规定的 {rules.min_rest_hours} 小时")
            n = monthly[(cell.day.year, cell.day.month)]
            if inside and not week and n > rules.max_shifts_per_month:
                warn("max_month", f"本月第 {n} 个班，超过每月最多 {rules.max_shifts_per_month} 个")
            if latest is None or end > latest[1]:
                latest = (start, end, cell)
    return out


def _describe(windows: Windows, cell: Cell, with_day: bool = False) -> str:
    text = f"{windows.shifts[cell.shift_id].name}{POSITION_LABELS.get(cell.position, cell.position)}"
    return f"{cell.day:%m-%d}{text}" if with_day else text


# -- fairness ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BalanceRow:
    person_id: int
    name: str
    shifts: int
    rest_day_shifts: int  # weekends and other rest days that are not 法定节假日
    holiday_shifts: int  # 法定节假日
    weighted_load: float  # workday 1, rest day rest_day_weight, holiday holiday_weight
    deviation: float  # weighted_load minus the position's average
    shift_deviation: float  # shifts minus the position's average


def balance(position: str, cells: Iterable[Cell], days: Mapping[date, DayInfo], people: Mapping[int, PersonInfo],
            rules: RosterRules, members: Iterable[int] = ()) -> list[BalanceRow]:
    """One row per person holding `position` in `cells` or listed in `members` (rotation order first)."""
    assert position in POSITIONS
    order = list(dict.fromkeys(members))
    counts: dict[int, list[float]] = {pid: [0, 0, 0, 0.0] for pid in order}
    for cell in cells:
        if cell.position != position or cell.person_id is None:
            continue
        row = counts.setdefault(cell.person_id, [0, 0, 0, 0.0])
        info = days.get(cell.day) or DayInfo(cell.day, rest=cell.day.weekday() >= 5)
        row[0] += 1
        row[1] += info.rest and not info.holiday
        row[2] += info.holiday
        row[3] += info.weight(rules)
    if not counts:
        return []
    avg_load = sum(r[3] for r in counts.values()) / len(counts)
    avg_shifts = sum(r[0] for r in counts.values()) / len(counts)
    extra = sorted((pid for pid in counts if pid not in order), key=lambda p: (people[p].name if p in people else "", p))
    rows = []
    for pid in order + extra:
        n, rest, holiday, load = counts[pid]
        name = people[pid].name if pid in people else f"人员{pid}"
        rows.append(BalanceRow(pid, name, int(n), int(rest), int(holiday), round(load, 2),
                               round(load - avg_load, 2), round(n - avg_shifts, 2)))
    return rows
