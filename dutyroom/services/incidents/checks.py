"""An incident's checks and row mapping: who may report, clean-up and validation of a record, the
audit snapshot, and the copy between record and row. Used by the service and by every part of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import datetime, timedelta

from dutyroom.domain.validation import Problems, check_phone, check_text, clean_text, normalize_phone
from dutyroom.domain.vocabulary import Channel, IncidentCategory, IncidentLevel, IncidentStatus, Role
from dutyroom.errors import PermissionDenied, ValidationError
from dutyroom.services.incidents.records import Casualties, IncidentRecord
from dutyroom.services.records import Actor, InstructionRecord
from dutyroom.store.models import Incident

FUTURE_TOLERANCE = timedelta(minutes=1)
_CASUALTY_LABELS = {"deaths": "死亡", "injured": "受伤", "missing": "失踪", "trapped": "被困"}
#: the incident fields its reporting clocks are computed from
CLOCK_INPUTS = ("occurred_at", "received_at", "level", "category", "security_development")
_TEXT_FIELDS = ("losses", "scope", "cause", "measures", "trend", "leaders_informed", "narrative")


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
    check_text(problems, "narrative", rec.narrative, "事件经过", max_len=10000)
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


def to_record(row: Incident, instructions: Sequence[InstructionRecord] = ()) -> IncidentRecord:
    return IncidentRecord(
        title=row.title, occurred_at=row.occurred_at, received_at=row.received_at, place=row.place,
        category=IncidentCategory(row.category), sub_type=row.sub_type, security_development=row.security_development,
        level=IncidentLevel(row.level), area_unit_id=row.area_unit_id, source_unit=row.source_unit,
        source_person=row.source_person, source_phone=row.source_phone, source_channel=Channel(row.source_channel),
        casualties=Casualties(row.deaths, row.injured, row.missing, row.trapped), losses=row.losses, scope=row.scope,
        cause=row.cause, measures=row.measures, trend=row.trend, leaders_informed=row.leaders_informed,
        narrative=row.narrative or "",
        status=IncidentStatus(row.status), id=row.id, version=row.version, created_by=row.created_by,
        instructions=list(instructions))


def write_row(row: Incident, rec: IncidentRecord) -> None:
    for name in ("title", "occurred_at", "received_at", "place", "sub_type", "security_development", "area_unit_id",
                 "source_unit", "source_person", "source_phone", *_TEXT_FIELDS):
        setattr(row, name, getattr(rec, name))
    row.category, row.level = rec.category.value, rec.level.value
    row.source_channel = rec.source_channel.value
    row.deaths, row.injured = rec.casualties.deaths, rec.casualties.injured
    row.missing, row.trapped = rec.casualties.missing, rec.casualties.trapped
