"""Rows of the roll-call tables to plain records, and the snapshots the audit log keeps."""

from __future__ import annotations

import json
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from dutyroom.domain.rollcall import Candidate
from dutyroom.domain.vocabulary import AVQuality, HolidayRule, RollCallKind, RollCallResult, RollCallStatus
from dutyroom.errors import NotFound, ValidationError
from dutyroom.services.rollcall.records import (
    AmendmentRecord,
    EntryRecord,
    PlanRecord,
    RectificationRecord,
    RollCallRecord,
)
from dutyroom.store.models import (
    Rectification,
    RollCall,
    RollCallAmendment,
    RollCallEntry,
    RollCallPlan,
    Unit,
)

GONE = "找不到该次视频点名，可能已被删除"
ENTRY_GONE = "找不到该单位的点名记录，可能已被删除"
FROZEN = "该次视频点名已结束，记录已固定；如需更正，请使用“更正”并写明原因"


def hhmm(value: time | None) -> str:
    return "" if value is None else value.strftime("%H:%M")


def parse_time(text: str) -> time | None:
    return time.fromisoformat(text) if text else None


def id_list(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part.strip())


def plan_record(row: RollCallPlan, names: dict[int, str]) -> PlanRecord:
    ids = id_list(row.unit_ids)
    return PlanRecord(name=row.name, kind=RollCallKind(row.kind), at_time=parse_time(row.at_time) or time(9, 0),
                      weekday=row.weekday, anchor_day=row.anchor_day, interval_days=row.interval_days,
                      window_start=parse_time(row.window_start), window_end=parse_time(row.window_end),
                      spot_count=row.spot_count, holiday_rule=HolidayRule(row.holiday_rule), unit_ids=ids,
                      active=row.active, id=row.id, version=row.version,
                      unit_names=tuple(names.get(i, f"（已删除的单位 {i}）") for i in ids))


def plan_snapshot(rec: PlanRecord) -> dict:
    return {"name": rec.name, "kind": rec.kind.value, "at_time": hhmm(rec.at_time), "weekday": rec.weekday,
            "anchor_day": rec.anchor_day.isoformat() if rec.anchor_day else None,
            "interval_days": rec.interval_days, "window": f"{hhmm(rec.window_start)}-{hhmm(rec.window_end)}",
            "spot_count": rec.spot_count, "holiday_rule": rec.holiday_rule.value,
            "units": list(rec.unit_ids), "active": rec.active}


def unit_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Unit.id, Unit.name)).all())


def entry_record(row: RollCallEntry) -> EntryRecord:
    return EntryRecord(id=row.id, unit_id=row.unit_id, unit_name=row.unit_name, duty_phone=row.duty_phone,
                       seq=row.seq, attempt=row.attempt, called_at=row.called_at, answered_at=row.answered_at,
                       result=RollCallResult(row.result) if row.result else None, answerer=row.answerer,
                       answerer_position=row.answerer_position,
                       av_quality=AVQuality(row.av_quality) if row.av_quality else None, remarks=row.remarks,
                       version=row.version)


def entry_snapshot(rec: EntryRecord) -> dict:
    return {"unit": rec.unit_name, "attempt": rec.attempt,
            "called_at": rec.called_at.isoformat() if rec.called_at else None,
            "answered_at": rec.answered_at.isoformat() if rec.answered_at else None,
            "result": rec.result.value if rec.result else None, "answerer": rec.answerer,
            "position": rec.answerer_position, "av": rec.av_quality.value if rec.av_quality else None,
            "remarks": rec.remarks}


def rectification_record(row: Rectification, today: date, rollcall_at: datetime | None = None) -> RectificationRecord:
    return RectificationRecord(id=row.id, rollcall_id=row.rollcall_id, unit_id=row.unit_id, unit_name=row.unit_name,
                               requirement=row.requirement, due_on=row.due_on, closed_at=row.closed_at,
                               closed_by=row.closed_by, feedback=row.feedback, version=row.version,
                               overdue=row.closed_at is None and row.due_on < today, rollcall_at=rollcall_at)


