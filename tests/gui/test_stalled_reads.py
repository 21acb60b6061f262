"""Reads that no key started — the strip's once-a-minute reload, a change notice, the alarm's recheck —
against a shared server that stops answering (a table held locked by a second connection, real PostgreSQL,
no mock): they return to the event loop at once, the banner and the countdowns go on from what is held, and
what the read brings shows once the server answers. The helper is gui/common/loading.py."""

from __future__ import annotations

import pytest

from dutyroom.gui.alarm import AlarmBanner
from dutyroom.gui.clocks import ClockStrip
from dutyroom.gui.common import background
from dutyroom.gui.common.loading import loading
from dutyroom.services.events import Change, EntityKind
from tests.conftest import make_accounts
from tests.gui.stalled_lock import HeldLock, ticking
from tests.gui.test_alarm import incident

pytestmark = pytest.mark.usefixtures("pg_services")


@pytest.fixture(autouse=True)
def in_the_background(monkeypatch):
    monkeypatch.setattr(background, "INLINE_OPERATIONS", False)  # the program's own way
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


def test_the_minute_reload_and_a_change_wait_off_the_gui_thread_while_the_alarm_counts_on(qtbot, pg_services,
                                                                                         clock):
    officer = make_accounts(pg_services)[2]
    incident(pg_services, officer, occurred_minutes_ago=200)  # its first report is 20 minutes overdue
    strip = ClockStrip(clock, "Asia/Shanghai", pg_services.incidents.open_clocks, start_timer=False)
    qtbot.addWidget(strip)
    strip.resize(1100, 60)
    strip.show()
    banner = AlarmBanner(pg_services, officer, zone_name="Asia/Shanghai")  # recalls the overdue clock
    qtbot.addWidget(banner)
    strip.ticked.connect(banner.tick)
    qtbot.waitUntil(lambda: len(strip.visible_chips()) == 1 and len(banner.pending) == 1, timeout=10000)
    later = incident(pg_services, officer, occurred_minutes_ago=190)  # saved elsewhere, not read here yet

    lock = HeldLock(pg_services, "deadline_clock")
    try:
        clock.advance(minutes=1)
        countdowns, chips = set(), set()
        with ticking() as ticks:
            strip.tick()  # the minute's reload: asked for, not waited for
            banner.on_change(Change(EntityKind.INCIDENT, str(later.id), "create", "remote"))
            strip.on_change(Change(EntityKind.INCIDENT, str(later.id), "create", "remote"))
            for _ in range(10):
                clock.advance(seconds=1)
                strip.tick()
                countdowns.add(banner.text.text())
                chips.add(strip.visible_chips()[0].countdown.text())
                qtbot.wait(60)
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        # Still waiting on the lock (were the read on the GUI thread, it would have finished by now)…
        assert loading(strip, "clocks") and loading(banner, "clocks")
        assert len(strip.visible_chips()) == 1 and list(banner.pending) == [next(iter(banner.pending))]
        # …and meanwhile the banner's countdown and the chip's moved on every second from what is held.
        assert len(countdowns) == 10 and len(chips) == 10
        assert all("超时 00:2" in text for text in countdowns)
        lock.release()
        # The server answers: the strip and the banner show the incident saved meanwhile.
        qtbot.waitUntil(lambda: len(strip.visible_chips()) == 2 and len(banner.pending) == 2, timeout=10000)
    finally:
        lock.close()
    assert not loading(strip, "clocks") and not loading(banner, "clocks")


def test_a_page_coming_into_view_reads_off_the_gui_thread_and_fills_in_when_the_server_answers(
        qtbot, pg_services, clock):
    from dutyroom.gui.incidents import IncidentsPage

    officer = make_accounts(pg_services)[2]
    first = incident(pg_services, officer, occurred_minutes_ago=30)
    page = IncidentsPage(pg_services, officer)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.incident is not None, timeout=10000)
    assert page.incident.id == first.id
    later = incident(pg_services, officer, occurred_minutes_ago=10)  # saved at another workstation meanwhile

    lock = HeldLock(pg_services, "incident")
    try:
        with ticking() as ticks:
            page.refresh()  # what the main window does when the page comes back into view
            page.select_incident(later.id)  # a chip clicked: chosen once the list is in
            qtbot.wait(700)
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        assert loading(page.model, "rows")  # rows and summary in one read, still waiting on the lock; what was shown stays
        assert page.model.rowCount() == 1 and page.count_label.text() == "共 1 起"
        lock.release()
        qtbot.waitUntil(lambda: page.count_label.text() == "共 2 起", timeout=10000)
        qtbot.waitUntil(lambda: page.incident is not None and page.incident.id == later.id, timeout=10000)
    finally:
        lock.close()
    assert page.model.rowCount() == 2 and page.selected().id == later.id
    assert page.buttons["edit"].isEnabled()


