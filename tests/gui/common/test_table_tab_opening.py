"""A table tab's editor whose lists come from the database (common/table_tab.py choices_read): Insert opens
it with what was read, and a read that fails opens nothing, says so, and gives the button back."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from dutyroom.errors import DatabaseUnavailable
from dutyroom.gui.roster.setup import LeavesTab
from dutyroom.services.records import PersonRecord
from tests.gui.helpers import focus


def _tab(qtbot, services, actor) -> LeavesTab:
    tab = LeavesTab(services, actor, lambda: date(2026, 12, 1))
    qtbot.addWidget(tab)
    tab.setVisible(True)  # (TableTab.show puts rows in the model)
    tab.reload()
    return tab


def test_insert_opens_the_leave_editor_with_the_people_read_first(qtbot, sqlite_services, accounts):
    sqlite_services.people.save(accounts[0], PersonRecord(name="孙明"))
    tab = _tab(qtbot, sqlite_services, accounts[0])
    focus(qtbot, tab.view)
    qtbot.keyClick(tab.view, Qt.Key.Key_Insert)
    assert tab.dialog is not None and tab.dialog.isVisible()
    people = tab.dialog.input("person_id")
    assert "孙明" in [people.itemText(i) for i in range(people.count())]
    assert tab.buttons["新增"].text() == "新增" and tab.buttons["新增"].isEnabled()


def test_a_failed_read_opens_nothing_and_gives_the_button_back(qtbot, sqlite_services, accounts):
    tab = _tab(qtbot, sqlite_services, accounts[0])

    def away(**_):
        raise DatabaseUnavailable("数据库连接中断")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sqlite_services.people, "list", away)
        tab.buttons["新增"].click()
    assert tab.dialog is None
    assert tab.buttons["新增"].text() == "新增" and tab.buttons["新增"].isEnabled()
    tab.buttons["新增"].click()  # the server back: the next press opens it
    assert tab.dialog is not None and tab.dialog.isVisible()
