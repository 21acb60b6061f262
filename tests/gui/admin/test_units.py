"""Administration page, 单位 tab: add, validate, conflict, delete — through the real dialog."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from dutyroom.domain.vocabulary import UnitKind
from dutyroom.services.records import PersonRecord, UnitRecord
from tests.gui.helpers import focus, open_admin_page, shown_column, type_text


@pytest.fixture
def page(page):
    page.tabs.setCurrentWidget(page.units_tab)
    return page


def open_new_unit(qtbot, tab):
    qtbot.mouseClick(tab.buttons["新增"], Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_add_unit_through_dialog_shows_it_in_the_table(qtbot, page):
    tab = page.units_tab
    dialog = open_new_unit(qtbot, tab)
    type_text(qtbot, dialog.input("name"), "区水务局")
    type_text(qtbot, dialog.input("duty_phone"), "028-86129999")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert "区水务局" in shown_column(tab.view, 0)
    row = shown_column(tab.view, 0).index("区水务局")
    assert tab.view.model().index(row, 2).data() == "028-86129999"
    assert tab.view.model().index(row, 1).data() == "下级单位"
    assert tab.current_record().name == "区水务局"  # the new row is selected
    assert tab.count_label.text() == "共 1 条"


def test_empty_name_shows_message_next_to_the_field_and_keeps_the_dialog(qtbot, page):
    dialog = open_new_unit(qtbot, page.units_tab)
    type_text(qtbot, dialog.input("duty_phone"), "028-86120000")
    type_text(qtbot, dialog.input("address"), "人民路 1 号")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    label = dialog.error_labels["name"]
    assert dialog.isVisible()
    assert label.isVisible() and label.text() == "⚠ 请填写单位名称"
    assert label.property("role") == "error"
    field = dialog.input("name")
    # Directly under the name field, in the same column.
    assert label.x() == field.x() and 0 <= label.y() - field.geometry().bottom() < 30
    assert dialog.input("duty_phone").text() == "028-86120000"
    assert dialog.input("address").text() == "人民路 1 号"
    assert not dialog.error_labels["duty_phone"].isVisible()
    assert page.services.units.list() == []

    type_text(qtbot, dialog.input("name"), "区民政局")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert [u.name for u in page.services.units.list()] == ["区民政局"]


def test_conflict_keeps_typed_text_and_offers_reload(qtbot, page, admin):
    services = page.services
    unit = services.units.save(admin, UnitRecord(name="区公安分局", duty_phone="028-86124110"))
    tab = page.units_tab
    tab.select_id(unit.id)
    focus(qtbot, tab.view)
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)  # Enter edits the selected row
    dialog = tab.dialog
    assert dialog.windowTitle() == "修改单位"
    # Meanwhile another workstation saves the same unit.
    services.units.save(admin, replace(unit, duty_phone="028-86124111"))

    dialog.input("address").clear()
    type_text(qtbot, dialog.input("address"), "公园路 8 号")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.message.isVisible()
    assert "已被其他人修改" in dialog.message.text() and dialog.message.text().startswith("⚠")
    assert dialog.input("address").text() == "公园路 8 号"
    assert dialog.reload_button.isVisible()
    assert services.units.get(unit.id).address == ""

    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    assert dialog.input("duty_phone").text() == "028-86124111"
    type_text(qtbot, dialog.input("address"), "公园路 8 号")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    stored = services.units.get(unit.id)
    assert (stored.duty_phone, stored.address) == ("028-86124111", "公园路 8 号")


def test_keyboard_only_add_enter_saves_escape_cancels(qtbot, page):
    tab = page.units_tab
    focus(qtbot, tab.view)
    qtbot.keyClick(tab.view, Qt.Key.Key_Insert)
    dialog = tab.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert QApplication.focusWidget() is dialog.input("name")
    type_text(qtbot, dialog.input("name"), "区交通运输局")
    qtbot.keyClick(dialog.input("name"), Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert "区交通运输局" in shown_column(tab.view, 0)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page and tab.view.hasFocus())

    qtbot.keyClick(tab.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    second = tab.dialog
    assert second is not dialog and second.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is second)
    type_text(qtbot, second.input("name"), "不要保存")
    qtbot.keyClick(second.input("name"), Qt.Key.Key_Escape)
    assert not second.isVisible()
    assert "不要保存" not in shown_column(tab.view, 0)


def test_delete_asks_first_and_refuses_a_unit_with_people(qtbot, page, admin):
    services = page.services
    empty = services.units.save(admin, UnitRecord(name="区档案馆", kind=UnitKind.DEPARTMENT))
    busy = services.units.save(admin, UnitRecord(name="区应急管理局", kind=UnitKind.DEPARTMENT))
    services.people.save(admin, PersonRecord(name="陈静", unit_id=busy.id))
    tab = page.units_tab

    tab.select_id(empty.id)
    focus(qtbot, tab.view)
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert "区档案馆" in tab.prompt.text()
    qtbot.mouseClick(tab.prompt.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert "区档案馆" in shown_column(tab.view, 0)

    tab.select_id(empty.id)
    qtbot.mouseClick(tab.buttons["删除"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.prompt.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert "区档案馆" not in shown_column(tab.view, 0)

    tab.select_id(busy.id)
    qtbot.mouseClick(tab.buttons["删除"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.prompt.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert "还有 1 名人员" in tab.prompt.text()
    assert "区应急管理局" in shown_column(tab.view, 0)


def test_filter_box_and_sorting(qtbot, page, admin):
    for order, name in ((30, "东山镇人民政府"), (10, "城关街道办事处"), (20, "西河镇人民政府")):
        page.services.units.save(admin, UnitRecord(name=name, sort_order=order))
    tab = page.units_tab
    assert shown_column(tab.view, 0) == ["城关街道办事处", "西河镇人民政府", "东山镇人民政府"]
    tab.view.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # 排序, numerically
    assert shown_column(tab.view, 5) == ["30", "20", "10"]
    focus(qtbot, tab.filter_edit)
    type_text(qtbot, tab.filter_edit, "东山")
    assert shown_column(tab.view, 0) == ["东山镇人民政府"]
    assert tab.count_label.text() == "显示 1 / 3 条"
    qtbot.keyClick(tab.filter_edit, Qt.Key.Key_Return)  # to the first match ...
    assert tab.view.hasFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)  # ... and Enter again edits it
    assert tab.dialog.input("name").text() == "东山镇人民政府"


def test_services_refuse_a_non_administrator_even_if_the_page_is_shown(qtbot, sqlite_services, accounts):
    _, leader, _ = accounts
    page = open_admin_page(qtbot, sqlite_services, leader)
    tab = page.units_tab
    page.tabs.setCurrentWidget(tab)
    qtbot.mouseClick(tab.buttons["新增"], Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    type_text(qtbot, dialog.input("name"), "区水务局")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    box = dialog.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    assert "没有权限" in box.text() and "管理员" in box.text()
    assert dialog.isVisible() and dialog.input("name").text() == "区水务局"
    assert sqlite_services.units.list() == []
