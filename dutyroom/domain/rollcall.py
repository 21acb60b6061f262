"""Video roll-call (视频点名) rules: answer times, presence rate, 复呼, the spot-check draw, plan dates, ranking.

Pure functions over plain values: the services feed them rows, the reports and pages print what they
return. Times are aware instants except where a function says "office-local" (naive wall-clock).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dutyroom.domain.vocabulary import HolidayRule, RollCallKind, RollCallResult

DEFAULT_ANSWER_LIMIT = 60  # seconds; no regulation publishes one, so it is a setting (应答时限)
#: results offered again at the end of the roll-call (复呼)
RECALL_RESULTS = frozenset({RollCallResult.NO_ANSWER, RollCallResult.EQUIPMENT_FAULT})
#: the result keys of the live screen, in the order of RollCallResult (1 在岗 … 5 未应答)
RESULT_KEYS = {str(n): result for n, result in enumerate(RollCallResult, start=1)}
PRESENCE_RATE_DEFINITION = ("在岗率 = 在岗单位次数 ÷ 点名单位次数。请假（已报备）的单位单独列出，计入点名单位次数、"
                            "不计为在岗；经复呼的单位以复呼结果为准。")
#: a unit never checked weighs as much as one last checked this many days ago
NEVER_CHECKED_DAYS = 365


@dataclass(frozen=True)
class Attempt:
    """One attempt at one unit: the unit's key (its name in the roll-call), 1 or 2 (复呼), the marks."""

    unit: str
    attempt: int
    result: RollCallResult | None
    called_at: datetime | None = None
    answered_at: datetime | None = None


def answer_seconds(called_at: datetime | None, answered_at: datetime | None) -> int | None:
    if called_at is None or answered_at is None:
        return None
    return max(0, round((answered_at - called_at).total_seconds()))


def is_slow(seconds: int | None, limit: int) -> bool:
    """超时应答: answered, but after the answer limit."""
    return seconds is not None and seconds > limit


def final_attempts(attempts: Iterable[Attempt]) -> dict[str, Attempt]:
    """Per unit, the attempt that counts: the latest one with a result (a 复呼 result replaces the first)."""
    out: dict[str, Attempt] = {}
    for a in sorted(attempts, key=lambda a: a.attempt):
        if a.unit not in out or a.result is not None:
            out[a.unit] = a
    return out


def units_to_recall(attempts: Iterable[Attempt]) -> list[str]:
    """Units whose only attempt ended 未应答 or 设备故障, in the order given: the 复呼 list."""
    attempts = list(attempts)
    recalled = {a.unit for a in attempts if a.attempt > 1}
    return [a.unit for a in attempts if a.attempt == 1 and a.result in RECALL_RESULTS and a.unit not in recalled]


def presence_rate(present: int, called: int) -> float | None:
    return present / called if called else None


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


@dataclass(frozen=True)
class Tally:
    """The counts of one roll-call (or of many): what the live screen, the summary and the 通报 show."""

    units: int  # units in the roll-call
    called: int  # units with a final result (点名单位次数)
    counts: Mapping[RollCallResult, int]
    slow: tuple[str, ...]  # 超时应答 units, in order
    average_seconds: float | None
    slowest_seconds: int | None
    slowest_unit: str
    recalled: int  # units called a second time

    @property
    def present(self) -> int:
        return self.counts.get(RollCallResult.PRESENT, 0)

    @property
    def excused(self) -> int:
        return self.counts.get(RollCallResult.EXCUSED, 0)

    @property
    def presence_rate(self) -> float | None:
        return presence_rate(self.present, self.called)

    @property
    def pending(self) -> int:
        return self.units - self.called


def tally(attempts: Sequence[Attempt], limit: int = DEFAULT_ANSWER_LIMIT) -> Tally:
    finals = final_attempts(attempts)
    counts = {r: 0 for r in RollCallResult}
    slow, timed = [], []
    for unit, a in finals.items():
        if a.result is None:
            continue
        counts[a.result] += 1
        seconds = answer_seconds(a.called_at, a.answered_at)
        if seconds is not None:
            timed.append((seconds, unit))
            if is_slow(seconds, limit):
                slow.append(unit)
    slowest = max(timed, default=None, key=lambda t: t[0])
    return Tally(units=len(finals), called=sum(counts.values()), counts=counts, slow=tuple(slow),
                 average_seconds=sum(s for s, _ in timed) / len(timed) if timed else None,
                 slowest_seconds=slowest[0] if slowest else None, slowest_unit=slowest[1] if slowest else "",
                 recalled=len({a.unit for a in attempts if a.attempt > 1}))


# -- the spot-check draw (随机抽查) ---------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    unit_id: int
    name: str
    days_since_checked: int | None  # None: never checked


def draw_weight(days_since_checked: int | None) -> float:
    """Units not checked for longer weigh more: one week without a check adds the weight of one unit."""
    days = NEVER_CHECKED_DAYS if days_since_checked is None else min(max(days_since_checked, 0), NEVER_CHECKED_DAYS)
    return 1.0 + days / 7.0


