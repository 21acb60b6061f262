"""The main window: navigation, shortcuts, status bar clock, idle lock, themes, fonts, screenshots."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QImage
from PySide6.QtWidgets import QApplication, QTabBar

from dutyroom.gui import theme
from dutyroom.gui.common import background
from dutyroom.workstation import load_workstation
from tests.conftest import PASSWORD
from tests.gui.helpers import type_text


def _nav_texts(window) -> list[str]:
    return [window.nav.item(row).text() for row in range(window.nav.count())]


def test_title_and_navigation_for_an_administrator(open_window, accounts):
    admin, _, _ = accounts
    window = open_window(admin)
    assert window.windowTitle() == "值班室 — 值班室"
    assert _nav_texts(window) == ["值班首页", "通讯录", "排班", "来电登记", "突发事件", "视频点名", "领导批示", "交接班", "文件", "管理"]
    assert window.page_title.text() == "值班首页"  # the shift at a glance comes first after login


@pytest.mark.parametrize("who", [1, 2], ids=["leader", "officer"])
def test_leaders_and_officers_do_not_see_administration(open_window, accounts, who):
    window = open_window(accounts[who])
    assert _nav_texts(window) == ["值班首页", "通讯录", "排班", "来电登记", "突发事件", "视频点名", "领导批示", "交接班", "文件"]
    assert all(page.title != "管理" for page in window.pages)


def test_ctrl_number_switches_pages(qtbot, open_window, accounts):
    window = open_window(accounts[0])
    qtbot.waitUntil(lambda: not window.pages[0].loading)

    # 值班首页 is Ctrl+0, so the pages after it keep the keys they had: 通讯录 Ctrl+1 … 突发事件 Ctrl+4.
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().title == "管理"
    assert window.page_title.text() == "管理"
    assert window.nav.currentRow() == 9
    assert window.pages[9].isAncestorOf(QApplication.focusWidget())  # keyboard users land on the page
    assert not isinstance(QApplication.focusWidget(), QTabBar)  # in the tab below, where Insert and F5 act
    people = window.pages[9].tabs.currentWidget()
    assert people.isAncestorOf(QApplication.focusWidget())

    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().title == "文件"

    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().title == "视频点名"
    assert window.pages[5].isAncestorOf(QApplication.focusWidget())

    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().title == "交接班"
    assert QApplication.focusWidget() is window.pages[7].entry_text  # straight into 值班记事

    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().title == "突发事件"

    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().title == "来电登记"
    assert QApplication.focusWidget() is window.pages[3].filters.search_edit  # straight into the search box

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().title == "排班"

    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().title == "通讯录"
    assert QApplication.focusWidget() is window.pages[1].search_edit

    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().title == "值班首页"
    # No roster here, so 当前值班 has no lines: the keyboard lands in the first section that has some.
    assert QApplication.focusWidget() is window.pages[0].views["jobs"].list
    assert window.nav.item(0).toolTip() == "值班首页（Ctrl+0）" and window.nav.item(1).toolTip() == "通讯录（Ctrl+1）"


def test_only_the_first_page_is_built_before_the_window_shows_and_the_rest_after(qtbot, sqlite_services,
                                                                                  accounts):
    from dutyroom.gui.app import build_main_window

    window = build_main_window(sqlite_services, accounts[0])
    qtbot.addWidget(window)
    assert [p is not None for p in window._built] == [True, False, False, False, False, False, False, False, False, False]
    assert [window.nav.item(i).text() for i in range(10)] == ["值班首页", "通讯录", "排班", "来电登记", "突发事件", "视频点名", "领导批示", "交接班", "文件", "管理"]
    window.show_page(4)  # opened before the background building got there: built on the spot
    assert window.current_page().title == "突发事件" and window.stack.currentWidget() is window._built[4]
    window.show()
    qtbot.waitUntil(lambda: all(p is not None for p in window._built))
    assert window.stack.count() == 10 and window.stack.currentWidget() is window._built[4]


def test_status_bar_shows_user_database_and_the_office_clock(qtbot, open_window, accounts, clock,
                                                             sqlite_services):
    window = open_window(accounts[0])
    assert window.status.user.text() == "王管理 · 管理员"
    assert window.status.database.toolTip() == f"数据库：{sqlite_services.db.describe()}"
    assert window.status.clock.text() == "2026年11月21日 星期六 09:00:00 （北京时间/Asia/Shanghai）"

    clock.advance(hours=15, seconds=5)
    # The label follows the injected clock on its own timer (about a second of real time).
    qtbot.waitUntil(lambda: window.status.clock.text().startswith("2026年11月22日 星期日 00:00:05"), timeout=3000)


def test_office_time_zone_change_reaches_the_clock_and_the_title(open_window, accounts, sqlite_services):
    admin, _, _ = accounts
    window = open_window(admin)
    current = sqlite_services.settings.get()
    sqlite_services.settings.save(admin, replace(current, time_zone="Asia/Urumqi", office_name="青川市总值班室"))

    assert window.windowTitle() == "值班室 — 青川市总值班室"
    assert window.status.clock.text() == "2026年11月21日 星期六 07:00:00 （乌鲁木齐时间/Asia/Urumqi）"


def _unlock_with(qtbot, window, password: str) -> None:
    panel = window.lock_panel
    type_text(qtbot, panel.password_edit, password)
    qtbot.mouseClick(panel.unlock_button, Qt.MouseButton.LeftButton)


def test_idle_lock_hides_the_data_and_wants_the_same_users_password(qtbot, open_window, accounts, clock):
    window = open_window(accounts[2])  # officer
    clock.advance(minutes=14, seconds=59)
    assert not window.check_idle()
    assert not window.locked

    clock.advance(seconds=1)
    assert window.check_idle()
    assert window.locked
    assert window.lock_panel.isVisible()
    assert not window.content.isVisible()  # no phone numbers behind the lock
    assert "长时间无操作" in window.lock_panel.reason_label.text()
    assert window.lock_panel.user_label.text() == "当前用户：赵值班 · 值班员"

    _unlock_with(qtbot, window, "wrong-password1")
    qtbot.waitUntil(lambda: window.lock_panel.error_label.isVisible())
    assert "用户名或密码错误" in window.lock_panel.error_label.text()
    assert window.locked
    assert not window.content.isVisible()

    _unlock_with(qtbot, window, PASSWORD)
    qtbot.waitUntil(lambda: not window.locked)
    assert window.content.isVisible()
    assert not window.lock_panel.isVisible()
    assert not window.check_idle()  # the idle time starts again after unlocking


def test_typing_keeps_the_window_unlocked(qtbot, open_window, accounts, clock):
    window = open_window(accounts[0])
    search = window.pages[1].search_edit
    clock.advance(minutes=10)
    qtbot.keyClicks(search, "0123")
    clock.advance(minutes=10)
    assert not window.check_idle()
    clock.advance(minutes=6)
    assert window.check_idle()


def test_idle_minutes_follow_the_office_setting(open_window, accounts, clock, sqlite_services):
    admin, _, _ = accounts
    window = open_window(admin)
    sqlite_services.settings.save(admin, replace(sqlite_services.settings.get(), idle_lock_minutes=5))
    clock.advance(minutes=5)
    assert window.check_idle()


def test_ctrl_l_locks_at_once_and_blocks_the_menus(qtbot, open_window, accounts):
    window = open_window(accounts[0])
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    assert not window.menuBar().isEnabled()

    qtbot.keyClick(window.lock_panel.password_edit, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    assert not window.content.isVisible()


def test_lock_screen_offers_to_switch_user(qtbot, open_window, accounts):
    window = open_window(accounts[0])
    window.lock()
    with qtbot.waitSignal(window.switch_user_requested):
        qtbot.mouseClick(window.lock_panel.switch_button, Qt.MouseButton.LeftButton)


def test_dark_theme_is_applied_and_remembered_for_this_workstation(open_window, accounts, qapp):
    window = open_window(accounts[0])
    window.theme_actions["dark"].trigger()
    assert theme.current_theme(qapp) == "dark"
    assert "#1b1f24" in qapp.styleSheet()
    assert load_workstation().theme == "dark"

    window.theme_actions["light"].trigger()
    assert load_workstation().theme == "light"
    assert window.theme_actions["light"].isChecked()


@pytest.mark.parametrize("name", ["light", "dark"])
def test_style_sheets_have_error_alarm_and_focus_styles_with_real_icon_paths(name):
    sheet = theme.stylesheet(name)
    for rule in ('QLabel[role="error"]', '[role="alarm"]', "QLineEdit:focus", "QPushButton:focus"):
        assert rule in sheet
    assert "url(icons/" not in sheet
    assert "chevron-down" in sheet


def test_bundled_font_is_used_when_the_system_has_no_chinese_font(qapp):
    family = theme.ensure_cjk_font(qapp, force_bundled=True)
    assert family == "Droid Sans Fallback"
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)
    assert qapp.font().pointSize() == theme.POINT_SIZE


def test_system_chinese_font_is_kept_when_there_is_one(qapp):
    family = theme.ensure_cjk_font(qapp, force_bundled=False)
    assert family in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    assert 12 <= qapp.font().pointSize() <= 13


def test_screenshots_of_every_page_and_dialog(tmp_path, qapp):
    from dutyroom.gui.screenshot import render_all

    before = qapp.styleSheet()
    paths = render_all(tmp_path, theme="dark")

    names = [p.name for p in paths]
    assert names[0] == "01-值班首页-dark.png"
    assert any("管理-人员" in n for n in names)
    for expected in ("锁定", "登录", "首次使用"):
        assert any(expected in n for n in names), expected
    window_shot = QImage(str(paths[0]))
    assert (window_shot.width(), window_shot.height()) == (1280, 800)
    assert all(p.stat().st_size > 5000 for p in paths)
    assert qapp.styleSheet() == before  # the running application keeps its own look
    assert QApplication.instance() is qapp


# -- starting the program -----------------------------------------------------------------------

def test_run_reports_a_database_it_cannot_open(tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from dutyroom.gui.app import run

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: shown.append(text)))
    assert run(str(tmp_path)) == 1  # a folder is not a database file
    assert shown and "文件夹" in shown[0]


def test_closing_the_first_start_dialog_creates_nothing(tmp_path, monkeypatch):
    import sys

    from dutyroom.app import open_services
    from dutyroom.gui.app import run
    from dutyroom.gui.login import FirstAdminDialog

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    seen = []
    monkeypatch.setattr(FirstAdminDialog, "exec", lambda self: seen.append(self) or 0)
    url = str(tmp_path / "empty.sqlite3")
    assert run(url) == 0
    assert len(seen) == 1
    services = open_services(url)
    assert not services.users.has_users()
    services.db.dispose()


def test_demo_start_prints_the_passwords_once_and_opens_the_window(tmp_path, monkeypatch, capsys, qapp):
    import sys

    from PySide6.QtWidgets import QMessageBox

    from dutyroom.gui.app import run
    from dutyroom.gui.login import LoginDialog
    from dutyroom.gui.main_window import MainWindow

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    boxes = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda p, title, text: boxes.append((title, text))))

    def login_as_admin(dialog):
        passwords = dict(re.findall(r"^(\w+) +(\S+)$", boxes[0][1], re.MULTILINE))
        dialog.actor = dialog.services.users.login("admin", passwords["admin"])
        return 1

    windows = []

    def fake_exec():
        windows.extend(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        for window in windows:
            window.close()
            if window.quit_prompt is not None:  # the demo has overdue reports: the officer is asked first
                window.quit_prompt.button(QMessageBox.StandardButton.Yes).click()  # 仍然退出
        return 0

    monkeypatch.setattr(LoginDialog, "exec", login_as_admin)
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))

    assert run(str(tmp_path / "demo.sqlite3"), demo=True) == 0

    assert [title for title, _ in boxes] == ["演示账户"]
    printed = capsys.readouterr().out
    for username in ("admin", "leader", "officer"):
        assert username in printed and username in boxes[0][1]
    assert len(windows) == 1
    assert windows[0].actor.username == "admin"
    assert windows[0].pages[1].count_label.text().startswith("共 ")


def test_a_dialog_open_at_lock_time_is_hidden_and_comes_back_as_typed(qtbot, open_window, accounts):
    from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

    window = open_window(accounts[0])
    editor = QDialog(window)
    field = QLineEdit(editor)
    QVBoxLayout(editor).addWidget(field)
    editor.open()  # window-modal, like the administration editors
    qtbot.keyClicks(field, "half typed 0123")

    window.lock("manual")
    assert not editor.isVisible()  # neither its data nor its modality stays in the way

    _unlock_with(qtbot, window, PASSWORD)
    qtbot.waitUntil(lambda: not window.locked)
    assert editor.isVisible()
    assert field.text() == "half typed 0123"


def test_switching_user_hands_the_workstation_over(qtbot, qapp, sqlite_services, accounts, monkeypatch):
    from dutyroom.gui.app import _Session
    from dutyroom.gui.login import LoginDialog

    admin, _, officer = accounts
    answers = [None, officer]  # first time the login is cancelled, then the officer logs in
    under_login = []

    settings_reads: list[str] = []

    def fake_exec(dialog):
        # While the users change over, the locked window stays on screen under the login (its alarms with it).
        under_login.append((dialog.parent() is session.window, session.window.isVisible(), session.window.locked))
        # The office's name as the window holds it: the dialog read nothing (a server away would hold it).
        assert dialog.title_label.text() == session.window.settings.office_name and not settings_reads
        dialog.actor = answers.pop(0)
        return 1 if dialog.actor else 0

    monkeypatch.setattr(LoginDialog, "exec", fake_exec)
    session = _Session(qapp, sqlite_services)
    session.open_window(admin)
    first = session.window
    qtbot.addWidget(first)
    from sqlalchemy import event

    def seen(conn, cursor, statement, *_):
        if "FROM setting" in statement:
            settings_reads.append(statement)

    event.listen(sqlite_services.db.engine, "before_cursor_execute", seen)
    qtbot.waitUntil(lambda: not background._running)  # the window's own first reads are over
    settings_reads.clear()

    first.switch_user_requested.emit()  # cancelled
    assert session.window is first and first.isVisible()
    assert first.locked  # whoever cancelled does not get the administrator's session

    first.switch_user_requested.emit()
    second = session.window
    qtbot.addWidget(second)
    assert second is not first and second.isVisible()
    assert second.status.user.text() == "赵值班 · 值班员"
    assert not first.isVisible()
    assert qapp.quitOnLastWindowClosed()
    assert under_login == [(True, True, True), (True, True, True)]
    assert second.settings is first.settings  # handed over, not read on the GUI thread again
    event.remove(sqlite_services.db.engine, "before_cursor_execute", seen)


def test_scheduler_notice_shows_as_a_banner_for_its_audience(qtbot, open_window, accounts, sqlite_services):
    from dutyroom.services.events import Change

    admin_window = open_window(accounts[0])
    officer_window = open_window(accounts[2])
    notice = Change(kind="notice", id="roster_check", op="create", origin="scheduler",
                    message="2026年12月还有 31 天没有排班", audience="admin")
    sqlite_services.bus.publish(notice)
    qtbot.waitUntil(lambda: admin_window.notices.isVisible())
    assert "12月还有 31 天没有排班" in admin_window.notices.text.text()
    assert admin_window.notices.text.text().startswith("⚠")
    assert not officer_window.notices.isVisible()  # an administrator's matter

    sqlite_services.bus.publish(Change(kind="notice", id="shift_reminder", origin="scheduler",
                                       message="明日值班提醒 — 11月22日（星期日）\n全天班 08:30 起：带班 李带班"))
    qtbot.waitUntil(lambda: officer_window.notices.isVisible())
    assert "带班 李带班" in officer_window.notices.text.text()


def test_page_specs_name_the_pages_as_their_classes_do():
    from dutyroom.gui.main_window import ADMIN_PAGE, PAGES

    for spec in (*PAGES, ADMIN_PAGE):
        assert spec.load().title == spec.title


def test_every_menu_item_has_its_own_alt_letter(open_window, accounts):
    """Keyboard only: Alt+V, then a letter. The page items go by Ctrl+number instead (shown beside them)."""
    window = open_window(accounts[0])
    pages = set(window.page_actions)
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        letters = {}
        for action in menu.actions():
            if action.isSeparator() or action in pages:
                continue
            found = re.findall(r"&(\w)", action.text())
            assert len(found) == 1, f"{menu.title()} → {action.text()} has no Alt letter"
            assert found[0].upper() not in letters, f"{action.text()} and {letters[found[0].upper()]}"
            letters[found[0].upper()] = action.text()
