"""First administrator and login dialogs, driven through their widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from dutyroom.domain.vocabulary import Role
from dutyroom.gui import theme
from dutyroom.gui.login import FirstAdminDialog, LoginDialog
from tests.conftest import PASSWORD
from tests.gui.clipping import clipped_texts
from tests.gui.helpers import type_text


def _shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.fixture
def first_admin(qtbot, sqlite_services):
    """The first-administrator dialog on an empty database, as the program shows it."""
    return _shown(qtbot, FirstAdminDialog(sqlite_services))


def _fill_first_admin(qtbot, dialog, *, username="admin", name="王管理", password=PASSWORD, confirm=None):
    type_text(qtbot, dialog.username_edit, username)
    type_text(qtbot, dialog.name_edit, name)
    type_text(qtbot, dialog.password_edit, password)
    type_text(qtbot, dialog.confirm_edit, password if confirm is None else confirm)


def _error(dialog, name: str) -> str:
    label = dialog.errors._fields[name][0]
    return label.text() if label.isVisible() else ""


def test_first_admin_refuses_a_short_password_next_to_the_field(qtbot, sqlite_services, first_admin):
    dialog = first_admin
    _fill_first_admin(qtbot, dialog, password="abc1")

    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    assert _error(dialog, "password") == "⚠ 密码至少 8 位"
    assert _error(dialog, "username") == ""
    assert dialog.password_edit.text() == "abc1"  # nothing typed is lost
    assert not sqlite_services.users.has_users()


def test_first_admin_wants_the_password_twice_the_same(qtbot, sqlite_services, first_admin):
    dialog = first_admin
    _fill_first_admin(qtbot, dialog, confirm=PASSWORD + "x")

    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    assert _error(dialog, "confirm") == "⚠ 两次输入的密码不一致"
    assert not sqlite_services.users.has_users()


def test_first_admin_shows_the_services_own_field_message(qtbot, sqlite_services, first_admin):
    dialog = first_admin
    _fill_first_admin(qtbot, dialog, username="wang admin")

    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: _error(dialog, "username") != "")
    assert "空格" in _error(dialog, "username")
    assert dialog.create_button.isEnabled()
    assert not sqlite_services.users.has_users()


def test_first_admin_is_created_from_valid_input(qtbot, sqlite_services, first_admin):
    dialog = first_admin
    dialog.office_edit.clear()
    type_text(qtbot, dialog.office_edit, "临江区人民政府总值班室")
    _fill_first_admin(qtbot, dialog)

    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    assert dialog.actor.role == Role.ADMIN
    assert dialog.actor.display_name == "王管理"
    assert sqlite_services.users.login("admin", PASSWORD).role == Role.ADMIN
    assert sqlite_services.settings.get().office_name == "临江区人民政府总值班室"


def test_login_with_a_wrong_password_says_so_and_keeps_the_username(qtbot, sqlite_services, accounts):
    dialog = _shown(qtbot, LoginDialog(sqlite_services))
    qtbot.keyClicks(dialog.username_edit, "officer")
    qtbot.keyClicks(dialog.password_edit, "not-the-password1")

    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: dialog.error_label.isVisible())
    assert dialog.error_label.text().startswith("⚠ 用户名或密码错误")
    assert "连续错误 5 次将锁定" in dialog.error_label.text()
    assert dialog.username_edit.text() == "officer"
    assert dialog.password_edit.text() == ""
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.login_button.isEnabled()


def test_login_with_the_right_password_gives_the_actor(qtbot, sqlite_services, accounts):
    dialog = _shown(qtbot, LoginDialog(sqlite_services, username="leader"))
    assert dialog.username_edit.text() == "leader"
    qtbot.keyClicks(dialog.password_edit, PASSWORD)

    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)

    assert dialog.actor.username == "leader"
    assert dialog.actor.role == Role.LEADER


def test_login_without_a_username_asks_for_it(qtbot, sqlite_services, accounts):
    dialog = _shown(qtbot, LoginDialog(sqlite_services))

    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)

    assert _error(dialog, "username") == "⚠ 请输入用户名"
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_login_shows_the_office_name(qtbot, sqlite_services, accounts):
    from dataclasses import replace

    admin, _, _ = accounts
    sqlite_services.settings.save(admin, replace(sqlite_services.settings.get(), office_name="青川市总值班室"))
    dialog = LoginDialog(sqlite_services)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(type(dialog.error_label))]
    assert "青川市总值班室" in texts


def test_a_login_typed_before_the_database_is_open_goes_ahead_once_it_is(qtbot, sqlite_services, accounts):
    from dutyroom.gui.login import OPENING_TEXT

    dialog = _shown(qtbot, LoginDialog())  # the program's first window: no database yet
    qtbot.keyClicks(dialog.username_edit, "leader")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)

    assert dialog.login_button.text() == OPENING_TEXT and not dialog.login_button.isEnabled()
    assert dialog.password_edit.text() == PASSWORD  # kept as typed while waiting
    assert dialog.result() != QDialog.DialogCode.Accepted

    with qtbot.waitSignal(dialog.accepted):
        dialog.set_services(sqlite_services)  # what gui.app does once the database is open

    assert dialog.actor.username == "leader"
    assert dialog.title_label.text() == sqlite_services.settings.get().office_name



@pytest.mark.parametrize("name", list(theme.THEMES))
def test_a_wrong_password_message_is_seen_whole_in_the_dialog(qtbot, qapp, sqlite_services, accounts, name):
    # The message wraps to two lines at the dialog's width in the program's font; a top-level window does not
    # grow for a wrapped label by itself, so its second line ("5 分钟）") was cut off above the buttons.
    theme.ensure_cjk_font(qapp)
    theme.apply_theme(qapp, name)
    dialog = _shown(qtbot, LoginDialog(sqlite_services))
    qtbot.keyClicks(dialog.username_edit, "officer")
    qtbot.keyClicks(dialog.password_edit, "not-the-password1")

    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: dialog.error_label.isVisible())
    label = dialog.error_label
    assert label.heightForWidth(label.width()) > label.fontMetrics().height() * 1.5, "the message takes two lines"
    qtbot.waitUntil(lambda: clipped_texts(dialog) == [])
    bottom = label.mapTo(dialog, label.rect().bottomLeft()).y()
    assert bottom < dialog.login_button.mapTo(dialog, dialog.login_button.rect().topLeft()).y()
