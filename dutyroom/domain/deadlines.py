"""Reporting deadlines (报送时限): which rules apply to an incident, its clocks, their state and alerts.

Pure: rules, facts and reports in, clocks out. "Not later than 3 hours" means a report sent at
exactly the due instant is on time. A completed clock keeps its outcome (and the rule's name and
limit as they were) whatever later happens to the rule or the incident.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import Enum

from dutyroom.domain.vocabulary import Channel, ClockStart, IncidentCategory, IncidentLevel, ReportKind

ANY = "any"
PHONE = "phone"
WRITTEN = "written"  # 传真、专人报送、系统
CHANNEL_REQUIREMENTS = {ANY: "任意方式", PHONE: "电话", WRITTEN: "书面（传真、专人或系统）"}
WRITTEN_CHANNELS = frozenset({Channel.FAX.value, Channel.COURIER.value, Channel.SYSTEM.value})
WARNING_MINUTES = 30
URGENT_MINUTES = 10
OVERDUE_REPEAT_MINUTES = 5
DEFAULT_ALERT_MINUTES = (30, 15, 5)

CANCEL_NOT_APPLICABLE = "事件信息修改后不再适用此时限"
CANCEL_RULE_OFF = "时限规则已停用或删除"
CANCEL_CLOSED = "已终报，不再计时"
# Imported history without a matching report: closed, but counted as missed (漏报) in the notice.
CANCEL_MISSED = "历史台账中没有相应报送记录，计为漏报"


@dataclass(frozen=True)
class DeadlineRule:
    """One reporting obligation, editable by the administrator. Empty `categories`/`levels` mean all."""

    name: str
    limit_minutes: int
    counted_from: ClockStart = ClockStart.OCCURRED
    categories: tuple[str, ...] = ()  # IncidentCategory values
    levels: tuple[str, ...] = ()  # IncidentLevel values
    security_only: bool = False  # only 重要敌情、社情、宗教动态
    report_kind: str = ANY  # ReportKind value or "any"
    channel: str = ANY  # "any" | "phone" | "written"
    repeating: bool = False  # a new clock starts from each report while the incident is open
    active: bool = True
    sort_order: int = 0
    id: int | None = None
    version: int = 0

    @property
    def requirement(self) -> str:
        """What completes it, as the officer reads it: 首报（电话）."""
        kind = "任一报告" if self.report_kind == ANY else ReportKind(self.report_kind).label
        return f"{kind}（{CHANNEL_REQUIREMENTS.get(self.channel, self.channel)}）"

    def applies(self, facts: Facts) -> bool:
        if not self.active:
            return False
        if self.security_only and not facts.security_development:
            return False
        if self.categories and facts.category not in self.categories:
            return False
        return not (self.levels and facts.level not in self.levels)


def default_rules() -> list[DeadlineRule]:
    """DESIGN.md §6, from the source regulations."""
    top = (IncidentLevel.I.value, IncidentLevel.II.value)
    return [
        DeadlineRule("首报（事发后3小时内）", 180, ClockStart.OCCURRED, report_kind=ReportKind.FIRST.value, sort_order=1),
        DeadlineRule("敌情社情宗教动态首报（掌握后2小时内）", 120, ClockStart.RECEIVED, security_only=True,
                     report_kind=ReportKind.FIRST.value, sort_order=2),
        DeadlineRule("特别重大、重大事件电话报告（30分钟内）", 30, ClockStart.RECEIVED, levels=top, channel=PHONE,
                     sort_order=3),
        DeadlineRule("特别重大、重大事件书面报告（1小时内）", 60, ClockStart.RECEIVED, levels=top, channel=WRITTEN,
                     sort_order=4),
        DeadlineRule("续报（每24小时）", 24 * 60, ClockStart.LAST_REPORT,
                     levels=top + (IncidentLevel.III.value,), repeating=True, sort_order=5),
    ]


def rule_problems(rule: DeadlineRule) -> dict[str, str]:
    """Field → Chinese message, for the administrator's rule editor."""
    problems: dict[str, str] = {}
    if not rule.name.strip():
        problems["name"] = "请填写规则名称"
    elif len(rule.name) > 60:
        problems["name"] = "规则名称太长（最多 60 个字）"
    if not isinstance(rule.limit_minutes, int) or not 1 <= rule.limit_minutes <= 30 * 24 * 60:
        problems["limit_minutes"] = "时限应在 1 分钟到 30 天之间"
    known_categories = {c.value for c in IncidentCategory}
    if any(c not in known_categories for c in rule.categories):
        problems["categories"] = "事件类别无效"
    if any(v not in {lv.value for lv in IncidentLevel} for v in rule.levels):
        problems["levels"] = "事件级别无效"
    if rule.report_kind not in {ANY, *(k.value for k in ReportKind)}:
        problems["report_kind"] = "报告种类无效"
    if rule.channel not in CHANNEL_REQUIREMENTS:
        problems["channel"] = "报送方式无效"
    if rule.repeating and rule.counted_from != ClockStart.LAST_REPORT:
        problems["repeating"] = "只有“从上次报告起算”的时限可以循环计时"
    if rule.counted_from == ClockStart.LAST_REPORT and rule.report_kind == ReportKind.FIRST.value:
        problems["report_kind"] = "从上次报告起算的时限不能由首报完成"
    return problems


