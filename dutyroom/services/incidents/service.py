"""突发事件: incidents, leaders' instructions and status. Reports, clocks, rules, drafts and the import
live in incident_reports.py, incident_clocks.py, incident_rules.py, incident_drafts.py and
incident_import.py; IncidentService joins them.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import datetime, timedelta

from sqlalchemy import func, select

from dutyroom.domain.validation import Problems, check_phone, check_text, clean_text, normalize_phone
from dutyroom.domain.vocabulary import Channel, IncidentCategory, IncidentLevel, IncidentStatus, Role
from dutyroom.errors import NotFound, PermissionDenied, ValidationError
from dutyroom.services.context import check_version, unit_of_work
from dutyroom.services.drafts import Drafts
from dutyroom.services.incidents.clocks import ClockQueries, sync_clocks
from dutyroom.services.incidents.importing import IncidentImport
from dutyroom.services.incidents.records import Casualties, IncidentRecord, InstructionRecord
from dutyroom.services.incidents.reports import Reports
from dutyroom.services.incidents.rules import RuleAdmin
from dutyroom.services.records import Actor
from dutyroom.store.models import Incident, IncidentInstruction

FUTURE_TOLERANCE = timedelta(minutes=1)
_CASUALTY_LABELS = {"deaths": "死亡", "injured": "受伤", "missing": "失踪", "trapped": "被困"}
_CLOCK_FIELDS = ("occurred_at", "received_at", "level", "category", "security_development")
_TEXT_FIELDS = ("losses", "scope", "cause", "measures", "trend", "leaders_informed")


def require_reporter(actor: Actor) -> None:
    """Officers and leaders on duty handle incidents; the program itself (demo, import) may too."""
    if actor.role in (Role.OFFICER, Role.LEADER) or actor.user_id is None:
        return
    raise PermissionDenied(f"没有权限：突发事件由值班员或带班领导登记和报送（当前为{actor.role.label}）")


def check_instant(problems: Problems, field: str, value, label: str, now: datetime) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None:
        problems.need(field, False, f"请填写{label}")
    else:
        problems.need(field, value <= now + FUTURE_TOLERANCE, f"{label}不能晚于现在")


def cleaned(record: IncidentRecord, now: datetime) -> IncidentRecord:
    texts = {f: clean_text(getattr(record, f), multiline=True) for f in _TEXT_FIELDS}
    rec = replace(record, title=clean_text(record.title), place=clean_text(record.place),
                  sub_type=clean_text(record.sub_type), source_unit=clean_text(record.source_unit),
                  source_person=clean_text(record.source_person), source_phone=normalize_phone(record.source_phone),
                  **texts)
    problems = Problems()
    check_text(problems, "title", rec.title, "事件标题", required=True, max_len=200)
    check_text(problems, "place", rec.place, "事发地点", required=True, max_len=200)
    check_text(problems, "sub_type", rec.sub_type, "事件类型", max_len=50)
    check_text(problems, "source_unit", rec.source_unit, "报告单位", max_len=100)
    check_text(problems, "source_person", rec.source_person, "报告人", max_len=50)
    check_phone(problems, "source_phone", rec.source_phone)
    check_instant(problems, "occurred_at", rec.occurred_at, "事发时间", now)
    check_instant(problems, "received_at", rec.received_at, "接报时间", now)
    if "occurred_at" not in problems and "received_at" not in problems:
        problems.need("received_at", rec.occurred_at <= rec.received_at, "接报时间不能早于事发时间")
    for enum, field, label in ((IncidentCategory, "category", "事件类别"), (IncidentLevel, "level", "事件级别"),
                               (Channel, "source_channel", "报告方式"), (IncidentStatus, "status", "状态")):
        try:
            rec = replace(rec, **{field: enum(getattr(rec, field))})
        except ValueError:
            problems.need(field, False, f"{label}无效")
    counts = {}
    for field, label in _CASUALTY_LABELS.items():
        value = getattr(record.casualties, field)
        if value is None or value == "":
            counts[field] = None
            continue
        try:
            number = int(str(value).strip())
        except ValueError:
            problems.need(field, False, f"{label}人数应为整数（不清楚可留空）")
            continue
        problems.need(field, number >= 0, f"{label}人数不能为负数")
        counts[field] = number
    if problems:
        raise ValidationError(problems)
    return replace(rec, casualties=Casualties(**counts))


def snapshot(record: IncidentRecord) -> dict:
    data = asdict(record)
    for key in ("id", "version", "instructions", "created_by"):
        data.pop(key, None)
    return {k: (v.isoformat() if isinstance(v, datetime) else v.value if hasattr(v, "value") else v)
            for k, v in data.items()}


def to_record(row: Incident, instructions: list[IncidentInstruction] = ()) -> IncidentRecord:
    return IncidentRecord(
        title=row.title, occurred_at=row.occurred_at, received_at=row.received_at, place=row.place,
        category=IncidentCategory(row.category), sub_type=row.sub_type, security_development=row.security_development,
        level=IncidentLevel(row.level), area_unit_id=row.area_unit_id, source_unit=row.source_unit,
        source_person=row.source_person, source_phone=row.source_phone, source_channel=Channel(row.source_channel),
        casualties=Casualties(row.deaths, row.injured, row.missing, row.trapped), losses=row.losses, scope=row.scope,
        cause=row.cause, measures=row.measures, trend=row.trend, leaders_informed=row.leaders_informed,
        status=IncidentStatus(row.status), id=row.id, version=row.version, created_by=row.created_by,
        instructions=[InstructionRecord(i.leader, i.text, i.given_at, i.id) for i in instructions])


def write_row(row: Incident, rec: IncidentRecord) -> None:
    for name in ("title", "occurred_at", "received_at", "place", "sub_type", "security_development", "area_unit_id",
                 "source_unit", "source_person", "source_phone", *_TEXT_FIELDS):
        setattr(row, name, getattr(rec, name))
    row.category, row.level = rec.category.value, rec.level.value
    row.source_channel = rec.source_channel.value
    row.deaths, row.injured = rec.casualties.deaths, rec.casualties.injured
    row.missing, row.trapped = rec.casualties.missing, rec.casualties.trapped


class IncidentService(ClockQueries, Reports, RuleAdmin, IncidentImport, Drafts):
    """Incidents, instructions and status; every part derives from IncidentArea (incidents/base.py)."""

    # -- reading ------------------------------------------------------------------------------
    def get(self, incident_id: int) -> IncidentRecord:
        with self.ctx.db.session() as s:
            row = s.get(Incident, incident_id)
            if row is None:
                raise NotFound("找不到该事件，可能已被删除")
            instructions = list(s.scalars(select(IncidentInstruction).where(
                IncidentInstruction.incident_id == incident_id).order_by(IncidentInstruction.given_at)))
            return to_record(row, instructions)

    def list(self, *, status: IncidentStatus | None = None, offset: int = 0, limit: int = 200) -> list[IncidentRecord]:
        """Newest received first, one page at a time (the incident list is lazy)."""
        with self.ctx.db.session() as s:
            query = select(Incident).order_by(Incident.received_at.desc(), Incident.id.desc())
            if status is not None:
                query = query.where(Incident.status == IncidentStatus(status).value)
            return [to_record(r) for r in s.scalars(query.offset(offset).limit(limit))]

    def count(self, *, status: IncidentStatus | None = None) -> int:
        with self.ctx.db.session() as s:
            query = select(func.count(Incident.id))
            if status is not None:
                query = query.where(Incident.status == IncidentStatus(status).value)
            return s.scalar(query)

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
                uow.audit("create", "incident", row.id, after=snapshot(to_record(row)))
                sync_clocks(uow, row, reason="登记事件")
            else:
                row = s.get(Incident, rec.id)
                if row is None:
                    raise NotFound("找不到该事件，可能已被删除")
                check_version(row.version, rec.version, "该事件")
                old = to_record(row)
                write_row(row, rec)
                s.flush()
                new = to_record(row)
                uow.audit("update", "incident", row.id, before=snapshot(old), after=snapshot(new))
                moved = [f for f in _CLOCK_FIELDS if getattr(old, f) != getattr(new, f)]
                sync_clocks(uow, row, reason="修改了" + "、".join(moved) if moved else "修改事件")
            return to_record(row)

    def set_status(self, actor: Actor, incident_id: int, status: IncidentStatus, version: int = 0) -> IncidentRecord:
        """接报 ↔ 处置中. 已终报 comes only from sending the final report."""
        require_reporter(actor)
        status = IncidentStatus(status)
        if status == IncidentStatus.CLOSED:
            raise ValidationError({"status": "报送终报后事件自动转为“已终报”，不能直接设置"})
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.session.get(Incident, incident_id)
            if row is None:
                raise NotFound("找不到该事件，可能已被删除")
            check_version(row.version, version, "该事件")
            if row.status == IncidentStatus.CLOSED.value:
                raise ValidationError({"status": "事件已终报，不能再改状态；如有新情况请另行登记"})
            before = row.status
            row.status = status.value
            uow.session.flush()
            uow.audit("update", "incident", row.id, before={"status": before}, after={"status": status.value})
            return to_record(row)

    def add_instruction(self, actor: Actor, incident_id: int, instruction: InstructionRecord) -> InstructionRecord:
        """领导批示, with when it was given. Instructions are kept as given; a new one never replaces an old one."""
        require_reporter(actor)
        leader, text = clean_text(instruction.leader), clean_text(instruction.text, multiline=True)
        problems = Problems()
        check_text(problems, "leader", leader, "批示领导", required=True, max_len=50)
        check_text(problems, "text", text, "批示内容", required=True, max_len=4000)
        check_instant(problems, "given_at", instruction.given_at, "批示时间", self.ctx.clock.now())
        if problems:
            raise ValidationError(problems)
        with unit_of_work(self.ctx, actor) as uow:
            if uow.session.get(Incident, incident_id) is None:
                raise NotFound("找不到该事件，可能已被删除")
            row = IncidentInstruction(incident_id=incident_id, leader=leader, text=text,
                                      given_at=instruction.given_at, created_by=actor.display_name or actor.username)
            uow.session.add(row)
            uow.session.flush()
            uow.audit("create", "instruction", row.id, after={"incident_id": incident_id, "leader": leader,
                                                               "text": text,
                                                               "given_at": instruction.given_at.isoformat()},
                      announce=False)
            uow.changes.append(_incident_change(incident_id))
            return InstructionRecord(leader, text, instruction.given_at, row.id)


def _incident_change(incident_id: int):
    from dutyroom.services.events import Change

    return Change("incident", str(incident_id))
