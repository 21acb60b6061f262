"""Demo roster: rotations from the demo office's people, generated for this month and the next.

Called after seed_demo(); goes through the services like everything else, so the audit log shows it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dutyroom.domain.localtime import to_local
from dutyroom.domain.months import month_range
from dutyroom.domain.roster import add_months
from dutyroom.domain.vocabulary import PositionKind, UnitKind
from dutyroom.services.records import SYSTEM_ACTOR
from dutyroom.services.roster.records import GenerationReport, RotationRecord


def seed_roster_demo(services) -> GenerationReport:
    """Leaders of the own office rotate by week; officers and standby of the office and its departments by day."""
    roster = services.roster
    roster.ensure_default_shift()
    shift = roster.list_shifts(include_inactive=False)[0]
    if shift.standby_count == 0:
        shift = roster.save_shift(SYSTEM_ACTOR, replace(shift, standby_count=1))
    office = {u.id: u.kind for u in services.units.list()}
    people = [p for p in services.people.list(include_inactive=False)
              if office.get(p.unit_id) in (UnitKind.OWN, UnitKind.DEPARTMENT)]

    def members(kind: PositionKind, *, own_only: bool = False) -> list[int]:
        return [p.id for p in people if p.position_kind == kind
                and (not own_only or office.get(p.unit_id) == UnitKind.OWN)]

    existing = {(r.shift_id, r.position): r for r in roster.list_rotations()}
    for position, period, ids in ((PositionKind.LEADER, "week", members(PositionKind.LEADER, own_only=True)),
                                  (PositionKind.OFFICER, "day", members(PositionKind.OFFICER)),
                                  (PositionKind.STANDBY, "day", members(PositionKind.STANDBY))):
        old = existing.get((shift.id, position))
        roster.save_rotation(SYSTEM_ACTOR, RotationRecord(
            position=position, shift_id=shift.id, member_ids=ids, period=period,
            id=old.id if old else None, version=old.version if old else 0))
    zone = services.settings.get().time_zone
    today = to_local(services.clock.now(), zone).date()
    first = date(today.year, today.month, 1)
    following = add_months(first, 1)
    last = month_range(following.year, following.month)[1]
    # A demo must run in any month, even before next year's holidays are published.
    return roster.generate(SYSTEM_ACTOR, first, last, allow_unknown_years=True)