def test_the_call_page_detail_and_a_change_notice_wait_off_the_gui_thread(qtbot, pg_services, clock):
    """来电登记: a row chosen (its detail pane) and another workstation's new call (the change notice) while
    the call table is held: the window goes on, the buttons wait for the chosen call, both fill in after."""
    from dutyroom.gui.calls.page import CallsPage
    from tests.gui.calls.test_page import call

    officer = make_accounts(pg_services)[2]
    older = pg_services.calls.create(officer, call(clock, 90, "咨询社保卡补办需要带哪些材料"))
    newer = pg_services.calls.create(officer, call(clock, 30, "幸福小区停水两天，居民生活受影响"))
    page = CallsPage(pg_services, officer)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and page.record is not None, timeout=10000)
    assert page.record.id == newer.id and "幸福小区停水" in page.detail.facts.text()
    later = pg_services.calls.create(officer, call(clock, 5, "城东路口信号灯不亮"))  # saved elsewhere

    lock = HeldLock(pg_services, '"call"')
    try:
        with ticking() as ticks:
            page._select_row(1)  # what ↓ in the log does: the older call's detail is asked for
            page.on_change(Change(EntityKind.CALL, str(later.id), "create", "remote"))
            qtbot.wait(700)
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        assert loading(page, "detail") and page.model.loading()  # still waiting on the lock
        # Nothing acts on the call shown before while the chosen one is on its way.
        assert page.record is None and not page.detail.buttons["edit"].isEnabled()
        assert page.model.rowCount() == 2
        lock.release()
        qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10000)
        qtbot.waitUntil(lambda: page.record is not None and not loading(page, "detail"), timeout=10000)
    finally:
        lock.close()
    assert page.record.id == older.id and page.selected_row().id == older.id  # the choice kept across the arrival
    assert "咨询社保卡补办" in page.detail.facts.text() and page.detail.buttons["edit"].isEnabled()


def test_the_settings_form_reads_off_the_gui_thread_and_never_fills_over_what_was_typed(qtbot, pg_services):
    """系统管理 › 设置: a reload (the page shown again, a save elsewhere) waits off the GUI thread while the
    settings are held; what the administrator types meanwhile survives the answer; untyped, it fills in."""
    from dataclasses import replace

    from dutyroom.gui.admin.settings_tab import SettingsTab

    admin = make_accounts(pg_services)[0]
    tab = SettingsTab(pg_services, admin)
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    tab.show()
    tab.reload()
    qtbot.waitUntil(lambda: tab.settings is not None, timeout=10000)
    office = tab.input("office_name")
    assert office.text() == "值班室" and not tab.dirty
    saved = pg_services.settings.save(admin, replace(pg_services.settings.get(), office_name="别处保存的名称"))

    lock = HeldLock(pg_services, "setting")
    try:
        with ticking() as ticks:
            tab.changed_elsewhere()  # nothing typed yet: asks for the settings saved elsewhere
            qtbot.wait(300)
            tab.input("idle_lock_minutes").setValue(37)  # typed while the read waits
            qtbot.wait(400)
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        assert loading(tab, "settings")
        lock.release()
        qtbot.waitUntil(lambda: not loading(tab, "settings"), timeout=10000)
    finally:
        lock.close()
    # The answer came after the key: the typed value and the rest of the form stay as they were.
    assert tab.input("idle_lock_minutes").value() == 37 and tab.dirty and office.text() == "值班室"

    tab.reload(discard=True)  # 重新载入 pressed: what was typed before the press goes
    qtbot.waitUntil(lambda: office.text() == saved.office_name, timeout=10000)
    assert tab.input("idle_lock_minutes").value() == saved.idle_lock_minutes and not tab.dirty


def test_the_rotation_tab_reads_its_shifts_and_order_off_the_gui_thread(qtbot, pg_services):
    """排班 › 轮班: the shift list (a refresh of the page) and a post's order (another post chosen) wait off
    the GUI thread while their tables are held; 保存顺序 waits with them, the lists fill in after."""
    from dutyroom.gui.roster.rotation import RotationTab
    from tests.gui.roster.data import OFFICERS, set_up_office

    admin = make_accounts(pg_services)[0]
    set_up_office(pg_services, admin)
    tab = RotationTab(pg_services, admin)
    qtbot.addWidget(tab)
    tab.show()
    tab.reload()
    qtbot.waitUntil(lambda: tab.members.count() == 2, timeout=10000)  # the leaders of the one shift

    lock = HeldLock(pg_services, "shift_definition")
    try:
        with ticking() as ticks:
            tab.reload()
            qtbot.wait(700)
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        assert loading(tab, "shifts") and tab.shift_combo.count() == 1  # what was shown stays
        lock.release()
        qtbot.waitUntil(lambda: not loading(tab, "shifts") and not loading(tab, "rotation"), timeout=10000)
    finally:
        lock.close()
    assert tab.members.count() == 2

    lock = HeldLock(pg_services, "rotation")
    try:
        with ticking() as ticks:
            tab.position_combo.setCurrentIndex(tab.position_combo.findText("值班员"))
            qtbot.wait(700)
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        # The leaders' order is not left showing under 值班员, where 保存顺序 would have saved it.
        assert loading(tab, "rotation") and tab.members.count() == 0
        assert not tab.button_of["保存顺序"].isEnabled()
        lock.release()
        qtbot.waitUntil(lambda: tab.members.count() == len(OFFICERS), timeout=10000)
    finally:
        lock.close()
    assert [tab.members.item(i).text() for i in range(tab.members.count())] == [n for n, _ in OFFICERS]
    assert tab.button_of["保存顺序"].isEnabled()


