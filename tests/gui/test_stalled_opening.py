"""Dialogs that read before they open, against a shared server that stops answering (a table held locked
by a second connection, real PostgreSQL, no mock): F8 on the 交接班 page leaves the window ticking while
the draft is read, its button says so and a second press opens nothing twice, and the 交班 dialog opens
when the lock goes. The pattern is gui/common/opening.py."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout

from dutyroom.domain.vocabulary import UnitKind
from dutyroom.errors import DatabaseUnavailable
from dutyroom.gui.admin.editors import UnitEditor
from dutyroom.gui.admin.tabs import PeopleTab
from dutyroom.gui.common import background
from dutyroom.gui.handover.exchange import HandoverDialog
from dutyroom.gui.handover.page import HandoverPage
from dutyroom.gui.incidents import IncidentsPage
from dutyroom.gui.incidents.form import IncidentDialog
from dutyroom.services.records import UnitRecord
from tests.conftest import make_accounts
from tests.gui.calls.test_entry import parent  # noqa: F401 - the parent fixture
from tests.gui.helpers import focus
from tests.gui.stalled_lock import HeldLock, ticking
from tests.services.handover.helpers import DAY1, at_handover_of, staff

pytestmark = pytest.mark.usefixtures("pg_services")


@pytest.fixture(autouse=True)
def in_the_background(monkeypatch):
    monkeypatch.setattr(background, "INLINE_OPERATIONS", False)  # the program's own way


@pytest.fixture
def page(qtbot, parent, pg_services, clock):  # noqa: F811
    people = staff(pg_services, make_accounts(pg_services)[0])
    at_handover_of(clock, DAY1)
    shown = HandoverPage(pg_services, people["sunming"], parent)
    shown.resize(1200, 760)
    shown.show()
    qtbot.waitUntil(lambda: not shown.loading and shown.log is not None, timeout=10000)
    return shown


def test_f8_waiting_on_a_locked_table_leaves_the_window_running_and_opens_when_read(qtbot, page, pg_services):
    button = page.buttons["hand_over"]
    label = button.text()
    lock = HeldLock(pg_services, "handover")
    try:
        with ticking() as ticks:
            button.click()
            qtbot.wait(800)
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        assert page.dialog is None and button.text() == "正在读取…" and not button.isEnabled()
        button.click()  # pressed again while reading: still one dialog to come
        qtbot.wait(100)
        lock.release()
        qtbot.waitUntil(lambda: isinstance(page.dialog, HandoverDialog) and page.dialog.isVisible(), timeout=20000)
    finally:
        lock.close()
    first = page.dialog
    qtbot.wait(300)
    assert page.dialog is first and button.text() == label and button.isEnabled()
    assert first.incoming.count() > 0  # the draft arrived whole: the next shift's people to hand over to
    qtbot.keyClick(first, Qt.Key.Key_Escape)


def test_f8_reads_the_accounts_to_hand_over_to_before_the_dialog_opens(qtbot, page, pg_services):
    """The 接班人 list (every account) comes with the draft, off the GUI thread: building the 交班 dialog
    waits on nothing while the accounts are held."""
    button = page.buttons["hand_over"]
    lock = HeldLock(pg_services, "user_account")
    try:
        with ticking() as ticks:
            button.click()
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert page.dialog is None and button.text() == "正在读取…"
        lock.release()
        qtbot.waitUntil(lambda: isinstance(page.dialog, HandoverDialog) and page.dialog.isVisible(), timeout=20000)
    finally:
        lock.close()
    assert page.dialog.incoming.findData("zhouxm") > 0
    qtbot.keyClick(page.dialog, Qt.Key.Key_Escape)


def test_a_failed_read_on_f8_is_a_line_in_the_window_and_no_box(qtbot, page, pg_services, monkeypatch):
    def away(*_args):
        raise DatabaseUnavailable("无法连接数据库服务器，请检查网络")

    monkeypatch.setattr(pg_services.handover, "prepare", away)  # the server gone between two reads
    lines = []
    monkeypatch.setattr("dutyroom.gui.common.outage.show_status", lambda _w, text, *_a: lines.append(text))
    page.buttons["hand_over"].click()
    qtbot.waitUntil(lambda: bool(lines), timeout=10000)
    assert lines == ["⚠ 无法连接数据库服务器，请检查网络"] and page.dialog is None and page.prompt is None
    assert page.buttons["hand_over"].text() != "正在读取…"


def test_insert_on_the_people_tab_reads_the_unit_list_off_the_gui_thread(qtbot, parent, pg_services):  # noqa: F811
    admin = make_accounts(pg_services)[0]
    pg_services.units.save(admin, UnitRecord(name="区档案馆", kind=UnitKind.DEPARTMENT))
    tab = PeopleTab(pg_services, admin, parent)
    QVBoxLayout(parent).addWidget(tab)
    tab.setVisible(True)  # (TableTab.show puts rows in the model)
    button = tab.buttons["新增"]
    lock = HeldLock(pg_services, "unit")
    try:
        with ticking() as ticks:
            focus(qtbot, tab.view)
            qtbot.keyClick(tab.view, Qt.Key.Key_Insert)
            qtbot.wait(800)
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        assert tab.dialog is None and button.text() == "正在读取…" and not button.isEnabled()
        qtbot.keyClick(tab.view, Qt.Key.Key_Insert)  # pressed again while reading: still one dialog to come
        lock.release()
        qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible(), timeout=20000)
    finally:
        lock.close()
    first = tab.dialog
    qtbot.wait(300)
    assert tab.dialog is first and button.text() == "新增" and button.isEnabled()
    units = first.input("unit_id")
    assert [units.itemText(i) for i in range(units.count())] == ["（未指定单位）", "区档案馆"]
    qtbot.keyClick(first, Qt.Key.Key_Escape)


def test_a_new_incident_form_reads_its_unit_list_off_the_gui_thread(qtbot, parent, pg_services):  # noqa: F811
    admin, _leader, officer = make_accounts(pg_services)[:3]
    pg_services.units.save(admin, UnitRecord(name="城西镇", kind=UnitKind.SUBORDINATE))
    page = IncidentsPage(pg_services, officer, parent)
    QVBoxLayout(parent).addWidget(page)
    page.show()
    button = page.buttons["new"]
    label = button.text()
    lock = HeldLock(pg_services, "unit")
    try:
        with ticking() as ticks:
            button.click()
            qtbot.wait(800)
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        assert page.dialog is None and button.text() == "正在读取…" and not button.isEnabled()
        button.click()  # pressed again while reading: still one form to come
        lock.release()
        qtbot.waitUntil(lambda: isinstance(page.dialog, IncidentDialog) and page.dialog.isVisible(), timeout=20000)
    finally:
        lock.close()
    first = page.dialog
    qtbot.wait(300)
    assert page.dialog is first and button.text() == label
    units = first.input("area_unit_id")
    assert [units.itemText(i) for i in range(units.count())] == ["（不指定）", "城西镇"]
    first.drafts.discard()
    first.done(0)


def test_reload_after_a_conflict_reads_off_the_gui_thread(qtbot, parent, pg_services):  # noqa: F811
    admin = make_accounts(pg_services)[0]
    unit = pg_services.units.save(admin, UnitRecord(name="区档案馆", kind=UnitKind.DEPARTMENT))
    dialog = UnitEditor(pg_services, admin, unit, parent)
    dialog.open()
    pg_services.units.save(admin, replace(unit, duty_phone="028-86124111"))  # another workstation's save
    lock = HeldLock(pg_services, "unit")
    try:
        with ticking() as ticks:
            dialog.reload_button.show()
            dialog.reload_button.click()
            qtbot.wait(800)
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        assert dialog.reload_button.text() == "正在读取…" and not dialog.reload_button.isEnabled()
        lock.release()
        qtbot.waitUntil(lambda: dialog.input("duty_phone").text() == "028-86124111", timeout=20000)
    finally:
        lock.close()
    assert dialog.reload_button.text() == "重新载入" and "已载入别人保存的最新内容" in dialog.message.text()
    dialog.done(0)


def test_the_swap_dialog_reads_nothing_while_a_shift_is_chosen_and_confirmed(qtbot, pg_services):
    """调班: the office's zone and shifts come with the month's shifts before the dialog opens, so choosing
    a shift (the likely other shift from today on) and Enter (is it being worked now?) wait on nothing."""
    from datetime import date

    from dutyroom.gui.roster import RosterPage
    from dutyroom.gui.roster.change import ChangeDialog
    from tests.gui.roster.data import generate, set_up_office

    admin = make_accounts(pg_services)[0]
    set_up_office(pg_services, admin)
    generate(pg_services, admin, date(2026, 11, 1), date(2026, 11, 30))  # today is 2026-11-21
    page = RosterPage(pg_services, admin)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitUntil(lambda: page.roster is not None, timeout=10000)
    page.buttons["swap"].click()
    qtbot.waitUntil(lambda: isinstance(page.dialog, ChangeDialog) and page.dialog.isVisible(), timeout=10000)
    dialog = page.dialog
    officers = {c.day: c for c in dialog.cells if c.position == "officer"}
    first, later = officers[date(2026, 11, 25)], officers[date(2026, 11, 27)]

    lock = HeldLock(pg_services, "setting")
    try:
        with ticking() as ticks:
            dialog.first_combo.setCurrentIndex(dialog.first_combo.findData(first.id))
            dialog.other_combo.setCurrentIndex(dialog.other_combo.findData(later.id))
            qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)  # Enter confirms
            qtbot.wait(800)
        assert lock.held, "choosing or confirming waited on the database"
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        assert dialog.prompt is None  # a shift days ahead: nothing to ask
        lock.release()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)
    finally:
        lock.close()
    swapped = {c.day: c for c in pg_services.roster.cells(date(2026, 11, 25), date(2026, 11, 27))
               if c.position == "officer"}
    assert swapped[first.day].person_name == later.person_name


def test_reloading_a_holiday_reads_it_by_id_off_the_gui_thread(qtbot, parent, pg_services):  # noqa: F811
    """节假日 重新载入 after a conflict: the entry is read by its id, so one another workstation moved into the
    next year arrives as moved (read by the year it had, it was reported deleted)."""
    from datetime import date

    from dutyroom.domain.vocabulary import HolidayKind
    from dutyroom.gui.admin.editors import HolidayEditor
    from dutyroom.services.records import HolidayRecord

    admin = make_accounts(pg_services)[0]
    holiday = pg_services.holidays.save(admin, HolidayRecord(day=date(2026, 12, 29), kind=HolidayKind.HOLIDAY,
                                                             name="补休"))
    dialog = HolidayEditor(pg_services, admin, holiday, parent)
    dialog.open()
    pg_services.holidays.save(admin, replace(holiday, day=date(2027, 1, 5)))  # another workstation's save
    lock = HeldLock(pg_services, "holiday")
    try:
        with ticking() as ticks:
            dialog.reload_button.show()
            dialog.reload_button.click()
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert dialog.reload_button.text() == "正在读取…"
        lock.release()
        qtbot.waitUntil(lambda: dialog.reload_button.text() == "重新载入", timeout=20000)
    finally:
        lock.close()
    assert dialog.input("day").date().toPython() == date(2027, 1, 5)
    assert "已载入别人保存的最新内容" in dialog.message.text()
    dialog.done(0)


def test_f2_reads_the_settings_and_a_kept_draft_off_the_gui_thread(qtbot, parent, pg_services):  # noqa: F811
    """来电登记 F2 while the settings are held: the window goes on, F2 again opens nothing twice, and the
    form opens with the office's call categories when the server answers."""
    from dutyroom.gui.calls.entry import open_call_entry

    officer = make_accounts(pg_services)[2]
    opened = []
    lock = HeldLock(pg_services, "setting")
    try:
        with ticking() as ticks:
            assert open_call_entry(parent, pg_services, officer, on_open=opened.append) is None
            qtbot.wait(400)
            assert open_call_entry(parent, pg_services, officer, on_open=opened.append) is None  # F2 again
            qtbot.wait(400)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert opened == []
        lock.release()
        qtbot.waitUntil(lambda: len(opened) == 1 and opened[0].isVisible(), timeout=20000)
    finally:
        lock.close()
    qtbot.wait(300)
    dialog = opened[0]
    assert len(opened) == 1
    categories = dialog.input("category")
    assert [categories.itemText(i) for i in range(categories.count())][:2] == ["咨询", "求助"]
    assert open_call_entry(parent, pg_services, officer) is dialog  # F2 now: the form already open, in front
    dialog.drafts.discard()
    dialog.done(0)