def draw_units(seed: int, candidates: Sequence[Candidate], count: int) -> list[Candidate]:
    """A weighted draw without replacement that anyone can repeat from the seed and the candidate list.

    Each candidate gets the key u ** (1 / weight) with u from random.Random(seed) in list order, and the
    `count` largest keys win (Efraimidis–Spirakis), so the result depends on nothing but the inputs.
    """
    rng = random.Random(seed)
    keyed = []
    for index, candidate in enumerate(candidates):
        u = rng.random() or 1e-12
        keyed.append((math.log(u) / draw_weight(candidate.days_since_checked), -index, candidate))
    keyed.sort(key=lambda k: (k[0], k[1]), reverse=True)
    return [k[2] for k in keyed[:max(0, count)]]


def window_minutes(start: time, end: time) -> int:
    """Length of a daily window such as 21:00–06:00 (crossing midnight); 0 for an empty window."""
    return ((end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)) % 1440


def draw_time(seed: int, day: date, start: time, end: time) -> datetime:
    """The office-local moment of a spot check in the window beginning on `day` (a whole minute)."""
    length = window_minutes(start, end)
    if length == 0:
        raise ValueError("empty window")
    offset = random.Random(f"{seed}:time").randrange(length)
    return datetime.combine(day, start) + timedelta(minutes=offset)


# -- plan occurrences ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanSpec:
    """When a plan calls: the fields of a RollCallPlan that matter for its dates."""

    kind: RollCallKind
    at_time: time
    weekday: int | None = None  # weekly: 0 = Monday
    anchor_day: date | None = None  # biweekly and spot checks: the first day counted
    interval_days: int = 7
    window_start: time | None = None  # spot checks
    window_end: time | None = None
    holiday_rule: HolidayRule = HolidayRule.KEEP


def is_rest_day(day: date, holidays: Mapping[date, bool]) -> bool:
    """`holidays` maps a date to True (法定节假日) or False (调休上班); other days follow the weekday."""
    return holidays.get(day, day.weekday() >= 5)


def _nominal_days(plan: PlanSpec, first: date, last: date) -> list[date]:
    if plan.kind == RollCallKind.HOST and plan.anchor_day is None:
        if plan.weekday is None:
            return []
        start = first + timedelta(days=(plan.weekday - first.weekday()) % 7)
        step = 7
    else:
        if plan.anchor_day is None or plan.interval_days < 1:
            return []
        step = plan.interval_days
        behind = (first - plan.anchor_day).days
        start = plan.anchor_day if behind <= 0 else first + timedelta(days=(-behind) % step)
    days = []
    day = start
    while day <= last:
        days.append(day)
        day += timedelta(days=step)
    return days


def _moved(day: date, rule: HolidayRule, holidays: Mapping[date, bool]) -> date | None:
    if holidays.get(day) is not True or rule == HolidayRule.KEEP:
        return day
    if rule == HolidayRule.SKIP:
        return None
    for ahead in range(1, 40):  # the longest holiday (春节 with its weekends) is far shorter
        later = day + timedelta(days=ahead)
        if not is_rest_day(later, holidays):
            return later
    return day


def occurrences(plan: PlanSpec, first: date, last: date, holidays: Mapping[date, bool] | None = None,
                seed: int = 0) -> list[datetime]:
    """The office-local moments the plan calls at whose nominal day lies in [first, last].

    A spot check's moment is drawn in its window from `seed` and the day, so the same plan and seed
    give the same times; the holiday rule may move a day past `last`, never before it.
    """
    holidays = holidays or {}
    out = []
    for nominal in _nominal_days(plan, first, last):
        day = _moved(nominal, plan.holiday_rule, holidays)
        if day is None:
            continue
        if plan.kind == RollCallKind.SPOT and plan.window_start is not None and plan.window_end is not None:
            out.append(draw_time(seed * 100_003 + day.toordinal(), day, plan.window_start, plan.window_end))
        else:
            out.append(datetime.combine(day, plan.at_time))
    return out


# -- ranking --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitFigures:
    """One unit's figures over a period (月 / 季 / 年)."""

    unit: str
    called: int
    present: int
    absent: int
    equipment_fault: int
    excused: int
    no_answer: int
    slow: int
    answered: int  # attempts with an answer time
    total_seconds: int

    @property
    def presence_rate(self) -> float | None:
        return presence_rate(self.present, self.called)

    @property
    def average_seconds(self) -> float | None:
        return self.total_seconds / self.answered if self.answered else None


def ranked(figures: Iterable[UnitFigures]) -> list[tuple[int, UnitFigures]]:
    """Rank by presence rate (higher first), then average answer time (faster first); ties share a rank."""

    def key(f: UnitFigures):
        rate = f.presence_rate
        average = f.average_seconds
        return (-(rate if rate is not None else -1.0), average if average is not None else math.inf)

    ordered = sorted(figures, key=lambda f: (key(f), f.unit))
    out, previous, rank = [], None, 0
    for position, f in enumerate(ordered, start=1):
        k = key(f)
        if k != previous:
            rank, previous = position, k
        out.append((rank, f))
    return out
