"""值班首页: every section from its service, refreshed by the change path, countdowns on the strip's tick,
Enter and Alt+letter open where a line comes from."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dutyroom.domain.vocabulary import CallOutcome, RollCallKind
from dutyroom.errors import DutyRoomError
from dutyroom.gui.glance import GlancePage
from tests.conftest import SHANGHAI
from tests.gui.roster.data import generate, set_up_office
from tests.services.calls.helpers import call
from tests.services.incidents.helpers import incident
from tests.services.rollcall.helpers import make_units

WEEK = 7 * 24 * 60


@pytest.fixture
def office(sqlite_services, accounts, clock):
    """A roster for November, two calls today, follow-ups due and overdue, an incident with its clocks,
    a roll-call at 09:30. The clock reads Saturday 21 November 2026, 09:00 in Shanghai."""
    admin, _, officer = accounts
    svc = sqlite_services
    set_up_office(svc, admin)
    generate(svc, admin, date(2026, 11, 1), date(2026, 11, 30))
    svc.calls.create(officer, call(clock, 30))
    svc.calls.create(officer, call(clock, 10, outcome=CallOutcome.REPORTED, outcome_note="已报告带班领导"))
    svc.calls.create(officer, call(clock, WEEK, outcome=CallOutcome.ASSIGNED, assigned_unit="区水务局",
                                   summary="江边路自来水管爆裂", due_on=date(2026, 11, 18)))
    svc.calls.create(officer, call(clock, WEEK, outcome=CallOutcome.ASSIGNED, assigned_unit="城东街道",
                                   summary="小区路灯不亮", due_on=date(2026, 11, 21)))
    fire = svc.incidents.save(officer, incident(clock, title="临江路燃气管道泄漏", ago_minutes=60))
    units = make_units(svc, admin)
    svc.rollcall.create_rollcall(officer, RollCallKind.HOST, datetime(2026, 11, 21, 9, 30, tzinfo=SHANGHAI), units)
    shift = svc.handover.shift_at().key
    svc.handover.add_item(officer, shift, "明早9时前向市政府报送寒潮防范情况",
                          due_at=datetime(2026, 11, 22, 9, 0, tzinfo=SHANGHAI))
    return {"incident": fire}


def _glance(window) -> GlancePage:
    page = window.pages[0]
    assert isinstance(page, GlancePage)
    return page


def _loaded(qtbot, page: GlancePage) -> GlancePage:
    qtbot.waitUntil(lambda: not page.loading and len(page.blocks) == len(page.sections))
    return page


def test_each_section_shows_what_its_service_says(qtbot, open_window, accounts, office):
    window = open_window(accounts[2])
    assert window.page_title.text() == "值班首页"
    page = _loaded(qtbot, _glance(window))
    views = page.views
    duty = views["duty"].texts()
    assert duty[0] == "还剩 23 小时 30 分  交班 11月22日 08:30"
    assert any(line.startswith("带班领导：") for line in duty) and any(line.startswith("值班员：") for line in duty)
    assert duty[-1].startswith("下一班 11月22日 08:30：")

    clocks = views["clocks"].texts()
    assert views["clocks"].summary.text() == f"未报送 {len(clocks)} 个"
    assert all("临江路燃气管道泄漏" in line and line.startswith("剩余 ") for line in clocks)
    tips = [views["clocks"].list.item(i).toolTip() for i in range(views["clocks"].list.count())]
    assert tips and all(re.search(r"\n截止 \d{2}:\d{2}:\d{2}$", tip) for tip in tips), tips  # to the second

    assert views["calls"].summary.text() == "共 2 件（来电 2，去电 0） 办理率 100.0%"
    assert views["calls"].texts() == ["当场答复/告知：1 件", "报告领导：1 件"]

    assert views["follow"].summary.text() == "今日到期 1 件，逾期 1 件"
    assert views["follow"].texts() == ["逾期 3 天 · 区水务局 · 江边路自来水管爆裂", "今日到期 · 城东街道 · 小区路灯不亮"]

    [open_incident] = views["incidents"].texts()
    assert "临江路燃气管道泄漏 · 一般 · 接报" in open_incident
    assert views["rollcalls"].texts() == ["09:30 本级点名 · 待点名 · 在岗 0/5"]
    assert views["items"].summary.text() == "待办 1 项"
    assert views["items"].texts() == ["11月22日 09:00前 · 明早9时前向市政府报送寒潮防范情况"]
    jobs = views["jobs"].texts()
    assert "18:00 每日要情" in jobs and "11月22日 02:00 自动备份" in jobs


def test_a_change_reads_again_only_the_sections_that_watch_it(qtbot, open_window, accounts, office, sqlite_services,
                                                              clock, monkeypatch):
    window = open_window(accounts[2])
    page = _loaded(qtbot, _glance(window))
    roster_reads = []
    on_duty = sqlite_services.roster.on_duty
    monkeypatch.setattr(sqlite_services.roster, "on_duty", lambda *a: roster_reads.append(1) or on_duty(*a))

    sqlite_services.calls.create(accounts[2], call(clock, 1, outcome=CallOutcome.INVALID, summary="拨错号码",
                                                     outcome_note="对方拨错号码"))
    qtbot.waitUntil(lambda: page.views["calls"].summary.text().startswith("共 3 件"))
    assert "无效来电：1 件" in page.views["calls"].texts()
    assert roster_reads == []  # a call changes nothing on the roster: 当前值班 was not read again

    sqlite_services.incidents.save(accounts[2], incident(clock, title="城西镇山体滑坡", ago_minutes=20))
    qtbot.waitUntil(lambda: any("城西镇山体滑坡" in line for line in page.views["incidents"].texts()))
    assert any("城西镇山体滑坡" in line for line in page.views["clocks"].texts())
    assert roster_reads == []


def test_every_countdown_moves_with_the_strip_and_agrees_with_it_to_the_second(qtbot, open_window, accounts, office,
                                                                               clock):
    window = open_window(accounts[2])
    page = _loaded(qtbot, _glance(window))
    for seconds in (1, 59, 3600):
        clock.advance(seconds=seconds)
        window.clock_strip.tick()
        chips = {chip.record.id: chip.countdown.text().split("  ")[0] for chip in window.clock_strip.visible_chips()}
        lines = page.views["clocks"].list
        shown = {lines.item(i).data(Qt.ItemDataRole.UserRole).clock.id: lines.item(i).text().split("  ")[0]
                 for i in range(lines.count())}
        assert shown == chips and all(text.startswith("剩余 ") for text in shown.values())
    assert page.views["duty"].texts()[0] == "还剩 22 小时 29 分  交班 11月22日 08:30"


def test_a_section_that_cannot_be_read_says_so_and_the_others_still_show(qtbot, open_window, accounts, office,
                                                                         sqlite_services, monkeypatch):
    def refuse(*_a, **_k):
        raise DutyRoomError("数据库暂时不可用")

    monkeypatch.setattr(sqlite_services.rollcall, "planned_between", refuse)
    page = _loaded(qtbot, _glance(open_window(accounts[2])))
    assert page.views["rollcalls"].message.text() == "⚠ 读取失败：数据库暂时不可用"
    assert page.views["calls"].summary.text().startswith("共 2 件")


def test_at_the_handover_the_next_shift_comes_in_without_a_change(qtbot, open_window, accounts, office, clock):
    window = open_window(accounts[2])
    page = _loaded(qtbot, _glance(window))
    before = page.views["duty"].texts()
    clock.set(datetime(2026, 11, 22, 8, 30, 1, tzinfo=SHANGHAI))
    window.clock_strip.tick()
    qtbot.waitUntil(lambda: page.views["duty"].texts()[0] == "还剩 24 小时  交班 11月23日 08:30")
    assert page.views["duty"].texts()[1:] != before[1:]  # the people of the shift after
    assert page.views["calls"].summary.text() == ""  # a new day: no calls yet today
    assert page.views["calls"].message.text() == "今天还没有来电记录（F2 登记来电）"


def _focus_section(qtbot, page, key):
    lines = page.views[key].list
    lines.setFocus()
    qtbot.waitUntil(lines.hasFocus)
    return lines


def test_enter_opens_a_line_where_it_comes_from(qtbot, open_window, accounts, office):
    window = open_window(accounts[2])
    page = _loaded(qtbot, _glance(window))

    lines = _focus_section(qtbot, page, "incidents")
    qtbot.keyClick(lines, Qt.Key.Key_Return)
    incidents = window.current_page()
    assert incidents.title == "突发事件" and incidents.incident.id == office["incident"].id

    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is page
    lines = _focus_section(qtbot, page, "follow")
    qtbot.keyClick(lines, Qt.Key.Key_Down)
    assert lines.currentItem().isSelected()  # the line Enter opens is marked while the section has the keyboard
    qtbot.keyClick(lines, Qt.Key.Key_Enter)
    calls = window.current_page()
    assert calls.title == "来电登记" and calls.record.summary == "小区路灯不亮"


def test_alt_letter_jumps_to_the_page_of_a_section(qtbot, open_window, accounts, office):
    window = open_window(accounts[2])
    page = _loaded(qtbot, _glance(window))
    assert page.views["calls"].jump.text() == "来电登记(&C) ▸"
    # A mnemonic "presses" its button for a moment before it acts (QAbstractButton.animateClick).
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.current_page().title == "排班")
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.current_page().title == "来电登记")
    assert window.current_page().isAncestorOf(QApplication.focusWidget())

    # An officer has no 管理 page: the jump of 定时任务 says so instead of doing nothing.
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "当前账号没有该页面。")
    assert window.current_page() is page


def test_the_page_reads_only_bounded_things(office, sqlite_services, clock):
    """The blocks of a busy day need a handful of queries, whatever the history (bench/glance.py times it)."""
    from sqlalchemy import event

    from dutyroom.gui.glance.blocks import build_blocks
    from dutyroom.gui.glance.sections import SECTIONS

    statements = []
    engine = sqlite_services.db.engine
    listen = lambda *args: statements.append(args[2])  # noqa: E731 - the statement text
    event.listen(engine, "before_cursor_execute", listen)
    try:
        blocks = build_blocks(sqlite_services, SECTIONS, clock.now() + timedelta(seconds=1))
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    assert set(blocks) == {s.key for s in SECTIONS} and not any(b.failed for b in blocks.values())
    calls = [s for s in statements if 'FROM "call"' in s or "FROM call " in s]
    # Every read of the call log is a range of today's keys or stops at a LIMIT (follow-ups due, their counts).
    assert calls and all("sort_key >=" in s or "LIMIT" in s for s in calls)


def test_enter_on_a_handover_item_opens_it_on_the_handover_page(qtbot, open_window, accounts, office,
                                                                 sqlite_services):
    sqlite_services.handover.add_item(accounts[2], sqlite_services.handover.shift_at().key, "今晚20时前回复区应急局",
                                      due_at=datetime(2026, 11, 21, 20, 0, tzinfo=SHANGHAI))
    window = open_window(accounts[2])
    page = _loaded(qtbot, _glance(window))
    lines = _focus_section(qtbot, page, "items")
    assert page.views["items"].texts()[0].endswith("今晚20时前回复区应急局")
    qtbot.keyClick(lines, Qt.Key.Key_Down)
    qtbot.keyClick(lines, Qt.Key.Key_Return)
    handover = window.current_page()
    assert handover.title == "交接班"
    qtbot.waitUntil(lambda: not handover.loading and handover.selected_item() is not None)
    assert handover.selected_item().title == "明早9时前向市政府报送寒潮防范情况"


def test_open_instructions_are_a_section_and_enter_opens_one_on_its_page(qtbot, open_window, accounts, office,
                                                                       sqlite_services, clock):
    from dutyroom.services.records import InstructionRecord

    leader = accounts[1]
    given = sqlite_services.instructions.give(leader, InstructionRecord(
        leader="李带班", text="请区水务局今晚排查江边路供水管网", given_at=clock.now() - timedelta(hours=2),
        due_at=clock.now() - timedelta(minutes=30)))
    window = open_window(accounts[2])
    page = _loaded(qtbot, _glance(window))
    assert page.views["instructions"].summary.text() == "未落实 1 条"
    [line] = page.views["instructions"].texts()
    assert line.startswith("已超期 · ") and "李带班：请区水务局今晚排查江边路供水" in line
    lines = _focus_section(qtbot, page, "instructions")
    qtbot.keyClick(lines, Qt.Key.Key_Down)
    qtbot.keyClick(lines, Qt.Key.Key_Return)
    shown = window.current_page()
    assert shown.title == "领导批示"
    qtbot.waitUntil(lambda: shown.selected() is not None)
    assert shown.selected().id == given.id
