"""Administration page, 节假日 tab: the missing-year warning, editing days, importing a year."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from tests.gui.helpers import shown_column, type_text


@pytest.fixture
def tab(page):
    page.tabs.setCurrentWidget(page.holidays_tab)
    return page.holidays_tab  # the `page` fixture keeps the page alive until the test ends


def test_warns_that_2027_is_missing(tab):
    # FakeClock says 2026-11-21; the calendar package knows up to 2026.
    assert tab.year_spin.value() == 2026
    assert tab.banner.isVisible()
    assert "2027 年" in tab.banner.text() and tab.banner.text().startswith("⚠")
    assert tab.banner.property("role") == "warning"
    assert "2026-10-01" in shown_column(tab.view, 0)
    row = shown_column(tab.view, 0).index("2026-10-01")
    assert [tab.view.model().index(row, c).data() for c in range(5)] == [
        "2026-10-01", "星期四", "法定节假日", "国庆节", "内置日历"]


def test_add_a_day_of_2027_by_hand(qtbot, tab):
    tab.year_spin.setValue(2027)
    assert shown_column(tab.view, 0) == []
    assert tab.count_label.text() == "2027 年还没有安排"
    qtbot.mouseClick(tab.buttons["新增"], Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog.input("day").date() == QDate(2027, 1, 1)
    dialog.input("day").setDate(QDate(2027, 2, 8))  # a Monday
    dialog.input("kind").setCurrentIndex(dialog.input("kind").findText("调休上班"))
    type_text(qtbot, dialog.input("name"), "春节")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_labels["kind"].text() == "⚠ 调休上班日应是周六或周日"

    dialog.input("kind").setCurrentIndex(dialog.input("kind").findText("法定节假日"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert shown_column(tab.view, 0) == ["2027-02-08"]
    assert shown_column(tab.view, 4) == ["手工录入"]
    assert tab.count_label.text() == "2027 年：法定节假日 1 天，调休上班 0 天"
    # One day typed by hand does not make a year's schedule: the warning stays, saying why.
    assert tab.banner.isVisible() and "2027 年只录入了 1 天" in tab.banner.text()


def test_import_a_year_from_csv(qtbot, tab, tmp_path):
    source = tmp_path / "2027年放假安排.csv"
    source.write_text("日期,类型,名称\n2027-01-01,休,元旦\n2027/2/6,休,春节\n2027-02-07,法定节假日,春节\n"
                      "2027年1月31日,班,春节\n", encoding="utf-8-sig")
    tab.year_spin.setValue(2027)
    tab.import_file(str(source))
    assert "2027 年" in tab.prompt.text()
    qtbot.mouseClick(tab.prompt.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert "已导入 4 行" in tab.prompt.text()
    assert shown_column(tab.view, 0) == ["2027-01-01", "2027-01-31", "2027-02-06", "2027-02-07"]
    assert shown_column(tab.view, 2) == ["法定节假日", "调休上班", "法定节假日", "法定节假日"]
    assert set(shown_column(tab.view, 4)) == {"文件导入"}
    assert tab.banner.isVisible() and "2027 年只录入了 3 天" in tab.banner.text()


def test_import_names_every_bad_row_and_imports_nothing(qtbot, tab, tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text("日期,类型,名称\n2027-01-01,休,元旦\n2027-13-01,休,春节\n2026-10-01,休,国庆节\n",
                      encoding="utf-8")
    tab.year_spin.setValue(2027)
    tab.import_file(str(source))
    qtbot.mouseClick(tab.prompt.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    text = tab.prompt.text()
    assert "第 3 行" in text and "第 4 行" in text and "不属于 2027 年" in text
    assert "第 2 行" not in text
    assert shown_column(tab.view, 0) == []
    assert tab.services.holidays.list(2027) == []


def test_import_through_the_file_dialog(qtbot, tab, tmp_path):
    source = tmp_path / "2027.csv"
    source.write_text("日期,类型,名称\n2027-10-01,休,国庆节\n", encoding="utf-8")
    tab.year_spin.setValue(2027)
    qtbot.mouseClick(tab.buttons["导入…"], Qt.MouseButton.LeftButton)
    tab.file_dialog.selectFile(str(source))
    tab.file_dialog.accept()
    qtbot.mouseClick(tab.prompt.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert shown_column(tab.view, 0) == ["2027-10-01"]
    assert tab.services.holidays.list(2027)[0].day == date(2027, 10, 1)
