"""导入…: the one import wizard every area's page opens — choose the file, every row checked with each
bad cell red and its reason, then 全部导入 or 只导入有效行, and the result with the rejected-rows file."""

from __future__ import annotations

import os
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dutyroom.domain.vocabulary import PositionKind
from dutyroom.gui.calls.page import CallsPage
from dutyroom.gui.common.import_wizard import BAD, ImportWizard
from dutyroom.gui.roster.page import RosterPage
from dutyroom.services.calls.records import CallFilter
from dutyroom.services.records import SYSTEM_ACTOR, PersonRecord
from tests.gui.helpers import type_text


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


def xlsx(path, header, rows):
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def open_page(open_window, actor, kind):
    window = open_window(actor)
    page = next(p for p in window.pages if isinstance(p, kind))
    window.show_page(window.pages.index(page))
    return page


def press(qtbot, button) -> None:
    """The keyboard way to a button: focus it, press Space."""
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    qtbot.keyClick(button, Qt.Key.Key_Space)


def open_wizard(qtbot, page, kind: str) -> ImportWizard:
    press(qtbot, page.findChild(type(page.buttons["import"]), f"{kind}ImportButton"))
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ImportWizard)
                    or getattr(page, "import_wizard", None) is not None)
    wizard = page.import_wizard
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    return wizard


def test_bad_cells_are_red_with_reasons_and_only_the_valid_rows_go_in(qtbot, open_window, accounts, tmp_path,
                                                                        sqlite_services):
    admin, leader, _ = accounts
    path = xlsx(tmp_path / "来电台账.xlsx", ["来电时间", "内容摘要", "处理情况", "类别"], [
        ["2026-11-03 14:05", "幸福小区停水", "转办水务集团", "求助"],
        ["昨天下午", "噪音扰民", "当场答复", "投诉"],
        ["2026-11-03 16:00", "询问社保办理", "当场答复", "咨询"],
    ])
    page = open_page(open_window, leader, CallsPage)
    wizard = open_wizard(qtbot, page, "calls")
    assert wizard.windowTitle() == "导入来电台账"
    qtbot.waitUntil(wizard.path_edit.hasFocus)  # the file name is typed at once
    type_text(qtbot, wizard.path_edit, str(path))
    qtbot.keyClick(wizard.path_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.model is not None and wizard.valid_button.isEnabled(), timeout=10000)
    model = wizard.model
    assert "共 3 行：2 行可以导入，1 行有误" in wizard.summary.text()
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())] == [
        "第 2 行", "第 3 行", "第 4 行"]
    bad_time = model.index(1, 0)
    assert bad_time.data() == "昨天下午"
    assert bad_time.data(Qt.ItemDataRole.BackgroundRole) == BAD
    assert "来电时间“昨天下午”无法识别" in bad_time.data(Qt.ItemDataRole.ToolTipRole)
    assert "来电时间“昨天下午”无法识别" in model.index(1, 4).data()  # the 原因 column
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None  # good rows stay plain
    assert not wizard.all_button.isEnabled() and "全部导入会被拒绝" in wizard.all_button.toolTip()
    assert wizard.valid_button.hasFocus()
    wizard.grab().save(os.environ.get("IMPORT_WIZARD_SHOT", str(tmp_path / "wizard.png")))

    qtbot.keyClick(wizard.valid_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "已导入" in wizard.result.text(), timeout=10000)
    assert wizard.result.text().startswith("已导入 2 条来电记录；跳过有误的 1 行")
    rejected = tmp_path / "来电台账.rejected.xlsx"
    assert str(rejected) in wizard.result.text()
    rows = list(load_workbook(rejected).active.iter_rows(values_only=True))
    assert rows[0] == ("来电时间", "内容摘要", "处理情况", "类别", "原因") and rows[1][1] == "噪音扰民"
    summaries = {r.summary for r in sqlite_services.calls.page(CallFilter(), 0, 10)}
    assert summaries == {"幸福小区停水", "询问社保办理"}
    water = next(r for r in sqlite_services.calls.page(CallFilter(), 0, 10) if r.summary == "幸福小区停水")
    assert water.assigned_unit == "水务集团"
    assert not wizard.valid_button.isEnabled() and wizard.close_button.text() == "完成"
    qtbot.keyClick(wizard.close_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not wizard.isVisible())


def test_an_officer_sees_at_once_why_the_ledger_import_is_not_theirs(qtbot, open_window, accounts):
    page = open_page(open_window, accounts[2], CallsPage)
    button = page.buttons["import"]
    assert not button.isEnabled()
    assert button.toolTip() == "只有带班领导或管理员可以导入来电台账（当前为值班员）"


def test_a_roster_goes_in_from_the_roster_page_with_all_rows_good(qtbot, open_window, accounts, tmp_path,
                                                                   sqlite_services):
    admin = accounts[0]
    for name in ("孙明", "周晓梅"):
        sqlite_services.people.save(SYSTEM_ACTOR, PersonRecord(name=name, position_kind=PositionKind.OFFICER))
    path = xlsx(tmp_path / "值班表.xlsx", ["日期", "值班员"], [["2026-12-01", "孙明"], ["2026-12-02", "周晓梅"]])
    page = open_page(open_window, admin, RosterPage)
    wizard = open_wizard(qtbot, page, "roster")
    type_text(qtbot, wizard.path_edit, str(path))
    qtbot.keyClick(wizard.path_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.all_button.isEnabled(), timeout=10000)
    assert wizard.summary.text() == "共 2 行，全部检查通过，可以导入。"
    assert wizard.all_button.hasFocus()
    assert sqlite_services.roster.cells(date(2026, 12, 1), date(2026, 12, 2)) == []  # the check wrote nothing
    qtbot.keyClick(wizard.all_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "已导入" in wizard.result.text(), timeout=10000)
    assert wizard.result.text() == "已导入 2 行值班安排（2026-12-01 至 2026-12-02，共 2 个班位）"
    assert [c.person_name for c in sqlite_services.roster.cells(date(2026, 12, 1), date(2026, 12, 2))] == [
        "孙明", "周晓梅"]


def test_a_missing_file_is_said_next_to_the_path(qtbot, open_window, accounts, tmp_path):
    page = open_page(open_window, accounts[0], RosterPage)
    wizard = open_wizard(qtbot, page, "roster")
    type_text(qtbot, wizard.path_edit, str(tmp_path / "没有这个文件.xlsx"))
    qtbot.keyClick(wizard.path_edit, Qt.Key.Key_Return)
    assert wizard.summary.text().startswith("⚠ 找不到要导入的文件")
    assert wizard.path_edit.text().endswith("没有这个文件.xlsx")  # what was typed is kept
