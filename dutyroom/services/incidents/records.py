"""Plain data of the emergency-information area (突发事件信息报告), for services, documents and pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from dutyroom.domain.deadlines import DeadlineRule
from dutyroom.domain.tabular import Refused
from dutyroom.domain.vocabulary import (
    Channel,
    ClockStart,
    IncidentCategory,
    IncidentLevel,
    IncidentStatus,
    ReportKind,
)
from dutyroom.services.records import InstructionRecord


@dataclass
class Casualties:
    """Counts; None means "not yet known" (allowed in a first report)."""

    deaths: int | None = 0
    injured: int | None = 0
    missing: int | None = 0
    trapped: int | None = 0


@dataclass
class IncidentRecord:
    title: str
    occurred_at: datetime  # aware UTC
    received_at: datetime  # aware UTC
    place: str
    category: IncidentCategory = IncidentCategory.ACCIDENT
    sub_type: str = ""
    security_development: bool = False  # 重要敌情、社情、宗教动态: the 2-hour rule applies
    level: IncidentLevel = IncidentLevel.UNRATED
    area_unit_id: int | None = None
    source_unit: str = ""
    source_person: str = ""
    source_phone: str = ""
    source_channel: Channel = Channel.PHONE
    casualties: Casualties = field(default_factory=Casualties)
    losses: str = ""  # 损失程度
    scope: str = ""  # 涉及范围
    cause: str = ""  # 原因
    measures: str = ""  # 已采取措施
    trend: str = ""  # 发展趋势
    leaders_informed: str = ""
    narrative: str = ""  # 事件经过
    status: IncidentStatus = IncidentStatus.RECEIVED
    instructions: list[InstructionRecord] = field(default_factory=list)
    id: int | None = None
    version: int = 0
    created_by: str = ""


@dataclass
class ReportRecord:
    """One report in an incident's chain: 首报 (number 0), 续报一 (1), 续报二 (2) …, 终报. Frozen once sent."""

    incident_id: int
    kind: ReportKind
    number: int  # 0 for the first report; 1, 2 … for follow-ups; the final report takes the next number
    content: str  # what was reported, as sent
    recipients: str = ""  # 上报对象
    channel: Channel = Channel.PHONE
    sent_at: datetime | None = None  # None while a draft
    sent_by: str = ""
    signer: str = ""  # 签发人
    id: int | None = None
    version: int = 0

    @property
    def title(self) -> str:
        if self.kind == ReportKind.FOLLOW_UP:
            return f"续报{_chinese_number(self.number)}"
        return self.kind.label


@dataclass(frozen=True)
class PrintedReport:
    """Everything the printed form of one report shows: for a sent report, as it was sent."""

    incident: IncidentRecord
    report: ReportRecord
    office_name: str
    issuing_office: str
    time_zone: str
    as_sent: bool  # False: a draft, or a report sent before the program kept the content as sent


@dataclass(frozen=True)
class ClockRecord:
    """报送时限 of one rule for one incident. Stored: the due instant and, once done, a frozen outcome."""

    id: int
    incident_id: int
    incident_title: str
    rule_name: str  # as the rule was named when the clock was made
    limit_minutes: int
    counted_from: ClockStart
    start_at: datetime
    due_at: datetime
    completed_at: datetime | None = None
    minutes_late: int | None = None  # frozen at completion: ≤ 0 met (early by −n), > 0 late by n
    acknowledged_at: datetime | None = None
    acknowledged_by: str = ""
    # added by the incidents service (optional, at the end):
    cancelled_at: datetime | None = None  # no longer owed (rule no longer applies, 终报 sent); history kept
    cancel_reason: str = ""
    rule_id: int | None = None
    report_id: int | None = None  # the report that completed it
    requirement: str = ""  # what completes it, e.g. "首报（电话）"
    source_unit: str = ""  # the incident's reporting unit

    @property
    def completed(self) -> bool:
        return self.completed_at is not None

    @property
    def open(self) -> bool:
        return self.completed_at is None and self.cancelled_at is None


@dataclass(frozen=True)
class TimelinessRow:
    """One line of the monthly timeliness notice (突发事件信息报告情况通报)."""

    reporting_unit: str
    rule_name: str
    incidents: int
    met: int
    late: int
    missed: int  # still open past due at the end of the period
    minutes_late_total: int
    unit_incidents: int = 0  # distinct incidents of the unit under every rule (a unit's total counts each once)


@dataclass(frozen=True)
class BulletinRecord:
    """值班快报 / 信息专报: numbered per year （2026）第N期."""

    year: int
    number: int
    kind: str  # "值班快报" | "信息专报"
    title: str
    narrative: str
    issued_on: date
    issuing_office: str
    to_upper: str = ""  # 报
    to_peers: str = ""  # 送
    copy_to: str = ""  # 抄送
    editor: str = ""  # 编辑
    signer: str = ""  # 签发
    incident_id: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class IncidentImportResult:
    total: int
    first_reports: int
    late: int
    refused: Refused = field(default_factory=Refused)

    def summary(self) -> str:
        return (f"已导入 {self.total} 起事件，其中 {self.first_reports} 起有首报记录"
                f"（{self.late} 起首报超时）" + self.refused.summary())


__all__ = ["BulletinRecord", "Casualties", "ClockRecord", "DeadlineRule", "IncidentImportResult",
           "IncidentRecord", "InstructionRecord", "PrintedReport", "ReportRecord", "TimelinessRow"]


def _chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
