"""Shift windows, the handover window and carrying items, without a database."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from dutyroom.domain import handover as rules
from dutyroom.domain.roster import ShiftSpec

OFFICE = ZoneInfo("Asia/Shanghai")
DAY = ShiftSpec(id=1, name="白班", start=time(8, 30), duration_minutes=12 * 60, sort_order=1)
NIGHT = ShiftSpec(id=2, name="夜班", start=time(20, 30), duration_minutes=12 * 60, sort_order=2)


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, second, tzinfo=OFFICE)


def test_the_handover_second_belongs_to_the_incoming_shift_with_the_default_24_hour_shift():
    before = rules.shift_containing(at(21, 8, 29, 59), [], OFFICE)
    after = rules.shift_containing(at(21, 8, 30, 0), [], OFFICE)
    assert before.key == rules.ShiftKey(date(2026, 11, 20)) and after.key == rules.ShiftKey(date(2026, 11, 21))
    assert after.starts_at == at(21, 8, 30) and after.ends_at == at(22, 8, 30)
    assert before.ends_at == after.starts_at


def test_a_day_and_night_roster():
    specs = [DAY, NIGHT]
    assert rules.shift_containing(at(21, 8, 29, 59), specs, OFFICE).key == rules.ShiftKey(date(2026, 11, 20), "夜班")
    assert rules.shift_containing(at(21, 8, 30), specs, OFFICE).key == rules.ShiftKey(date(2026, 11, 21), "白班")
    assert rules.shift_containing(at(21, 20, 30), specs, OFFICE).key == rules.ShiftKey(date(2026, 11, 21), "夜班")
    # 03:00 on the 22nd is still the night shift that started on the 21st.
    assert rules.shift_containing(at(22, 3), specs, OFFICE).key == rules.ShiftKey(date(2026, 11, 21), "夜班")
    day_shift = rules.shift_named(rules.ShiftKey(date(2026, 11, 21), "白班"), specs, OFFICE)
    assert day_shift is not None
    following = rules.next_shift(day_shift, specs, OFFICE)
    assert following.key == rules.ShiftKey(date(2026, 11, 21), "夜班")
    assert rules.next_shift(following, specs, OFFICE).key == rules.ShiftKey(date(2026, 11, 22), "白班")
    assert [s.key.name for s in rules.shifts_of_day(date(2026, 11, 21), [NIGHT, DAY], OFFICE)] == ["白班", "夜班"]
    assert rules.shift_named(rules.ShiftKey(date(2026, 11, 21), "中班"), specs, OFFICE) is None


def test_a_gap_between_shifts_counts_to_the_shift_that_ended():
    # A day-only roster: 08:30–17:30. At 20:00 the day shift has ended and nothing else is on.
    day_only = [ShiftSpec(id=1, name="白班", start=time(8, 30), duration_minutes=9 * 60)]
    span = rules.shift_containing(at(21, 20), day_only, OFFICE)
    assert span.key == rules.ShiftKey(date(2026, 11, 21), "白班") and not span.holds(at(21, 20))
    assert rules.next_shift(span, day_only, OFFICE).key == rules.ShiftKey(date(2026, 11, 22), "白班")


def test_handover_window_defaults_and_messages():
    span = rules.shift_containing(at(21, 9), [], OFFICE)
    window = rules.handover_window(span)
    assert window.opens_at == at(22, 8) and window.closes_at == at(22, 9, 30)
    assert window.contains(at(22, 8)) and window.contains(at(22, 9, 30)) and not window.contains(at(22, 9, 31))
    assert rules.outside_window_text(window, at(22, 8, 10)) == ""
    assert rules.outside_window_text(window, at(22, 10, 0)) == "交接时间已超过交接窗口 30 分钟，请填写延迟交接的原因"
    assert rules.outside_window_text(window, at(22, 7, 0)) == "交接时间比交接窗口早 1 小时，请填写提前交接的原因"
    assert rules.outside_window_text(window, at(21, 9, 0)) == "交接时间比交接窗口早 23 小时，请填写提前交接的原因"
    assert rules.outside_window_text(window, at(22, 10, 50)) == "交接时间已超过交接窗口 1 小时 20 分钟，请填写延迟交接的原因"
    narrow = rules.handover_window(span, before_minutes=10, after_minutes=5)
    assert narrow.opens_at == at(22, 8, 20) and narrow.closes_at == at(22, 8, 35)


def test_missed_only_after_the_window_closed_without_a_handover():
    window = rules.handover_window(rules.shift_containing(at(21, 9), [], OFFICE))
    assert not rules.is_missed(window, at(22, 9, 30), handed_over=False)
    assert rules.is_missed(window, at(22, 9, 30) + timedelta(seconds=1), handed_over=False)
    assert not rules.is_missed(window, at(23, 9), handed_over=True)


def test_items_ticked_go_over_and_the_others_stay_flagged():
    result = rules.carry([5, 3, 8, 3], acknowledged=[8, 5, 99])
    assert result.taken == (5, 8) and result.left == (3,)
    assert rules.unknown_acknowledgements([5, 3, 8], [8, 99]) == [99]
    assert rules.item_overdue(at(21, 9), None, at(21, 10)) and not rules.item_overdue(at(21, 9), at(21, 9), at(21, 10))
    assert not rules.item_overdue(None, None, at(21, 10))


@pytest.mark.parametrize("note, problem", [("", "请填写办结情况或不再交接的原因"), ("   ", "请填写办结情况或不再交接的原因"),
                                           ("已报送市政府", None), ("字" * 2001, "说明太长（最多 2000 个字）")])
def test_closing_an_item_needs_a_note(note, problem):
    assert rules.closing_problem(note) == problem


def test_shift_labels():
    assert rules.ShiftKey(date(2026, 11, 21)).label == "2026年11月21日"
    assert rules.ShiftKey(date(2026, 11, 21), "夜班").label == "2026年11月21日 夜班"


def test_the_duty_log_names_each_person_who_logged_in_once():
    """Found by hand: every unlock and 切换用户 is a login, and the log listed ten lines for one officer."""
    from types import SimpleNamespace

    from dutyroom.domain.handover import login_summary

    def at(h, m):
        return datetime(2026, 12, 3, h, m, tzinfo=ZoneInfo("Asia/Shanghai"))

    lines = [SimpleNamespace(name="吴磊", at=at(15, 21)), SimpleNamespace(name="孙明", at=at(15, 30)),
             SimpleNamespace(name="吴磊", at=at(15, 20)), SimpleNamespace(name="吴磊", at=at(16, 2))]
    summary = login_summary(lines)
    assert [(s.name, s.first_at, s.last_at, s.count) for s in summary] == [
        ("吴磊", at(15, 20), at(16, 2), 3), ("孙明", at(15, 30), at(15, 30), 1)]
