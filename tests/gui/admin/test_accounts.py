"""Administration page, 账户 tab: create, lock and unlock, reset a password."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from dutyroom.errors import AuthError
from dutyroom.services.records import PersonRecord, UnitRecord
from tests.conftest import PASSWORD
from tests.gui.helpers import shown_column, type_text


@pytest.fixture
def page(page):
    page.tabs.setCurrentWidget(page.accounts_tab)
    return page


def status_of(tab, username: str) -> str:
    names = shown_column(tab.view, 0)
    return tab.view.model().index(names.index(username), 4).data()


def press(qtbot, page, button: str, username: str | None = None):
    """Select `username`'s row (when given) and press the 账户 tab's `button`; the dialog it opens, if any."""
    tab = page.accounts_tab
    if username is not None:
        tab.select_id(page.services.users.find(username).id)
    qtbot.mouseClick(tab.buttons[button], Qt.MouseButton.LeftButton)
    return tab.dialog


def choose(combo, text: str) -> None:
    combo.setCurrentIndex(combo.findText(text))
    assert combo.currentText() == text


def test_create_account_linked_to_a_person(qtbot, page, admin):
    unit = page.services.units.save(admin, UnitRecord(name="区政府办公室"))
    page.services.people.save(admin, PersonRecord(name="张伟", unit_id=unit.id))
    tab = page.accounts_tab
    dialog = press(qtbot, page, "新增")
    assert dialog.input("password").isVisible() and dialog.input("password_confirm").isVisible()
    assert [dialog.input("role").itemText(i) for i in range(3)] == ["值班员", "带班领导", "管理员"]
    type_text(qtbot, dialog.input("username"), "zhangwei")
    choose(dialog.input("role"), "带班领导")
    choose(dialog.input("person_id"), "张伟（区政府办公室）")
    type_text(qtbot, dialog.input("password"), "night2026shift")
    type_text(qtbot, dialog.input("password_confirm"), "night2026shiftt")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_labels["password_confirm"].text() == "⚠ 两次输入的密码不一致"

    qtbot.keyClick(dialog.input("password_confirm"), Qt.Key.Key_Backspace)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    row = shown_column(tab.view, 0).index("zhangwei")
    assert [tab.view.model().index(row, c).data() for c in range(5)] == [
        "zhangwei", "张伟", "带班领导", "张伟", "正常"]
    assert page.services.users.login("zhangwei", "night2026shift").display_name == "张伟"


def test_an_officer_account_not_linked_to_a_person_says_what_that_means(qtbot, page, admin):
    """The 空岗 check knows who is at the desk by the linked person only: the editor says so, and names a
    person of the same name to choose; an administrator account needs no person."""
    page.services.people.save(admin, PersonRecord(name="孙明"))
    dialog = press(qtbot, page, "新增")
    hint = dialog.form.findChild(QLabel, "person_hint")
    assert hint.isVisible() and "未关联人员" in hint.text()
    type_text(qtbot, dialog.input("display_name"), "孙明")
    assert "人员名单中有“孙明”，请选择" in hint.text()
    choose(dialog.input("person_id"), "孙明")
    assert not hint.isVisible()
    choose(dialog.input("person_id"), "（不关联人员）")
    choose(dialog.input("role"), "管理员")
    assert not hint.isVisible()


def test_weak_password_is_shown_next_to_the_password(qtbot, page):
    dialog = press(qtbot, page, "新增")
    type_text(qtbot, dialog.input("username"), "chenjing")
    type_text(qtbot, dialog.input("password"), "short")
    type_text(qtbot, dialog.input("password_confirm"), "short")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error_labels["password"].text() == "⚠ 密码至少 8 位"
    assert dialog.input("username").text() == "chenjing"


def test_editing_an_account_shows_no_password_fields(qtbot, page):
    dialog = press(qtbot, page, "修改", "officer")
    assert dialog.windowTitle() == "修改账户"
    assert not dialog.input("password").isVisible() and not dialog.input("password_confirm").isVisible()
    dialog.input("display_name").clear()
    type_text(qtbot, dialog.input("display_name"), "赵值班（夜班）")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert "赵值班（夜班）" in shown_column(page.accounts_tab.view, 1)
    assert page.services.users.login("officer", PASSWORD).display_name == "赵值班（夜班）"


def test_unlock_a_locked_account(qtbot, page, clock):
    services = page.services
    for _ in range(5):
        with pytest.raises(AuthError):
            services.users.login("officer", "wrong-password-1")
    tab = page.accounts_tab
    assert status_of(tab, "officer") == "已锁定（至 09:05）"  # office time, 5 minutes from 09:00
    assert status_of(tab, "leader") == "正常"
    leader_row = shown_column(tab.view, 0).index("leader")
    assert tab.view.model().index(leader_row, 5).data() == "2026-11-21 09:00"  # last login, office time
    with pytest.raises(AuthError):
        services.users.login("officer", PASSWORD)

    press(qtbot, page, "解锁", "officer")
    assert status_of(tab, "officer") == "正常"
    assert services.users.login("officer", PASSWORD).username == "officer"


def test_lock_expires_with_time(page, clock):
    for _ in range(5):
        with pytest.raises(AuthError):
            page.services.users.login("leader", "wrong-password-1")
    tab = page.accounts_tab
    assert status_of(tab, "leader").startswith("已锁定")
    clock.advance(minutes=6)
    assert status_of(tab, "leader") == "正常"


def test_reset_password(qtbot, page):
    dialog = press(qtbot, page, "重置密码", "leader")
    assert dialog.windowTitle() == "重置密码"
    type_text(qtbot, dialog.input("password"), "fresh2026start")
    type_text(qtbot, dialog.input("password_confirm"), "fresh2026start")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert page.services.users.login("leader", "fresh2026start").username == "leader"
