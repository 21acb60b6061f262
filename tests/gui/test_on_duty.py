"""当前值班: the right people at and around the handover minute and across midnight, and an empty day."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dutyroom.gui.changes import ChangeBridge
from dutyroom.gui.on_duty import OnDutyPanel, spaced_phone, time_left
from tests.conftest import SHANGHAI
from tests.gui.roster.data import generate, set_up_office


def _at(clock, *args) -> None:
    clock.set(datetime(*args, tzinfo=SHANGHAI))


@pytest.fixture
def november(sqlite_services, accounts):
    admin = accounts[0]
    set_up_office(sqlite_services, admin)
    generate(sqlite_services, admin, date(2026, 11, 1), date(2026, 11, 30))
    days = sqlite_services.roster.month(2026, 11).days
    return {d.day.day: d.shifts[0] for d in days}


def _panel(qtbot, services, actor, **kwargs) -> OnDutyPanel:
    panel = OnDutyPanel(services, actor, **kwargs)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def test_time_left_reads_as_spoken():
    start = datetime(2026, 11, 21, 3, 18, tzinfo=SHANGHAI)
    assert time_left(start, datetime(2026, 11, 21, 8, 30, tzinfo=SHANGHAI)) == "还剩 5 小时 12 分"
    assert time_left(start, datetime(2026, 11, 21, 4, 18, tzinfo=SHANGHAI)) == "还剩 1 小时"
    assert time_left(datetime(2026, 11, 21, 8, 29, 59, tzinfo=SHANGHAI),
                     datetime(2026, 11, 21, 8, 30, tzinfo=SHANGHAI)) == "还剩 1 分钟"


def test_handover_minute_brings_the_next_shift(qtbot, sqlite_services, accounts, clock, november):
    _at(clock, 2026, 11, 21, 8, 29, 59)
    panel = _panel(qtbot, sqlite_services, accounts[2])
    yesterday, today = november[20], november[21]
    assert yesterday.officers[0].name != today.officers[0].name
    assert yesterday.officers[0].name in panel.people_label.text()
    assert spaced_phone(yesterday.officers[0].phone) in panel.people_label.text()  # phones of the people on duty now
    assert panel.left_label.text() == "还剩 1 分钟"
    assert today.officers[0].name in panel.next_label.text()
    assert panel.next_heading.text() == "下一班  11月21日 08:30"

    _at(clock, 2026, 11, 21, 8, 30, 0)
    panel.tick()
    assert today.officers[0].name in panel.people_label.text()
    assert yesterday.officers[0].name not in panel.people_label.text()
    assert panel.left_label.text() == "还剩 24 小时"
    assert november[22].officers[0].name in panel.next_label.text()
    assert panel.shift_label.text().endswith("11月21日 08:30 — 次日 08:30")


def test_midnight_does_not_change_the_shift(qtbot, sqlite_services, accounts, clock, november):
    _at(clock, 2026, 11, 21, 23, 59, 30)
    panel = _panel(qtbot, sqlite_services, accounts[0])
    assert november[21].officers[0].name in panel.people_label.text()
    assert panel.left_label.text() == "还剩 8 小时 31 分"

    _at(clock, 2026, 11, 22, 0, 0, 30)
    panel.tick()
    assert november[21].officers[0].name in panel.people_label.text()
    assert panel.left_label.text() == "还剩 8 小时 30 分"


def test_the_timer_moves_the_time_on(qtbot, sqlite_services, accounts, clock, november):
    panel = _panel(qtbot, sqlite_services, accounts[2], tick_ms=20)
    assert panel.left_label.text() == "还剩 23 小时 30 分"
    clock.advance(hours=23, minutes=31)  # 08:31 the next morning: the next shift holds the phone
    qtbot.waitUntil(lambda: panel.left_label.text() == "还剩 23 小时 59 分")
    assert november[22].officers[0].name in panel.people_label.text()


def test_a_substitution_shows_at_once(qtbot, sqlite_services, accounts, november):
    admin = accounts[0]
    panel = _panel(qtbot, sqlite_services, admin)
    ChangeBridge(sqlite_services.bus, panel).changed.connect(panel.on_change)
    roster = sqlite_services.roster
    cell = next(c for c in roster.cells(date(2026, 11, 21), date(2026, 11, 21)) if c.position == "officer")
    stand_in = next(p for p in sqlite_services.people.list() if p.name == "孙伟" != cell.person_name) \
        if cell.person_name != "孙伟" else next(p for p in sqlite_services.people.list() if p.name == "赵敏")
    roster.substitute(admin, cell.id, stand_in.id, reason="家中有事")
    qtbot.waitUntil(lambda: stand_in.name in panel.people_label.text())
    assert cell.person_name not in panel.people_label.text()


@pytest.mark.parametrize("who, hint", [(0, "生成排班"), (2, "请联系管理员")], ids=["admin", "officer"])
def test_no_roster_says_so_with_a_hint(qtbot, sqlite_services, accounts, who, hint):
    panel = _panel(qtbot, sqlite_services, accounts[who])
    assert panel.shift_label.text() == "今日无排班"
    assert hint in panel.empty_hint.text()
    assert panel.empty_hint.isVisible()
    assert not panel.left_label.isVisible()


def test_main_window_shows_who_is_on_duty_on_every_page(open_window, accounts, november):
    window = open_window(accounts[2])
    for index in range(len(window.pages)):
        window.show_page(index)
        assert window.on_duty.isVisible()
        assert november[21].officers[0].name in window.on_duty.people_label.text()


def test_a_weekday_says_no_leader_is_needed_instead_of_leaving_the_line_out(qtbot, sqlite_services, accounts,
                                                                             clock, november):
    assert not november[23].leaders and november[21].leaders  # Monday without, Saturday with a 带班领导
    _at(clock, 2026, 11, 23, 10, 0, 0)  # a Monday
    panel = _panel(qtbot, sqlite_services, accounts[2])
    assert panel.people_label.text().startswith("带班领导：（本班不需要）<br>值班员：")
    assert "带班领导：（本班不需要）" in panel.next_label.text()  # Tuesday too

    _at(clock, 2026, 11, 21, 10, 0, 0)  # Saturday: the leader is named, not excused
    panel = _panel(qtbot, sqlite_services, accounts[2])
    assert f"带班领导：<br>&nbsp;&nbsp;<b>{november[21].leaders[0].name}</b>" in panel.people_label.text()
    assert "（本班不需要）" not in panel.people_label.text()
