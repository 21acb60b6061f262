"""The 报送时限 strip: countdown words at the edges, states in icon and words, one cheap tick a second."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from dutyroom.domain.vocabulary import ClockStart
from dutyroom.gui.clocks import (
    EMPTY_TEXT,
    ClockStrip,
    countdown_text,
    due_text,
    state_counts,
    summary_text,
)
from dutyroom.services.incidents.records import ClockRecord
from tests.conftest import SHANGHAI

DUE = datetime(2026, 11, 21, 12, 0, tzinfo=SHANGHAI)


def test_exactly_at_due_is_still_on_time_and_one_second_later_is_overdue():
    assert countdown_text(DUE, DUE) == "剩余 00:00:00"
    assert countdown_text(DUE, DUE + timedelta(seconds=1)) == "超时 00:00:01"
    assert countdown_text(DUE, DUE - timedelta(hours=1, minutes=12, seconds=5)) == "剩余 01:12:05"
    assert countdown_text(DUE, DUE + timedelta(minutes=12, seconds=40)) == "超时 00:12:40"


def test_part_seconds_never_show_an_overdue_clock_as_zero():
    assert countdown_text(DUE, DUE - timedelta(milliseconds=400)) == "剩余 00:00:00"
    assert countdown_text(DUE, DUE + timedelta(milliseconds=400)) == "超时 00:00:01"


def test_long_limits_count_hours_past_a_day():
    assert countdown_text(DUE, DUE - timedelta(hours=30)) == "剩余 30:00:00"


def test_due_time_is_office_local_with_the_date_when_not_today():
    now = datetime(2026, 11, 21, 9, 0, tzinfo=SHANGHAI)
    assert due_text(DUE, now, "Asia/Shanghai") == "12:00"
    assert due_text(DUE + timedelta(days=1), now, "Asia/Shanghai") == "11月22日 12:00"
    # Stored in UTC, shown in the office zone: 04:00 UTC is noon in Beijing.
    assert due_text(DUE.astimezone(timezone.utc), now, "Asia/Shanghai") == "12:00"


def test_state_counts_by_binary_search_match_the_thresholds():
    now = DUE
    dues = sorted([now - timedelta(seconds=1), now, now + timedelta(minutes=10), now + timedelta(minutes=10, seconds=1),
                   now + timedelta(minutes=30), now + timedelta(minutes=31)])
    assert state_counts(dues, now) == {"overdue": 1, "urgent": 2, "warning": 2, "normal": 1}
    assert summary_text(state_counts(dues, now)) == "未报送 6 个\n⚠1 ◆2 ▲2"


def clock_record(id_, due, title="临江路燃气管道泄漏", rule="首报（事发后3小时内）", **extra) -> ClockRecord:
    return ClockRecord(id=id_, incident_id=100 + id_, incident_title=title, rule_name=rule, limit_minutes=180,
                       counted_from=ClockStart.OCCURRED, start_at=due - timedelta(hours=3), due_at=due, **extra)


@pytest.fixture
def strip_of(qtbot, clock):
    def make(records, width=1100, acknowledge=None):
        calls = []

        def load():
            calls.append(clock.now())
            return list(records)

        strip = ClockStrip(clock, "Asia/Shanghai", load, acknowledge, start_timer=False)
        strip.load_calls = calls
        qtbot.addWidget(strip)
        strip.resize(width, 60)
        strip.show()
        qtbot.waitExposed(strip)
        return strip

    return make


def test_countdown_moves_as_the_clock_advances_and_the_timer_ticks(strip_of, clock):
    strip = strip_of([clock_record(1, clock.now() + timedelta(hours=3))])
    chip = strip.visible_chips()[0]
    assert chip.countdown.text().startswith("剩余 03:00:00")
    assert chip.heading.text().startswith("● ")

    clock.advance(seconds=1)
    strip.tick()
    assert chip.countdown.text() == "剩余 02:59:59  截止 12:00:00"

    clock.advance(hours=2, minutes=30, seconds=-1)  # 30 minutes left
    strip.reload()  # a minute has long passed: the strip reads the clocks again, as it does once a minute
    chip = strip.visible_chips()[0]
    assert chip.countdown.text().startswith("剩余 00:30:00")
    assert chip.heading.text().startswith("▲ 将到期")
    assert chip.property("state") == "warning"

    clock.advance(minutes=30)  # exactly at due: still on time
    strip.reload()
    chip = strip.visible_chips()[0]
    assert chip.countdown.text().startswith("剩余 00:00:00")
    assert chip.heading.text().startswith("◆ 紧急")
    assert chip.ack_button.isHidden()

    clock.advance(seconds=1)
    strip.tick()
    assert chip.countdown.text().startswith("超时 00:00:01")
    assert chip.heading.text().startswith("⚠ 已超时")
    assert chip.property("state") == "overdue"
    assert not chip.ack_button.isHidden() and chip.ack_button.text() == "确认"
    assert strip.summary.text() == "未报送 1 个\n⚠1"
    assert "⚠ 已超时：1 个" in strip.summary.toolTip()


def test_ticks_read_no_service_until_a_minute_has_passed(strip_of, clock):
    strip = strip_of([clock_record(1, clock.now() + timedelta(hours=3))])
    assert len(strip.load_calls) == 1
    for _ in range(59):
        clock.advance(seconds=1)
        strip.tick()
    assert len(strip.load_calls) == 1
    clock.advance(seconds=1)
    strip.tick()
    assert len(strip.load_calls) == 2


def test_nearest_first_as_many_as_fit_and_the_rest_counted(strip_of, clock):
    now = clock.now()
    records = [clock_record(i, now + timedelta(minutes=20 * (10 - i)), title=f"事件{i}") for i in range(10)]
    strip = strip_of(records, width=1100)
    chips = strip.visible_chips()
    assert 1 <= len(chips) < 10
    assert [c.record.incident_title for c in chips] == [f"事件{i}" for i in range(9, 9 - len(chips), -1)]
    assert strip.more.text() == f"另有 {10 - len(chips)} 个 ▸"
    assert strip.minimumSizeHint().width() == 0  # never makes the window wider


def test_completed_clocks_leave_the_strip_and_an_empty_strip_says_so_calmly(strip_of, clock):
    now = clock.now()
    records = [clock_record(1, now + timedelta(hours=1), completed_at=now, minutes_late=-60)]
    strip = strip_of(records)
    assert strip.visible_chips() == []
    assert strip.empty.text() == EMPTY_TEXT and strip.empty.isVisible()
    assert not strip.summary.isVisible()


def test_confirm_on_an_overdue_chip_acknowledges_that_clock(strip_of, clock, qtbot):
    acknowledged = []
    strip = strip_of([clock_record(7, clock.now() - timedelta(minutes=3))], acknowledge=acknowledged.append)
    chip = strip.visible_chips()[0]
    with qtbot.waitSignal(strip.acknowledged):
        chip.ack_button.click()
    assert acknowledged == [7]


def test_a_refused_acknowledgement_is_told_not_raised(strip_of, clock, qtbot):
    from dutyroom.errors import PermissionDenied

    def refuse(clock_id):
        raise PermissionDenied("没有权限：突发事件由值班员或带班领导登记和报送")

    strip = strip_of([clock_record(7, clock.now() - timedelta(minutes=3))], acknowledge=refuse)
    with qtbot.waitSignal(strip.failed) as blocker:
        strip.visible_chips()[0].ack_button.click()
    assert blocker.args[0].startswith("没有权限")


@pytest.mark.parametrize("name", ["light", "dark"])
def test_a_chip_turning_overdue_takes_the_overdue_text_colour(strip_of, clock, qapp, name):
    """Its labels are re-styled with the chip: urgent dark red on an overdue red would be unreadable."""
    from PySide6.QtGui import QPalette

    from dutyroom.gui import theme

    theme.apply_theme(qapp, name)  # the colours live in the program's style sheets (restored by conftest)
    strip = strip_of([clock_record(1, clock.now() + timedelta(minutes=5))])
    chip = strip.visible_chips()[0]
    assert chip.property("state") == "urgent"
    urgent_text = chip.countdown.palette().color(QPalette.ColorRole.WindowText).name()
    clock.advance(minutes=5, seconds=1)
    strip.tick()
    assert chip.property("state") == "overdue"
    overdue_text = chip.countdown.palette().color(QPalette.ColorRole.WindowText).name()
    assert overdue_text == "#ffffff" and overdue_text != urgent_text


@pytest.mark.parametrize("name", ["light", "dark"])
def test_a_chip_says_its_deadline_to_the_second_beside_the_countdown(strip_of, clock, qapp, name):
    from dutyroom.gui import theme

    theme.ensure_cjk_font(qapp)
    theme.apply_theme(qapp, name)
    now = clock.now()  # 09:00 office time
    strip = strip_of([clock_record(1, now + timedelta(minutes=19, seconds=47)),
                      clock_record(2, now + timedelta(hours=23, minutes=19, seconds=47), title="青山镇群众聚集")])
    today, tomorrow = strip.visible_chips()
    assert today.countdown.text() == "剩余 00:19:47  截止 09:19:47"
    label = today.countdown
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()
    assert tomorrow.countdown.text().startswith("剩余 23:19:47")
    assert "截止：2026-11-22 08:19:47" in tomorrow.toolTip()  # another day: the whole instant, to the second
