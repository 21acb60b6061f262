"""空岗 rule 3, "no rostered officer logged in on the duty workstation", kept in the database.

Every workstation that runs the check reports who is logged in there; a rostered person (by the person the
account is linked to, never by a display name) seen anywhere keeps the post staffed. The shift's row says
when the watch began and when someone rostered was last seen, so a second workstation and a restarted one
count the same absence from the same minute and record it once.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from dutyroom.domain.localtime import zone as office_zone
from dutyroom.domain.vocabulary import PositionKind
from dutyroom.services.context import ServiceContext
from dutyroom.services.duty import duty_of
from dutyroom.store.models import Assignment, DutyPresence, ShiftDefinition
from dutyroom.store.upsert import insert_for

ON_DUTY = (PositionKind.LEADER.value, PositionKind.OFFICER.value)


def minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)


def rostered_people(ctx: ServiceContext, at: datetime) -> tuple[date, str, set[int]]:
    """The roster day and shift of `at` and the ids of the leaders and officers rostered in it."""
    zone = office_zone(ctx.settings().time_zone)
    with ctx.db.session() as s:
        duty_date, shift_name = duty_of(s, at, zone)
        ids = s.scalars(
            select(Assignment.person_id).join(ShiftDefinition, ShiftDefinition.id == Assignment.shift_id)
            .where(Assignment.day == duty_date, ShiftDefinition.name == shift_name,
                   Assignment.position.in_(ON_DUTY)))
        return duty_date, shift_name, {i for i in ids if i is not None}


def absent_since(ctx: ServiceContext, now: datetime, person_id: int | None) -> datetime | None:
    """Note what this workstation sees at `now` (`person_id`: the logged-in account's person, None when
    locked or logged out) and answer since when nobody rostered has been seen; None while someone is, or
    when nobody is rostered."""
    duty_date, shift_name, ids = rostered_people(ctx, now)
    if not ids:
        return None
    seen = person_id is not None and person_id in ids
    this_shift = (DutyPresence.duty_date == duty_date, DutyPresence.shift_name == shift_name[:30])
    with ctx.db.session() as s:
        row = s.scalar(select(DutyPresence).where(*this_shift))
        if row is None:  # the shift's first check anywhere: only then a write is tried, not on every tick
            insert = insert_for(s.get_bind().dialect.name)
            s.execute(insert(DutyPresence).values(
                duty_date=duty_date, shift_name=shift_name[:30], watched_since=minute(now),
                seen_at=minute(now) if seen else None, seen_person_id=person_id if seen else None)
                .on_conflict_do_nothing(index_elements=["duty_date", "shift_name"]))
            row = s.scalar(select(DutyPresence).where(*this_shift))
        assert row is not None  # inserted just now or by another workstation before
        if seen:
            if row.seen_at is None or row.seen_at < minute(now):  # one write a minute, not one a tick
                row.seen_at, row.seen_person_id = minute(now), person_id
            return None
        return max(row.watched_since, row.seen_at) if row.seen_at is not None else row.watched_since
