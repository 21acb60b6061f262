"""编发通报: the 视频点名情况通报 of a finished roll-call, its edited text, issued once and kept as the
document it was.

A draft 通报 is written from the roll-call's data and its edited text, so it follows amendments and new
整改 items. Issuing writes the PDF and stores it in the same transaction; from then on the text cannot
be edited and every reprint is that file, byte for byte (the row is frozen by a trigger, 0010).
"""

from __future__ import annotations

import io

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dutyroom.domain.validation import clean_text
from dutyroom.errors import ConflictError, ValidationError
from dutyroom.services.context import check_version, is_unique_violation, require_role, unit_of_work
from dutyroom.services.events import EntityKind
from dutyroom.services.records import Actor
from dutyroom.services.rollcall import rows
from dutyroom.services.rollcall.base import RollCallArea
from dutyroom.services.rollcall.live import WRITERS
from dutyroom.services.rollcall.records import IssuedNotice, RollCallRecord
from dutyroom.store.models import RollCall, RollCallNotice

ALREADY = "该次点名的通报已经编发，不能再修改；重印按编发时的内容"


def _to_record(row: RollCallNotice) -> IssuedNotice:
    return IssuedNotice(rollcall_id=row.rollcall_id, issued_at=row.issued_at, issued_by=row.issued_by,
                        pdf=bytes(row.pdf))


class RollCallNotices(RollCallArea):
    """A part of RollCallService (see base.py)."""

    def issued_notice(self, rollcall_id: int) -> IssuedNotice | None:
        with self.ctx.db.session() as s:
            row = s.scalar(select(RollCallNotice).where(RollCallNotice.rollcall_id == rollcall_id))
            return None if row is None else _to_record(row)

    def issue_notice(self, actor: Actor, rollcall_id: int) -> IssuedNotice:
        """Write the 通报 of a finished roll-call and keep it as issued; a second issue is refused."""
        # reportlab loads only when a document is written
        from dutyroom.reports.rollcall import build_notice_pdf

        require_role(actor, *WRITERS)
        summary = self.summary(rollcall_id)
        if not summary.rollcall.frozen:
            raise ValidationError({"rollcall": "点名结束后才能编发通报"})
        if self.issued_notice(rollcall_id) is not None:
            raise ValidationError({"narrative": ALREADY})
        out = io.BytesIO()
        build_notice_pdf(summary, out, printed_on=self.today())
        try:
            with unit_of_work(self.ctx, actor) as uow:
                row = RollCallNotice(rollcall_id=rollcall_id, issued_at=uow.now,
                                     issued_by=actor.display_name or actor.username, pdf=out.getvalue())
                uow.session.add(row)
                uow.session.flush()
                uow.audit("issue", EntityKind.ROLLCALL, rollcall_id,
                          after={"notice": row.id, "bytes": len(row.pdf), "version": summary.rollcall.version})
                return _to_record(row)
        except IntegrityError as exc:
            if is_unique_violation(exc):  # another workstation issued it a moment ago
                raise ConflictError(ALREADY) from None
            raise

    def save_notice_text(self, actor: Actor, rollcall_id: int, narrative: str, recipients: str,
                         version: int = 0) -> RollCallRecord:
        """The 通报's narrative as edited before issuing, and its 主送 line."""
        require_role(actor, *WRITERS)
        narrative, recipients = clean_text(narrative, multiline=True), clean_text(recipients)
        if len(narrative) > 5000 or len(recipients) > 500:
            raise ValidationError({"narrative": "通报正文或主送太长"})
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.session.get(RollCall, rollcall_id)
            if row is None:
                raise ValidationError({"rollcall": rows.GONE})
            check_version(row.version, version, "该次点名的通报")
            if uow.session.scalar(select(RollCallNotice.id).where(RollCallNotice.rollcall_id == rollcall_id)):
                raise ValidationError({"narrative": "该次点名的通报已经编发，不能再修改；重印按编发时的内容"})
            before = {"narrative": row.narrative, "recipients": row.recipients}
            row.narrative, row.recipients = narrative, recipients
            uow.session.flush()
            uow.audit("update", EntityKind.ROLLCALL, row.id, before=before,
                      after={"narrative": narrative, "recipients": recipients})
            return rows.to_record(uow.session, row, self.today())
