"""Plain data that services take and return. Never live ORM objects, never widgets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from dutyroom.domain.vocabulary import (
    HolidayKind,
    InstructionStatus,
    InstructionSubject,
    PassOnChannel,
    PositionKind,
    Role,
    UnitKind,
)


@dataclass(frozen=True)
class Actor:
    """Who is doing something: the logged-in user, or the program itself."""

    user_id: int | None
    username: str
    display_name: str
    role: Role
    person_id: int | None = None  # the roster's person this account is (空岗: who is at the desk)


SYSTEM_ACTOR = Actor(user_id=None, username="system", display_name="系统", role=Role.ADMIN)


@dataclass
class UnitRecord:
    name: str
    kind: UnitKind = UnitKind.SUBORDINATE
    duty_phone: str = ""
    fax: str = ""
    address: str = ""
    sort_order: int = 0
    active: bool = True
    id: int | None = None
    version: int = 0


@dataclass
class PersonRecord:
    name: str
    unit_id: int | None = None
    title: str = ""
    position_kind: PositionKind = PositionKind.OFFICER
    office_phone: str = ""
    mobile: str = ""
    active: bool = True
    id: int | None = None
    version: int = 0
    unit_name: str = ""  # filled on read, ignored on write


@dataclass
class UserRecord:
    username: str
    role: Role
    person_id: int | None = None
    display_name: str = ""
    active: bool = True
    failed_attempts: int = 0
    locked_until: datetime | None = None
    last_login_at: datetime | None = None
    id: int | None = None
    version: int = 0


@dataclass
class HolidayRecord:
    day: date
    kind: HolidayKind
    name: str = ""
    source: str = "manual"
    id: int | None = None
    version: int = 0


@dataclass
class OfficeSettings:
    office_name: str = "值班室"
    issuing_office: str = ""
    # The 主送 line and the 版记 of the office's 通报 and 统计 (来电情况统计, 信息报告情况通报); a 版记's
    # 印发机关 left blank is the 发文机关 (or the office name).
    document_recipients: str = "各有关单位"
    document_copy_to: str = "本办领导"
    imprint_office: str = ""
    time_zone: str = "Asia/Shanghai"
    handover_time: time = time(8, 30)
    idle_lock_minutes: int = 15
    backup_time: time = time(2, 0)
    backups_kept: int = 30
    # roster rules (排班规则)
    min_rest_hours: int = 48  # after the end of one shift, before the start of the next
    max_shifts_per_month: int = 10
    fairness_lookback_months: int = 12
    rest_day_weight: float = 1.5  # 周末 / 调休后的休息日
    holiday_weight: float = 3.0  # 法定节假日
    swap_needs_approval: bool = False  # 调班/代班须带班领导或管理员批准
    reminder_time: time = time(18, 0)  # the evening before a shift, remind its people
    alert_minutes: str = "30,15,5"  # warnings this many minutes before a reporting deadline
    # telephone log (来电登记)
    call_categories: str = "咨询,求助,投诉,举报,突发事件报告,通知,其他"  # comma-separated, in menu order
    quick_texts: str = (  # one "短码=标准用语" per line; a typed short code + space expands in the form
        "yc=已一次性告知办理流程和所需材料。\n"
        "zb=已按首问责任制登记，转相关单位办理，请等待反馈。\n"
        "bl=已报告带班领导。\n"
        "hf=已告知来电人办理结果将在规定时限内回复。\n"
        "wx=来电人未说明事由即挂断。")
    follow_up_days: int = 3  # default feedback due date of a 转办 call, in days after the call
    similar_days: int = 30  # the similar-calls panel looks back this many days
    # video roll-call (视频点名)
    answer_limit_seconds: int = 60  # 应答时限: a unit answering later is flagged 超时应答
    rollcall_recipients: str = "各参加点名单位值班室"  # the 主送 of a 视频点名情况通报 unless typed for it
    rollcall_copy_to: str = "本办领导"  # the 抄送 line in the 版记 of every 视频点名情况通报 and 统计
    # handover and the duty log (交接班 / 值班日志)
    handover_before_minutes: int = 30  # the handover window opens this long before the shift ends
    handover_after_minutes: int = 60  # and closes this long after; outside it a reason is asked
    # empty-post detection (空岗)
    empty_post_checks: bool = True  # detect empty posts at all
    handover_confirm_minutes: int = 30  # 接班未确认 this long after the handover time opens a 空岗
    presence_checks_per_night: int = 2  # 在岗确认 prompts at random moments between the two times below
    presence_night_start: time = time(22, 0)
    presence_night_end: time = time(6, 0)
    presence_answer_minutes: int = 5
    no_officer_minutes: int = 60  # no rostered officer logged in this long opens a 空岗
    version: int = 0


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    actor_name: str
    action: str
    entity_kind: str
    entity_id: str
    before: dict | None
    after: dict | None
    hash: str


@dataclass(frozen=True)
class ContactGroup:
    unit: UnitRecord
    people: list[PersonRecord] = field(default_factory=list)


@dataclass(frozen=True)
class ContactDirectory:
    """Everything the duty contact list (值班通讯录) prints, already sorted."""

    office_name: str
    issuing_office: str
    printed_on: date
    groups: list[ContactGroup]


# -- leader instructions (领导批示): one record wherever an instruction was given ------------------


@dataclass
class InstructionRecord:
    """领导批示: who gave it (name, title), when, the text, what it is about, to whom it was passed on,
    by when it must be carried out, and how far it has got (待落实 → 落实中 → 已落实, with feedback).

    The first four fields keep their order: an incident's instructions are built with them positionally.
    """

    leader: str
    text: str
    given_at: datetime
    id: int | None = None
    leader_title: str = ""
    subject: InstructionSubject = InstructionSubject.FREE
    subject_id: int | None = None
    about: str = ""  # what the subject is, in words (the call's summary, the incident's title); read only
    passed_to: str = ""
    pass_channel: PassOnChannel | None = None
    passed_at: datetime | None = None
    due_at: datetime | None = None
    status: InstructionStatus = InstructionStatus.PENDING
    feedback: str = ""
    feedback_at: datetime | None = None
    done_at: datetime | None = None
    created_by: str = ""
    version: int = 0

    @property
    def is_open(self) -> bool:
        return self.status != InstructionStatus.DONE

    def is_overdue(self, now: datetime) -> bool:
        return self.is_open and self.due_at is not None and self.due_at < now

    @property
    def giver(self) -> str:
        """"李市长（副市长）" as people say it; the title alone when no name was recorded."""
        if self.leader and self.leader_title:
            return f"{self.leader}（{self.leader_title}）"
        return self.leader or self.leader_title


@dataclass(frozen=True)
class DutyMonthFigures:
    """月度值班情况: handovers on time, 空岗 records and leaders' instructions carried out on time, of one month."""

    year: int
    month: int
    office_name: str
    handovers: int = 0  # sealed handovers of the month's shifts
    handovers_outside_window: int = 0  # sealed, but outside the handover window (a reason was recorded)
    handovers_missed: int = 0  # shifts that ended with no handover
    empty_posts: tuple[tuple[str, int], ...] = ()  # (kind label, count), every kind listed
    empty_posts_explained: int = 0
    empty_posts_closed: int = 0
    instructions_given: int = 0
    instructions_done_on_time: int = 0  # carried out by their due time (or with none set)
    instructions_done_late: int = 0
    instructions_open: int = 0
    instructions_open_overdue: int = 0

    @property
    def empty_post_total(self) -> int:
        return sum(n for _, n in self.empty_posts)
