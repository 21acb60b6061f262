"""更正: a finished roll-call is frozen; a correction of one unit's entry is an amendment kept beside it
(who, when, why, before and after), and the call and answer times stay as they were marked."""

from __future__ import annotations

import json

from dutyroom.domain.validation import clean_text
from dutyroom.domain.vocabulary import AVQuality, RollCallResult, RollCallStatus
from dutyroom.errors import ValidationError
from dutyroom.services.context import require_role, unit_of_work
from dutyroom.services.events import EntityKind
from dutyroom.services.records import Actor
from dutyroom.services.rollcall import rows
from dutyroom.services.rollcall.base import RollCallArea
from dutyroom.services.rollcall.live import WRITERS, clean_details
from dutyroom.services.rollcall.records import RollCallRecord
from dutyroom.store.models import RollCallAmendment


class RollCallAmending(RollCallArea):
    """A part of RollCallService (see base.py)."""

    def amend(self, actor: Actor, entry_id: int, reason: str, *, result: RollCallResult | None = None,
              answerer: str | None = None, position: str | None = None, av_quality: AVQuality | None = None,
              remarks: str | None = None) -> RollCallRecord:
        """更正 a finished roll-call's entry: the reason is required; call and answer times stay as marked."""
        require_role(actor, *WRITERS)
        reason = clean_text(reason, multiline=True)
        if not reason:
            raise ValidationError({"reason": "请写明更正原因"})
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            entry, row = rows.entry_row(s, entry_id)
            if row.status != RollCallStatus.FINISHED.value:
                raise ValidationError({"rollcall": "点名尚未结束，可直接修改，无需更正"})
            before = rows.entry_snapshot(rows.entry_record(entry))
            new_answerer, new_position, new_remarks = clean_details(
                entry.answerer if answerer is None else answerer,
                entry.answerer_position if position is None else position,
                entry.remarks if remarks is None else remarks)
            if result is not None:
                entry.result = RollCallResult(result).value
            entry.answerer, entry.answerer_position, entry.remarks = new_answerer, new_position, new_remarks
            if av_quality is not None:
                entry.av_quality = AVQuality(av_quality).value
            s.flush()
            after = rows.entry_snapshot(rows.entry_record(entry))
            if after == before:
                raise ValidationError({"reason": "没有要更正的内容"})
            s.add(RollCallAmendment(rollcall_id=row.id, entry_id=entry.id, at=uow.now, reason=reason,
                                    by=(actor.display_name or actor.username)[:50],
                                    before=json.dumps(before, ensure_ascii=False),
                                    after=json.dumps(after, ensure_ascii=False)))
            s.flush()
            uow.audit("amend", EntityKind.ROLLCALL, row.id, before=before, after={**after, "reason": reason})
            return rows.to_record(s, row, self.today())
