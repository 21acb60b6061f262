"""来电登记: the telephone log. Writing a call is here; what every part shares is in base.py, the log's
queries in queries.py, the 督办 follow-up in follow.py, checks and row mapping in checks.py, statistics in
stats.py, the ledger import and Excel export in importing.py.

Every write updates the search index (store/call_search.py) in the same transaction as the row.
"""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from dutyroom.domain.call_settings import parse_quick_texts
from dutyroom.domain.vocabulary import Role
from dutyroom.errors import NotFound
from dutyroom.services.calls import checks
from dutyroom.services.calls.base import GONE
from dutyroom.services.calls.checks import require_writer
from dutyroom.services.calls.counting import CallCounting
from dutyroom.services.calls.follow import CallFollow
from dutyroom.services.calls.importing import CallImport
from dutyroom.services.calls.instruction import link_call_instruction, sync_call_instruction
from dutyroom.services.calls.queries import CallQueries
from dutyroom.services.calls.records import CallRecord
from dutyroom.services.calls.stats import CallStatistics
from dutyroom.services.context import (
    require_role,
    unit_of_work,
)
from dutyroom.services.drafts import Drafts
from dutyroom.services.duty import duty_of
from dutyroom.services.events import EntityKind
from dutyroom.services.records import Actor, OfficeSettings
from dutyroom.store import call_search
from dutyroom.store.models import Call


class CallService(CallQueries, CallCounting, CallFollow, CallStatistics, CallImport, Drafts):
    """The telephone log. Every part derives from CallArea (calls/base.py), which holds what they share."""

    def quick_texts(self) -> dict[str, str]:
        """Short code -> standard phrase, for the entry form's expansion."""
        return parse_quick_texts(self._settings().quick_texts)

    # -- writing --------------------------------------------------------------------------------
    def create(self, actor: Actor, record: CallRecord) -> CallRecord:
        """Log a call taken by `actor` (the program itself may name the officer, for imports and the demo)."""
        require_writer(actor)
        settings = self._settings()
        rec = self._clean(replace(record, id=None, version=0), settings)
        return self._insert(actor, rec, self._zone(settings))

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
            if rec.leader_instruction:
                link_call_instruction(uow, row, rec.leader_instruction)
            call_search.index(s, row.sort_key, call_search.searchable_texts(row, rec.leader_instruction))
            saved = checks.to_record(row, (), rec.leader_instruction)
            uow.audit("create", EntityKind.CALL, row.id, after=checks.snapshot(saved))
        return saved

    def update(self, actor: Actor, record: CallRecord) -> CallRecord:
        """Save an edited call; record.version must still be the stored one (else ConflictError)."""
        require_writer(actor)
        if record.id is None:
            raise NotFound(GONE)
        settings = self._settings()
        return self._update(actor, record, settings)

    def _update(self, actor: Actor, record: CallRecord, settings: OfficeSettings) -> CallRecord:
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            row = uow.fetch(Call, record.id, gone=GONE, version=record.version, what="该来电记录")
            rec = self._clean(record, settings, keep_category=row.category)
            follow_ups = self._follow_up_rows(s, row.id)
            old_instruction = self._instruction_text(s, row.id)
            old = checks.to_record(row, follow_ups, old_instruction)
            old_key, old_texts = row.sort_key, call_search.searchable_texts(row, old_instruction)
            if not checks.same_second(row.started_at, rec.started_at):
                row.sort_key = checks.next_sort_key(s, rec.started_at)
            if row.started_at != rec.started_at:
                duty_date, shift_name = duty_of(s, rec.started_at, self._zone(settings))
                row.duty_date, row.shift_name = duty_date, shift_name[:30]
            checks.write_row(row, rec, uow.now)
            s.flush()
            sync_call_instruction(uow, row, rec.leader_instruction)
            instruction = self._instruction_text(s, row.id)
            call_search.reindex(s, old_key, old_texts, row.sort_key, call_search.searchable_texts(row, instruction))
            saved = checks.to_record(row, follow_ups, instruction)
            before, after = checks.snapshot(old), checks.snapshot(saved)
            if before != after:
                uow.audit("update", EntityKind.CALL, row.id, before=before, after=after)
        return saved

    def delete(self, actor: Actor, call_id: int, version: int) -> None:
        """Leaders and administrators only: a call is a record of what the duty room was told."""
        require_role(actor, Role.LEADER, Role.ADMIN)
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            row = uow.fetch(Call, call_id, gone=GONE, version=version, what="该来电记录")
            instruction = self._instruction_text(s, row.id)
            before = checks.snapshot(checks.to_record(row, (), instruction))
            call_search.unindex(s, row.sort_key, call_search.searchable_texts(row, instruction))
            s.delete(row)
            s.flush()
            uow.audit("delete", EntityKind.CALL, call_id, before=before)
