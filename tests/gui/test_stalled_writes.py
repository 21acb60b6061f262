"""Writes started from a page (not a dialog) against a shared server that stops answering (a table held
locked by a second connection, real PostgreSQL, no mock): the window keeps ticking while the write waits,
the line that started it is read-only and keeps what was typed, and the result appears once released."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QVBoxLayout

from dutyroom.domain.vocabulary import InstructionStatus, UnitKind
from dutyroom.gui.admin.tabs import UnitsTab
from dutyroom.gui.changes import ChangeBridge
from dutyroom.gui.common import background
from dutyroom.gui.handover import HandoverPage
from dutyroom.gui.instructions.page import InstructionsPage
from dutyroom.services.calls.records import CallFilter
from dutyroom.services.records import InstructionRecord, UnitRecord
from tests.conftest import make_accounts
from tests.gui.calls.test_entry import parent  # noqa: F401 - the parent fixture
from tests.gui.helpers import focus, type_text
from tests.gui.stalled_lock import HeldLock, ticking
from tests.services.handover.helpers import DAY1, at_handover_of, staff

pytestmark = pytest.mark.usefixtures("pg_services")


@pytest.fixture(autouse=True)
def in_the_background(monkeypatch):
    monkeypatch.setattr(background, "INLINE_OPERATIONS", False)  # the program's own way


def test_a_log_entry_waiting_on_a_locked_table_leaves_the_window_running(qtbot, parent, pg_services,  # noqa: F811
                                                                        clock):
    people = staff(pg_services, make_accounts(pg_services)[0])
    at_handover_of(clock, DAY1)
    page = HandoverPage(pg_services, people["sunming"], parent)
    QVBoxLayout(parent).addWidget(page)
    ChangeBridge(pg_services.bus, page).changed.connect(page.on_change)  # as the main window does
    page.show()
    qtbot.waitUntil(lambda: not page.loading and page.log is not None, timeout=10000)
    type_text(qtbot, page.entry_text, "市应急局电话通知明日寒潮预警")

    lock = HeldLock(pg_services, "log_entry")
    try:
        with ticking() as ticks:
            qtbot.keyClick(page.entry_text, Qt.Key.Key_Return)
            qtbot.wait(800)
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        assert page.entry_text.isReadOnly() and page.entry_text.text() == "市应急局电话通知明日寒潮预警"
        qtbot.keyClick(page.entry_text, Qt.Key.Key_Return)  # Enter again while it waits: not a second entry
        assert page.entries.count() == 0
        lock.release()
        qtbot.waitUntil(lambda: not page.entry_text.isReadOnly(), timeout=20000)
    finally:
        lock.close()
    assert page.entry_text.text() == "" and not page.entry_error.isVisible()
    assert [e.text for e in pg_services.handover.entries(DAY1)] == ["市应急局电话通知明日寒潮预警"]
    qtbot.waitUntil(lambda: page.entries.count() == 1, timeout=10000)  # the page shows it once saved
    assert "市应急局电话通知明日寒潮预警" in page.entries.item(0).text()


def test_a_delete_waiting_on_a_locked_table_leaves_the_window_running(qtbot, parent, pg_services):  # noqa: F811
    admin = make_accounts(pg_services)[0]
    unit = pg_services.units.save(admin, UnitRecord(name="区档案馆", kind=UnitKind.DEPARTMENT))
    tab = UnitsTab(pg_services, admin, parent)
    QVBoxLayout(parent).addWidget(tab)
    ChangeBridge(pg_services.bus, tab).changed.connect(lambda *_: tab.reload())  # as the admin page does
    tab.setVisible(True)  # (TableTab.show puts rows in the model)
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.row_of(unit.id) >= 0, timeout=10000)
    tab.select_id(unit.id)

    lock = HeldLock(pg_services, "unit")
    try:
        tab.delete_current()
        with ticking() as ticks:
            qtbot.mouseClick(tab.prompt.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
            qtbot.wait(800)
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        assert tab.buttons["删除"].text() == "正在删除…" and not tab.buttons["删除"].isEnabled()
        prompt = tab.prompt
        tab.delete_current()  # Delete again while it waits: nothing asked, nothing sent twice
        assert tab.prompt is prompt
        lock.release()
        qtbot.waitUntil(lambda: tab.buttons["删除"].text() == "删除", timeout=20000)
    finally:
        lock.close()
    assert tab.buttons["删除"].isEnabled()
    assert [u.name for u in pg_services.units.list()] == []
    qtbot.waitUntil(lambda: tab.model.row_of(unit.id) < 0, timeout=10000)  # the row goes once deleted


def test_marking_an_instruction_in_progress_waiting_on_a_locked_table(qtbot, pg_services, clock):
    officer = make_accounts(pg_services)[2]
    given = pg_services.instructions.give(officer, InstructionRecord(
        "李海燕", "全力救治伤员", clock.now() - timedelta(hours=2), leader_title="市长"))
    page = InstructionsPage(pg_services, officer)
    qtbot.addWidget(page)
    ChangeBridge(pg_services.bus, page).changed.connect(page.on_change)
    page.show()
    qtbot.waitUntil(lambda: page.selected() is not None and page.buttons["start"].isEnabled(), timeout=10000)

    lock = HeldLock(pg_services, "instruction")
    try:
        with ticking() as ticks:
            focus(qtbot, page.table)
            qtbot.keyClick(page.table, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
            qtbot.wait(800)
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        assert not page.buttons["start"].isEnabled()
        page.show_detail()  # a selection redrawn meanwhile does not give the button back
        assert not page.buttons["start"].isEnabled()
        lock.release()
        qtbot.waitUntil(lambda: "落实中" in page.detail.text(), timeout=20000)
    finally:
        lock.close()
    assert pg_services.instructions.get(given.id).status == InstructionStatus.IN_PROGRESS
    assert not page.buttons["start"].isEnabled() and page.buttons["done"].isEnabled()


def test_a_rotation_order_waiting_on_a_locked_table_leaves_the_window_running(qtbot, parent, pg_services):  # noqa: F811
    from dutyroom.gui.roster.rotation import RotationTab
    from tests.gui.roster.data import set_up_office

    admin = make_accounts(pg_services)[0]
    set_up_office(pg_services, admin)
    tab = RotationTab(pg_services, admin, parent)
    QVBoxLayout(parent).addWidget(tab)
    tab.show()
    tab.reload()
    qtbot.waitUntil(lambda: tab.members.count() == 2, timeout=10000)  # 张局长, 陈处长
    tab.members.setCurrentRow(1)
    tab.button_of["上移"].click()
    button = tab.button_of["保存顺序"]

    lock = HeldLock(pg_services, "rotation")
    try:
        with ticking() as ticks:
            button.click()
            qtbot.wait(800)
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        assert button.text() == "正在保存…" and not button.isEnabled()
        tab.save()  # pressed again while it waits: not a second save
        assert [tab.members.item(i).text() for i in range(2)] == ["陈处长", "张局长"]  # the order as arranged
        lock.release()
        qtbot.waitUntil(lambda: button.text() == "保存顺序", timeout=20000)
    finally:
        lock.close()
    assert button.isEnabled() and not tab.message.text()
    shift_id = tab.shift_combo.currentData()
    saved = pg_services.roster.rotation(shift_id, "leader")
    assert saved.member_names == ["陈处长", "张局长"] and tab.record.version == saved.version


def test_an_unlock_waiting_on_a_locked_table_leaves_the_window_running(qtbot, parent, pg_services):  # noqa: F811
    from dutyroom.errors import AuthError
    from dutyroom.gui.admin.tabs import AccountsTab
    from tests.conftest import PASSWORD

    admin = make_accounts(pg_services)[0]
    for _ in range(5):
        with pytest.raises(AuthError):
            pg_services.users.login("officer", "wrong-password-1")
    tab = AccountsTab(pg_services, admin, parent)
    QVBoxLayout(parent).addWidget(tab)
    ChangeBridge(pg_services.bus, tab).changed.connect(lambda *_: tab.reload())  # as the admin page does
    tab.setVisible(True)
    tab.reload()
    officer = pg_services.users.find("officer")
    qtbot.waitUntil(lambda: tab.model.row_of(officer.id) >= 0, timeout=10000)
    tab.select_id(officer.id)
    button = tab.unlock_button

    lock = HeldLock(pg_services, "user_account")
    try:
        with ticking() as ticks:
            button.click()
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert button.text() == "正在解锁…" and not button.isEnabled()
        tab.unlock_current()  # asked again while it waits: nothing sent twice, no box
        assert tab.prompt is None
        lock.release()
        qtbot.waitUntil(lambda: button.text() == "解锁", timeout=20000)
    finally:
        lock.close()
    assert button.isEnabled() and tab.prompt is None
    assert pg_services.users.login("officer", PASSWORD).username == "officer"


def test_printing_the_ledger_and_a_sheet_reads_off_the_gui_thread(qtbot, pg_services, clock, tmp_path, monkeypatch):
    """台账 reads the whole list and 办理单 the office's name and zone: with the file, off the GUI thread, the
    button off until the file is saved."""
    from PySide6.QtWidgets import QFileDialog

    officer = make_accounts(pg_services)[2]
    pg_services.instructions.give(officer, InstructionRecord(
        "李海燕", "全力救治伤员", clock.now() - timedelta(hours=2), leader_title="市长"))
    page = InstructionsPage(pg_services, officer)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.selected() is not None, timeout=10000)

    for button, table, target in ((page.buttons["ledger"], "instruction", tmp_path / "台账.pdf"),
                                  (page.buttons["sheet"], "setting", tmp_path / "办理单.pdf")):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target, **k: (str(t), ""))
        lock = HeldLock(pg_services, table)
        try:
            with ticking() as ticks:
                button.click()
                qtbot.wait(800)
            assert lock.held and len(ticks) >= 8, f"the window stopped while {table} did not answer"
            assert not button.isEnabled() and not target.exists()
            lock.release()
            qtbot.waitUntil(button.isEnabled, timeout=20000)
        finally:
            lock.close()
        assert target.read_bytes().startswith(b"%PDF") and page.prompt is None


def test_a_presence_confirmation_waiting_on_a_locked_table_leaves_the_countdown_running(qtbot, pg_services, clock):
    """在岗确认: Enter in time while the checks are held: the window and the prompt's countdown go on, the
    button says 正在确认… and a second Enter sends nothing; confirmed once the server answers."""
    from datetime import date, datetime

    from dutyroom.gui.empty_posts.presence import PresencePrompt
    from tests.conftest import SHANGHAI

    officer = make_accounts(pg_services)[2]
    clock.set(datetime(2026, 11, 21, 21, 0, tzinfo=SHANGHAI))
    check = pg_services.empty_posts.plan_presence_checks(date(2026, 11, 21), clock.now())[0]
    clock.set(check.due_at + timedelta(seconds=20))
    prompt = PresencePrompt(pg_services, officer, check.id, check.answer_by, "Asia/Shanghai")
    qtbot.addWidget(prompt)
    prompt.show()
    button = prompt.confirm_button

    lock = HeldLock(pg_services, "presence_check")
    try:
        with ticking() as ticks:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            clock.advance(seconds=1)
            prompt.tick()
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert button.text() == "正在确认…" and not button.isEnabled() and not prompt.confirmed
        assert prompt.remaining.text().startswith("还剩 4 分")  # the countdown goes on
        prompt.confirm()  # Enter again while it waits: nothing more sent
        lock.release()
        qtbot.waitUntil(lambda: prompt.confirmed, timeout=20000)
    finally:
        lock.close()
    assert "已确认在岗" in prompt.result.text()
    assert pg_services.empty_posts.pending_presence(clock.now()) == []


def test_saving_the_settings_waiting_on_a_locked_table_keeps_what_was_typed(qtbot, pg_services):
    """系统管理 › 设置 保存 while the settings are held: the window goes on, 保存 says 正在保存… (Ctrl+S again
    sends nothing), and what is typed meanwhile stays on top of what was saved."""
    from dutyroom.gui.admin.settings_tab import SettingsTab
    from dutyroom.gui.common.loading import loading

    admin = make_accounts(pg_services)[0]
    tab = SettingsTab(pg_services, admin)
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    tab.show()
    tab.reload()
    qtbot.waitUntil(lambda: tab.settings is not None and not loading(tab, "settings"), timeout=10000)
    office = tab.input("office_name")
    office.setText("城东值班室")

    lock = HeldLock(pg_services, "setting")
    try:
        with ticking() as ticks:
            qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
            qtbot.wait(400)
            tab.input("idle_lock_minutes").setValue(37)  # typed while it is saved
            tab.save()  # Ctrl+S again while it waits: nothing more sent
            qtbot.wait(400)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert tab.save_button.text() == "正在保存…" and not tab.save_button.isEnabled()
        lock.release()
        qtbot.waitUntil(lambda: tab.save_button.isEnabled(), timeout=20000)
    finally:
        lock.close()
    saved = pg_services.settings.get()
    assert saved.office_name == "城东值班室" and saved.idle_lock_minutes != 37
    assert "设置已保存" in tab.message.text() and office.text() == "城东值班室"
    assert tab.input("idle_lock_minutes").value() == 37 and tab.dirty  # typed after the press: kept, unsaved


def test_an_empty_post_explained_and_closed_while_the_table_is_locked(qtbot, pg_services, clock):
    """空岗记录: 保存说明 and 关闭 while the posts are held: the window goes on, each button says it is at work
    (a second press sends nothing), the text typed stays, and both are saved once the server answers."""
    from dutyroom.domain.vocabulary import EmptyPostKind
    from dutyroom.gui.empty_posts.records import EmptyPostsDialog

    _admin, leader, _officer = make_accounts(pg_services)[:3]
    post = pg_services.empty_posts.record(EmptyPostKind.PRESENCE_MISSED, clock.now() - timedelta(hours=7),
                                          "02:00 在岗确认，5 分钟内无人确认")
    dialog = EmptyPostsDialog(pg_services, leader)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.selected() is not None, timeout=10000)
    dialog.explain()  # opens when its kept draft is read (off the GUI thread)
    qtbot.waitUntil(lambda: dialog.prompt is not None and dialog.prompt.isVisible(), timeout=10000)
    box = dialog.prompt
    type_text(qtbot, box.text_edit, "巡查值班设备，未听到提示音")

    lock = HeldLock(pg_services, "empty_post")
    try:
        with ticking() as ticks:
            box.save()
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert box.isVisible() and box.saving and box.save_button.text() == "正在保存…"
        assert box.text_edit.toPlainText() == "巡查值班设备，未听到提示音"
        lock.release()
        qtbot.waitUntil(lambda: not box.isVisible(), timeout=20000)
    finally:
        lock.close()
    assert pg_services.empty_posts.get(post.id).explanation == "巡查值班设备，未听到提示音"
    qtbot.waitUntil(lambda: dialog.selected() is not None and dialog.selected().explanation != "", timeout=10000)

    button = dialog.buttons["close"]
    lock = HeldLock(pg_services, "empty_post")
    try:
        with ticking() as ticks:
            button.click()
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert button.text() == "正在关闭…" and not button.isEnabled()
        dialog.close_selected()  # Ctrl+D again while it waits: nothing more sent
        lock.release()
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=20000)  # only open ones are listed
    finally:
        lock.close()
    assert not pg_services.empty_posts.get(post.id).is_open and not dialog.message.isVisible()


def test_stopping_a_roll_call_plan_waiting_on_a_locked_table(qtbot, parent, pg_services):  # noqa: F811
    from dutyroom.domain.vocabulary import RollCallKind
    from dutyroom.gui.rollcall.plans_tab import PlansTab
    from dutyroom.services.rollcall.records import PlanRecord
    from tests.services.rollcall.helpers import make_units

    admin, leader = make_accounts(pg_services)[:2]
    ids = make_units(pg_services, admin)
    plan = pg_services.rollcall.save_plan(leader, PlanRecord("每周点名", RollCallKind.HOST, weekday=0,
                                                             unit_ids=tuple(ids)))
    tab = PlansTab(pg_services, leader, parent)
    QVBoxLayout(parent).addWidget(tab)
    tab.setVisible(True)
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.row_of(plan.id) >= 0, timeout=10000)
    tab.select_id(plan.id)
    button = tab.buttons["停用/启用"]

    lock = HeldLock(pg_services, "rollcall_plan")
    try:
        with ticking() as ticks:
            button.click()
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert button.text() == "正在保存…" and not button.isEnabled()
        tab.toggle_active()  # Ctrl+D again while it waits: not a second change (it would restart the plan)
        lock.release()
        qtbot.waitUntil(lambda: button.text() == "停用/启用", timeout=20000)
    finally:
        lock.close()
    assert button.isEnabled() and tab.prompt is None
    assert not next(p for p in pg_services.rollcall.plans() if p.id == plan.id).active


def test_deleting_a_call_waiting_on_a_locked_table_leaves_the_window_running(qtbot, pg_services, clock):
    from dutyroom.gui.calls.page import CallsPage
    from tests.gui.calls.test_page import call

    leader = make_accounts(pg_services)[1]
    saved = pg_services.calls.create(leader, call(clock, 30, "幸福小区停水两天，居民生活受影响"))
    page = CallsPage(pg_services, leader)
    qtbot.addWidget(page)
    ChangeBridge(pg_services.bus, page).changed.connect(page.on_change)
    page.resize(1100, 700)
    page.show()
    qtbot.waitUntil(lambda: page.record is not None and page.detail.buttons["delete"].isEnabled(), timeout=10000)
    button = page.detail.buttons["delete"]
    button.click()

    lock = HeldLock(pg_services, '"call"')
    try:
        with ticking() as ticks:
            qtbot.mouseClick(page.prompt.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert button.text() == "正在删除…" and not button.isEnabled()
        prompt = page.prompt
        page.show_detail()  # the selection redrawn meanwhile does not give the button back
        assert not button.isEnabled()
        button.click()  # nothing asked again, nothing sent twice
        assert page.prompt is prompt
        lock.release()
        qtbot.waitUntil(lambda: button.text() == "删除", timeout=20000)
    finally:
        lock.close()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10000)
    assert page.prompt is prompt  # no box: it was deleted
    assert pg_services.calls.count(CallFilter()) == 0 and saved.id is not None


def test_ticking_equipment_normal_waiting_on_a_locked_table(qtbot, parent, pg_services, clock):  # noqa: F811
    from dutyroom.domain.vocabulary import EquipmentState

    people = staff(pg_services, make_accounts(pg_services)[0])
    at_handover_of(clock, DAY1)
    page = HandoverPage(pg_services, people["sunming"], parent)
    QVBoxLayout(parent).addWidget(page)
    ChangeBridge(pg_services.bus, page).changed.connect(page.on_change)
    page.show()
    qtbot.waitUntil(lambda: not page.loading and page.log is not None and page.equipment_list.count() > 0,
                    timeout=10000)
    line = page.equipment_list.item(0)
    name = line.data(Qt.ItemDataRole.UserRole)

    lock = HeldLock(pg_services, "equipment_status")
    try:
        with ticking() as ticks:
            line.setCheckState(Qt.CheckState.Checked)  # 正常
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        lock.release()
        qtbot.waitUntil(lambda: {s.name: s.state for s in pg_services.handover.equipment_status(DAY1)}.get(name)
                        == EquipmentState.OK, timeout=20000)
    finally:
        lock.close()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    assert page.equipment_list.item(0).checkState() == Qt.CheckState.Checked


def test_importing_a_holiday_year_reads_and_writes_off_the_gui_thread(qtbot, parent, pg_services, tmp_path):  # noqa: F811
    """节假日 导入…: what the year holds (for the question) and the import itself wait off the GUI thread while
    the calendar is held; the button says so; the year is imported once the server answers."""
    from datetime import date

    from dutyroom.gui.admin.holidays_tab import HolidaysTab

    admin = make_accounts(pg_services)[0]
    source = tmp_path / "2027.csv"
    source.write_text("日期,类型,名称\n2027-10-01,休,国庆节\n", encoding="utf-8")
    tab = HolidaysTab(pg_services, admin, parent)
    QVBoxLayout(parent).addWidget(tab)
    tab.setVisible(True)
    tab.year_spin.setValue(2027)
    button = tab.buttons["导入…"]

    for step in ("read", "import"):
        lock = HeldLock(pg_services, "holiday")
        try:
            with ticking() as ticks:
                if step == "read":
                    tab.import_file(str(source))
                else:
                    qtbot.mouseClick(tab.prompt.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
                qtbot.wait(800)
            assert lock.held and len(ticks) >= 8, f"the window stopped while the {step} waited"
            assert button.text() == ("正在读取…" if step == "read" else "正在导入…") and not button.isEnabled()
            lock.release()
            qtbot.waitUntil(lambda: button.isEnabled() and tab.prompt is not None and tab.prompt.isVisible(),
                            timeout=20000)
        finally:
            lock.close()
    assert "已导入 1 行" in tab.prompt.text()
    assert [h.day for h in pg_services.holidays.list(2027)] == [date(2027, 10, 1)]
