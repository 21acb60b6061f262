"""The words of the emergency-information documents (domain/bulletin_text.py), and the sample records
the PDF tests of this area share."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from dutyroom.domain.bulletin_text import (
    assemble_narrative,
    casualty_sentence,
    category_text,
    format_datetime_cn,
    format_time_near,
    level_text,
    narrative_paragraphs,
    sentence,
    summary_sentence,
)
from dutyroom.domain.vocabulary import Channel, IncidentCategory, IncidentLevel, IncidentStatus, ReportKind
from dutyroom.services.incidents.records import Casualties, IncidentRecord, InstructionRecord, ReportRecord

ZONE = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """An office-local time in November 2026, as the aware UTC instant the records hold."""
    return datetime(2026, month, day, hour, minute, tzinfo=ZONE).astimezone(timezone.utc)


def make_incident(**changes) -> IncidentRecord:
    incident = IncidentRecord(
        title="液化气罐车侧翻事故", occurred_at=at(21, 14, 5), received_at=at(21, 14, 20),
        place="某某区环城北路与延安路交叉口", category=IncidentCategory.ACCIDENT, sub_type="道路交通事故",
        level=IncidentLevel.III, source_unit="市应急管理局", source_person="王建国", source_phone="0571-85170110",
        source_channel=Channel.PHONE, casualties=Casualties(2, 5, None, 0),
        losses="罐车及两辆小型客车受损，直接经济损失正在统计", scope="周边约500米范围内交通管制，疏散群众约1200人",
        cause="初步判断为罐车转弯时车速过快导致侧翻，具体原因正在调查",
        measures="市应急管理局、市消防救援支队已赶赴现场处置，伤员已送市第一人民医院救治",
        trend="泄漏已得到控制，交通管制仍在持续", leaders_informed="李市长、张副市长",
        status=IncidentStatus.HANDLING,
        instructions=[
            InstructionRecord("张志强副市长", "请市应急管理局牵头，尽快查明事故原因。", at(21, 15, 40)),
            InstructionRecord("李海燕市长", "全力救治伤员，严防次生灾害。", at(21, 15, 10)),
        ],
        id=7)
    return replace(incident, **changes)


def make_reports() -> list[ReportRecord]:
    def report(kind: ReportKind, number: int, sent_at: datetime, channel: Channel) -> ReportRecord:
        return ReportRecord(7, kind, number, f"第{number}次报告的内容。", recipients="省政府总值班室",
                            channel=channel, sent_at=sent_at, sent_by="杨文静", signer="刘丽华")

    return [report(ReportKind.FOLLOW_UP, 2, at(22, 9, 30), Channel.FAX),
            report(ReportKind.FIRST, 0, at(21, 14, 50), Channel.PHONE),
            report(ReportKind.FOLLOW_UP, 1, at(21, 16, 10), Channel.FAX)]


def test_times_are_written_in_the_office_zone():
    assert format_datetime_cn(at(21, 14, 5)) == "2026年11月21日14时05分"
    assert format_datetime_cn(at(21, 9, 5), spaced=True) == "2026年11月21日 9时05分"
    # 23:30 UTC is the next morning in Beijing.
    assert format_datetime_cn(datetime(2026, 11, 20, 23, 30, tzinfo=timezone.utc)) == "2026年11月21日7时30分"
    assert format_datetime_cn(None) == ""
    assert format_time_near(at(21, 16, 10), at(21, 14, 5)) == "16时10分"
    assert format_time_near(at(1, 0, 20, month=12), at(30, 23, 50)) == "12月1日0时20分"
    assert format_time_near(datetime(2027, 1, 1, 1, 0, tzinfo=ZONE), at(31, 23, 0, month=12)) == "2027年1月1日1时00分"


def test_full_narrative_reads_in_the_order_a_duty_office_writes():
    text = assemble_narrative(make_incident(), make_reports())
    paragraphs = narrative_paragraphs(text)
    assert len(paragraphs) == 4
    opening, cause, handling, closing = paragraphs
    assert opening.startswith("据市应急管理局报告，2026年11月21日14时05分，某某区环城北路与延安路交叉口发生一起液化气罐车侧翻事故")
    assert "初步定级为较大（Ⅲ级）" in opening
    assert "造成2人死亡、5人受伤，失踪人数不详" in opening
    assert "事件波及周边约500米范围内交通管制" in opening and "涉及范围" not in opening  # prose, not a field label
    assert cause == "事件原因初步判断为罐车转弯时车速过快导致侧翻，具体原因正在调查。"
    # Instructions in the order given, whatever order they were recorded in.
    assert handling.index("15时10分，李海燕市长批示：全力救治伤员") < handling.index("15时40分，张志强副市长批示")
    assert handling.startswith("事件发生后，市应急管理局")
    assert closing.startswith("目前，泄漏已得到控制，交通管制仍在持续。")
    assert "于14时50分向省政府总值班室首报，16时10分续报，11月22日9时30分续报。" in closing
    assert closing.endswith("我们将密切跟踪事态发展，及时续报有关情况。")
    assert "。。" not in text and "，。" not in text


def test_casualty_wording():
    assert casualty_sentence(Casualties(0, 0, 0, 0)) == "未造成人员伤亡"
    assert casualty_sentence(Casualties(None, None, None, None)) == "人员伤亡情况正在核实"
    assert casualty_sentence(Casualties(1, 0, 0, 3)) == "造成1人死亡、3人被困"
    assert casualty_sentence(Casualties(0, None, 0, 0)) == "受伤人数不详，正在核实"
    assert casualty_sentence(Casualties(3, None, None, 0)) == "造成3人死亡，受伤、失踪人数不详"


def test_cause_reads_on_or_takes_wei():
    def cause_of(text: str) -> str:
        return narrative_paragraphs(assemble_narrative(make_incident(cause=text)))[1]

    assert cause_of("正在调查中") == "事件原因正在调查中。"
    assert cause_of("车辆爆胎。") == "事件原因为车辆爆胎。"


def test_closed_incident_without_trend_and_sparse_facts():
    incident = make_incident(status=IncidentStatus.CLOSED, trend="", cause="", measures="", instructions=[],
                             scope="", losses="", source_unit="", level=IncidentLevel.UNRATED,
                             casualties=Casualties(0, 0, 0, 0))
    text = assemble_narrative(incident, [])
    assert narrative_paragraphs(text) == [
        "2026年11月21日14时05分，某某区环城北路与延安路交叉口发生一起液化气罐车侧翻事故，未造成人员伤亡。",
        "目前，事件处置工作已基本结束。",
    ]


def test_unsent_reports_are_not_claimed_as_sent():
    draft = replace(make_reports()[1], sent_at=None)
    text = assemble_narrative(make_incident(), [draft])
    assert "首报" not in text and "我办已按规定" not in text


def test_labels_summary_and_sentence_helpers():
    assert level_text(IncidentLevel.I) == "特别重大（Ⅰ级）"
    assert level_text(IncidentLevel.UNRATED) == "未定级"
    assert category_text(make_incident(security_development=True)) == "事故灾难·道路交通事故；重要敌情、社情、宗教动态"
    assert sentence("已处置完毕，") == "已处置完毕。" and sentence("完毕！") == "完毕！" and sentence("  ") == ""
    summary = summary_sentence(make_incident(status=IncidentStatus.RECEIVED, trend=""))
    assert summary.endswith("有关情况正在进一步了解中。")
    assert "某某区环城北路" in summary and "造成2人死亡" in summary
    # A title that is already a sentence does not get "一起".
    sentence_title = assemble_narrative(make_incident(title="某地突发山火", place=""))
    assert "14时05分，发生某地突发山火" in sentence_title and "一起某地" not in sentence_title


def test_the_narrative_the_officer_wrote_is_the_second_paragraph_of_the_draft():
    """Found by hand: 事件经过 was saved but left out of the 首报 draft (the heart of a first report)."""
    story = "15时20分，居民报告楼道有燃气味，物业关闭总阀后疏散住户"
    paragraphs = narrative_paragraphs(assemble_narrative(make_incident(narrative=story)))
    assert paragraphs[1] == story + "。"
    assert story not in assemble_narrative(make_incident())  # nothing written: no empty paragraph either
