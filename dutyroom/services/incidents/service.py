"""突发事件: incidents, leaders' instructions and status. Reports, clocks, rules, drafts and the import
live in reports.py, clocks.py, rules.py, importing.py (drafts in services/drafts.py), the checks and
row mapping in checks.py; IncidentService joins them.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select, text, tuple_

from dutyroom.domain.validation import Problems, check_text, clean_text
from dutyroom.domain.vocabulary import IncidentStatus, InstructionStatus, InstructionSubject
from dutyroom.errors import NotFound, ValidationError
from dutyroom.services.context import unit_of_work
from dutyroom.services.drafts import Drafts
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.incidents.checks import (
    CLOCK_INPUTS,
    check_instant,
    cleaned,
    require_reporter,
    snapshot,
    to_record,
    write_row,
)
from dutyroom.services.incidents.clocks import ClockQueries, sync_clocks
from dutyroom.services.incidents.importing import IncidentImport
from dutyroom.services.incidents.records import IncidentRecord
from dutyroom.services.incidents.reports import Reports
from dutyroom.services.incidents.rules import RuleAdmin
from dutyroom.services.incidents.shift import ShiftReads
from dutyroom.services.instructions import rows as instruction_rows
from dutyroom.services.instructions.checks import cleaned as instruction_cleaned
from dutyroom.services.records import Actor, InstructionRecord
from dutyroom.store.models import OPEN_INCIDENT, Incident

INCIDENT_GONE = "找不到该事件，可能已被删除"
#: written out as the partial index ix_incident_open_received states it, so that it serves the query
_OPEN = text(f"incident.{OPEN_INCIDENT}")



def list_query(status: IncidentStatus | None = None, after: IncidentRecord | None = None):
    """The incident list's page after `after`, newest received first (the order of both its indexes)."""
    query = select(Incident).order_by(Incident.received_at.desc(), Incident.id.desc())
    if status is not None:
        query = query.where(Incident.status == IncidentStatus(status).value)
    if after is not None:
        query = query.where(tuple_(Incident.received_at, Incident.id) < (after.received_at, after.id))
    return query


def open_incidents_query(limit: int):
    return select(Incident).where(_OPEN).order_by(Incident.received_at.desc(), Incident.id.desc()).limit(max(0, limit))


