"""Administration page, 人员 tab: a person assigned to a unit, inactive rows, person-unit links."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from dutyroom.domain.vocabulary import PositionKind, Role
from dutyroom.gui.common.table_model import INACTIVE_COLOUR
from dutyroom.services.records import PersonRecord, UnitRecord, UserRecord
from tests.conftest import PASSWORD
from tests.gui.helpers import shown_column, type_text


@pytest.fixture
def page(page):
    assert page.tabs.currentWidget() is page.people_tab  # 人员 is the first tab
    return page


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text} not offered in {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)


def test_add_person_assigned_to_a_unit(qtbot, page, admin):
    page.services.units.save(admin, UnitRecord(name="区应急管理局"))
    page.services.units.save(admin, UnitRecord(name="已撤销的单位", active=False))
    tab = page.people_tab
    qtbot.mouseClick(tab.buttons["新增"], Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    units = dialog.input("unit_id")
    offered = [units.itemText(i) for i in range(units.count())]
    assert offered == ["（未指定单位）", "区应急管理局"]  # disabled units are not offered
    type_text(qtbot, dialog.input("name"), "陈静")
    choose(units, "区应急管理局")
    type_text(qtbot, dialog.input("title"), "副局长")
    choose(dialog.input("position_kind"), "带班领导")
    type_text(qtbot, dialog.input("mobile"), "１３８ ０００ ０００１")  # full-width, as some IMEs type it
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert shown_column(tab.view, 0) == ["陈静"]
    row = [tab.view.model().index(0, c).data() for c in range(7)]
    assert row == ["陈静", "区应急管理局", "副局长", "带班领导", "", "138 000 0001", "正常"]


def test_bad_phone_is_shown_next_to_the_field(qtbot, page):
    tab = page.people_tab
    qtbot.mouseClick(tab.buttons["新增"], Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    type_text(qtbot, dialog.input("name"), "黄磊")
    type_text(qtbot, dialog.input("office_phone"), "分机八")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_labels["office_phone"].text().startswith("⚠ 电话号码只能包含数字")
    assert dialog.input("office_phone").property("invalid") is True
    assert dialog.input("name").text() == "黄磊"
    assert dialog.focusWidget() is dialog.input("office_phone")


def test_inactive_person_is_grey_and_says_so(page, admin):
    page.services.people.save(admin, PersonRecord(name="周婷", active=False))
    page.services.people.save(admin, PersonRecord(name="赵敏"))
    model = page.people_tab.view.model()
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    stopped, working = rows["周婷"], rows["赵敏"]
    assert model.index(stopped, 6).data() == "停用"
    assert model.index(stopped, 0).data(Qt.ItemDataRole.ForegroundRole) == INACTIVE_COLOUR
    assert model.index(working, 6).data() == "正常"
    assert model.index(working, 0).data(Qt.ItemDataRole.ForegroundRole) is None


def test_unit_rename_reaches_the_people_table(page, admin):
    unit = page.services.units.save(admin, UnitRecord(name="区卫生局"))
    page.services.people.save(admin, PersonRecord(name="杨帆", unit_id=unit.id))
    assert shown_column(page.people_tab.view, 1) == ["区卫生局"]
    page.services.units.save(admin, replace(unit, name="区卫生健康局"))
    assert shown_column(page.people_tab.view, 1) == ["区卫生健康局"]


def test_person_with_an_account_cannot_be_deleted(qtbot, page, admin):
    person = page.services.people.save(admin, PersonRecord(name="刘洋", position_kind=PositionKind.OFFICER))
    page.services.users.save(admin, UserRecord(username="liuyang", role=Role.OFFICER, person_id=person.id),
                             PASSWORD)
    tab = page.people_tab
    tab.select_id(person.id)
    qtbot.mouseClick(tab.buttons["删除"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.prompt.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert "关联了登录账户 liuyang" in tab.prompt.text()
    assert shown_column(tab.view, 0) == ["刘洋"]
