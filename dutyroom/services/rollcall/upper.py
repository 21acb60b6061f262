"""上级点名: the upper level calls us. No unit list and no stopwatch: one finished roll-call with what the
officer wrote down (who called, who answered, what was asked, the result announced, the checklist)."""

from __future__ import annotations

import json
from datetime import datetime

from dutyroom.domain.validation import clean_text
from dutyroom.domain.vocabulary import RollCallKind, RollCallStatus
from dutyroom.errors import ValidationError
from dutyroom.services.context import require_role, unit_of_work
from dutyroom.services.events import EntityKind
from dutyroom.services.records import Actor
from dutyroom.services.rollcall import rows
from dutyroom.services.rollcall.base import RollCallArea
from dutyroom.services.rollcall.live import WRITERS
from dutyroom.services.rollcall.records import UPPER_CHECKLIST, RollCallRecord, UpperRecord
from dutyroom.store.models import RollCall


class UpperRollCall(RollCallArea):
    """A part of RollCallService (see base.py)."""

    def record_upper(self, actor: Actor, at: datetime, record: UpperRecord) -> RollCallRecord:
        """The upper level called us at `at`: one finished 上级点名 with what the officer wrote down."""
        require_role(actor, *WRITERS)
        created = self._insert_rollcall(actor, RollCallKind.UPPER, at, [])
        self.save_upper(actor, created.id, record)
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.session.get_one(RollCall, created.id)
            row.status, row.started_at, row.finished_at = RollCallStatus.FINISHED.value, row.planned_at, row.planned_at
            row.host = (actor.display_name or actor.username)[:50]
            uow.session.flush()
            uow.audit("finish", EntityKind.ROLLCALL, row.id, after={"status": row.status})
            return rows.to_record(uow.session, row, self.today())

    def save_upper(self, actor: Actor, rollcall_id: int, record: UpperRecord) -> RollCallRecord:
        """上级点名: who called, who of ours answered, what was asked, the result announced, the checklist."""
        require_role(actor, *WRITERS)
        caller, answerer = clean_text(record.caller), clean_text(record.answerer)
        asked, result = clean_text(record.asked, multiline=True), clean_text(record.result, multiline=True)
        problems = {}
        if len(caller) > 100:
            problems["caller"] = "点名单位（人）太长（最多 100 个字）"
        if len(answerer) > 50:
            problems["answerer"] = "应答人太长（最多 50 个字）"
        unknown = [c for c in record.checklist if c not in UPPER_CHECKLIST]
        if unknown:
            problems["checklist"] = "检查项目不在清单中：" + "、".join(unknown)
        if problems:
            raise ValidationError(problems)
        with unit_of_work(self.ctx, actor) as uow:
            row = rows.open_row(uow.session, rollcall_id)
            if row.kind != RollCallKind.UPPER.value:
                raise ValidationError({"rollcall": "只有上级点名需要填写这些内容"})
            row.upper_caller, row.upper_answerer, row.upper_asked, row.upper_result = caller, answerer, asked, result
            row.checklist = json.dumps([c for c in UPPER_CHECKLIST if c in record.checklist], ensure_ascii=False)
            uow.session.flush()
            uow.audit("update", EntityKind.ROLLCALL, row.id, after={"caller": caller, "answerer": answerer, "asked": asked,
                                                           "result": result, "checklist": json.loads(row.checklist)})
            return rows.to_record(uow.session, row, self.today())
