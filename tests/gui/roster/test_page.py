"""排班 page: the month grid with names and holiday markers, month keys, generation, swaps and undo, roles."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from dutyroom.gui.changes import ChangeBridge
from dutyroom.gui.roster import RosterPage
from tests.gui.helpers import focus
from tests.gui.roster.data import generate, set_up_office


def open_roster(qtbot, services, actor) -> RosterPage:
    page = RosterPage(services, actor)
    qtbot.addWidget(page)
    ChangeBridge(services.bus, page).changed.connect(page.on_change)
    page.resize(1100, 700)
    page.show()
    return page


def cell_text(page: RosterPage, day: date) -> str:
    return page.grid_model.index_of(day).data() or ""


@pytest.fixture
def office(sqlite_services, accounts):
    return set_up_office(sqlite_services, accounts[0])


@pytest.fixture
def october(qtbot, sqlite_services, accounts, office):
    generate(sqlite_services, accounts[0], date(2026, 10, 1), date(2026, 10, 31))
    page = open_roster(qtbot, sqlite_services, accounts[0])
    page.show_month(2026, 10)
    return page


def test_month_grid_shows_names_and_national_day(october, sqlite_services):
    page = october
    assert page.month_label.text() == "2026年10月"
    month = {d.day: d for d in sqlite_services.roster.month(2026, 10).days}
    first = cell_text(page, date(2026, 10, 1))
    assert first.startswith("1日 国庆节 休")
    assert month[date(2026, 10, 1)].shifts[0].officers[0].name in first
    assert "带班 " in first  # a holiday needs a leader
    assert "10日 国庆节 班" in cell_text(page, date(2026, 10, 10))  # the 调休 Saturday is a workday
    assert page.grid_model.index_of(date(2026, 10, 10)).data(Qt.ItemDataRole.ToolTipRole).count("调休上班") == 1
    # Every day of the month carries its officer.
    for day, roster_day in month.items():
        assert roster_day.shifts[0].officers[0].name in cell_text(page, day), day
    # The list view says the same in columns.
    row = page.list_model.records()[0]
    assert page.list_model.index(0, 1).data() == "星期四（国庆节 休）"
    assert page.list_model.index(0, 4).data() == row.shift.officers[0].name


def test_page_keys_move_between_months(qtbot, october):
    page = october
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key.Key_PageDown)
    assert page.month_label.text() == "2026年11月"
    qtbot.keyClick(page.grid, Qt.Key.Key_PageUp)
    qtbot.keyClick(page.grid, Qt.Key.Key_PageUp)
    assert page.month_label.text() == "2026年9月"
    page.buttons["today"].click()
    assert page.month_label.text() == "2026年11月"
    assert page.selected_day() == date(2026, 11, 21)
    qtbot.keyClick(page.grid, Qt.Key.Key_Right)
    assert page.selected_day() == date(2026, 11, 22)
    qtbot.keyClick(page.grid, Qt.Key.Key_Down)
    assert page.selected_day() == date(2026, 11, 29)


def test_tab_leaves_the_month_grid_instead_of_walking_its_days(qtbot, october):
    # Found by hand: Tab moved from day to day through the whole month, so a keyboard user never reached the
    # day's buttons and panels after the grid; the arrow keys are what walks the days.
    page = october
    page.grid.setFocus()
    qtbot.waitUntil(page.grid.hasFocus)
    day = page.selected_day()
    qtbot.keyClick(page.grid, Qt.Key.Key_Tab)
    assert not page.grid.hasFocus()
    assert page.selected_day() == day
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert page.grid.hasFocus()


def test_generating_a_year_without_holidays_stops_then_goes_on_when_told(qtbot, sqlite_services, accounts, office):
    page = open_roster(qtbot, sqlite_services, accounts[0])
    page.buttons["generate"].click()
    dialog = page.dialog
    assert dialog.first_edit.date().toPython() == date(2026, 12, 1)  # next month by default
    assert dialog.last_edit.date().toPython() == date(2026, 12, 31)
    dialog.first_edit.setDate(date(2027, 1, 1))
    dialog.last_edit.setDate(date(2027, 1, 31))
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.missing_frame.isVisible()
    assert "2027 年的法定节假日" in dialog.missing_label.text()
    assert sqlite_services.roster.cells(date(2027, 1, 1), date(2027, 1, 31)) == []

    dialog.anyway_button.click()
    assert not dialog.isVisible()
    assert page.month_label.text() == "2027年1月"
    names = [p.name for p in sqlite_services.people.list()]
    assert any(name in cell_text(page, date(2027, 1, 15)) for name in names)


def test_swap_through_the_dialog_then_undo(qtbot, october, sqlite_services):
    page = october
    roster = sqlite_services.roster
    officers = {c.day: c for c in roster.cells(date(2026, 10, 1), date(2026, 10, 31)) if c.position == "officer"}
    a, b = officers[date(2026, 10, 12)], officers[date(2026, 10, 14)]
    assert a.person_name != b.person_name
    page.select_day(a.day)
    page.buttons["swap"].click()
    dialog = page.dialog
    dialog.first_combo.setCurrentIndex(dialog.first_combo.findData(a.id))
    dialog.other_combo.setCurrentIndex(dialog.other_combo.findData(b.id))
    dialog.reason_edit.setText("trip")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)  # Enter confirms
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: b.person_name in cell_text(page, a.day))
    assert a.person_name in cell_text(page, b.day)
    assert b.person_name not in cell_text(page, b.day)

    history = page.history_tab
    assert history.model.rowCount() == 1
    assert history.model.index(0, 1).data() == "调班"
    assert f"{a.person_name} ⇄ {b.person_name}" in history.model.index(0, 2).data()
    history.view.setCurrentIndex(history.model.index(0, 0))
    history.undo_button.click()
    history.prompt.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: a.person_name in cell_text(page, a.day))
    assert b.person_name in cell_text(page, b.day)
    assert history.model.index(0, 6 + 1).data().startswith("已撤销")


def test_officer_sees_the_roster_but_cannot_generate(qtbot, sqlite_services, accounts, office, open_window):
    generate(sqlite_services, accounts[0], date(2026, 11, 1), date(2026, 11, 30))
    window = open_window(accounts[2])
    titles = [p.title for p in window.pages]
    assert "管理" not in titles
    page = window.pages[titles.index("排班")]
    assert page.setup_tabs == []  # no 班次/轮班/请假/特殊时期 for officers
    assert "李明" in "".join(cell_text(page, date(2026, 11, d)) for d in range(1, 31))
    button = page.buttons["generate"]
    assert "排班由管理员生成" in button.toolTip()
    focus(qtbot, button)
    qtbot.keyClick(button, Qt.Key.Key_Space)  # pressed: told why at once, no dialog to fill in first
    box = page.prompt
    assert isinstance(box, QMessageBox) and box.isVisible() and box.windowTitle() == "不能生成排班"
    assert "排班由管理员生成" in box.text() and "调班" in box.text()
    assert page.dialog is None


def test_enter_on_a_day_shows_its_people_and_phones(qtbot, october, sqlite_services):
    page = october
    page.select_day(date(2026, 10, 1))
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key.Key_Return)
    box = page.prompt
    assert box.isVisible() and box.windowTitle() == "10月1日值班"
    shift = sqlite_services.roster.month(2026, 10).days[0].shifts[0]
    assert f"值班员：{shift.officers[0].name} {shift.officers[0].phone}" in box.text()
    assert "国庆节（放假）" in box.text()


def test_rotation_order_moves_up_and_is_saved(qtbot, october, sqlite_services, office):
    page = october
    tab = next(t for t in page.setup_tabs if t.objectName() == "rotation_tab")
    page.tabs.setCurrentWidget(tab)
    tab.position_combo.setCurrentIndex(tab.position_combo.findText("值班员"))
    names = [tab.members.item(i).text() for i in range(tab.members.count())]
    assert names == ["李明", "王芳", "刘强", "赵敏", "孙伟"]
    tab.members.setCurrentRow(2)
    tab.button_of["上移"].click()
    tab.button_of["保存顺序"].click()
    shift_id = tab.shift_combo.currentData()
    saved = sqlite_services.roster.rotation(shift_id, "officer")
    assert saved.member_names == ["李明", "刘强", "王芳", "赵敏", "孙伟"]


@pytest.fixture
def november(qtbot, sqlite_services, accounts, office):
    generate(sqlite_services, accounts[0], date(2026, 10, 1), date(2026, 11, 30))
    return open_roster(qtbot, sqlite_services, accounts[0])  # today is 2026-11-21


def test_swap_offers_the_next_shift_of_another_person_from_today_on(november, sqlite_services):
    page = november
    officers = {c.day: c for c in sqlite_services.roster.cells(date(2026, 11, 1), date(2026, 11, 30))
                if c.position == "officer"}

    def next_other(first, since):
        return next(officers[day] for day in sorted(officers)
                    if day >= since and officers[day].person_id != first.person_id)

    page.buttons["swap"].click()
    dialog = page.dialog
    # A shift in the past: the next one from today on, not the 1st of the month.
    for first_day, expected in ((date(2026, 11, 12), next_other(officers[date(2026, 11, 12)], date(2026, 11, 21))),
                                (date(2026, 11, 25), next_other(officers[date(2026, 11, 25)], date(2026, 11, 25))),
                                # Nothing later in the month: the first shift another officer holds.
                                (date(2026, 11, 30), next_other(officers[date(2026, 11, 30)], date(2026, 11, 1)))):
        first = officers[first_day]
        dialog.first_combo.setCurrentIndex(dialog.first_combo.findData(first.id))
        assert dialog.other_combo.currentData() == expected.id, first_day
        shown = f"{expected.day.month}月{expected.day.day}日"
        assert dialog.other_combo.currentText().startswith(shown) and expected.person_name in \
            dialog.other_combo.currentText()


def test_a_month_without_problems_says_so_on_the_warnings_tab(qtbot, november):
    page = november
    page.tabs.setCurrentWidget(page.warning_tab)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "提醒"
    assert page.warning_empty.isVisible() and page.warning_empty.text() == "本月排班没有需要注意的问题。"
    assert not page.warning_view.isVisible()

    page.go_month(-1)  # October: the National Day leaders come round too soon
    assert page.month_label.text() == "2026年10月"
    rows = page.warning_model.rowCount()
    assert rows > 0 and page.tabs.tabText(page.tabs.currentIndex()) == f"提醒（{rows}）"
    assert page.warning_view.isVisible() and not page.warning_empty.isVisible()
    assert "少于规定的 48 小时" in " ".join(
        str(page.warning_model.index(row, column).data()) for row in range(rows)
        for column in range(page.warning_model.columnCount()))


def test_only_the_offices_own_people_are_offered_and_by_person_opens_on_someone_on_duty(
        qtbot, sqlite_services, accounts, office):
    from dutyroom.domain.vocabulary import UnitKind
    from dutyroom.services.records import PersonRecord, UnitRecord

    admin = accounts[0]
    water = sqlite_services.units.save(admin, UnitRecord(name="水务集团", kind=UnitKind.SUBORDINATE, sort_order=-1))
    sqlite_services.people.save(admin, PersonRecord(name="钱经理", unit_id=water.id))  # a contact, listed first
    generate(sqlite_services, admin, date(2026, 11, 1), date(2026, 11, 30))
    page = open_roster(qtbot, sqlite_services, admin)
    page.tabs.setCurrentIndex(page.person_tab_index)
    combo = page.person_combo
    shown = [combo.itemText(row) for row in range(combo.count())]
    assert "钱经理（水务集团）" not in shown and "李明" in shown
    assert combo.currentText() == "张局长" and page.person_model.rowCount() > 0  # not an empty table
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "陈处长" and "本月共" in page.person_total.text()

    tab = next(t for t in page.setup_tabs if t.objectName() == "rotation_tab")
    page.tabs.setCurrentWidget(tab)
    tab.position_combo.setFocus()
    qtbot.keyClick(tab.position_combo, Qt.Key.Key_Down)  # 带班领导 → 值班员
    candidates = [tab.people.item(i).text() for i in range(tab.people.count())]
    assert candidates and not any("钱经理" in text for text in candidates)


def test_swapping_the_shift_on_duty_now_asks_first_and_leaves_the_requester_unset(qtbot, november, sqlite_services):
    page = november  # now: 2026-11-21 09:00, the 21st's 24-hour shift is being worked
    officers = {c.day: c for c in sqlite_services.roster.cells(date(2026, 11, 1), date(2026, 11, 30))
                if c.position == "officer"}
    now, later = officers[date(2026, 11, 21)], officers[date(2026, 11, 25)]
    page.select_day(now.day)
    page.buttons["swap"].click()
    dialog = page.dialog
    dialog.first_combo.setCurrentIndex(dialog.first_combo.findData(now.id))
    dialog.other_combo.setCurrentIndex(dialog.other_combo.findData(later.id))
    assert dialog.requested_combo.currentText() == "（不指定）"
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    box = dialog.prompt
    assert isinstance(box, QMessageBox) and box.isVisible() and "正在值班中" in box.text()
    assert dialog.isVisible() and sqlite_services.roster.changes(date(2026, 11, 1), date(2026, 11, 30)) == []
    assert now.person_name in cell_text(page, now.day)  # nothing changed yet
    box.button(QMessageBox.StandardButton.Yes).click()  # 确定调班
    qtbot.waitUntil(lambda: later.person_name in cell_text(page, now.day))
    assert not dialog.isVisible()
    history = page.history_tab
    assert history.model.rowCount() == 1

    [change] = sqlite_services.roster.changes(date(2026, 11, 1), date(2026, 11, 30))
    assert change.requested_by == ""  # (不指定) stays unset, not the logged-in user

    page.buttons["swap"].click()  # a later shift is swapped without the question
    dialog = page.dialog
    first, second = officers[date(2026, 11, 26)], officers[date(2026, 11, 28)]
    dialog.first_combo.setCurrentIndex(dialog.first_combo.findData(first.id))
    dialog.other_combo.setCurrentIndex(dialog.other_combo.findData(second.id))
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.prompt is None and not dialog.isVisible()
