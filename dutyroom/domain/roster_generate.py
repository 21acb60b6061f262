"""Roster generation from rotations: fair, continuing where the last roster ended, never double-booking.

How a post is filled, for each day, shift, position and free slot:
- candidates are the rotation's members who are active, not on leave and not already in an
  overlapping shift (these are hard: a person cannot sit two posts at once);
- among them, those who also keep the minimum rest and the monthly maximum are preferred; only
  when nobody does is the post filled anyway (no empty post, 杜绝空岗) and the checks warn;
- the choice balances load over the look-back window: on a workday the fewest shifts first; on a
  rest day or holiday, among those at most one shift above the fewest, the lowest weighted
  rest/holiday load first; ties go to rotation order from where the rotation last stopped, so
  people with equal history simply take turns.

`rotation_seq` of a generated cell is a turn counter with members[seq % len(members)] being the
person the rotation chose; the next run continues from the highest seq before its range, so
swaps and manual edits do not restart or double up the rotation.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dutyroom.domain.roster import (
    LEADER,
    POSITIONS,
    WEEK,
    Cell,
    DayInfo,
    Leaves,
    PersonInfo,
    RosterRules,
    RotationSpec,
    ShiftSpec,
    days_between,
)
from dutyroom.domain.roster_checks import Windows


@dataclass
class Plan:
    first: date
    last: date
    days: Mapping[date, DayInfo]  # at least [lookback_start, last]
    shifts: Mapping[int, ShiftSpec]  # every shift that cells refer to; only active ones are filled
    rotations: Iterable[RotationSpec]
    people: Mapping[int, PersonInfo]
    leaves: Leaves
    cells: Iterable[Cell]  # what stays: history, cells kept in the range, cells after it
    rules: RosterRules = field(default_factory=RosterRules)
    lookback_start: date | None = None  # fairness counts cells from here up to the range


class _Busy:
    """Each person's shift spans, sorted, for overlap and rest questions in O(log n)."""

    def __init__(self) -> None:
        self.spans: dict[int, list[tuple[datetime, datetime, tuple | None]]] = defaultdict(list)

    def add(self, pid: int, start: datetime, end: datetime, tag: tuple | None) -> None:
        insort(self.spans[pid], (start, end, tag), key=lambda s: s[0])

    def overlaps(self, pid: int, start: datetime, end: datetime) -> bool:
        spans = self.spans.get(pid)
        if not spans:
            return False
        i = bisect_left(spans, end, key=lambda s: s[0])
        j = i - 1
        while j >= 0 and spans[j][0] > start - timedelta(days=3):
            if spans[j][1] > start:
                return True
            j -= 1
        return False

    def rested(self, pid: int, start: datetime, end: datetime, tag: tuple | None, rest: timedelta) -> bool:
        spans = self.spans.get(pid)
        if not spans:
            return True
        i = bisect_left(spans, start, key=lambda s: s[0])
        if i > 0:
            p_start, p_end, p_tag = spans[i - 1]
            if start - p_end < rest and not (tag is not None and p_tag == tag):
                return False
        if i < len(spans):
            n_start, _, n_tag = spans[i]
            if n_start - end < rest and not (tag is not None and n_tag == tag):
                return False
        return True


