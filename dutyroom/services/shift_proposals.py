"""The open matters proposed as handover items (交接事项), one proposer per kind of matter.

Each proposer takes the handover's ProposalContext (outgoing and incoming shift, now) and returns
ProposedItems; the handover service drops those already on the list. Adding a source of items is one
line in `proposers()` (the instructions area adds its open 领导批示 there).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from dutyroom.domain.localtime import to_local, zone
from dutyroom.domain.vocabulary import IncidentStatus, ItemSource, RollCallStatus
from dutyroom.services.handover.records import ProposalContext, ProposedItem, Proposer

if TYPE_CHECKING:
    from dutyroom.services import Services

DIGEST_TIME = time(18, 0)  # 每日要情 is collected around 18:00 (scheduling.DAILY_DIGEST_TIME)


def proposers(services: Services) -> list[Proposer]:
    return [
        lambda ctx: assigned_calls(services, ctx),
        lambda ctx: open_clocks(services, ctx),
        lambda ctx: open_incidents(services, ctx),
        lambda ctx: rectifications(services, ctx),
        lambda ctx: scheduled(services, ctx),
    ]


def _office(services: Services):
    return zone(services.settings.get().time_zone)


def _end_of_day(day, office) -> datetime:
    """"By the 22nd" is due at 23:59 that day (a due time on the next day's 00:00 reads as a day late)."""
    return datetime.combine(day, time(23, 59), tzinfo=office)


def assigned_calls(services: Services, ctx: ProposalContext) -> list[ProposedItem]:
    """转办 calls whose feedback is due by the end of the incoming shift, or overdue."""
    office = _office(services)
    last_day = to_local(ctx.incoming.ends_at, office.key).date()
    out = []
    for row in services.calls.follow_ups():
        if row.due_on is None or row.due_on > last_day:
            continue
        who = row.caller_unit or row.caller_name or row.caller_number or "来电"
        late = f"，已超期 {row.overdue_days} 天" if row.overdue_days > 0 else ""
        out.append(ProposedItem(ItemSource.CALL, str(row.id), f"督办：{who}来电转{row.assigned_unit}（{row.due_on.month}月"
                                f"{row.due_on.day}日前反馈{late}）", row.summary, _end_of_day(row.due_on, office)))
    return out


def open_clocks(services: Services, ctx: ProposalContext) -> list[ProposedItem]:
    """Reporting deadlines still open: the incoming shift must meet them."""
    return [ProposedItem(ItemSource.CLOCK, str(c.id), f"报送时限：“{c.incident_title}”{c.rule_name}",
                         c.requirement, c.due_at)
            for c in services.incidents.open_clocks()]


def open_incidents(services: Services, ctx: ProposalContext) -> list[ProposedItem]:
    """Incidents not yet 终报: follow-up and final reports are owed."""
    out = []
    for status in (IncidentStatus.RECEIVED, IncidentStatus.HANDLING):
        for incident in services.incidents.list(status=status, limit=200):
            out.append(ProposedItem(ItemSource.INCIDENT, str(incident.id), f"跟踪事件：“{incident.title}”尚未终报",
                                    incident.place))
    return out


def rectifications(services: Services, ctx: ProposalContext) -> list[ProposedItem]:
    """整改 required after roll-calls and not yet closed."""
    office = _office(services)
    return [ProposedItem(ItemSource.RECTIFICATION, str(r.id), f"点名整改：{r.unit_name}（{r.due_on.month}月{r.due_on.day}日前）",
                         r.requirement, _end_of_day(r.due_on, office))
            for r in services.rollcall.open_rectifications()]


def scheduled(services: Services, ctx: ProposalContext) -> list[ProposedItem]:
    """What is planned in the incoming shift: roll-calls, the 18:00 daily digest."""
    office = _office(services)
    incoming = ctx.incoming
    out = []
    for rc in services.rollcall.rollcalls_between(incoming.starts_at, incoming.ends_at):
        if rc.status == RollCallStatus.PLANNED:
            at = to_local(rc.planned_at, office.key)
            out.append(ProposedItem(ItemSource.ROLLCALL, str(rc.id), f"{at:%H:%M} {rc.kind.label}", rc.plan_name,
                                    rc.planned_at))
    day = to_local(incoming.starts_at, office.key).date()
    while True:
        digest = datetime.combine(day, DIGEST_TIME, tzinfo=office)
        if digest >= incoming.ends_at:
            break
        if digest >= incoming.starts_at:
            out.append(ProposedItem(ItemSource.SCHEDULED, f"digest:{day.isoformat()}", "18:00 报送每日要情",
                                    "", digest))
        day += timedelta(days=1)
    return out