def test_a_draft_autosaved_while_the_drafts_are_locked_leaves_the_form_running(qtbot, parent,  # noqa: F811
                                                                             pg_services):
    """The 5-second autosave of a form being typed in (F2) while the draft store is held: the window goes on,
    typing goes on, and the draft and a later 放弃 reach the database in that order once it answers."""
    from dutyroom.gui.calls.entry import draft_key
    from tests.gui.calls.test_entry import open_entry
    from tests.gui.helpers import type_text

    officer = make_accounts(pg_services)[2]
    dialog = open_entry(qtbot, parent, pg_services, officer)
    type_text(qtbot, dialog.input("summary"), "幸福小区停水")

    lock = HeldLock(pg_services, "form_draft")
    try:
        with ticking() as ticks:
            assert dialog.drafts.autosave()  # what the timer does: asked for, not waited for
            type_text(qtbot, dialog.input("summary"), "，请求尽快恢复供水")  # typing goes on
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert not dialog.drafts.autosave()  # the save on its way first: the next tick saves the rest
        lock.release()
        qtbot.waitUntil(lambda: [d.key for d in pg_services.calls.load_drafts(officer)] == [draft_key(None)],
                        timeout=20000)
    finally:
        lock.close()
    qtbot.waitUntil(lambda: dialog.drafts.autosave(), timeout=10000)  # the rest, once the first has answered
    dialog.drafts.discard()  # after the saves asked before it, never ahead of them
    qtbot.waitUntil(lambda: pg_services.calls.load_drafts(officer) == [], timeout=10000)
    qtbot.wait(300)
    assert pg_services.calls.load_drafts(officer) == []
    dialog.done(0)