class _Generator:
    def __init__(self, plan: Plan):
        self.plan = plan
        self.rules = plan.rules
        self.windows = Windows(plan.shifts, plan.rules)
        self.rest = timedelta(hours=plan.rules.min_rest_hours)
        self.rotations = {(r.shift_id, r.position): r for r in plan.rotations
                          if r.members and r.shift_id in plan.shifts}
        self.week_keys = {k for k, r in self.rotations.items() if r.period == WEEK and r.position == LEADER}
        self.busy = _Busy()
        self.monthly: dict[tuple[int, int, int], int] = defaultdict(int)
        self.count: dict[tuple[str, int], float] = defaultdict(float)
        self.load: dict[tuple[str, int], float] = defaultdict(float)
        self.past_count: dict[tuple[str, int], float] = defaultdict(float)  # before the range only
        self.past_load: dict[tuple[str, int], float] = defaultdict(float)
        self.occupied: dict[tuple[date, int, str], set[int]] = defaultdict(set)
        self.last_seq: dict[tuple[int, str], int] = {}
        self.seq_on_day: dict[tuple[tuple[int, str], date], int] = {}
        self.week_holder: dict[tuple[tuple[int, str], int, int], tuple[int, int]] = {}
        self.out: list[Cell] = []
        self._load_existing()

    # -- what is already there ------------------------------------------------------------------
    def _load_existing(self) -> None:
        plan = self.plan
        since = plan.lookback_start or plan.first
        for cell in plan.cells:
            if cell.shift_id not in plan.shifts:
                continue
            key = (cell.shift_id, cell.position)
            if cell.rotation_seq is not None and key in self.rotations:
                if cell.day < plan.first:
                    self.last_seq[key] = max(self.last_seq.get(key, -1), cell.rotation_seq)
                elif cell.day <= plan.last:
                    k = (key, cell.day)
                    self.seq_on_day[k] = max(self.seq_on_day.get(k, -1), cell.rotation_seq)
                if key in self.week_keys:
                    members = self.rotations[key].members
                    iso = cell.day.isocalendar()
                    self.week_holder[(key, iso[0], iso[1])] = (members[cell.rotation_seq % len(members)],
                                                               cell.rotation_seq)
            if cell.person_id is None:
                continue
            if plan.first <= cell.day <= plan.last:
                self.occupied[(cell.day, cell.shift_id, cell.position)].add(cell.slot)
            self._book(cell, cell.person_id, count=since <= cell.day <= plan.last)
        self._level_newcomers()

    def _level_newcomers(self) -> None:
        """Someone with no history before the range starts level with the average, not at zero:
        otherwise a newcomer would be given every free day until a year's worth has caught up."""
        for position in POSITIONS:
            members = {pid for (_, pos), r in self.rotations.items() if pos == position for pid in r.members}
            known = [pid for pid in members if self.past_count[(position, pid)] > 0]
            if not known:
                continue
            avg_count = sum(self.past_count[(position, p)] for p in known) / len(known)
            avg_load = sum(self.past_load[(position, p)] for p in known) / len(known)
            for pid in members - set(known):
                self.count[(position, pid)] += avg_count
                self.load[(position, pid)] += avg_load

    def _tag(self, cell_key: tuple[int, str]) -> tuple | None:
        return cell_key if cell_key in self.week_keys else None

    def _book(self, cell: Cell, pid: int, *, count: bool) -> None:
        """Count `cell`, held by `pid` (passed apart: only a held cell is booked)."""
        key = (cell.shift_id, cell.position)
        start, end = self.windows.of(cell.day, cell.shift_id)
        self.busy.add(pid, start, end, self._tag(key))
        if key not in self.week_keys:
            self.monthly[(pid, cell.day.year, cell.day.month)] += 1
        if count:
            info = self.plan.days.get(cell.day) or DayInfo(cell.day, rest=cell.day.weekday() >= 5)
            weight = info.weight(self.rules) if info.rest else 0.0
            self.count[(cell.position, pid)] += 1
            self.load[(cell.position, pid)] += weight
            if cell.day < self.plan.first:
                self.past_count[(cell.position, pid)] += 1
                self.past_load[(cell.position, pid)] += weight

    # -- choosing -------------------------------------------------------------------------------
    def _hard_ok(self, pid: int, day: date, span: tuple[datetime, datetime]) -> bool:
        person = self.plan.people.get(pid)
        return (person is not None and person.active and self.plan.leaves.on(pid, day) is None
                and not self.busy.overlaps(pid, *span))

    def _soft_ok(self, pid: int, day: date, span, key) -> bool:
        tag = self._tag(key)
        if tag is None and self.monthly[(pid, day.year, day.month)] >= self.rules.max_shifts_per_month:
            return False
        return self.busy.rested(pid, span[0], span[1], tag, self.rest)

    def _rank(self, rot: RotationSpec, pid: int, index: int, info: DayInfo, floor: float) -> tuple:
        n = len(rot.members)
        distance = (index - (self.last_seq.get((rot.shift_id, rot.position), -1) + 1)) % n
        count, load = self.count[(rot.position, pid)], self.load[(rot.position, pid)]
        if not info.rest:
            return count, distance
        # On a rest day anyone at most one shift above the lowest count may take it: the lowest
        # weighted rest/holiday load decides, so weekends do not stick to the same people.
        return max(0.0, count - floor - 1), load, count, distance

    def _choose(self, rot: RotationSpec, day: date, span, info: DayInfo, exclude: int | None = None):
        key = (rot.shift_id, rot.position)
        best_soft = best_hard = None
        able = [(index, pid) for index, pid in enumerate(rot.members)
                if pid != exclude and self._hard_ok(pid, day, span)]
        floor = min((self.count[(rot.position, pid)] for _, pid in able), default=0.0)
        for index, pid in able:
            rank = self._rank(rot, pid, index, info, floor)
            if self._soft_ok(pid, day, span, key):
                if best_soft is None or rank < best_soft[0]:
                    best_soft = (rank, index, pid)
            elif best_hard is None or rank < best_hard[0]:
                best_hard = (rank, index, pid)
        best = best_soft or best_hard
        return None if best is None else (best[1], best[2])

    def _next_seq(self, key, index: int, n: int) -> int:
        after = self.last_seq.get(key, -1) + 1
        return after + (index - after) % n

    # -- filling --------------------------------------------------------------------------------
    def run(self) -> list[Cell]:
        plan = self.plan
        active = sorted((s for s in plan.shifts.values() if s.active), key=lambda s: (s.sort_order, s.id))
        for day in days_between(plan.first, plan.last):
            info = plan.days.get(day) or DayInfo(day, rest=day.weekday() >= 5)
            for spec in active:
                span = self.windows.of(day, spec.id)
                need = spec.required(info)
                for position in POSITIONS:
                    rot = self.rotations.get((spec.id, position))
                    if rot is None or need[position] <= 0:
                        continue
                    key = (spec.id, position)
                    seen = self.seq_on_day.get((key, day))
                    if seen is not None:
                        self.last_seq[key] = max(self.last_seq.get(key, -1), seen)
                    taken = self.occupied[(day, spec.id, position)]
                    free = [s for s in range(need[position] + len(taken)) if s not in taken]
                    for slot in free[:max(0, need[position] - len(taken))]:
                        if key in self.week_keys:
                            self._fill_week(rot, spec, day, slot, span, info)
                        else:
                            self._fill_day(rot, day, slot, span, info)
        return self.out

    def _place(self, rot: RotationSpec, day: date, slot: int, pid: int, seq: int) -> None:
        cell = Cell(day, rot.shift_id, rot.position, slot, pid, "generated", seq)
        self._book(cell, pid, count=True)
        self.out.append(cell)

    def _fill_day(self, rot: RotationSpec, day: date, slot: int, span, info: DayInfo) -> None:
        chosen = self._choose(rot, day, span, info)
        if chosen is None:
            return
        index, pid = chosen
        key = (rot.shift_id, rot.position)
        seq = self._next_seq(key, index, len(rot.members))
        self.last_seq[key] = seq
        self._place(rot, day, slot, pid, seq)

    def _fill_week(self, rot: RotationSpec, spec: ShiftSpec, day: date, slot: int, span, info: DayInfo) -> None:
        key = (rot.shift_id, rot.position)
        iso = day.isocalendar()
        holder = self.week_holder.get((key, iso[0], iso[1]))
        if holder is None:
            holder = self._pick_week_holder(rot, spec, day)
            if holder is None:
                return
            self.week_holder[(key, iso[0], iso[1])] = holder
            self.last_seq[key] = max(self.last_seq.get(key, -1), holder[1])
        pid, seq = holder
        if slot == 0 and self._hard_ok(pid, day, span):
            self._place(rot, day, slot, pid, seq)
            return
        # The week's leader is away (or a second slot is wanted): cover just this day.
        chosen = self._choose(rot, day, span, info, exclude=pid)
        if chosen is not None:
            self._place(rot, day, slot, chosen[1], seq)

    def _pick_week_holder(self, rot: RotationSpec, spec: ShiftSpec, day: date) -> tuple[int, int] | None:
        """Who holds the whole ISO week: the fairest member free on the most of its leader days."""
        monday = day - timedelta(days=day.weekday())
        week = [d for d in days_between(max(monday, day), min(monday + timedelta(days=6), self.plan.last))]
        wanted = [d for d in week if spec.needs_leader(self.plan.days.get(d) or DayInfo(d, rest=d.weekday() >= 5))]
        key = (rot.shift_id, rot.position)
        best = None
        for index, pid in enumerate(rot.members):
            free = sum(self._hard_ok(pid, d, self.windows.of(d, rot.shift_id)) for d in wanted)
            if not free:
                continue
            distance = (index - (self.last_seq.get(key, -1) + 1)) % len(rot.members)
            rank = (-free, self.count[(LEADER, pid)], self.load[(LEADER, pid)], distance)
            if best is None or rank < best[0]:
                best = (rank, index, pid)
        if best is None:
            return None
        return best[2], self._next_seq(key, best[1], len(rot.members))


def generate(plan: Plan) -> list[Cell]:
    """The new cells that fill the range's free posts. `plan.cells` are not changed."""
    return _Generator(plan).run()


def week_keys(rotations: Iterable[RotationSpec]) -> frozenset[tuple[int, str]]:
    return frozenset((r.shift_id, r.position) for r in rotations if r.period == WEEK and r.position == LEADER)
