"""Which roster day and shift an instant belongs to (a shift may run past midnight).

Shared by every area that files records under a duty shift (calls, roll-calls, handovers); the
roster area owns the shift definitions but this question is everyone's, so it lives here, flat.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from dutyroom.domain.roster import ShiftSpec, shift_at
from dutyroom.store.models import ShiftDefinition


def shift_spec(row: ShiftDefinition) -> ShiftSpec:
    return ShiftSpec(id=row.id, name=row.name, start=time.fromisoformat(row.start_time),
                     duration_minutes=row.duration_minutes, officer_count=row.officer_count,
                     standby_count=row.standby_count, leader_policy=row.leader_policy, sort_order=row.sort_order,
                     active=row.active)


def duty_of(session: Session, started_at: datetime, zone: ZoneInfo) -> tuple[date, str]:
    """The roster day and shift a call fell in; without shifts, its local date."""
    specs = [shift_spec(row) for row in
             session.scalars(select(ShiftDefinition).where(ShiftDefinition.active.is_(True)))]
    found = shift_at(started_at, specs, zone)
    if found is None:
        return started_at.astimezone(zone).date(), ""
    return found[0], found[1].name