class IncidentService(ClockQueries, Reports, RuleAdmin, IncidentImport, ShiftReads, Drafts):
    """Incidents, instructions and status; every part derives from IncidentArea (incidents/base.py)."""

    # -- reading ------------------------------------------------------------------------------
    def get(self, incident_id: int) -> IncidentRecord:
        with self.ctx.db.session() as s:
            row = s.get(Incident, incident_id)
            if row is None:
                raise NotFound("找不到该事件，可能已被删除")
            instructions = [instruction_rows.to_record(i, row.title)
                            for i in instruction_rows.of_subject(s, InstructionSubject.INCIDENT, incident_id)]
            return to_record(row, instructions)

    def list(self, *, status: IncidentStatus | None = None, offset: int = 0, limit: int = 200,
             after: IncidentRecord | None = None) -> list[IncidentRecord]:
        """Newest received first, one page at a time (the incident list is lazy). `after` is the last
        record already shown: the page after it is found by key along the received_at index, so the
        last page of twenty thousand costs what the first does (OFFSET would walk every row before it).
        Under a status filter the walk is along (status, received_at, id), so it reads only that status."""
        with self.ctx.db.session() as s:
            return [to_record(r) for r in s.scalars(list_query(status, after).offset(offset).limit(limit))]

    def listed(self, incident_id: int, *, status: IncidentStatus | None = None) -> IncidentRecord | None:
        """One incident as the list shows it, or None when it is gone or the filter leaves it out."""
        with self.ctx.db.session() as s:
            row = s.get(Incident, incident_id)
            if row is None or (status is not None and row.status != IncidentStatus(status).value):
                return None
            return to_record(row)

    def count(self, *, status: IncidentStatus | None = None) -> int:
        with self.ctx.db.session() as s:
            query = select(func.count(Incident.id))
            if status is not None:
                query = query.where(Incident.status == IncidentStatus(status).value)
            return s.scalar(query) or 0

    def open_incidents(self, limit: int = 20) -> list[IncidentRecord]:
        """Incidents not yet 终报, newest received first, at most `limit` (值班首页 asks one more than it shows).
        Read backwards along the partial index of open incidents (its size follows the open set): along
        received_at, fewer open than `limit` meant walking every incident ever received."""
        with self.ctx.db.session() as s:
            return [to_record(r) for r in s.scalars(open_incidents_query(limit))]

    # -- writing ------------------------------------------------------------------------------
    def save(self, actor: Actor, record: IncidentRecord) -> IncidentRecord:
        """Create (id None) or edit an incident; its clocks are made or recomputed in the same transaction."""
        require_reporter(actor)
        rec = cleaned(record, self.ctx.clock.now())
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            if rec.id is None:
                row = Incident(status=IncidentStatus.RECEIVED.value, created_at=uow.now,
                               created_by=actor.display_name or actor.username)
                write_row(row, rec)
                s.add(row)
                s.flush()
                uow.audit("create", EntityKind.INCIDENT, row.id, after=snapshot(to_record(row)))
                sync_clocks(uow, row, reason="登记事件")
            else:
                row = uow.fetch(Incident, rec.id, gone=INCIDENT_GONE, version=rec.version, what="该事件")
                old = to_record(row)
                write_row(row, rec)
                s.flush()
                new = to_record(row)
                uow.audit("update", EntityKind.INCIDENT, row.id, before=snapshot(old), after=snapshot(new))
                moved = [f for f in CLOCK_INPUTS if getattr(old, f) != getattr(new, f)]
                sync_clocks(uow, row, reason="修改了" + "、".join(moved) if moved else "修改事件")
            return to_record(row)

    def set_status(self, actor: Actor, incident_id: int, status: IncidentStatus, version: int = 0) -> IncidentRecord:
        """接报 ↔ 处置中. 已终报 comes only from sending the final report."""
        require_reporter(actor)
        status = IncidentStatus(status)
        if status == IncidentStatus.CLOSED:
            raise ValidationError({"status": "报送终报后事件自动转为“已终报”，不能直接设置"})
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.fetch(Incident, incident_id, gone=INCIDENT_GONE, version=version, what="该事件")
            if row.status == IncidentStatus.CLOSED.value:
                raise ValidationError({"status": "事件已终报，不能再改状态；如有新情况请另行登记"})
            before = row.status
            row.status = status.value
            uow.session.flush()
            uow.audit("update", EntityKind.INCIDENT, row.id, before={"status": before}, after={"status": status.value})
            return to_record(row)

    def add_instruction(self, actor: Actor, incident_id: int, instruction: InstructionRecord) -> InstructionRecord:
        """领导批示, with when it was given: an instruction (services/instructions) about this incident.
        Instructions are kept as given; a new one never replaces an old one."""
        require_reporter(actor)
        leader, text = clean_text(instruction.leader), clean_text(instruction.text, multiline=True)
        problems = Problems()
        check_text(problems, "leader", leader, "批示领导", required=True, max_len=50)
        check_text(problems, "text", text, "批示内容", required=True, max_len=4000)
        check_instant(problems, "given_at", instruction.given_at, "批示时间", self.ctx.clock.now())
        if problems:
            raise ValidationError(problems)
        rec = instruction_cleaned(replace(instruction, leader=leader, text=text, id=None, version=0,
                                          subject=InstructionSubject.INCIDENT, subject_id=incident_id),
                                  self.ctx.clock.now())
        with unit_of_work(self.ctx, actor) as uow:
            incident = uow.session.get(Incident, incident_id)
            if incident is None:
                raise NotFound("找不到该事件，可能已被删除")
            row = instruction_rows.new_row(rec, uow.now, actor.display_name or actor.username)
            if rec.passed_to:
                row.status = InstructionStatus.IN_PROGRESS.value
            uow.session.add(row)
            uow.session.flush()
            saved = instruction_rows.to_record(row, incident.title)
            uow.audit("create", EntityKind.INSTRUCTION, row.id, after=instruction_rows.snapshot(saved))
            uow.changes.append(Change(EntityKind.INCIDENT, str(incident_id)))
            return saved