def rectification_snapshot(rec: RectificationRecord) -> dict:
    return {"unit": rec.unit_name, "requirement": rec.requirement, "due_on": rec.due_on.isoformat(),
            "closed": rec.closed_at.isoformat() if rec.closed_at else None, "feedback": rec.feedback}


def candidates_text(candidates) -> str:
    """The draw's candidate list as stored and audited: [[unit id, name, days since checked], …] in draw order."""
    return json.dumps([[c.unit_id, c.name, c.days_since_checked] for c in candidates], ensure_ascii=False)


def candidates_from_text(text: str) -> tuple[Candidate, ...]:
    return tuple(Candidate(int(i), str(n), d) for i, n, d in json.loads(text)) if text else ()


def rollcall_snapshot(row: RollCall) -> dict:
    return {"kind": row.kind, "status": row.status, "planned_at": row.planned_at.isoformat(), "host": row.host,
            "plan_id": row.plan_id, "draw_seed": row.draw_seed,
            "draw_candidates": json.loads(row.draw_candidates) if row.draw_candidates else None}


def load(session: Session, rollcall_id: int, today: date) -> RollCallRecord:
    row = session.get(RollCall, rollcall_id)
    if row is None:
        raise NotFound(GONE)
    return to_record(session, row, today)


def to_record(session: Session, row: RollCall, today: date) -> RollCallRecord:
    entries = session.scalars(select(RollCallEntry).where(RollCallEntry.rollcall_id == row.id)
                              .order_by(RollCallEntry.attempt, RollCallEntry.seq))
    entry_list = [entry_record(e) for e in entries]
    by_id = {e.id: e.unit_name for e in entry_list}
    items = session.scalars(select(Rectification).where(Rectification.rollcall_id == row.id)
                            .order_by(Rectification.id))
    amendments = session.scalars(select(RollCallAmendment).where(RollCallAmendment.rollcall_id == row.id)
                                 .order_by(RollCallAmendment.id))
    plan_name = ""
    if row.plan_id is not None:
        plan = session.get(RollCallPlan, row.plan_id)
        plan_name = plan.name if plan else ""
    return RollCallRecord(
        id=row.id, kind=RollCallKind(row.kind), status=RollCallStatus(row.status), planned_at=row.planned_at,
        started_at=row.started_at, paused_at=row.paused_at, paused_seconds=row.paused_seconds,
        finished_at=row.finished_at, host=row.host, notes=row.notes, plan_id=row.plan_id, plan_name=plan_name,
        draw_seed=row.draw_seed, draw_candidates=candidates_from_text(row.draw_candidates),
        upper_caller=row.upper_caller, upper_answerer=row.upper_answerer, upper_asked=row.upper_asked,
        upper_result=row.upper_result, checklist=tuple(json.loads(row.checklist or "[]")),
        narrative=row.narrative, recipients=row.recipients, entries=tuple(entry_list),
        rectifications=tuple(rectification_record(r, today, row.planned_at) for r in items),
        amendments=tuple(AmendmentRecord(at=a.at, by=a.by, reason=a.reason, unit_name=by_id.get(a.entry_id, ""),
                                         before=json.loads(a.before), after=json.loads(a.after))
                         for a in amendments),
        version=row.version)


def open_row(session: Session, rollcall_id: int) -> RollCall:
    """The roll-call, refusing one that is finished (frozen)."""
    row = session.get(RollCall, rollcall_id)
    if row is None:
        raise NotFound(GONE)
    if row.status == RollCallStatus.FINISHED.value:
        raise ValidationError({"rollcall": FROZEN})
    return row


def entry_row(session: Session, entry_id: int) -> tuple[RollCallEntry, RollCall]:
    entry = session.get(RollCallEntry, entry_id)
    if entry is None:
        raise NotFound(ENTRY_GONE)
    return entry, session.get_one(RollCall, entry.rollcall_id)
