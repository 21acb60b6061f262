"""Which roster day and shift a call belongs to (a shift may run past midnight)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from dutyroom.domain.roster import shift_at
from dutyroom.services.roster.load import shift_spec
from dutyroom.store.models import ShiftDefinition


def duty_of(session: Session, started_at: datetime, zone: ZoneInfo) -> tuple[date, str]:
    """The roster day and shift a call fell in; without shifts, its local date."""
    specs = [shift_spec(row) for row in
             session.scalars(select(ShiftDefinition).where(ShiftDefinition.active.is_(True)))]
    found = shift_at(started_at, specs, zone)
    if found is None:
        return started_at.astimezone(zone).date(), ""
    return found[0], found[1].name