def test_the_accounts_tab_is_built_without_reading_the_settings(qtbot, pg_services):
    """系统管理 built (the page opened) while the settings are held: the 账户 tab waits for its first read
    (which brings the office's zone with the accounts) instead of the window waiting for the zone."""
    from dutyroom.gui.admin.tabs import AccountsTab

    admin = make_accounts(pg_services)[0]
    lock = HeldLock(pg_services, "setting")
    try:
        with ticking() as ticks:
            tab = AccountsTab(pg_services, admin)
            qtbot.addWidget(tab)
            tab.setVisible(True)
            tab.reload()
            qtbot.wait(700)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert loading(tab, "rows")
        lock.release()
        qtbot.waitUntil(lambda: not loading(tab, "rows"), timeout=10000)
    finally:
        lock.close()
    assert tab.model.rowCount() == len(pg_services.users.list())


def test_scrolling_the_audit_log_reads_the_next_page_off_the_gui_thread(qtbot, pg_services):
    """操作日志 scrolled past what is read while the log is held: the window goes on, the view asking again
    starts no second read, and the next page's rows appear once the server answers."""
    from dutyroom.domain.vocabulary import UnitKind
    from dutyroom.gui.admin.audit_tab import AuditTab
    from dutyroom.services.records import UnitRecord

    admin = make_accounts(pg_services)[0]
    for n in range(30):
        pg_services.units.save(admin, UnitRecord(name=f"单位{n:02d}", kind=UnitKind.DEPARTMENT))
    tab = AuditTab(pg_services, admin)
    qtbot.addWidget(tab)
    tab.model.page_size = 20  # a short page: a few records written make a second one
    tab.resize(1000, 400)
    tab.show()
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 20, timeout=10000)
    total = len(pg_services.audit.page(admin, 0, 1000))

    lock = HeldLock(pg_services, "audit_log")
    try:
        with ticking() as ticks:
            tab.view.scrollToBottom()  # the view asks for more, as the officer's wheel does
            tab.model.fetchMore()
            tab.model.fetchMore()  # asked again while the page is on its way
            qtbot.wait(700)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert loading(tab.model, "rows") and tab.model.rowCount() == 20 and not tab.model.canFetchMore()
        lock.release()
        qtbot.waitUntil(lambda: tab.model.rowCount() >= min(40, total), timeout=10000)
    finally:
        lock.close()
    qtbot.wait(100)
    rows = [tab.model.entry(row).seq for row in range(tab.model.rowCount())]
    assert len(rows) == len(set(rows)) and rows == sorted(rows, reverse=True)  # each once, newest first


def test_scrolling_the_call_log_reads_a_block_off_the_gui_thread(qtbot, pg_services, clock):
    """来电登记 scrolled to a block not read yet, and a search grown, while the call table is held: the rows
    show … and the window goes on; they fill in once the server answers."""
    from dutyroom.gui.calls.log_cells import PLACEHOLDER, SUMMARY, TIME
    from dutyroom.gui.calls.log_model import CallLogModel
    from dutyroom.services.calls.records import CallFilter
    from tests.gui.calls.test_page import call

    officer = make_accounts(pg_services)[2]
    for n in range(100):
        pg_services.calls.create(officer, call(clock, 101 - n, f"第{n}号来电"))  # 第99号 is the newest
    model = CallLogModel(pg_services, block_rows=30, max_blocks=4)
    qtbot.waitUntil(lambda: model.rowCount() == 100 and not model.loading(), timeout=10000)

    lock = HeldLock(pg_services, '"call"')
    try:
        with ticking() as ticks:
            assert model.index(95, TIME).data() == PLACEHOLDER  # scrolled to the end: its block is asked for
            qtbot.wait(700)
            assert model.index(96, TIME).data() == PLACEHOLDER  # still on its way, not asked again
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        lock.release()
        qtbot.waitUntil(lambda: model.index(95, SUMMARY).data() == "第4号来电", timeout=10000)
    finally:
        lock.close()

    model.set_filter(CallFilter(text="号来电"))
    qtbot.waitUntil(lambda: model.rowCount() == 50 and not model.loading(), timeout=10000)
    lock = HeldLock(pg_services, '"call"')
    try:
        with ticking() as ticks:
            model.fetchMore()  # the search grown as the view scrolls
            qtbot.wait(700)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert model.rowCount() == 50 and not model.canFetchMore()  # on its way: not asked again
        lock.release()
        qtbot.waitUntil(lambda: model.rowCount() > 50, timeout=10000)
    finally:
        lock.close()
