"""Ctrl+Tab / Ctrl+PgDn switch the tabs of every tabbed page, whatever in it has the focus (found by hand on 管理)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabWidget

from dutyroom.gui.shortcuts_help import shortcut_table
from tests.gui.helpers import focus


def _open(window, name):
    index = window._page_index(name)
    window.show_page(index)
    return window.page(index)


def test_ctrl_tab_and_ctrl_pgdn_switch_admin_tabs_from_the_table(qtbot, open_window, admin):
    window = open_window(admin)
    page = _open(window, "AdminPage")
    tabs = page.tabs
    assert tabs.currentIndex() == 0
    focus(qtbot, page.people_tab.view)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == 1
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == 2
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == 1
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert tabs.currentIndex() == 0


def test_tab_keys_work_with_the_focus_in_the_navigation_list(qtbot, open_window, admin):
    window = open_window(admin)
    page = _open(window, "AdminPage")
    focus(qtbot, window.nav)
    qtbot.keyClick(window.nav, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.currentIndex() == 1
    assert window.current_page() is page  # the navigation list did not move to another page
    qtbot.keyClick(window.nav, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.nav, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.currentIndex() == page.tabs.count() - 1  # wraps round, as QTabWidget does


def test_every_tabbed_page_turns_its_tabs(qtbot, open_window, admin):
    window = open_window(admin)
    turned = []
    for index in range(len(window.pages)):
        window.show_page(index)
        page = window.page(index)
        tabs = [t for t in page.findChildren(QTabWidget) if t.isVisible() and t.count() > 1]
        if not tabs:
            continue
        first = tabs[0]
        before = first.currentIndex()
        qtbot.keyClick(window.nav, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        assert first.currentIndex() == (before + 1) % first.count(), page.title
        turned.append(page.title)
    assert {"管理", "来电登记", "排班"} <= set(turned)


def test_the_shortcut_list_names_the_tab_keys(qtbot, open_window, admin):
    window = open_window(admin)
    table = shortcut_table(window)
    assert "Ctrl+PgDown" in table and "Ctrl+Tab" in table and "下一个分页" in table
