"""通讯录 page: search as you type, live refresh on changes, copy a phone, print to PDF."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from dutyroom.domain.vocabulary import PositionKind, UnitKind
from dutyroom.services.records import PersonRecord, UnitRecord
from tests.gui.helpers import type_text


@pytest.fixture
def directory(sqlite_services, accounts):
    """Two units with people, saved through services as an administrator would."""
    admin, _, _ = accounts
    svc = sqlite_services
    office = svc.units.save(admin, UnitRecord(name="临江区人民政府总值班室", kind=UnitKind.OWN,
                                              duty_phone="0571-82100110", fax="0571-82100119"))
    bureau = svc.units.save(admin, UnitRecord(name="区应急管理局", kind=UnitKind.DEPARTMENT,
                                              duty_phone="0571-82200110"))
    svc.people.save(admin, PersonRecord(name="吴磊", unit_id=office.id, title="科员",
                                        position_kind=PositionKind.OFFICER, office_phone="0571-82100009",
                                        mobile="13900000011"))
    svc.people.save(admin, PersonRecord(name="陈建国", unit_id=office.id, title="区长",
                                        position_kind=PositionKind.LEADER, mobile="13900000003"))
    svc.people.save(admin, PersonRecord(name="周晓梅", unit_id=bureau.id, title="局长",
                                        position_kind=PositionKind.STANDBY, mobile="13800000010"))
    return admin


def _rows(page) -> list[list[str]]:
    """What the tree shows, units followed by their people, as text."""
    model, rows = page.model, []
    for r in range(model.rowCount()):
        unit = model.index(r, 0)
        rows.append([model.index(r, c).data() for c in range(model.columnCount())])
        for p in range(model.rowCount(unit)):
            rows.append(["  " + model.index(p, 0, unit).data()]
                        + [model.index(p, c, unit).data() for c in range(1, model.columnCount())])
    return rows


def _contacts(window):
    window.show_page(1)  # 值班首页 comes first; 通讯录 is Ctrl+1
    page = window.pages[1]
    assert page.title == "通讯录"
    return page


def test_tree_lists_units_and_their_people(open_window, directory, qtmodeltester):
    page = _contacts(open_window(directory))
    qtmodeltester.check(page.model)
    assert _rows(page) == [
        ["临江区人民政府总值班室", "本机关", "", "0571-82100110", "0571-82100119"],
        ["  吴磊", "科员", "值班员", "0571-82100009", "13900000011"],
        ["  陈建国", "区长", "带班领导", "", "13900000003"],
        ["区应急管理局", "部门", "", "0571-82200110", ""],
        ["  周晓梅", "局长", "备班", "", "13800000010"],
    ]
    assert page.count_label.text() == "共 2 个单位，3 人"
    assert page.view.isExpanded(page.model.index(0, 0))


def test_typing_a_name_filters_to_that_person_and_shows_the_phone(qtbot, open_window, directory):
    page = _contacts(open_window(directory))
    type_text(qtbot, page.search_edit, "周晓梅")
    assert _rows(page) == [["区应急管理局", "部门", "", "0571-82200110", ""],
                           ["  周晓梅", "局长", "备班", "", "13800000010"]]

    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "139000000")
    assert [row[0] for row in _rows(page)] == ["临江区人民政府总值班室", "  吴磊", "  陈建国"]

    qtbot.keyClicks(page.search_edit, "99")
    assert _rows(page) == []
    assert page.count_label.text() == "没有找到“13900000099”"


def test_a_unit_saved_elsewhere_appears_without_reloading(open_window, directory, sqlite_services):
    page = _contacts(open_window(directory))
    sqlite_services.units.save(directory, UnitRecord(name="区水务局", kind=UnitKind.DEPARTMENT,
                                                     duty_phone="0571-82300110", sort_order=99))
    assert _rows(page)[-1] == ["区水务局", "部门", "", "0571-82300110", ""]
    assert page.count_label.text() == "共 3 个单位，3 人"


def test_double_click_on_a_phone_copies_it(qtbot, open_window, directory):
    window = open_window(directory)
    page = _contacts(window)
    unit = page.model.index(0, 0)
    mobile = page.model.index(0, 4, unit)  # 吴磊's mobile
    page.view.scrollTo(mobile)
    rect = page.view.visualRect(mobile)

    # QTest's double-click is only the second click's event; the first click comes separately.
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    assert QGuiApplication.clipboard().text() == "13900000011"
    assert window.statusBar().currentMessage() == "已复制 吴磊 的手机：13900000011"
    assert page.view.isExpanded(unit)  # the double-click did not fold the unit away


def test_enter_on_a_units_duty_phone_copies_it(qtbot, open_window, directory):
    window = open_window(directory)
    page = _contacts(window)
    duty_phone = page.model.index(1, 3)
    page.view.setFocus()
    page.view.setCurrentIndex(duty_phone)

    qtbot.keyClick(page.view, Qt.Key.Key_Return)

    assert QGuiApplication.clipboard().text() == "0571-82200110"
    assert window.statusBar().currentMessage() == "已复制 区应急管理局 的值班电话：0571-82200110"


def test_empty_directory_tells_what_to_do(open_window, accounts):
    page = _contacts(open_window(accounts[2]))
    assert _rows(page) == []
    assert "请管理员" in page.count_label.text()


def test_printing_writes_the_whole_contact_list_as_pdf(qtbot, open_window, directory, tmp_path, monkeypatch):
    from pypdf import PdfReader

    window = open_window(directory)
    page = _contacts(window)
    type_text(qtbot, page.search_edit, "周晓梅")  # the printout is the whole list, not the search result
    target = tmp_path / "值班通讯录"
    asked = {}

    def fake_dialog(parent, caption, default, filters):
        asked.update(caption=caption, default=default)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))

    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)

    saved = tmp_path / "值班通讯录.pdf"
    qtbot.waitUntil(lambda: "已保存" in window.statusBar().currentMessage(), timeout=15000)
    assert window.statusBar().currentMessage() == f"值班通讯录已保存：{saved}"
    assert page.print_button.isEnabled()
    assert asked["default"].endswith("值班通讯录-2026-11-21.pdf")
    text = "".join(p.extract_text() for p in PdfReader(saved).pages)
    digits = text.replace(" ", "")  # one phone format everywhere: grouped as "139 0000 0011", "0571-8220 0110"
    for expected in ("吴磊", "13900000011", "周晓梅", "0571-82200110"):
        assert expected in digits
