"""Administration page, 报送时限 tab: the rules table, adding and checking a rule through the real dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QTabWidget

from dutyroom.gui.admin.rules_tab import NOTE, RuleModel
from tests.gui.helpers import shown_column, type_text


@pytest.fixture
def page(page):
    page.tabs.setCurrentWidget(page.rules_tab)
    return page


def open_new_rule(qtbot, tab):
    qtbot.mouseClick(tab.buttons["新增"], Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_the_tab_sits_between_settings_and_the_log_and_lists_the_default_rules(page):
    labels = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert labels.index("报送时限") == labels.index("设置") + 1 < labels.index("操作日志")
    tab = page.rules_tab
    headers = [tab.view.model().headerData(c, Qt.Orientation.Horizontal) for c in range(tab.view.model().columnCount())]
    assert headers == ["名称", "适用类别", "适用级别", "仅敌社情宗教动态", "起算", "时限（分钟）", "完成方式", "循环", "启用"]
    assert "首报（事发后3小时内）" in shown_column(tab.view, 0)
    row = shown_column(tab.view, 0).index("特别重大、重大事件电话报告（30分钟内）")
    assert [tab.view.model().index(row, c).data() for c in range(9)] == [
        "特别重大、重大事件电话报告（30分钟内）", "全部", "特别重大、重大", "否", "接报时间", "30", "任一报告（电话）",
        "否", "是"]
    assert tab.note.isVisible() and tab.note.text() == NOTE and "已完成" in NOTE


def test_add_a_rule_through_the_dialog(qtbot, page):
    tab = page.rules_tab
    dialog = open_new_rule(qtbot, tab)
    assert dialog.windowTitle() == "新增报送时限"
    type_text(qtbot, dialog.input("name"), "较大事件书面续报（2小时内）")
    dialog.findChild(QCheckBox, "level_III").setChecked(True)
    dialog.findChild(QCheckBox, "category_natural").setChecked(True)
    combo = dialog.input("counted_from")
    combo.setCurrentIndex(combo.findText("接报时间"))
    spin = dialog.input("limit_minutes")
    spin.selectAll()
    qtbot.keyClicks(spin, "120")
    combo = dialog.input("channel")
    combo.setCurrentIndex(combo.findText("书面（传真、专人或系统）"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    names = shown_column(tab.view, 0)
    row = names.index("较大事件书面续报（2小时内）")
    assert [tab.view.model().index(row, c).data() for c in range(1, 9)] == [
        "自然灾害", "较大", "否", "接报时间", "120", "任一报告（书面（传真、专人或系统））", "否", "是"]
    assert tab.current_record().name == "较大事件书面续报（2小时内）"
    saved = [r for r in page.services.incidents.rules() if r.name == "较大事件书面续报（2小时内）"]
    assert saved and saved[0].limit_minutes == 120 and saved[0].levels == ("III",)


def test_an_invalid_limit_shows_its_message_next_to_the_field_and_keeps_the_dialog(qtbot, page):
    dialog = open_new_rule(qtbot, page.rules_tab)
    type_text(qtbot, dialog.input("name"), "测试规则")
    spin = dialog.input("limit_minutes")
    spin.selectAll()
    qtbot.keyClicks(spin, "0")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    label = dialog.error_labels["limit_minutes"]
    assert dialog.isVisible()
    assert label.isVisible() and label.text() == "⚠ 时限应在 1 分钟到 30 天之间"
    assert label.x() == spin.x() and 0 <= label.y() - spin.geometry().bottom() < 30
    assert not dialog.error_labels["name"].isVisible()
    assert dialog.input("name").text() == "测试规则"  # nothing typed is lost
    assert "测试规则" not in [r.name for r in page.services.incidents.rules()]


def test_repeating_needs_last_report_start(qtbot, page):
    dialog = open_new_rule(qtbot, page.rules_tab)
    type_text(qtbot, dialog.input("name"), "循环规则")
    dialog.input("repeating").setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    label = dialog.error_labels["repeating"]
    assert label.isVisible() and "上次报告" in label.text()


def test_edit_then_delete_a_rule(qtbot, page, monkeypatch):
    tab = page.rules_tab
    tab.select_id(next(r.id for r in tab.model.records() if r.name == "续报（每24小时）"))
    tab.edit_current()
    dialog = tab.dialog
    assert dialog.windowTitle() == "修改报送时限" and dialog.input("repeating").isChecked()
    assert dialog.input("counted_from").currentText() == "上次报告"
    dialog.input("limit_minutes").setValue(720)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    row = shown_column(tab.view, 0).index("续报（每24小时）")
    assert tab.view.model().index(row, 5).data() == "720"

    tab.delete_current()
    yes = next(b for b in tab.prompt.buttons() if b.text() == "删除")
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "续报（每24小时）" not in shown_column(tab.view, 0))


def test_rule_model(qtmodeltester, sqlite_services):
    model = RuleModel()
    model.set_records(sqlite_services.incidents.rules())
    qtmodeltester.check(model)
    assert model.rowCount() == 5


def test_officers_and_leaders_never_see_the_tab(open_window, accounts):
    for actor in accounts[1:]:
        window = open_window(actor)
        assert "管理" not in [page.title for page in window.pages]
        assert not any(tabs.tabText(i) == "报送时限" for tabs in window.findChildren(QTabWidget)
                       for i in range(tabs.count()))
        window.close()