@dataclass(frozen=True)
class Facts:
    """What of an incident the clocks depend on."""

    category: str
    level: str
    security_development: bool
    occurred_at: datetime
    received_at: datetime
    closed: bool = False


@dataclass(frozen=True)
class SentReport:
    id: int
    kind: str  # ReportKind value
    channel: str  # Channel value
    sent_at: datetime


@dataclass(frozen=True)
class ClockData:
    """A clock as stored. `id` None for one not yet saved."""

    rule_id: int | None
    rule_name: str
    limit_minutes: int
    counted_from: ClockStart
    report_kind: str
    channel: str
    start_at: datetime
    due_at: datetime
    start_report_id: int | None = None  # for clocks counted from a report: that report
    completed_at: datetime | None = None
    report_id: int | None = None
    minutes_late: int | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str = ""
    id: int | None = None

    @property
    def open(self) -> bool:
        return self.completed_at is None and self.cancelled_at is None


def minutes_late(sent_at: datetime, due_at: datetime) -> int:
    """Whole minutes after due, rounded up; ≤ 0 means on time (exactly at due is on time)."""
    return math.ceil((sent_at - due_at).total_seconds() / 60)


def matches(clock: ClockData, report: SentReport) -> bool:
    if report.sent_at < clock.start_at or report.id == clock.start_report_id:
        return False
    if clock.report_kind != ANY and report.kind != clock.report_kind:
        return False
    if clock.channel == PHONE:
        return report.channel == Channel.PHONE.value
    if clock.channel == WRITTEN:
        return report.channel in WRITTEN_CHANNELS
    return True


def _start(rule: DeadlineRule, facts: Facts) -> datetime:
    return facts.occurred_at if rule.counted_from == ClockStart.OCCURRED else facts.received_at


def _new_clock(rule: DeadlineRule, start: datetime, start_report_id: int | None = None) -> ClockData:
    return ClockData(rule.id, rule.name, rule.limit_minutes, rule.counted_from, rule.report_kind, rule.channel,
                     start, start + timedelta(minutes=rule.limit_minutes), start_report_id)


def _complete(clock: ClockData, reports: list[SentReport]) -> ClockData:
    for report in reports:
        if matches(clock, report):
            return replace(clock, completed_at=report.sent_at, report_id=report.id,
                           minutes_late=minutes_late(report.sent_at, clock.due_at))
    return clock


def reconcile(rules: list[DeadlineRule], facts: Facts, reports: list[SentReport], clocks: list[ClockData],
              now: datetime) -> list[ClockData]:
    """The clocks an incident should have now: existing ones refreshed, completed, cancelled; new ones added.

    Completed and cancelled clocks are returned unchanged. Open clocks follow the current facts and
    the current rule (name, limit); an open clock whose rule no longer applies is cancelled, never
    deleted. A repeating rule gets a new clock from each report that completed the previous one.
    """
    sent = sorted(reports, key=lambda r: (r.sent_at, r.id))
    by_id = {r.id: r for r in rules}
    result: list[ClockData] = []
    for clock in clocks:
        rule = by_id.get(clock.rule_id)
        if not clock.open:
            result.append(clock)
        elif rule is None or not rule.active:
            result.append(replace(clock, cancelled_at=now, cancel_reason=CANCEL_RULE_OFF))
        elif not rule.applies(facts):
            result.append(replace(clock, cancelled_at=now, cancel_reason=CANCEL_NOT_APPLICABLE))
        else:
            start = clock.start_at if rule.counted_from == ClockStart.LAST_REPORT else _start(rule, facts)
            result.append(replace(clock, rule_name=rule.name, limit_minutes=rule.limit_minutes,
                                  counted_from=rule.counted_from, report_kind=rule.report_kind,
                                  channel=rule.channel, start_at=start,
                                  due_at=start + timedelta(minutes=rule.limit_minutes)))
    for rule in sorted(rules, key=lambda r: (r.sort_order, r.id or 0)):
        if not rule.applies(facts):
            continue
        live = [c for c in result if c.rule_id == rule.id and c.cancelled_at is None]
        if rule.counted_from != ClockStart.LAST_REPORT:
            if not live:
                result.append(_new_clock(rule, _start(rule, facts)))
        elif not live and sent and not facts.closed:
            result.append(_new_clock(rule, sent[0].sent_at, sent[0].id))
    result = [_complete(c, sent) if c.open else c for c in result]
    result = _continue_repeating(rules, facts, sent, result)
    if facts.closed:
        result = [replace(c, cancelled_at=now, cancel_reason=CANCEL_CLOSED) if c.open else c for c in result]
    return result


