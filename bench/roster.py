"""A year's roster for 80 people in 3 positions, with all checks (DESIGN.md §8: ≤ 0.5 s).

Two figures: the pure domain (generate + every check) and the service path on SQLite (load the
calendar, history and rotations, generate, check, write in one transaction, audit). Both share a
baseline measured in the same run: the same walk over days × shifts × slots that only builds the
cells from a fixed rotation, without choosing, booking or checking.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import delete

from bench.common import Figure, timed_ms
from dutyroom.domain.clock import FakeClock
from dutyroom.domain.holidays import package_days
from dutyroom.domain.roster import (
    LEADER,
    OFFICER,
    STANDBY,
    Cell,
    Leaves,
    LeaveSpec,
    PersonInfo,
    RosterRules,
    RotationSpec,
    ShiftSpec,
    classify_days,
    days_between,
)
from dutyroom.domain.roster_checks import check_roster
from dutyroom.domain.roster_generate import Plan, generate, week_keys

YEAR = 2026
FIRST, LAST = date(YEAR, 1, 1), date(YEAR, 12, 31)
TARGET_MS = 500.0
# 80 people: 16 leaders by week, 44 officers two a day, 20 standby one a day.
SPLIT = {LEADER: 16, OFFICER: 44, STANDBY: 20}
SHIFT = ShiftSpec(1, "全天班", officer_count=2, standby_count=1)


def _fixture():
    calendar = {d.day: ("holiday" if d.is_holiday else "workday", d.name) for d in package_days(YEAR)}
    days = classify_days(FIRST, LAST, calendar, [(date(YEAR, 6, 1), date(YEAR, 8, 31), "防汛期")])
    people, rotations, next_id = {}, [], 1
    for position, n in SPLIT.items():
        ids = tuple(range(next_id, next_id + n))
        next_id += n
        people.update({i: PersonInfo(i, f"{position}{i}") for i in ids})
        rotations.append(RotationSpec(1, position, ids, "week" if position == LEADER else "day"))
    leaves = Leaves.of(LeaveSpec(pid, date(YEAR, 1 + pid % 12, 3), date(YEAR, 1 + pid % 12, 12)) for pid in people
                       if pid % 5 == 0)
    return days, people, rotations, leaves


def _domain_year(days, people, rotations, leaves) -> int:
    rules = RosterRules()
    plan = Plan(FIRST, LAST, days, {1: SHIFT}, rotations, people, leaves, [], rules)
    cells = generate(plan)
    check_roster(FIRST, LAST, days=days, shifts={1: SHIFT}, cells=cells, people=people, leaves=leaves, rules=rules,
                 week_keys=week_keys(rotations))
    return len(cells)


def _walk_only(days, rotations) -> int:
    """The floor: visit every post of the year and build its cell from a fixed turn."""
    cells, turn = [], 0
    by_position = {r.position: r for r in rotations}
    for day in days_between(FIRST, LAST):
        need = SHIFT.required(days[day])
        for position, n in need.items():
            members = by_position[position].members
            for slot in range(n):
                cells.append(Cell(day, 1, position, slot, members[turn % len(members)], "generated", turn))
                turn += 1
    return len(cells)


def _service_setup(folder: Path):
    from dataclasses import replace

    from dutyroom.app import open_services
    from dutyroom.domain.vocabulary import PositionKind
    from dutyroom.services.records import SYSTEM_ACTOR, PersonRecord
    from dutyroom.services.roster.records import RotationRecord, SpecialPeriodRecord

    services = open_services(folder / "roster.sqlite3", clock=FakeClock(datetime(YEAR - 1, 12, 20, 9, 0,
                                                                               tzinfo=ZoneInfo("Asia/Shanghai"))),
                             backup_folder=folder / "backups")
    shift = services.roster.list_shifts()[0]
    services.roster.save_shift(SYSTEM_ACTOR, replace(shift, officer_count=2, standby_count=1))
    for position, n in SPLIT.items():
        kind = PositionKind(position)
        ids = [services.people.save(SYSTEM_ACTOR, PersonRecord(name=f"{kind.label}{i:02d}", position_kind=kind)).id
               for i in range(n)]
        services.roster.save_rotation(SYSTEM_ACTOR, RotationRecord(kind, shift.id, ids,
                                                                   "week" if position == LEADER else "day"))
    services.roster.save_special_period(SYSTEM_ACTOR, SpecialPeriodRecord("防汛期", date(YEAR, 6, 1), date(YEAR, 8, 31)))
    return services


def _service_year(services):
    from dutyroom.services.records import SYSTEM_ACTOR
    from dutyroom.store.models import Assignment

    with services.db.session() as s:  # each run starts from an empty year, outside the timing
        s.execute(delete(Assignment))
    ms, report = timed_ms(lambda: services.roster.generate(SYSTEM_ACTOR, FIRST, LAST))
    return ms, report


def run(runs: int = 7, *, quick: bool = False) -> list[Figure]:
    runs = 3 if quick else runs
    days, people, rotations, leaves = _fixture()
    domain_ms, walk_ms, cells = [], [], 0
    for _ in range(runs):
        ms, cells = timed_ms(lambda: _domain_year(days, people, rotations, leaves))
        domain_ms.append(ms)
        walk_ms.append(timed_ms(lambda: _walk_only(days, rotations))[0])
    figures = [_figure("roster.year_domain", domain_ms, walk_ms, f"{cells} cells, generate + all checks, "
                       "80 people (16 leaders by week, 44 officers ×2/day, 20 standby), 2026 calendar")]
    with tempfile.TemporaryDirectory(prefix="dutyroom-bench-roster-") as tmp:
        services = _service_setup(Path(tmp))
        try:
            service_ms, report = [], None
            for _ in range(runs):
                ms, report = _service_year(services)
                service_ms.append(ms)
        finally:
            services.db.dispose()
    figures.append(_figure("roster.year_service", service_ms, walk_ms,
                           f"SQLite synchronous=FULL, {report.created} cells written, {len(report.warnings)} warnings"))
    return figures


def _figure(name: str, samples: list[float], baseline: list[float], note: str) -> Figure:
    figure = Figure(name, samples, baseline, target=f"≤ {TARGET_MS:.0f} ms", baseline_name="walk days × posts only",
                    note=note)
    verdict = "met" if figure.median_ms <= TARGET_MS else "NOT MET"
    figure.note = f"absolute target {verdict}; {note}"
    return figure
