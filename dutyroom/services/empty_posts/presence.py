"""The night's presence-check draw (在岗确认): the office's secret, the draw, and its audit record.

The secret is made once per office database, on first need, and kept in the `setting` table under a key
that no settings page, export or audit record shows: what the draw's audit record holds instead is every
other input and the secret's fingerprint, so an auditor given the secret can repeat the draw exactly.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dutyroom.domain.empty_post import DRAW_METHOD, night_window, presence_moments, secret_fingerprint
from dutyroom.domain.localtime import zone as office_zone
from dutyroom.services.context import ServiceContext, unit_of_work
from dutyroom.services.empty_posts.records import PresenceCheckRecord
from dutyroom.services.events import EntityKind
from dutyroom.services.records import SYSTEM_ACTOR
from dutyroom.store.models import PresenceCheck, Setting
from dutyroom.store.upsert import insert_for

SECRET_KEY = "presence_secret"


def office_secret(ctx: ServiceContext) -> str:
    """The office's draw secret, made on first use; every workstation reads the one that was stored first."""
    with ctx.db.session() as s:
        found = s.scalar(select(Setting.value).where(Setting.key == SECRET_KEY))
        if found:
            return found
        insert = insert_for(s.get_bind().dialect.name)
        s.execute(insert(Setting).values(key=SECRET_KEY, value=secrets.token_hex(32), version=1)
                  .on_conflict_do_nothing(index_elements=["key"]))
    with ctx.db.session() as s:
        return s.scalar(select(Setting.value).where(Setting.key == SECRET_KEY)) or ""


def draw(ctx: ServiceContext, night: date) -> list[datetime]:
    """The moments (UTC) of `night`'s presence checks under the office's secret and settings."""
    settings = ctx.settings()
    return presence_moments(night, settings.presence_night_start, settings.presence_night_end,
                            settings.presence_checks_per_night, office_zone(settings.time_zone), office_secret(ctx))


def plan(ctx: ServiceContext, night: date, now: datetime) -> list[PresenceCheckRecord]:
    """The night's checks, made once (whichever workstation comes first) with one audit record of the draw.

    A moment whose time to answer is already over when it is planned (the program was not running) is
    left out: nobody was asked, so nobody missed it. The audit record still lists every drawn moment.
    """
    settings = ctx.settings()
    zone = office_zone(settings.time_zone)
    lo, hi = night_window(night, settings.presence_night_start, settings.presence_night_end, zone)
    if hi <= now:
        return []  # a night already over: nobody can be asked any more, and there is no draw to record
    with ctx.db.session() as s:
        if s.scalar(select(PresenceCheck.id).where(PresenceCheck.due_at >= lo, PresenceCheck.due_at < hi)
                    .limit(1)) is not None:
            return []  # planned already
    secret = office_secret(ctx)
    moments = presence_moments(night, settings.presence_night_start, settings.presence_night_end,
                               settings.presence_checks_per_night, zone, secret)
    answer = timedelta(minutes=settings.presence_answer_minutes)
    try:
        with unit_of_work(ctx, SYSTEM_ACTOR) as uow:
            rows = [PresenceCheck(due_at=due, answer_by=due + answer, confirmed_by="")
                    for due in moments if due + answer > now]
            uow.session.add_all(rows)
            uow.session.flush()
            made = [PresenceCheckRecord(r.due_at, r.answer_by, None, "", None, r.id) for r in rows]
            uow.audit("generate", EntityKind.PRESENCE_CHECK, f"night:{night.isoformat()}", announce=False, after={
                "day": night.isoformat(), "window": f"{settings.presence_night_start:%H:%M}–"
                                                    f"{settings.presence_night_end:%H:%M}",
                "count": settings.presence_checks_per_night, "time_zone": settings.time_zone,
                "moments": "、".join(f"{m.astimezone(zone):%m-%d %H:%M}" for m in moments),
                "draw_method": DRAW_METHOD, "secret_fingerprint": secret_fingerprint(secret)})
            return made
    except IntegrityError:
        return []  # another workstation planned the night at the same moment
