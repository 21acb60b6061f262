"""来电登记表 and 来电情况统计 as printed: the Chinese text read back from the PDF, and its pages."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from dutyroom.domain.phones import format_number
from dutyroom.domain.vocabulary import CallDirection, CallOutcome, FollowUpStatus
from dutyroom.reports.call_stats import build_call_stats_pdf, intro_text, period_title
from dutyroom.reports.calls import build_calls_pdf, handling_text
from dutyroom.services.calls.records import HANDLED_RATE_DEFINITION, CallRecord, CallStats, CountRow

OFFICE = ZoneInfo("Asia/Shanghai")
PRINTED = date(2026, 11, 21)


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    return "".join(text.split())


def a_call(n: int, **fields) -> CallRecord:
    values = dict(started_at=datetime(2026, 11, 20, 8, 0, tzinfo=OFFICE) + timedelta(minutes=29 * n),
                  summary=f"第{n}号来电：城关街道幸福小区自昨晚起停水，居民生活受到影响，询问何时恢复。",
                  outcome=CallOutcome.ANSWERED, outcome_note="已一次性告知办理流程", caller_name="张三",
                  caller_number="13905711234", caller_unit="幸福社区居委会", officer="赵值班", id=n)
    values.update(fields)
    return CallRecord(**values)


def register(calls, first=date(2026, 11, 20), last=date(2026, 11, 20)) -> bytes:
    out = io.BytesIO()
    build_calls_pdf(calls, out, first=first, last=last, office_name="某某市人民政府", issuing_office="某某市人民政府办公室",
                    printed_on=PRINTED, number_text=format_number)
    return out.getvalue()


def test_the_register_lists_each_call_with_its_handling():
    calls = [a_call(1), a_call(2, outcome=CallOutcome.ASSIGNED, assigned_unit="区水务局", outcome_note="",
                                follow_status=FollowUpStatus.PENDING, due_on=date(2026, 11, 23), early_warning=True),
             a_call(3, outcome=CallOutcome.REPORTED, outcome_note="带班领导李主任", leader_instruction="请水务局尽快处理"),
             a_call(4, direction=CallDirection.OUTGOING, caller_name="", caller_number="")]
    text = pages(register(calls))
    assert len(text) == 1
    page = flat(text[0])
    for expected in ("来电登记表", "某某市人民政府办公室2026年11月20日", "序号", "内容摘要", "处理情况", "值班员",
                     "139 0571 1234".replace(" ", ""), "幸福社区居委会", "转办区水务局（待办，11月23日前反馈）",
                     "〔苗头性问题〕", "已报告带班领导李主任", "领导批示：请水务局尽快处理", "（去电）", "08:29",
                     "本时段共登记4件（来电3件，去电1件），其中转办1件、报告领导1件。", "值班员（签字）", "带班领导（签字）",
                     "—1—", "内部资料"):
        assert expected in page, expected


def test_a_long_register_repeats_its_header_and_numbers_its_pages():
    calls = [a_call(n) for n in range(1, 61)] + [a_call(61, summary="很长的摘要" * 1000)]
    text = pages(register(calls, last=date(2026, 11, 21)))
    assert len(text) > 3
    for number, page in enumerate(text, start=1):
        assert "序号" in page and "内容摘要" in page, number  # the header row on every page
        assert f"—{number}—" in flat(page)
    joined = flat("".join(text))
    assert "第60号来电" in joined and "11月20日" in joined  # a period of several days shows each call's date
    assert "（共5000字，全文见来电登记）" in joined  # a huge summary is cut in print, never lost from the log
    assert "带班领导（签字）" in text[-1]


def test_an_empty_register_says_so():
    page = flat(pages(register([]))[0])
    assert "本时段无来电登记" in page and "本时段共登记0件" in page


def test_handling_text_for_each_outcome():
    assert handling_text(a_call(1, outcome=CallOutcome.INVALID, outcome_note="挂断")) == "无效来电：挂断"
    closed = a_call(1, outcome=CallOutcome.ASSIGNED, assigned_unit="区城管局", outcome_note="",
                    follow_status=FollowUpStatus.CLOSED, due_on=date(2026, 11, 22), feedback="已修复")
    assert handling_text(closed) == "转办区城管局（已办结）\n反馈：已修复"


def month_stats(**fields) -> CallStats:
    days = tuple(CountRow(f"11-{d:02d}", (d * 7) % 23) for d in range(1, 31))
    total = sum(r.count for r in days)
    values = dict(
        first=date(2026, 11, 1), last=date(2026, 11, 30), total=total, incoming=total - 10, outgoing=10,
        needing_handling=total - 20, handled=total - 25, handled_rate=(total - 25) / (total - 20),
        by_category=(CountRow("咨询", total - 60), CountRow("投诉", 40), CountRow("突发事件报告", 20), CountRow("举报", 0)),
        by_caller_kind=(CountRow("群众", total - 50), CountRow("部门", 50)),
        by_outcome=(CountRow("当场答复/告知", total - 40), CountRow("转办", 30), CountRow("无效来电", 10)),
        by_officer=(CountRow("赵值班", total - 100), CountRow("钱值班", 100)), by_day=days, assigned=30,
        open_follow_ups=5, overdue_follow_ups=2, early_warning=3, widespread=1)
    values.update(fields)
    return CallStats(**values)


def test_the_month_statistics_state_the_rate_its_definition_and_the_figures():
    stats = month_stats()
    out = io.BytesIO()
    build_call_stats_pdf(stats, out, office_name="某某市人民政府", issuing_office="某某市人民政府办公室", printed_on=PRINTED)
    text = flat("".join(pages(out.getvalue())))
    rate = f"{int(stats.handled_rate * 1000) / 10:.1f}%"
    for expected in ("2026年11月来电情况统计", f"办理率{rate}", "达到95%的要求", "其中逾期未办结2件",
                     flat(HANDLED_RATE_DEFINITION), "一、按类别统计", "突发事件报告", "二、按来电人类别和处理情况统计",
                     "当场答复/告知", "三、值班员登记情况", "钱值班", "四、每日来电数量（11月，截至21日）", "某某市人民政府办公室",
                     "2026年11月21日", "合计", "苗头性问题3件"):
        assert expected in text, expected


def test_a_finished_month_charts_every_day_and_a_running_one_only_the_days_so_far():
    stats = month_stats()
    finished, running = io.BytesIO(), io.BytesIO()
    build_call_stats_pdf(stats, finished, office_name="某某市人民政府", printed_on=date(2026, 12, 2))
    build_call_stats_pdf(stats, running, office_name="某某市人民政府", printed_on=PRINTED)
    finished_text, running_text = (flat("".join(pages(o.getvalue()))) for o in (finished, running))
    assert "四、每日来电数量（11月）" in finished_text and "截至" not in finished_text
    assert "四、每日来电数量（11月，截至21日）" in running_text
    assert len(running_text) < len(finished_text)  # nine fewer day labels and bar values


def test_a_rate_below_the_target_and_an_empty_month():
    low = month_stats(handled=50, needing_handling=100, handled_rate=0.5)
    assert "办理率50.0%，未达到95%的要求" in intro_text(low)
    empty = month_stats(total=0, incoming=0, outgoing=0, needing_handling=0, handled=0, handled_rate=None,
                        by_officer=(), assigned=0, open_follow_ups=0, overdue_follow_ups=0, early_warning=0,
                        widespread=0)
    out = io.BytesIO()
    build_call_stats_pdf(empty, out, office_name="某某市人民政府", printed_on=PRINTED)
    text = flat("".join(pages(out.getvalue())))
    assert "2026年11月，未登记来电。" in text and "一、按类别统计" not in text


@pytest.mark.parametrize(("first", "last", "title"), [
    (date(2026, 11, 1), date(2026, 11, 30), "2026年11月"),
    (date(2026, 11, 21), date(2026, 11, 21), "2026年11月21日"),
    (date(2026, 11, 1), date(2026, 11, 15), "2026年11月1日至11月15日"),
    (date(2026, 12, 20), date(2027, 1, 5), "2026年12月20日至2027年1月5日"),
])
def test_period_titles(first, last, title):
    assert period_title(first, last) == title


def test_outgoing_calls_are_not_counted_among_the_callers():
    stats = month_stats(total=129, incoming=124, outgoing=5,
                        by_caller_kind=(CountRow("群众", 100), CountRow("部门", 24)))
    out = io.BytesIO()
    build_call_stats_pdf(stats, out, office_name="某某市人民政府", printed_on=date(2026, 12, 2))
    text = flat("".join(pages(out.getvalue())))
    assert "来电人类别件数占比群众10080.6%部门2419.4%合计124100.0%" in text
