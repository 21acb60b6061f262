"""来电统计 and the 每日要情's notable calls, on both databases. The clock: 2026-11-21 09:00 office time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from dutyroom.domain.vocabulary import CallDirection, CallerKind, CallOutcome, FollowUpStatus
from dutyroom.services.calls import stats as call_stats
from dutyroom.services.calls.records import CallRecord

OFFICE = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=OFFICE)


def log(services, actor, started: datetime, outcome=CallOutcome.ANSWERED, **fields) -> CallRecord:
    fields.setdefault("summary", "咨询社保卡补办需要带哪些材料")
    return services.calls.create(actor, CallRecord(started_at=started, outcome=outcome, **fields))


def month_of_calls(services, actors):
    _admin, leader, officer = actors
    log(services, officer, at(1, 0, 0))  # the first second of the month is in it
    log(services, officer, at(31, 23, 59, month=10))  # the last minute of October is not
    log(services, officer, at(20, 10), CallOutcome.ASSIGNED, assigned_unit="区水务局", due_on=date(2026, 11, 20),
        summary="幸福小区停水两天", caller_unit="城关街道", caller_name="张三", category="投诉")
    closed = log(services, officer, at(20, 11), CallOutcome.ASSIGNED, assigned_unit="区城管局",
                 summary="路灯不亮", caller_kind=CallerKind.SUBORDINATE)
    services.calls.close(officer, closed.id, "已修复")
    log(services, officer, at(21, 8), CallOutcome.INVALID, outcome_note="未说明事由即挂断", summary="无声电话")
    log(services, officer, at(21, 8, 30), direction=CallDirection.OUTGOING, summary="通知区水务局报送停水情况")
    log(services, leader, at(21, 8, 45), CallOutcome.REPORTED, outcome_note="带班领导李主任", early_warning=True,
        widespread=True, summary="多名群众反映幸福小区停水")


def counts(rows) -> dict[str, int]:
    return {r.label: r.count for r in rows}


def test_month_statistics_count_every_call_of_the_month_once(services, actors):
    month_of_calls(services, actors)
    stats = services.calls.stats_month(2026, 11)
    assert (stats.first, stats.last) == (date(2026, 11, 1), date(2026, 11, 30))
    assert (stats.total, stats.incoming, stats.outgoing) == (6, 5, 1)
    # needing handling: every incoming call but the invalid one; handled: answered, reported, the closed 转办
    assert (stats.needing_handling, stats.handled) == (4, 3)
    assert stats.handled_rate == 0.75
    assert (stats.assigned, stats.open_follow_ups, stats.overdue_follow_ups) == (2, 1, 1)
    assert (stats.early_warning, stats.widespread) == (1, 1)
    assert counts(stats.by_category) == {"咨询": 5, "求助": 0, "投诉": 1, "举报": 0, "突发事件报告": 0, "通知": 0,
                                         "其他": 0}
    assert [r.label for r in stats.by_category][:3] == ["咨询", "求助", "投诉"]  # the office's menu order
    assert counts(stats.by_outcome) == {"当场答复/告知": 2, "转办": 2, "报告领导": 1, "已办结": 0, "无效来电": 1}
    # the 去电 is not a caller: 4 from the public, 1 from a subordinate unit, 5 incoming calls in all
    assert counts(stats.by_caller_kind)["下级单位"] == 1 and counts(stats.by_caller_kind)["群众"] == 4
    assert sum(r.count for r in stats.by_caller_kind) == stats.incoming
    assert not stats.complete  # printed on the 21st: November has not ended
    [overdue] = stats.overdue_lines
    assert "幸福小区停水两天" in overdue and "转办区水务局" in overdue and "已逾期1天" in overdue
    assert [(r.label, r.count) for r in stats.by_officer] == [("赵值班", 5), ("李带班", 1)]
    assert len(stats.by_day) == 30 and stats.by_day[0].label == "11-01"
    assert counts(stats.by_day)["11-01"] == 1 and counts(stats.by_day)["11-20"] == 2
    assert counts(stats.by_day)["11-21"] == 3 and sum(r.count for r in stats.by_day) == 6


def test_a_day_and_a_reversed_period(services, actors):
    month_of_calls(services, actors)
    day = services.calls.stats(date(2026, 11, 20), date(2026, 11, 20))
    assert day.total == 2 and [(r.label, r.count) for r in day.by_day] == [("11-20", 2)]
    october = services.calls.stats(date(2026, 10, 31), date(2026, 10, 1))
    assert (october.first, october.last, october.total) == (date(2026, 10, 1), date(2026, 10, 31), 1)


def test_an_empty_period_has_no_rate_and_zero_days(services, actors):
    stats = services.calls.stats_month(2027, 2)
    assert stats.total == 0 and stats.handled_rate is None
    assert len(stats.by_day) == 28 and all(r.count == 0 for r in stats.by_day)
    assert stats.by_officer == ()


def test_overdue_follow_ups_are_counted_as_they_stand_today(services, actors, clock):
    _admin, _leader, officer = actors
    call = log(services, officer, at(18, 9), CallOutcome.ASSIGNED, assigned_unit="区水务局", due_on=date(2026, 11, 21))
    assert services.calls.stats_month(2026, 11).overdue_follow_ups == 0  # due today is not late yet
    clock.advance(days=1)
    assert services.calls.stats_month(2026, 11).overdue_follow_ups == 1
    services.calls.record_feedback(officer, call.id, "已恢复供水", FollowUpStatus.CLOSED)
    stats = services.calls.stats_month(2026, 11)
    assert (stats.overdue_follow_ups, stats.open_follow_ups, stats.handled) == (0, 0, 1)


def test_the_digest_lists_flagged_assigned_and_reported_calls_and_overdue_ones(services, actors):
    month_of_calls(services, actors)
    _admin, _leader, officer = actors
    log(services, officer, at(20, 18, 30), CallOutcome.ASSIGNED, assigned_unit="区住建局",
        summary="小区电梯故障困人已解救", caller_unit="幸福社区")
    log(services, officer, at(20, 17, 59), CallOutcome.ASSIGNED, assigned_unit="区交通局",
        summary="公交站牌倒伏", due_on=date(2026, 11, 25))
    lines = services.calls.notable_lines(date(2026, 11, 21))
    assert lines == [
        "20日18:30 幸福社区反映小区电梯故障困人已解救（转办区住建局，待办）",
        "08:45 来电反映多名群众反映幸福小区停水（苗头性问题，普遍性问题，已报告带班领导李主任）",
        "11月20日10:00 城关街道 张三反映幸福小区停水两天（转办区水务局，反馈时限11月20日，已逾期1天）",
    ]
    # Before 18:00 the day before belongs to the day before's digest; closed and not-yet-due calls are not overdue.
    assert not any("公交站牌" in line or "路灯" in line for line in lines)
    earlier = services.calls.notable_lines(date(2026, 11, 20))
    assert any("公交站牌倒伏" in line for line in earlier) and any("路灯不亮（转办区城管局，已办结）" in line
                                                                for line in earlier)
    assert services.calls.notable_lines(date(2026, 12, 25)) == [
        "11月20日10:00 城关街道 张三反映幸福小区停水两天（转办区水务局，反馈时限11月20日，已逾期35天）",
        "11月20日18:30 幸福社区反映小区电梯故障困人已解救（转办区住建局，反馈时限11月23日，已逾期32天）",
        "11月20日17:59 来电反映公交站牌倒伏（转办区交通局，反馈时限11月25日，已逾期30天）",
    ]


def test_a_busy_day_is_cut_with_a_closing_count(services, actors, monkeypatch):

    monkeypatch.setattr(call_stats, "NOTABLE_MAX", 3)
    _admin, _leader, officer = actors
    for minute in range(5):
        log(services, officer, at(21, 8, minute), CallOutcome.REPORTED, outcome_note="李主任", summary=f"第{minute}件")
    lines = services.calls.notable_lines(date(2026, 11, 21))
    assert len(lines) == 4 and lines[-1] == "另有 2 件转办、报告领导或标记的来电未列出，详见来电登记。"


def test_the_statistics_document_lists_overdue_calls_and_judges_only_a_finished_month(services, actors, clock):
    import io

    from pypdf import PdfReader

    from dutyroom.services.calls.documents import write_call_stats

    def text() -> str:
        out = io.BytesIO()
        write_call_stats(services, date(2026, 11, 1), date(2026, 11, 30), out)
        return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(out.getvalue())).pages)

    month_of_calls(services, actors)
    running = text()
    assert "办理率75.0%，统计期尚未结束，暂不作是否达到95%要求的评价。" in running and "未达到" not in running
    assert "其中逾期未办结1件" in running
    assert "四、逾期未办结的转办件1．11月20日10:00" in running and "幸福小区停水两天" in running
    assert "五、每日来电数量" in running
    clock.advance(days=10)  # 12月1日: the month is over and is judged
    assert "办理率75.0%，未达到95%的要求。" in text()
