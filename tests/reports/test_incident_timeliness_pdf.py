"""突发事件信息报告情况通报 PDF: totals, the per-unit table, the late list and the chart."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

from pypdf import PdfReader

from dutyroom.domain.vocabulary import ClockStart
from dutyroom.reports import build_timeliness_pdf
from dutyroom.reports.timeliness import intro_text
from dutyroom.services.incidents.records import ClockRecord, TimelinessRow
from tests.reports.test_contacts_pdf import _font_problems
from tests.reports.test_incident_narrative import at

FIRST = "首报（事发后3小时内）"
SECURITY = "重要敌情社情（2小时内）"
ROWS = [
    TimelinessRow("市应急管理局", FIRST, 6, 5, 1, 0, 25),
    TimelinessRow("市公安局指挥中心", FIRST, 10, 9, 1, 0, 40),
    TimelinessRow("市公安局指挥中心", SECURITY, 4, 2, 1, 1, 12),
    TimelinessRow("西湖区人民政府", FIRST, 3, 3, 0, 0, 0),
]


def late_clock(n: int, title: str, rule: str, due_day: int, late_minutes: int | None) -> ClockRecord:
    due = at(due_day, 17, 5)
    done = None if late_minutes is None else due + timedelta(minutes=late_minutes)
    clock = ClockRecord(n, n, title, rule, 180, ClockStart.OCCURRED, due - timedelta(hours=3), due, done, late_minutes)
    return replace(clock, source_unit="市公安局指挥中心") if n == 2 else clock


LATE = [
    late_clock(1, "某某路液化气罐车侧翻事故", FIRST, 21, 25),
    late_clock(2, "某某小区群体性上访", SECURITY, 9, None),
    late_clock(3, "某某隧道交通事故", FIRST, 3, 40),
    late_clock(4, "某某村聚集事件", SECURITY, 14, 12),
]


def _build(rows, late) -> tuple[PdfReader, str]:
    out = io.BytesIO()
    build_timeliness_pdf(rows, out, office_name="某某市人民政府", issuing_office="某某市人民政府办公室", year=2026,
                         month=11, late_list=late, printed_on=date(2026, 12, 2))
    reader = PdfReader(io.BytesIO(out.getvalue()))
    return reader, "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_notice_has_totals_table_late_list_and_chart():
    reader, text = _build(ROWS, LATE)
    assert "2026年11月突发事件信息报告情况通报" in text
    assert ("2026年11月，3个单位共报告突发事件19起，按规定时限应报送23次，其中按时报送19次，迟报3次、累计迟报77分钟，"
            "漏报1次，按时报送率82.6%。") in text
    # Each row reads: unit, rule, 事件数, 按时, 迟报, 漏报, 迟报分钟, 按时率.
    assert f"市应急管理局{FIRST}6510" + "25" + "83.3%" in text
    assert f"市公安局指挥中心{FIRST}1091040" + "90.0%" in text
    assert f"{SECURITY}4211" + "12" + "50.0%" in text
    assert f"西湖区人民政府{FIRST}33000100.0%" in text
    assert "合计19193177" + "82.6%" in text
    # The late list: in order of due time, times in the office zone, a missed report says so.
    assert text.index("某某隧道交通事故") < text.index("某某小区群体性上访") < text.index("某某村聚集事件")
    assert "某某隧道交通事故" + FIRST + "11月3日17时05分11月3日17时45分40" in text
    assert "某某小区群体性上访（市公安局指挥中心）" + SECURITY + "11月9日17时05分未报送（漏报）—" in text
    assert "三、各单位按时报送与迟报、漏报次数" in text and "按时报送（次）" in text
    assert text.index("迟报及漏报（次）") < text.index("某某市人民政府办公室2026年12月2日")  # the closing signature
    assert "—1—" in text and "内部资料" in text
    assert _font_problems(reader) == []  # the chart's labels too


def test_quiet_month_is_one_page_without_a_chart():
    reader, text = _build([], [])
    assert len(reader.pages) == 1
    assert "2026年11月，各地各部门未报送突发事件信息。" in text
    assert "本月无突发事件信息报告" in text and "本月无迟报、漏报。" in text
    assert "三、" not in text
    assert _font_problems(reader) == []


def test_intro_without_late_reports_gives_no_minutes():
    text = intro_text([TimelinessRow("市应急管理局", FIRST, 2, 2, 0, 0, 0)], 2026, 11)
    assert "迟报0次，漏报0次，按时报送率100.0%" in text and "累计" not in text


def test_many_units_run_over_pages_with_numbers():
    rows = [TimelinessRow(f"第{n}区人民政府", FIRST, 5, 4, 1, 0, 10 + n) for n in range(1, 41)]
    reader, text = _build(rows, LATE * 5)
    assert len(reader.pages) >= 3
    for n in range(1, 41):
        assert f"第{n}区人民政府{FIRST}5410" in text
    for number in range(1, len(reader.pages) + 1):
        assert f"—{number}—" in text
    assert _font_problems(reader) == []


def test_a_units_incidents_under_different_rules_are_counted_once_each():
    # 3 incidents under the first-report rule, 2 others only under the follow-up rule this month.
    rows = [TimelinessRow("市应急管理局", FIRST, 3, 3, 0, 0, 0, unit_incidents=5),
            TimelinessRow("市应急管理局", SECURITY, 2, 2, 0, 0, 0, unit_incidents=5)]
    assert "1个单位共报告突发事件5起" in intro_text(rows, 2026, 11)
