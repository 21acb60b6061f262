"""Plain data of the video roll-call (视频点名), for services, documents, the CLI and pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from dutyroom.domain import rollcall as rules
from dutyroom.domain.vocabulary import AVQuality, HolidayRule, RollCallKind, RollCallResult, RollCallStatus

#: what the officer ticks before the upper level's roll-call (shown 15 minutes before)
UPPER_CHECKLIST = ("带班领导在岗", "视频设备已调试", "值班日志已更新")
#: answering person's position, as the live screen offers it
ANSWERER_POSITIONS = ("带班领导", "值班员")


@dataclass
class PlanRecord:
    """A recurring roll-call. `unit_ids` is the calling order (spot checks: the candidates)."""

    name: str
    kind: RollCallKind
    at_time: time = time(9, 0)
    weekday: int | None = None  # weekly host roll-call: 0 = Monday
    anchor_day: date | None = None  # biweekly / spot checks: the first day counted
    interval_days: int = 7
    window_start: time | None = None  # spot checks: the window the time is drawn in, e.g. 21:00–06:00
    window_end: time | None = None
    spot_count: int = 0  # spot checks: how many units are drawn
    holiday_rule: HolidayRule = HolidayRule.KEEP
    unit_ids: tuple[int, ...] = ()
    active: bool = True
    id: int | None = None
    version: int = 0
    unit_names: tuple[str, ...] = ()  # filled on read

    def spec(self) -> rules.PlanSpec:
        return rules.PlanSpec(kind=self.kind, at_time=self.at_time, weekday=self.weekday,
                              anchor_day=self.anchor_day, interval_days=self.interval_days,
                              window_start=self.window_start, window_end=self.window_end,
                              holiday_rule=self.holiday_rule)


@dataclass(frozen=True)
class EntryRecord:
    """One attempt at one unit (attempt 2 is the 复呼)."""

    id: int
    unit_id: int | None
    unit_name: str
    duty_phone: str
    seq: int
    attempt: int
    called_at: datetime | None
    answered_at: datetime | None
    result: RollCallResult | None
    answerer: str = ""
    answerer_position: str = ""
    av_quality: AVQuality | None = None
    remarks: str = ""
    version: int = 0

    @property
    def answer_seconds(self) -> int | None:
        return rules.answer_seconds(self.called_at, self.answered_at)

    def as_attempt(self) -> rules.Attempt:
        return rules.Attempt(self.unit_name, self.attempt, self.result, self.called_at, self.answered_at)


@dataclass(frozen=True)
class RectificationRecord:
    """整改: what a unit must fix, by when. `overdue` is computed from now, never stored."""

    id: int
    rollcall_id: int
    unit_id: int | None
    unit_name: str
    requirement: str
    due_on: date
    closed_at: datetime | None = None
    closed_by: str = ""
    feedback: str = ""
    version: int = 0
    overdue: bool = False
    rollcall_at: datetime | None = None


@dataclass(frozen=True)
class AmendmentRecord:
    at: datetime
    by: str
    reason: str
    unit_name: str
    before: dict
    after: dict


@dataclass(frozen=True)
class RollCallRecord:
    id: int
    kind: RollCallKind
    status: RollCallStatus
    planned_at: datetime
    started_at: datetime | None = None
    paused_at: datetime | None = None
    paused_seconds: int = 0
    finished_at: datetime | None = None
    host: str = ""
    notes: str = ""
    plan_id: int | None = None
    plan_name: str = ""
    draw_seed: int | None = None
    draw_candidates: tuple[rules.Candidate, ...] = ()  # in draw order, with the days that weighed them
    upper_caller: str = ""
    upper_answerer: str = ""
    upper_asked: str = ""
    upper_result: str = ""
    checklist: tuple[str, ...] = ()  # the ticked UPPER_CHECKLIST items
    narrative: str = ""  # the 通报's text as edited before issuing ("" = written from the data)
    recipients: str = ""  # 主送
    entries: tuple[EntryRecord, ...] = ()
    rectifications: tuple[RectificationRecord, ...] = ()
    amendments: tuple[AmendmentRecord, ...] = ()
    version: int = 0

    @property
    def frozen(self) -> bool:
        return self.status == RollCallStatus.FINISHED

    def attempts(self) -> list[rules.Attempt]:
        return [e.as_attempt() for e in self.entries]

    def running_seconds(self, now: datetime) -> int:
        """Time spent calling, pauses left out."""
        if self.started_at is None:
            return 0
        end = self.finished_at or self.paused_at or now
        return max(0, round((end - self.started_at).total_seconds()) - self.paused_seconds)


@dataclass(frozen=True)
class ProblemUnit:
    """A unit the 通报 names: not present, or answered late."""

    unit_name: str
    result: RollCallResult | None
    answer_seconds: int | None
    slow: bool
    remarks: str
    rectifications: tuple[RectificationRecord, ...] = ()


@dataclass(frozen=True)
class RollCallSummary:
    """Everything the summary screen and the 视频点名情况通报 of one roll-call print."""

    rollcall: RollCallRecord
    tally: rules.Tally
    answer_limit: int
    office_name: str
    issuing_office: str
    time_zone: str
    problems: tuple[ProblemUnit, ...]
    finals: tuple[EntryRecord, ...]  # per unit the attempt that counts, in calling order
    copy_to: str = ""  # 抄送 in the 版记 (office setting)
    recipients: str = "各参加点名单位值班室"  # 主送 unless one was typed for this roll-call (office setting)
    imprint_office: str = ""  # 印发机关 in the 版记 (office setting; blank: the issuing office)


@dataclass(frozen=True)
class UnitStat:
    rank: int
    figures: rules.UnitFigures


@dataclass(frozen=True)
class RollCallStats:
    """Statistics by unit over a month, quarter or year (document and screen)."""

    first: date
    last: date
    period: str  # "2026年11月", "2026年第四季度", "2026年"
    rollcalls: int
    by_kind: tuple[tuple[RollCallKind, int], ...]
    units: tuple[UnitStat, ...]  # ranked
    totals: rules.UnitFigures
    answer_limit: int
    office_name: str = ""
    issuing_office: str = ""
    recipients: str = "各参加点名单位值班室"  # 主送, 抄送 and 印发机关 of the document (office settings)
    copy_to: str = "本办领导"
    imprint_office: str = ""


@dataclass(frozen=True)
class DrawResult:
    """A spot-check draw: repeat it with domain.rollcall.draw_units(seed, candidates, count)."""

    day: date
    seed: int
    count: int
    candidates: tuple[rules.Candidate, ...]
    chosen: tuple[rules.Candidate, ...]
    planned_at: datetime  # aware UTC, drawn in the window
    plan_id: int | None = None


@dataclass(frozen=True)
class HistoryRow:
    """One roll-call in one unit's history."""

    rollcall_id: int
    planned_at: datetime
    kind: RollCallKind
    result: RollCallResult | None
    answer_seconds: int | None
    slow: bool
    attempts: int


@dataclass
class UpperRecord:
    """When the upper level calls us: what the officer writes down."""

    caller: str = ""
    answerer: str = ""
    asked: str = ""
    result: str = ""
    checklist: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class IssuedNotice:
    """A 视频点名情况通报 as issued: the document itself, printed again unchanged."""

    rollcall_id: int
    issued_at: datetime
    issued_by: str
    pdf: bytes
