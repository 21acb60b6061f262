"""来电登记: the telephone log. Writing a call is here; the log's queries are in call_queries.py, the
督办 follow-up in call_follow.py, checks and row mapping in call_checks.py, statistics in
call_stats.py, the ledger import and Excel export in call_import.py.

Every write updates the search index (store/call_search.py) in the same transaction as the row.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dutyroom.domain import localtime
from dutyroom.domain.call_settings import parse_categories, parse_quick_texts
from dutyroom.domain.roster import shift_at
from dutyroom.domain.vocabulary import DEFAULT_CALL_CATEGORIES, Role
from dutyroom.errors import NotFound
from dutyroom.services.calls import checks
from dutyroom.services.calls.checks import require_writer
from dutyroom.services.calls.follow import CallFollow
from dutyroom.services.calls.importing import CallImport
from dutyroom.services.calls.queries import CallQueries
from dutyroom.services.calls.records import CallRecord
from dutyroom.services.calls.stats import CallStatistics
from dutyroom.services.context import (
    ServiceContext,
    check_version,
    is_unique_violation,
    require_role,
    unit_of_work,
)
from dutyroom.services.drafts import Drafts
from dutyroom.services.records import Actor, OfficeSettings
from dutyroom.services.settings import SettingsService
from dutyroom.store import call_search
from dutyroom.store.models import Call, ShiftDefinition

GONE = "找不到该来电记录，可能已被删除"


def categories_of(settings: OfficeSettings) -> list[str]:
    return parse_categories(settings.call_categories) or list(DEFAULT_CALL_CATEGORIES)


def duty_of(session: Session, started_at: datetime, zone: ZoneInfo) -> tuple[date, str]:
    """The roster day and shift a call fell in; without shifts, its local date."""
    specs = []
    from dutyroom.services.roster.load import shift_spec

    for row in session.scalars(select(ShiftDefinition).where(ShiftDefinition.active.is_(True))):
        specs.append(shift_spec(row))
    found = shift_at(started_at, specs, zone)
    if found is None:
        return started_at.astimezone(zone).date(), ""
    return found[0], found[1].name


class CallService(CallQueries, CallFollow, CallStatistics, CallImport, Drafts):
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    # -- office settings the log depends on -----------------------------------------------------
    def _settings(self) -> OfficeSettings:
        return SettingsService(self.ctx).get()

    def _zone(self, settings: OfficeSettings | None = None) -> ZoneInfo:
        return localtime.zone((settings or self._settings()).time_zone)

    def today(self) -> date:
        """The office-local date now."""
        return self.ctx.clock.now().astimezone(self._zone()).date()

    def categories(self) -> list[str]:
        return categories_of(self._settings())

    def quick_texts(self) -> dict[str, str]:
        """Short code -> standard phrase, for the entry form's expansion."""
        return parse_quick_texts(self._settings().quick_texts)

    def _clean(self, record: CallRecord, settings: OfficeSettings, keep_category: str | None = None) -> CallRecord:
        zone = self._zone(settings)
        allowed = categories_of(settings)
        if keep_category and keep_category not in allowed:
            allowed.append(keep_category)  # a category removed from the list stays valid on its old calls
        return checks.cleaned(record, self.ctx.clock.now(), allowed, local_date=lambda t: t.astimezone(zone).date(),
                              follow_up_days=settings.follow_up_days)

    # -- writing --------------------------------------------------------------------------------
    def create(self, actor: Actor, record: CallRecord) -> CallRecord:
        """Log a call taken by `actor` (the program itself may name the officer, for imports and the demo)."""
        require_writer(actor)
        settings = self._settings()
        rec = self._clean(replace(record, id=None, version=0), settings)
        return self._retrying(lambda: self._insert(actor, rec, self._zone(settings)))

    @staticmethod
    def _retrying(write):
        # Two workstations saving calls in the same second may pick the same sort_key; the loser
        # sees a unique violation and tries once more with the next free key.
        try:
            return write()
        except IntegrityError as exc:
            if not is_unique_violation(exc):
                raise
        return write()

    def _insert(self, actor: Actor, rec: CallRecord, zone: ZoneInfo) -> CallRecord:
        name = actor.display_name or actor.username
        officer = checks.clean_text(rec.officer) if actor.user_id is None and rec.officer else name
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            duty_date, shift_name = duty_of(s, rec.started_at, zone)
            row = Call(sort_key=checks.next_sort_key(s, rec.started_at), officer=officer[:50],
                       officer_user_id=actor.user_id, duty_date=duty_date, shift_name=shift_name[:30],
                       created_at=uow.now, created_by=name[:50])
            checks.write_row(row, rec, uow.now)
            s.add(row)
            s.flush()
            call_search.index(s, row.sort_key, call_search.searchable_texts(row))
            saved = checks.to_record(row)
            uow.audit("create", "call", row.id, after=checks.snapshot(saved))
        return saved

    def update(self, actor: Actor, record: CallRecord) -> CallRecord:
        """Save an edited call; record.version must still be the stored one (else ConflictError)."""
        require_writer(actor)
        if record.id is None:
            raise NotFound(GONE)
        settings = self._settings()
        return self._retrying(lambda: self._update(actor, record, settings))

    def _update(self, actor: Actor, record: CallRecord, settings: OfficeSettings) -> CallRecord:
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            row = s.get(Call, record.id)
            if row is None:
                raise NotFound(GONE)
            check_version(row.version, record.version, "该来电记录")
            rec = self._clean(record, settings, keep_category=row.category)
            follow_ups = self._follow_up_rows(s, row.id)
            old = checks.to_record(row, follow_ups)
            old_key, old_texts = row.sort_key, call_search.searchable_texts(row)
            if not checks.same_second(row.started_at, rec.started_at):
                row.sort_key = checks.next_sort_key(s, rec.started_at)
            if row.started_at != rec.started_at:
                duty_date, shift_name = duty_of(s, rec.started_at, self._zone(settings))
                row.duty_date, row.shift_name = duty_date, shift_name[:30]
            checks.write_row(row, rec, uow.now)
            s.flush()
            call_search.reindex(s, old_key, old_texts, row.sort_key, call_search.searchable_texts(row))
            saved = checks.to_record(row, follow_ups)
            before, after = checks.snapshot(old), checks.snapshot(saved)
            if before != after:
                uow.audit("update", "call", row.id, before=before, after=after)
        return saved

    def delete(self, actor: Actor, call_id: int, version: int) -> None:
        """Leaders and administrators only: a call is a record of what the duty room was told."""
        require_role(actor, Role.LEADER, Role.ADMIN)
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            row = s.get(Call, call_id)
            if row is None:
                raise NotFound(GONE)
            check_version(row.version, version, "该来电记录")
            before = checks.snapshot(checks.to_record(row))
            call_search.unindex(s, row.sort_key, call_search.searchable_texts(row))
            s.delete(row)
            s.flush()
            uow.audit("delete", "call", call_id, before=before)
