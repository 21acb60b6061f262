"""Checks and row mapping of the telephone log: what a call must look like before it is stored.

`cleaned` is the one gate for every write (form, import, demo); `write_row`, `to_record`, `row_of`
move data between the ORM row, the plain records and the log's Core rows.
"""

from __future__ import annotations

import re
from dataclasses import asdict, replace
from datetime import date, datetime, timedelta, timezone
from enum import Enum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dutyroom.domain.validation import Problems, check_phone, check_text, clean_text, normalize_phone
from dutyroom.domain.vocabulary import (
    CallDirection,
    CallerKind,
    CallOutcome,
    FollowUpKind,
    FollowUpStatus,
    Role,
)
from dutyroom.errors import ValidationError
from dutyroom.services.calls.records import NOTE_MAX, SUMMARY_MAX, CallRecord, CallRow, FollowUpEntry
from dutyroom.services.context import CALL_KEY_LOCK, hold_write_lock, require_role
from dutyroom.services.records import Actor
from dutyroom.store.call_search import SLOTS, sort_key_base
from dutyroom.store.models import Call, CallFollowUp

FUTURE_TOLERANCE = timedelta(minutes=1)
_NUMBER_SPACING = re.compile(r"[\s\-()（）]")
#: calls before this are typing mistakes (a year 0206 for 2026), not old ledgers
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
SUMMARY_SHOWN = 200  # characters of the summary a CallRow carries
OPEN_STATUSES = (FollowUpStatus.PENDING.value, FollowUpStatus.IN_PROGRESS.value)
_NOTE_FIELDS = {"outcome_note": "处理情况", "feedback": "反馈情况", "leader_instruction": "领导批示"}
_ENUMS = ((CallDirection, "direction", "来电方向"), (CallerKind, "caller_kind", "来电人类型"),
          (CallOutcome, "outcome", "处理结果"))


def canonical_number(value: str | None) -> str:
    """The stored form of a caller's number: ASCII, without spaces, dashes or brackets.

    One number typed as "0123-8260 0110", "０１２３８２６００１１０" or "(0123)82600110" is one caller
    for the history and one string for the search index; domain/phones.format_number shows it readably.
    """
    return _NUMBER_SPACING.sub("", normalize_phone(clean_text(value)))


def require_writer(actor: Actor) -> None:
    """Whoever staffs the post logs calls; the program itself (demo, import) may too."""
    if actor.user_id is not None:
        require_role(actor, Role.OFFICER, Role.LEADER, Role.ADMIN)


def _time_label(direction) -> str:
    return "去电时间" if direction == CallDirection.OUTGOING else "来电时间"