def _continue_repeating(rules, facts: Facts, sent: list[SentReport], clocks: list[ClockData]) -> list[ClockData]:
    final_ids = {r.id for r in sent if r.kind == ReportKind.FINAL.value}
    order = {r.id: i for i, r in enumerate(sent)}
    for rule in rules:
        if not rule.repeating or not rule.applies(facts) or facts.closed:
            continue
        while True:  # each turn starts a clock from a report not yet used: it ends
            chain = [c for c in clocks if c.rule_id == rule.id and c.cancelled_at is None]
            started = {c.start_report_id for c in chain}
            pending = [c.report_id for c in chain if c.completed_at is not None and c.report_id is not None
                       and c.report_id not in started and c.report_id not in final_ids]
            if not chain or any(c.open for c in chain) or not pending:
                break
            report = sent[max(order[i] for i in pending)]
            clocks.append(_complete(_new_clock(rule, report.sent_at, report.id), sent))
    return clocks


# -- display state ------------------------------------------------------------------------------
class ClockState(str, Enum):
    NORMAL = "normal"
    WARNING = "warning"  # ≤ 30 min left
    URGENT = "urgent"  # ≤ 10 min left
    OVERDUE = "overdue"
    MET = "met"
    LATE = "late"
    CANCELLED = "cancelled"


def clock_state(clock, now: datetime) -> tuple[ClockState, timedelta]:
    """(state, remaining). Open clocks: remaining = due − now (negative once overdue).

    Completed clocks are frozen: remaining = due − completed_at. Works on ClockRecord and ClockData.
    """
    if getattr(clock, "cancelled_at", None) is not None:
        return ClockState.CANCELLED, timedelta(0)
    if clock.completed_at is not None:
        late = clock.minutes_late is not None and clock.minutes_late > 0
        return (ClockState.LATE if late else ClockState.MET), clock.due_at - clock.completed_at
    remaining = clock.due_at - now
    if remaining < timedelta(0):
        return ClockState.OVERDUE, remaining
    if remaining <= timedelta(minutes=URGENT_MINUTES):
        return ClockState.URGENT, remaining
    if remaining <= timedelta(minutes=WARNING_MINUTES):
        return ClockState.WARNING, remaining
    return ClockState.NORMAL, remaining


def format_remaining(remaining: timedelta) -> str:
    """hh:mm:ss; an overdue clock reads "超时 00:12:40"."""
    seconds = int(abs(remaining).total_seconds())
    text = f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"超时 {text}" if remaining < timedelta(0) else text


# -- alerts -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Alert:
    key: str  # unique per clock: "before:30", "overdue:0", "overdue:3" …
    at: datetime  # the instant it was meant for (for overdue: the true breach time and each repeat)
    minutes_before: int | None  # None once overdue


def parse_alert_minutes(text: str) -> tuple[int, ...]:
    """"30,15,5" → (30, 15, 5). Raises ValueError on anything else."""
    parts = [p.strip() for p in str(text).replace("，", ",").replace("、", ",").split(",") if p.strip()]
    values = sorted({int(p) for p in parts}, reverse=True)
    if not values or any(not 1 <= v <= 24 * 60 for v in values):
        raise ValueError(text)
    return tuple(values)


def latest_alert(due_at: datetime, now: datetime, *, thresholds: tuple[int, ...] = DEFAULT_ALERT_MINUTES,
                 acknowledged_at: datetime | None = None,
                 repeat_minutes: int = OVERDUE_REPEAT_MINUTES) -> Alert | None:
    """The most recent alert an open clock owes at `now`, or None.

    Only the latest counts: after a gap (program closed, machine asleep) one alert is shown, not
    every missed one. Overdue repeats every `repeat_minutes` until someone acknowledges it after
    the breach; the first overdue alert is never suppressed.
    """
    if now >= due_at:
        n = int((now - due_at) // timedelta(minutes=repeat_minutes))
        if n > 0 and acknowledged_at is not None and acknowledged_at >= due_at:
            return None
        return Alert(f"overdue:{n}", due_at + timedelta(minutes=repeat_minutes * n), None)
    passed = [m for m in thresholds if now >= due_at - timedelta(minutes=m)]
    if not passed:
        return None
    m = min(passed)
    return Alert(f"before:{m}", due_at - timedelta(minutes=m), m)
