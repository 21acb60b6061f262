"""Plain data of the telephone log (来电登记), for services, documents, the CLI and pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from dutyroom.domain.tabular import Refused
from dutyroom.domain.vocabulary import CallDirection, CallerKind, CallOutcome, FollowUpKind, FollowUpStatus

#: longest summary accepted (内容摘要); a longer paste is refused with a message, the text stays in the form
SUMMARY_MAX = 5000
#: longest of the other long texts (处理情况, 反馈, 领导批示, 催办内容)
NOTE_MAX = 2000


@dataclass
class FollowUpEntry:
    """One 催办 / 反馈 / 办结 entry in the follow-up (督办) log of an assigned call."""

    kind: FollowUpKind
    at: datetime  # aware UTC
    note: str = ""
    by: str = ""
    id: int | None = None


@dataclass
class CallRecord:
    """One call as typed in the entry form and shown in its detail. Times are aware UTC."""

    started_at: datetime
    summary: str
    outcome: CallOutcome
    category: str = "咨询"
    direction: CallDirection = CallDirection.INCOMING
    ended_at: datetime | None = None
    caller_name: str = ""
    caller_number: str = ""  # stored normalised: digits and separators in ASCII (see format_number)
    caller_unit: str = ""
    caller_kind: CallerKind = CallerKind.PUBLIC
    outcome_note: str = ""  # 处理情况; required for 无效来电 (the reason) and 报告领导 (to whom)
    assigned_unit: str = ""  # 转办: the unit it is handed to (required for 转办)
    due_on: date | None = None  # 转办: feedback due date (office-local date)
    follow_status: FollowUpStatus | None = None  # set for 转办 only; 待办 when first assigned
    feedback: str = ""  # the unit's latest feedback
    feedback_at: datetime | None = None
    closed_at: datetime | None = None
    leader_instruction: str = ""  # 领导批示
    early_warning: bool = False  # 苗头性
    widespread: bool = False  # 普遍性
    officer: str = ""  # set by the service from the logged-in user on create
    duty_date: date | None = None  # set by the service: the roster day of the shift the call fell in
    shift_name: str = ""
    incident_id: int | None = None  # the incident this call was escalated to
    follow_ups: list[FollowUpEntry] = field(default_factory=list)
    id: int | None = None
    version: int = 0
    created_by: str = ""


@dataclass(frozen=True, slots=True)
class CallRow:
    """One line of the call log table: what the list shows, kept small (a million of them scroll by)."""

    id: int
    sort_key: int
    started_at: datetime
    direction: CallDirection
    caller_name: str
    caller_number: str
    caller_unit: str
    caller_kind: CallerKind
    category: str
    summary: str  # at most the first 200 characters
    outcome: CallOutcome
    assigned_unit: str
    follow_status: FollowUpStatus | None
    due_on: date | None
    officer: str
    early_warning: bool
    widespread: bool
    incident_id: int | None = None
    overdue_days: int = 0  # > 0: a 转办 call not closed, this many days past its due date (computed from now)


@dataclass(frozen=True)
class CallFilter:
    """What the call log shows. Every field empty/None means "all calls, newest first"."""

    text: str = ""  # the search box: every word must occur (see store/call_search.py)
    date_from: date | None = None  # office-local dates, inclusive
    date_to: date | None = None
    categories: tuple[str, ...] = ()
    direction: CallDirection | None = None
    outcome: CallOutcome | None = None
    #: "" all; "open" 转办 not closed; "overdue" open and past due; "closed" 转办 closed; or a
    #: FollowUpStatus value ("pending", "in_progress", "closed")
    status: str = ""
    officer: str = ""
    early_warning: bool | None = None
    widespread: bool | None = None
    caller_kind: CallerKind | None = None
    oldest_first: bool = False


@dataclass(frozen=True)
class CallCount:
    """统计条数's answer: `total` calls match; with `more`, more than `total` do (a count that would have read
    more matches than the quick count reads stops there and says so, see services/calls/counting.py)."""

    total: int
    more: bool = False


@dataclass(frozen=True)
class CallerHistory:
    """Earlier calls from the number (or, without a number, the name) being typed."""

    calls: tuple[CallRow, ...]  # newest first, at most the limit asked for
    total: int  # how many earlier calls in all
    same_topic: int  # of those, how many have a summary similar to the text typed so far (0 without text)


@dataclass(frozen=True)
class SimilarCall:
    call: CallRow
    score: float  # Dice similarity of the summaries' bigram sets, 0..1


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int


@dataclass(frozen=True)
class CallStats:
    """Statistics of a period (a day or a month) for the screen and the 来电统计 document.

    办理率 (handled rate) = handled ÷ needing handling, where "needing handling" is every incoming
    call except 无效来电, and "handled" is one answered or reported on the spot, closed, or a 转办
    call whose unit has reported it closed (已办结). HANDLED_RATE_DEFINITION is the wording shown.
    """

    first: date
    last: date
    total: int
    incoming: int
    outgoing: int
    needing_handling: int
    handled: int
    handled_rate: float | None  # None when nothing needed handling
    by_category: tuple[CountRow, ...]
    by_caller_kind: tuple[CountRow, ...]
    by_outcome: tuple[CountRow, ...]
    by_officer: tuple[CountRow, ...]
    by_day: tuple[CountRow, ...]  # label "11-03", one row per day of the period
    assigned: int
    open_follow_ups: int
    overdue_follow_ups: int
    early_warning: int
    widespread: int
    # added for the document (optional, at the end):
    overdue_lines: tuple[str, ...] = ()  # the overdue 转办 calls, one line each, most overdue first (bounded)
    complete: bool = True  # False while the period has not ended: the 95 % is not judged yet


HANDLED_RATE_DEFINITION = ("办理率 = 已办理来电 ÷ 需办理来电。需办理来电为全部来电中除无效来电以外的来电；"
                           "当场答复/告知、报告领导、已办结的来电计为已办理，转办件在承办单位反馈办结后计为已办理。")


@dataclass(frozen=True)
class DueFollowUps:
    """转办 calls not closed whose feedback is due today or overdue: the soonest due first, at most a few
    (值班首页), with how many there are of each."""

    rows: tuple[CallRow, ...]
    due_today: int
    overdue: int


@dataclass(frozen=True)
class DayCounts:
    """One office-local day's calls as 值班首页 counts them: by direction and outcome, handled rate, marks."""

    day: date
    total: int
    incoming: int
    outgoing: int
    by_outcome: tuple[CountRow, ...]
    handled_rate: float | None
    early_warning: int
    widespread: int


@dataclass(frozen=True)
class CallImportResult:
    """What a ledger import added, and (with skip_invalid) the rows it left out."""

    imported: int
    refused: Refused = field(default_factory=Refused)

    def summary(self) -> str:
        return f"已导入 {self.imported} 条来电记录" + self.refused.summary()
