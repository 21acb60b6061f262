"""Lists made by make_table: the keyboard leaves them with Tab (found by hand on 突发事件)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.helpers import focus
from tests.gui.incidents.test_page import open_page, record


def test_tab_leaves_the_incident_list_and_shift_tab_keeps_the_selected_incident(qtbot, accounts, sqlite_services):
    officer = accounts[2]
    first = sqlite_services.incidents.save(officer, record(sqlite_services.clock))
    sqlite_services.incidents.save(officer, record(sqlite_services.clock, title="青山镇山体滑坡"))
    page = open_page(qtbot, sqlite_services, officer)
    assert page.select_incident(first.id)
    focus(qtbot, page.table)
    selected = page.incident.id
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not page.table
    focus(qtbot, page.table)
    qtbot.keyClick(page.table, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is not page.table and page.incident.id == selected
