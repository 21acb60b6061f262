"""What the handover area needs from the other areas, read through their services' public methods.

The service areas do not import each other (pyproject's independence contract), so the handover
service only declares hooks — `roster_of`, `activity_of`, `proposers` — and this module, which sits
outside every area and is given the assembled `Services`, connects them: `Services` calls
`connect_handover` when it builds the handover area (areas are built on first use); the bulletins'
and the clocks' hooks are connected in services/__init__.py and read `bulletin_people` and the
handover area only when called.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from dutyroom.domain.handover import minutes_words
from dutyroom.domain.instruction_text import giver
from dutyroom.domain.localtime import to_local
from dutyroom.domain.vocabulary import CallOutcome
from dutyroom.services import shift_proposals
from dutyroom.services.handover.records import (
    CallLine,
    ClockLine,
    IncidentLine,
    OnDuty,
    RectificationLine,
    RollCallLine,
    ShiftActivity,
    ShiftSpan,
)

if TYPE_CHECKING:
    from dutyroom.services import Services
    from dutyroom.services.handover.service import HandoverService

NOTABLE_OUTCOMES = (CallOutcome.ASSIGNED, CallOutcome.REPORTED)


def connect_handover(services: Services, handover: HandoverService) -> None:
    handover.roster_of = lambda span: roster_of(services, span)
    handover.activity_of = lambda span: activity_of(services, span)
    handover.proposers[:] = shift_proposals.proposers(services)


def bulletin_people(services: Services) -> tuple[str, str]:
    """(编辑, 签发) of a bulletin drafted now: the officer and the leader on duty, "" where none is rostered."""
    current, _ = services.roster.on_duty()
    if current is None:
        return "", ""
    return (current.officers[0].name if current.officers else "", current.leaders[0].name if current.leaders else "")


# -- who was on duty ------------------------------------------------------------------------------
def roster_of(services: Services, span: ShiftSpan) -> tuple[OnDuty, frozenset[int]]:
    """The roster of one shift after swaps and substitutions: names, change lines, person ids."""
    day, name = span.key.day, span.key.name
    shifts = [s for s in services.roster.shifts_between(day, day) if s.shift_name == name or not name]
    if not shifts:
        return OnDuty(), frozenset()
    shift = shifts[0]
    changes = [c for c in services.roster.changes(day, day)
               if c.undone_at is None and c.day == day and c.shift_name == shift.shift_name]
    lines = tuple(f"{c.label}：{c.person_before} → {c.person_after}" + (f"（{c.reason}）" if c.reason else "")
                  for c in reversed(changes))
    people = (*shift.leaders, *shift.officers, *shift.standby)
    return (OnDuty(tuple(p.name for p in shift.leaders), tuple(p.name for p in shift.officers),
                   tuple(p.name for p in shift.standby), lines),
            frozenset(p.person_id for p in people))


# -- what the shift recorded ------------------------------------------------------------------------
def activity_of(services: Services, span: ShiftSpan) -> ShiftActivity:
    zone = services.settings.get().time_zone
    calls = services.calls.shift_calls(span.key.day, span.key.name)
    counts: dict[str, int] = {}
    for call in calls:
        counts[call.outcome.label] = counts.get(call.outcome.label, 0) + 1
    order = {o.label: i for i, o in enumerate(CallOutcome)}
    today = to_local(services.clock.now(), zone).date()
    notable = []
    for call in calls:
        overdue = bool(call.due_on and call.closed_at is None and call.due_on < today)
        marks = [label for flag, label in ((call.early_warning, "苗头性"), (call.widespread, "普遍性"),
                                           (overdue, "督办超期")) if flag]
        if call.outcome in NOTABLE_OUTCOMES or marks:
            outcome = call.outcome.label + (f"（{call.assigned_unit}）" if call.assigned_unit else "")
            notable.append(CallLine(call.started_at, call.caller_unit or call.caller_name or call.caller_number,
                                    call.summary, outcome, "、".join(marks)))
    incidents = _incidents(services, span, zone)
    rollcalls = [RollCallLine(rc.planned_at, rc.kind.label, rc.status.label, _rollcall_result(rc))
                 for rc in services.rollcall.rollcalls_between(span.starts_at, span.ends_at)]
    rectifications = [RectificationLine(r.unit_name, r.requirement, r.due_on, r.overdue)
                      for r in services.rollcall.open_rectifications()]
    return ShiftActivity(
        calls_total=len(calls), call_counts=tuple(sorted(counts.items(), key=lambda kv: order.get(kv[0], 99))),
        notable_calls=tuple(notable), incidents=tuple(incidents), rollcalls=tuple(rollcalls),
        open_rectifications=tuple(rectifications), instructions=tuple(_instructions(services, span, zone)),
        empty_posts=tuple(_empty_posts(services, span, zone)))


def _hhmm(at: datetime, zone: str) -> str:
    return to_local(at, zone).strftime("%H:%M")


def _instructions(services: Services, span: ShiftSpan, zone: str) -> list[str]:
    """Every 领导批示 given in the shift, wherever it was given (a call, an incident, by phone), with its state."""
    given = services.instructions.list(given_from=span.starts_at, given_before=span.ends_at, limit=10_000)
    lines = []
    for item in sorted(given, key=lambda i: (i.given_at, i.id or 0)):
        about = f"对{item.subject.label}“{item.about}”" if item.about else ""
        passed = f"，已转{item.passed_to}" if item.passed_to else ""
        lines.append(f"{_hhmm(item.given_at, zone)} {giver(item) or '领导'}{about}批示：{item.text}"
                     f"（{item.status.label}{passed}）")
    return lines


def _empty_posts(services: Services, span: ShiftSpan, zone: str) -> list[str]:
    """空岗 records of the shift: what was found, the officer's explanation, who closed it."""
    lines = []
    for post in services.empty_posts.for_shift(span.key.day, span.key.name):
        said = f"；说明：{post.explanation}" if post.explanation else "；尚无说明"
        closed = f"；{post.closed_by}已关闭" if post.closed_at else "；未关闭"
        lines.append(f"{_hhmm(post.at, zone)} {post.kind.label}（在班：{post.rostered or '未排班'}）{said}{closed}")
    return lines


