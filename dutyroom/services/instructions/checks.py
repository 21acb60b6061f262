"""What an instruction must look like before it is stored. Messages are shown next to the field."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from dutyroom.domain.validation import Problems, check_text, clean_text
from dutyroom.domain.vocabulary import Role
from dutyroom.errors import ValidationError
from dutyroom.services.context import require_role
from dutyroom.services.records import Actor, InstructionRecord

#: a workstation clock a little ahead of the server's must not make "just now" a future time
FUTURE_TOLERANCE = timedelta(minutes=5)


def require_writer(actor: Actor) -> None:
    """Whoever staffs the post records instructions; the program itself (migration, demo, import) may too."""
    if actor.user_id is not None:
        require_role(actor, Role.OFFICER, Role.LEADER, Role.ADMIN)


def _aware(value) -> bool:
    return isinstance(value, datetime) and value.tzinfo is not None


def cleaned(record: InstructionRecord, now: datetime) -> InstructionRecord:
    rec = replace(record, leader=clean_text(record.leader), leader_title=clean_text(record.leader_title),
                  text=clean_text(record.text, multiline=True), passed_to=clean_text(record.passed_to))
    problems = Problems()
    check_text(problems, "text", rec.text, "批示内容", required=True, max_len=4000)
    check_text(problems, "leader", rec.leader, "批示领导", max_len=50)
    check_text(problems, "leader_title", rec.leader_title, "领导职务", max_len=50)
    check_text(problems, "passed_to", rec.passed_to, "转达对象", max_len=100)
    if not _aware(rec.given_at):
        problems.need("given_at", False, "请填写批示时间")
    else:
        problems.need("given_at", rec.given_at <= now + FUTURE_TOLERANCE, "批示时间不能晚于现在")
        if rec.due_at is not None:
            problems.need("due_at", _aware(rec.due_at), "落实期限无效")
            problems.need("due_at", not _aware(rec.due_at) or rec.due_at >= rec.given_at,
                          "落实期限不能早于批示时间")
    problems.need("pass_channel", rec.pass_channel is None or bool(rec.passed_to), "请填写转达给哪个单位或哪位同志")
    if problems:
        raise ValidationError(problems)
    return rec