def _member(enum, value):
    """The enum member for a value or its Chinese label (an import hands labels), else None."""
    try:
        return enum(value)
    except ValueError:
        pass
    try:
        return enum.from_label(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _aware(value) -> bool:
    return isinstance(value, datetime) and value.tzinfo is not None


def cleaned(record: CallRecord, now: datetime, categories: list[str], *, local_date=None,
            follow_up_days: int = 3) -> CallRecord:
    """The record with texts cleaned and defaults filled, or ValidationError with a message per field.

    `categories` are the choices allowed (an edited call also keeps the one it was saved with);
    `local_date(instant) -> date` gives the office-local date, for due dates.
    A call that is not 转办 has no follow-up status or due date: they are cleared, not refused,
    so changing the outcome in the form never leaves an error the user cannot see how to fix.
    """
    rec = replace(
        record, summary=clean_text(record.summary, multiline=True), category=clean_text(record.category),
        caller_name=clean_text(record.caller_name), caller_number=canonical_number(record.caller_number),
        caller_unit=clean_text(record.caller_unit), assigned_unit=clean_text(record.assigned_unit),
        **{f: clean_text(getattr(record, f), multiline=True) for f in _NOTE_FIELDS})
    problems = Problems()
    for enum, field, label in _ENUMS:
        value = getattr(rec, field)
        member = _member(enum, value)
        if member is None:
            problems.need(field, False, f"请选择{label}" if not value else f"{label}无效")
        else:
            rec = replace(rec, **{field: member})
    problems.need("summary", bool(rec.summary), "请填写内容摘要")
    problems.need("summary", len(rec.summary) <= SUMMARY_MAX,
                  f"内容摘要太长（{len(rec.summary)} 字，最多 {SUMMARY_MAX} 字），请精简或分条登记")
    started_label = _time_label(rec.direction)
    if not _aware(rec.started_at):
        problems.need("started_at", False, f"请填写{started_label}")
    else:
        problems.need("started_at", rec.started_at <= now + FUTURE_TOLERANCE, f"{started_label}不能晚于现在")
        problems.need("started_at", rec.started_at >= EARLIEST, f"{started_label}有误（早于 1970 年）")
    if rec.ended_at is not None:
        if not _aware(rec.ended_at):
            problems.need("ended_at", False, "结束时间无效")
        else:
            problems.need("ended_at", rec.ended_at <= now + FUTURE_TOLERANCE, "结束时间不能晚于现在")
            if "started_at" not in problems:
                problems.need("ended_at", rec.ended_at >= rec.started_at, "结束时间不能早于开始时间")
    choices = [c for c in categories if c]
    problems.need("category", bool(rec.category), "请选择类别")
    problems.need("category", rec.category in choices, "类别应为：" + "、".join(choices))
    check_text(problems, "caller_name", rec.caller_name, "来电人", max_len=50)
    check_phone(problems, "caller_number", rec.caller_number)
    check_text(problems, "caller_unit", rec.caller_unit, "来电单位", max_len=100)
    for field, label in _NOTE_FIELDS.items():
        check_text(problems, field, getattr(rec, field), label, max_len=NOTE_MAX)
    outcome = rec.outcome if isinstance(rec.outcome, CallOutcome) else None
    if outcome == CallOutcome.INVALID:
        problems.need("outcome_note", bool(rec.outcome_note), "无效来电请写明原因")
    elif outcome == CallOutcome.REPORTED:
        problems.need("outcome_note", bool(rec.outcome_note), "请写明报告了哪位领导")
    if outcome == CallOutcome.ASSIGNED:
        rec = _assigned(rec, problems, local_date, follow_up_days)
    elif outcome is not None:
        rec = replace(rec, follow_status=None, due_on=None)
    if problems:
        raise ValidationError(problems)
    return rec


def _assigned(rec: CallRecord, problems: Problems, local_date, follow_up_days: int) -> CallRecord:
    check_text(problems, "assigned_unit", rec.assigned_unit, "承办单位", required=True, max_len=100)
    try:
        status = FollowUpStatus(rec.follow_status or FollowUpStatus.PENDING)
    except ValueError:
        problems.need("follow_status", False, "办理状态无效")
        return rec
    call_day = local_date(rec.started_at) if local_date and _aware(rec.started_at) else None
    due = rec.due_on
    if isinstance(due, datetime) or (due is not None and not isinstance(due, date)):
        problems.need("due_on", False, "反馈期限无效")
        return rec
    if due is None and call_day is not None:
        due = call_day + timedelta(days=follow_up_days)
    if due is not None and call_day is not None:
        problems.need("due_on", due >= call_day, "反馈期限不能早于来电日期")
    return replace(rec, follow_status=status, due_on=due)


def next_sort_key(session: Session, started_at: datetime) -> int:
    """The first free key in the call's second: calls in one second keep the order they were saved in."""
    hold_write_lock(session, CALL_KEY_LOCK)  # another workstation saving in this second must wait its turn
    base = sort_key_base(int(started_at.timestamp()))
    top = session.scalar(select(func.max(Call.sort_key)).where(Call.sort_key >= base, Call.sort_key < base + SLOTS))
    return base if top is None else top + 1


def same_second(a: datetime, b: datetime) -> bool:
    return int(a.timestamp()) == int(b.timestamp())


def write_row(row: Call, rec: CallRecord, now: datetime) -> None:
    """Copy what a user edits. officer, shift, creation and the incident link are set elsewhere."""
    for name in ("started_at", "ended_at", "caller_name", "caller_number", "caller_unit", "category", "summary",
                 "outcome_note", "assigned_unit", "due_on", "leader_instruction"):
        setattr(row, name, getattr(rec, name))
    row.direction, row.caller_kind, row.outcome = rec.direction.value, rec.caller_kind.value, rec.outcome.value
    row.early_warning, row.widespread = bool(rec.early_warning), bool(rec.widespread)
    status = rec.follow_status.value if rec.follow_status else None
    creating = row.id is None
    # Times of feedback and closing are facts of the follow-up: kept from the record only on create
    # (an import brings the ledger's own), otherwise set when the text or status actually changes.
    if rec.feedback != (row.feedback or ""):
        row.feedback_at = ((rec.feedback_at if creating else None) or now) if rec.feedback else None
    row.feedback = rec.feedback
    if status != FollowUpStatus.CLOSED.value:
        row.closed_at = None
    elif creating or row.follow_status != status:
        row.closed_at = (rec.closed_at if creating else None) or now
    row.follow_status = status


def to_record(row: Call, follow_ups=()) -> CallRecord:
    return CallRecord(
        started_at=row.started_at, summary=row.summary, outcome=CallOutcome(row.outcome), category=row.category,
        direction=CallDirection(row.direction), ended_at=row.ended_at, caller_name=row.caller_name,
        caller_number=row.caller_number, caller_unit=row.caller_unit, caller_kind=CallerKind(row.caller_kind),
        outcome_note=row.outcome_note, assigned_unit=row.assigned_unit, due_on=row.due_on,
        follow_status=FollowUpStatus(row.follow_status) if row.follow_status else None, feedback=row.feedback,
        feedback_at=row.feedback_at, closed_at=row.closed_at, leader_instruction=row.leader_instruction,
        early_warning=row.early_warning, widespread=row.widespread, officer=row.officer, duty_date=row.duty_date,
        shift_name=row.shift_name, incident_id=row.incident_id, id=row.id, version=row.version,
        created_by=row.created_by, follow_ups=[entry_of(f) for f in follow_ups])


def entry_of(row: CallFollowUp) -> FollowUpEntry:
    return FollowUpEntry(FollowUpKind(row.kind), row.at, row.note, row.by, row.id)


def snapshot(record: CallRecord) -> dict:
    data = asdict(record)
    for key in ("id", "version", "follow_ups", "created_by"):
        data.pop(key, None)
    return {k: (v.value if isinstance(v, Enum) else v.isoformat() if isinstance(v, date) else v)
            for k, v in data.items()}


#: the columns of a CallRow, in its field order (Core select: a million rows never become ORM objects)
ROW_COLUMNS = (Call.id, Call.sort_key, Call.started_at, Call.direction, Call.caller_name, Call.caller_number,
               Call.caller_unit, Call.caller_kind, Call.category,
               func.substr(Call.summary, 1, SUMMARY_SHOWN).label("summary"), Call.outcome, Call.assigned_unit,
               Call.follow_status, Call.due_on, Call.officer, Call.early_warning, Call.widespread, Call.incident_id)


def overdue_days(follow_status: str | None, due_on: date | None, today: date) -> int:
    if follow_status in OPEN_STATUSES and due_on is not None and due_on < today:
        return (today - due_on).days
    return 0


def row_of(r, today: date) -> CallRow:
    return CallRow(
        id=r.id, sort_key=r.sort_key, started_at=r.started_at, direction=CallDirection(r.direction),
        caller_name=r.caller_name, caller_number=r.caller_number, caller_unit=r.caller_unit,
        caller_kind=CallerKind(r.caller_kind), category=r.category, summary=r.summary,
        outcome=CallOutcome(r.outcome), assigned_unit=r.assigned_unit,
        follow_status=FollowUpStatus(r.follow_status) if r.follow_status else None, due_on=r.due_on,
        officer=r.officer, early_warning=bool(r.early_warning), widespread=bool(r.widespread),
        incident_id=r.incident_id, overdue_days=overdue_days(r.follow_status, r.due_on, today))