def _incidents(services: Services, span: ShiftSpan, zone: str) -> list[IncidentLine]:
    """Incidents received in the shift, or with a report sent in it, or open with a clock running in it."""
    as_of = min(services.clock.now(), span.ends_at)
    return [IncidentLine(
        item.incident.title, item.incident.received_at, item.incident.level.label, item.incident.status.label,
        tuple(f"{r.title} {_hhmm(r.sent_at, zone)}" for r in item.reports if r.sent_at is not None),
        tuple(ClockLine(c.rule_name, c.due_at, clock_outcome(c, as_of)) for c in item.clocks))
        for item in services.incidents.in_shift(span.starts_at, span.ends_at)]


def clock_outcome(clock, at: datetime) -> str:
    """A clock's outcome as the log prints it: frozen once completed, else open as of `at`."""
    if clock.cancelled_at is not None:
        return "已取消"
    if clock.completed_at is not None and clock.minutes_late is not None:
        if clock.minutes_late > 0:
            return f"迟报 {minutes_words(clock.minutes_late)}"  # hours for long ones: not "提前 1405 分钟"
        return "按时" + (f"（提前 {minutes_words(-clock.minutes_late)}）" if clock.minutes_late < 0 else "")
    return "未完成，已超时" if at > clock.due_at else "未完成"


def _rollcall_result(rc) -> str:
    finals = {}
    for entry in rc.entries:
        finals[entry.unit_name] = entry
    if not finals:
        return ""
    present = sum(1 for e in finals.values() if e.result is not None and e.result.value == "present")
    return f"{len(finals)} 个单位，在岗 {present} 个"
