from datetime import date

import pytest

from dutyroom.domain import call_stats as maths
from dutyroom.domain.months import month_range
from dutyroom.domain.vocabulary import CallDirection, CallOutcome, FollowUpStatus

IN, OUT = CallDirection.INCOMING.value, CallDirection.OUTGOING.value


@pytest.mark.parametrize(("direction", "outcome", "status", "needing", "handled"), [
    (IN, CallOutcome.ANSWERED.value, None, True, True),
    (IN, CallOutcome.REPORTED.value, None, True, True),
    (IN, CallOutcome.CLOSED.value, None, True, True),
    (IN, CallOutcome.ASSIGNED.value, FollowUpStatus.PENDING.value, True, False),
    (IN, CallOutcome.ASSIGNED.value, FollowUpStatus.IN_PROGRESS.value, True, False),
    (IN, CallOutcome.ASSIGNED.value, FollowUpStatus.CLOSED.value, True, True),
    (IN, CallOutcome.INVALID.value, None, False, False),
    (OUT, CallOutcome.ANSWERED.value, None, False, False),
])
def test_what_counts_for_the_handled_rate(direction, outcome, status, needing, handled):
    assert maths.needs_handling(direction, outcome) is needing
    assert maths.is_handled(direction, outcome, status) is handled


def test_rate_text_never_rounds_up_to_a_complete_or_passing_rate():
    assert maths.rate_text(None) == "—"
    assert maths.rate_text(1.0) == "100.0%"
    assert maths.rate_text(1999 / 2000) == "99.9%"  # 99.95 % is not 100 %
    assert maths.rate_text(0.94999) == "94.9%"  # nor is 94.999 % the 95 % an office is held to
    assert maths.rate_text(0.5) == "50.0%"
    assert maths.rate_text(5 / 9) == "55.6%"  # rounded half up, as by hand (not cut to 55.5 %)
    assert maths.rate_text(1 / 16) == "6.3%"  # an exact half goes up
    assert maths.rate_text(2 / 3) == "66.7%" and maths.rate_text(1 / 3) == "33.3%"
    assert maths.rate_text(0.9496) == "94.9%" and maths.rate_text(0.9504) == "95.0%"
    assert maths.handled_rate(0, 0) is None and maths.handled_rate(19, 20) == 0.95


def test_ordered_counts_keep_the_menu_order_with_zeros_then_the_rest_by_count():
    counts = {"投诉": 5, "咨询": 2, "旧类别": 1, "信访": 3}
    assert maths.ordered_counts(counts, ["咨询", "求助", "投诉"]) == [
        ("咨询", 2), ("求助", 0), ("投诉", 5), ("信访", 3), ("旧类别", 1)]
    assert maths.ordered_counts(counts, ["咨询", "求助"], keep_zeros=False)[:2] == [("咨询", 2), ("投诉", 5)]


def test_count_by_day_covers_every_day_of_the_period():
    rows = maths.count_by_day([(date(2026, 2, 3), 2), (date(2026, 2, 3), 1), (date(2026, 3, 1), 9)],
                              *month_range(2026, 2))
    assert len(rows) == 28 and rows[0] == ("02-01", 0) and rows[2] == ("02-03", 3)
    assert sum(n for _, n in rows) == 3  # the day after the period is not counted


def test_month_bounds_end_on_the_last_day_including_december_and_leap_years():
    assert month_range(2026, 12) == (date(2026, 12, 1), date(2026, 12, 31))
    assert month_range(2028, 2) == (date(2028, 2, 1), date(2028, 2, 29))


def test_notable_line_reads_like_the_digest():
    line = maths.notable_line("14:05", "城关街道 张三", "幸福小区停水，已两天。", ["转办区水务局"])
    assert line == "14:05 城关街道 张三反映幸福小区停水，已两天（转办区水务局）"
    assert maths.notable_line("08:00", "", "路灯不亮", []) == "08:00 来电反映路灯不亮"
    assert maths.notable_line("08:00", "", "询问社保", []) == "08:00 来电：询问社保"
    assert maths.notable_line("08:00", "李女士", "举报非法捕捞", []) == "08:00 李女士举报非法捕捞"
    assert maths.notable_line("09:10", "区水务局", "督促回复", [], outgoing=True) == "09:10 去电区水务局：督促回复"
    long = maths.notable_line("10:00", "", "很长" * 100, [], limit=20)
    assert long.endswith("……") and len(long) < 40


def test_shorten_puts_a_long_text_on_one_line():
    assert maths.shorten("第一行\n第二行", 50) == "第一行 第二行"
    assert maths.shorten("一二三四五六", 4) == "一二三……"
