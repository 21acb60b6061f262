"""视频点名情况通报 and the period statistics as printed: the text read back from the PDF."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from dutyroom.domain import rollcall as rules
from dutyroom.domain.vocabulary import AVQuality, RollCallKind, RollCallResult, RollCallStatus
from dutyroom.reports.rollcall import build_notice_pdf, build_stats_pdf, default_narrative
from dutyroom.services.rollcall.records import (
    EntryRecord,
    ProblemUnit,
    RectificationRecord,
    RollCallRecord,
    RollCallStats,
    RollCallSummary,
    UnitStat,
)

OFFICE = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 23, 9, 30, tzinfo=OFFICE)
P, A, F, E, N = (RollCallResult.PRESENT, RollCallResult.ABSENT, RollCallResult.EQUIPMENT_FAULT,
                 RollCallResult.EXCUSED, RollCallResult.NO_ANSWER)


def flat(data: bytes) -> str:
    return "".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def entry(n, name, result, seconds, attempt=1, **kw):
    called = START + timedelta(minutes=n)
    answered = None if seconds is None else called + timedelta(seconds=seconds)
    return EntryRecord(id=n, unit_id=n, unit_name=name, duty_phone="", seq=n, attempt=attempt, called_at=called,
                       answered_at=answered, result=result, av_quality=AVQuality.GOOD, **kw)


def summary(narrative="", units=30) -> RollCallSummary:
    entries = [entry(n, f"第{n}街道", P, 10 + n, answerer=f"值班员{n}", answerer_position="值班员")
               for n in range(1, units - 3)]
    entries += [entry(90, "南湖镇", A, 40, remarks="值班员外出未报备"), entry(91, "北山镇", E, 20),
                entry(92, "西山镇", N, None), entry(93, "东江镇", P, 95)]
    entries.append(entry(94, "西山镇", P, 30, attempt=2))
    item = RectificationRecord(1, 1, 90, "南湖镇", "严格执行24小时在岗值守制度", date(2026, 11, 30))
    record = RollCallRecord(id=1, kind=RollCallKind.HOST, status=RollCallStatus.FINISHED, planned_at=START,
                            entries=tuple(entries), rectifications=(item,), narrative=narrative)
    tally = rules.tally(record.attempts(), 60)
    finals = rules.final_attempts(record.attempts())
    by_key = {(e.unit_name, e.attempt): e for e in entries}
    problems = (ProblemUnit("南湖镇", A, 40, False, "值班员外出未报备", (item,)), ProblemUnit("东江镇", P, 95, True, ""))
    return RollCallSummary(rollcall=record, tally=tally, answer_limit=60, office_name="临江区人民政府",
                           issuing_office="临江区人民政府办公室", time_zone="Asia/Shanghai", problems=problems,
                           finals=tuple(by_key[(a.unit, a.attempt)] for a in finals.values()))


def test_notice_names_results_rate_problems_and_deadlines():
    s = summary()
    out = io.BytesIO()
    build_notice_pdf(s, out, printed_on=date(2026, 11, 23))
    text = flat(out.getvalue())
    for expected in ("视频点名情况通报", "2026年11月23日", "各参加点名单位值班室：", "在岗率", "在岗（28个）",
                     "离岗（1个）", "请假（已报备）（1个）", "南湖镇", "值班员外出未报备", "严格执行24小时在岗值守制度",
                     "11月30日", "超时应答", "东江镇", "临江区人民政府办公室", "印发", "（复呼）"):
        assert expected in text, expected
    assert "在岗率=在岗单位次数÷点名单位次数" in text
    narrative = default_narrative(s)
    assert "30个单位" in narrative and "离岗的有南湖镇" in narrative and "东江镇应答超过60秒" in narrative
    assert f"在岗率{rules.rate_text(28 / 30)}" in narrative


def test_edited_narrative_replaces_the_written_one():
    out = io.BytesIO()
    build_notice_pdf(summary(narrative="11月23日上午，区政府办公室对各镇街进行了视频点名，总体情况良好。"), out,
                     printed_on=date(2026, 11, 23))
    text = flat(out.getvalue())
    assert "总体情况良好" in text and "进行了视频点名。28个单位在岗" not in text


def fig(name, called, present, slow=0, seconds=0):
    return rules.UnitFigures(name, called, present, called - present, 0, 0, 0, slow, called, seconds)


def test_statistics_with_rank_and_chart():
    figures = [fig(f"第{n}街道", 13, 13 - n % 3, n % 2, 13 * (10 + n)) for n in range(1, 41)]
    units = tuple(UnitStat(rank, f) for rank, f in rules.ranked(figures))
    totals = fig("合计", sum(f.called for f in figures), sum(f.present for f in figures))
    stats = RollCallStats(first=date(2026, 10, 1), last=date(2026, 12, 31), period="2026年第四季度", rollcalls=14,
                          by_kind=((RollCallKind.HOST, 13), (RollCallKind.UPPER, 0), (RollCallKind.SPOT, 1)),
                          units=units, totals=totals, answer_limit=60, office_name="临江区人民政府")
    out = io.BytesIO()
    build_stats_pdf(stats, out, printed_on=date(2027, 1, 4))
    reader = PdfReader(io.BytesIO(out.getvalue()))
    text = flat(out.getvalue())
    assert "2026年第四季度视频点名情况统计" in text and "共进行视频点名14次" in text
    assert "二、各单位在岗率" in text and "100.0%" in text and "第3街道" in text
    assert len(reader.pages) >= 2


def test_the_imprint_has_its_copy_to_line_above_the_issuing_office():
    out = io.BytesIO()
    build_notice_pdf(replace(summary(), copy_to="区政府办公室领导，区应急管理局"), out, printed_on=date(2026, 11, 23))
    text = flat(out.getvalue())
    assert "抄送：区政府办公室领导，区应急管理局" in text
    assert text.index("抄送：") < text.rindex("临江区人民政府办公室2026年11月23日印发")


def test_the_average_answer_header_of_the_statistics_stays_on_two_lines():
    from dutyroom.reports.rollcall import STATS_COLUMNS, _stats_table
    from dutyroom.reports.styles import LIST_MARGINS, frame_width, get_styles

    stats = RollCallStats(first=date(2026, 11, 1), last=date(2026, 11, 30), period="2026年11月", rollcalls=1,
                          by_kind=(), units=(UnitStat(1, fig("第1街道", 4, 4, 0, 40)),),
                          totals=fig("合计", 4, 4, 0, 40), answer_limit=60)
    table = _stats_table(stats, get_styles(table_size=10), frame_width(False, LIST_MARGINS))
    column = STATS_COLUMNS.index("平均应答\n（秒）")
    header = table._cellvalues[0][column]
    padding = 2 * 3.5
    header.wrap(table._colWidths[column] - padding, 1000)
    assert len(header.blPara.lines) == 2  # "平均应答" / "（秒）", not "平均应" / "答" / "（秒）"


def test_result_groups_are_numbered_without_gaps_and_a_long_table_starts_under_its_heading():
    """Found on paper: （一）在岗, （二）离岗, （五）未应答; and the 在岗 table of 11 units went to page 2
    whole, leaving half of page 1 empty."""
    entries = [entry(n, f"第{n}街道", P, 10 + n, answerer=f"值班员{n}", answerer_position="值班员")
               for n in range(1, 12)]
    entries += [entry(20, "南湖镇", A, 40, remarks="值班员外出未报备"), entry(21, "西山镇", N, None)]
    record = RollCallRecord(id=1, kind=RollCallKind.HOST, status=RollCallStatus.FINISHED, planned_at=START,
                            entries=tuple(entries))
    finals = rules.final_attempts(record.attempts())
    by_key = {(e.unit_name, e.attempt): e for e in entries}
    s = RollCallSummary(rollcall=record, tally=rules.tally(record.attempts(), 60), answer_limit=60,
                        office_name="临江区人民政府", issuing_office="临江区人民政府办公室", time_zone="Asia/Shanghai",
                        problems=(), finals=tuple(by_key[(a.unit, a.attempt)] for a in finals.values()))
    out = io.BytesIO()
    build_notice_pdf(s, out, printed_on=date(2026, 11, 23))
    pages = ["".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(out.getvalue())).pages]
    text = "".join(pages)
    assert text.index("（一）在岗（11个）") < text.index("（二）离岗（1个）") < text.index("（三）未应答（1个）")
    assert "（五）" not in text
    assert "（一）在岗（11个）" in pages[0] and "第1街道" in pages[0]