def test_f4_reads_the_zone_a_kept_draft_and_a_leaders_title_off_the_gui_thread(qtbot, pg_services):
    """收到批示 (F4) and 修改 on the ledger while the settings are held: the window goes on, the button says
    正在读取…, and the form opens when the server answers."""
    from dutyroom.gui.instructions.dialog import InstructionDialog
    from dutyroom.gui.instructions.page import InstructionsPage

    leader = make_accounts(pg_services)[1]
    page = InstructionsPage(pg_services, leader)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.count_label.text() != "", timeout=10000)
    button = page.buttons["new"]
    label = button.text()
    lock = HeldLock(pg_services, "setting")
    try:
        with ticking() as ticks:
            assert page.new_instruction() is None  # F4: opens when read
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert page.dialog is None and button.text() == "正在读取…" and not button.isEnabled()
        lock.release()
        qtbot.waitUntil(lambda: isinstance(page.dialog, InstructionDialog) and page.dialog.isVisible(),
                        timeout=20000)
    finally:
        lock.close()
    dialog = page.dialog
    assert button.text() == label and dialog.input("leader").text() == (leader.display_name or leader.username)
    dialog.drafts.discard()
    dialog.done(0)


def test_starting_a_roll_call_reads_it_off_the_gui_thread(qtbot, pg_services, clock):
    """点名 opened (开始, 继续, a finished one looked at) while the roll-calls are held: the window goes on and
    the live screen opens when the server answers."""
    from dutyroom.domain.vocabulary import RollCallKind
    from tests.gui.rollcall.helpers import open_page
    from tests.services.rollcall.helpers import make_units

    admin, _, officer = make_accounts(pg_services)
    rc = pg_services.rollcall.create_rollcall(officer, RollCallKind.HOST, clock.now(), make_units(pg_services, admin))
    page = open_page(qtbot, pg_services, officer)
    lock = HeldLock(pg_services, "rollcall")
    try:
        with ticking() as ticks:
            assert page.run(rc.id)
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert page.today_stack.currentWidget() is not page.live
        assert not page.run(rc.id)  # asked again while it is read: nothing twice
        lock.release()
        qtbot.waitUntil(lambda: page.today_stack.currentWidget() is page.live, timeout=20000)
    finally:
        lock.close()
    assert page.live.record.id == rc.id and page.live.model.rowCount() > 0
