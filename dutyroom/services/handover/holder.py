"""Who holds the duty now, for the alarms and reminders of the open clocks.

Duty passes at the handover, not at the roster's boundary: an early handover at 08:10 puts the incoming
officer in charge at 08:10, and a night officer whose handover is still owed at 08:40 is still in charge
(until the handover window closes; after that the shift is recorded as missed and the roster decides).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from dutyroom.domain.vocabulary import HandoverStatus
from dutyroom.services.handover.records import DutyHolder, OnDuty, ShiftKey
from dutyroom.store.models import DutyLog, Handover


def duty_holder(area, now: datetime) -> DutyHolder | None:
    """`area` is the handover service (shift_at, roster_of); None when nobody is rostered or handed over."""
    settings = area.ctx.settings()
    with area.ctx.db.session() as s:
        found = s.execute(select(Handover.incoming_name, Handover.incoming_user_id, Handover.handed_at,
                                 DutyLog.duty_date, DutyLog.shift_name, DutyLog.ends_at)
                          .join(DutyLog, DutyLog.id == Handover.next_log_id)
                          .where(Handover.status == HandoverStatus.SEALED.value, Handover.handed_at <= now)
                          .order_by(Handover.handed_at.desc(), Handover.id.desc()).limit(1)).first()
    grace = timedelta(minutes=settings.handover_after_minutes)
    if found is not None and found.incoming_name and now < found.ends_at + grace:
        key = ShiftKey(found.duty_date, found.shift_name)
        return DutyHolder(found.incoming_name, key.label, found.handed_at, found.incoming_user_id,
                          handover_owed=now >= found.ends_at)
    span = area.shift_at(now)
    on_duty = area.roster_of(span)[0] if area.roster_of is not None else OnDuty()
    names = on_duty.officers or on_duty.leaders
    return DutyHolder("、".join(names), span.key.label) if names else None
