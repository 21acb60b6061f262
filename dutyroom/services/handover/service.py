"""交接班 / 值班日志: the façade. Shifts and what every part shares are in base.py, 值班记事 and equipment
in logbook.py, handover items and their proposals in items.py, the handover itself (sealing, amendments,
missed handovers) in exchange.py, the leader's review and the assembled duty log in review.py.

The other areas' data (roster, calls, incidents, roll-calls) reaches this area only through the hooks
`roster_of`, `activity_of` and `proposers`, which services/shift_sources.py connects to their services.

Entity kinds announced: "duty_log", "log_entry", "equipment", "equipment_status", "handover_item",
"handover", "review".
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select

from dutyroom.services.handover import holder
from dutyroom.services.handover.records import DutyHolder, ShiftKey
from dutyroom.services.handover.review import HandoverReview
from dutyroom.store.models import AuditRecord


class HandoverService(HandoverReview):
    """Every part derives from HandoverArea (handover/base.py), which holds what they share."""

    def duty_holder(self, now: datetime | None = None) -> DutyHolder | None:
        """Who the open clocks' alarms address at `now` (default: now): see handover/holder.py."""
        return holder.duty_holder(self, now or self.ctx.clock.now())

    def write_duty_log_pdf(self, key: ShiftKey, out: Path | str | BinaryIO) -> Path | BinaryIO:
        """值班日志 of one shift as a PDF, to a path or a binary file object; returns where it went."""
        from dutyroom.reports.dutylog import write_duty_log  # reportlab only when printing

        target = Path(out) if isinstance(out, str) else out
        with self.ctx.db.session() as s:
            head = s.execute(select(AuditRecord.seq, AuditRecord.hash).order_by(AuditRecord.seq.desc()).limit(1)).first()
        # The chain's head goes on the paper: a later `audit verify --expect` proves nothing before it was cut.
        write_duty_log(replace(self.duty_log(key), audit_head=f"{head[0]}:{head[1]}" if head else ""), target)
        return target

    def write_handover_pdf(self, key: ShiftKey, out: Path | str | BinaryIO) -> Path | BinaryIO:
        """交接班记录 of one shift as a PDF (ValueError while it is not handed over or recorded as missed)."""
        from dutyroom.reports.handover import write_handover_record

        target = Path(out) if isinstance(out, str) else out
        write_handover_record(self.duty_log(key), target)
        return target
