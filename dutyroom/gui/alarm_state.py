"""What an alarm is about and what its banner says: pure helpers of gui/alarm.py (no widgets, no reads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dutyroom.domain.localtime import to_local
from dutyroom.gui.clocks import countdown_text
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.incidents.records import ClockRecord

CLOCK_NOTICE_PREFIX = "clock:"


def clock_id_of(change: Change) -> int | None:
    """The clock an alert or a clock notice is about, or None for anything else."""
    raw = change.id or ""
    if change.kind == EntityKind.NOTICE and raw.startswith(CLOCK_NOTICE_PREFIX):
        raw = raw[len(CLOCK_NOTICE_PREFIX):]
    elif change.kind != EntityKind.ALERT:
        return None
    try:
        return int(raw)
    except ValueError:
        return None


def is_clock_notice(change: Change) -> bool:
    return change.kind == EntityKind.NOTICE and (change.id or "").startswith(CLOCK_NOTICE_PREFIX)


@dataclass
class Pending:
    clock_id: int
    message: str  # the words when the clock is not known (a notice for a clock that has gone meanwhile)
    overdue: bool
    due_at: datetime | None = None
    rung_at: datetime | None = None
    subject: str = ""  # "“某化工厂火灾”首报（事发后3小时内）": the live countdown is put after it

    def words(self, now: datetime, zone_name: str) -> str:
        """What the banner says at `now`: the same countdown as the strip's chip, to the second."""
        if not self.subject or self.due_at is None:
            return self.message
        return f"{self.subject}  {countdown_text(self.due_at, now)}（截止 {to_local(self.due_at, zone_name):%H:%M:%S}）"


def describe(record: ClockRecord, now: datetime, zone_name: str) -> str:
    """"某化工厂火灾：首报（事发后3小时内）已超时 12 分钟（截止 11:30）" for a clock without a notice text."""
    due = to_local(record.due_at, zone_name)
    minutes = int(abs((record.due_at - now).total_seconds()) // 60)
    state = f"已超时 {minutes} 分钟" if now > record.due_at else f"还剩 {minutes} 分钟"
    return f"{record.incident_title}：{record.rule_name}{state}（截止 {due:%H:%M:%S}）"
