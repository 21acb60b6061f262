"""来电登记 page: the log newest first, search as you type with the count on demand, overdue follow-ups in
red with their days, the 督办 actions, similar calls marked 普遍性, escalation to an incident, F2 from any
page, and the windowed model that reads only a bounded number of blocks however far it scrolls."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from dutyroom.domain.vocabulary import CallOutcome, FollowUpStatus
from dutyroom.gui import theme
from dutyroom.gui.calls.entry import CallEntryDialog
from dutyroom.gui.calls.log_cells import FOLLOW, SUMMARY, TIME
from dutyroom.gui.calls.log_model import CallLogModel
from dutyroom.gui.calls.page import CallsPage
from dutyroom.gui.changes import ChangeBridge
from dutyroom.gui.incidents import IncidentsPage
from dutyroom.services.calls.records import NOTE_MAX, CallFilter, CallRecord
from tests.gui.helpers import focus, shown_column, type_text


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


@pytest.fixture
def officer(accounts):
    return accounts[2]


def call(clock, minutes_ago: int, summary: str, **fields) -> CallRecord:
    values = dict(started_at=clock.now() - timedelta(minutes=minutes_ago), summary=summary,
                  outcome=CallOutcome.ANSWERED, caller_name="王先生", caller_number="13900001234")
    values.update(fields)
    return CallRecord(**values)


def assigned(clock, minutes_ago: int, summary: str, due_on: date, **fields) -> CallRecord:
    return call(clock, minutes_ago, summary, outcome=CallOutcome.ASSIGNED, assigned_unit="城建局", due_on=due_on,
                **fields)


def open_page(qtbot, services, actor) -> CallsPage:
    page = CallsPage(services, actor)
    qtbot.addWidget(page)
    ChangeBridge(services.bus, page).changed.connect(page.on_change)
    page.resize(1100, 700)
    page.show()
    return page


def test_the_log_shows_calls_newest_first_with_readable_numbers(qtbot, sqlite_services, officer, clock):
    calls = sqlite_services.calls
    calls.create(officer, call(clock, 90, "咨询社保卡补办需要带哪些材料", caller_number="0571-88886666"))
    calls.create(officer, call(clock, 30, "幸福小区停水两天，居民生活受影响"))
    page = open_page(qtbot, sqlite_services, officer)

    assert shown_column(page.table, SUMMARY) == ["幸福小区停水两天，居民生活受影响", "咨询社保卡补办需要带哪些材料"]
    assert shown_column(page.table, TIME) == ["11-21 08:30", "11-21 07:30"]
    assert shown_column(page.table, 3) == ["139 0000 1234", "0571-8888 6666"]
    assert page.filters.result_label.text() == "共 2 条"
    assert not page.empty.isVisible()
    # The first call is selected and shown in full.
    assert page.record is not None and page.record.summary.startswith("幸福小区停水")
    assert "幸福小区停水两天" in page.detail.facts.text()


def test_an_empty_log_tells_the_officer_about_f2(qtbot, sqlite_services, officer):
    page = open_page(qtbot, sqlite_services, officer)
    assert page.empty.isVisible() and "F2" in page.empty.text()
    assert not page.table.isVisible()
    assert "F2" in page.buttons["new"].text()


def test_clicking_the_time_header_shows_the_oldest_first(qtbot, sqlite_services, officer, clock):
    for minutes, text in ((90, "第一个来电内容"), (60, "第二个来电内容"), (30, "第三个来电内容")):
        sqlite_services.calls.create(officer, call(clock, minutes, text))
    page = open_page(qtbot, sqlite_services, officer)
    header = page.table.horizontalHeader()

    def click(column: int) -> None:
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(header.sectionViewportPosition(column) + 10, header.height() // 2))

    click(TIME)
    assert shown_column(page.table, SUMMARY) == ["第一个来电内容", "第二个来电内容", "第三个来电内容"]
    # Other columns are not sortable: the arrow goes back to the time column, the order stays.
    click(SUMMARY)
    assert header.sortIndicatorSection() == TIME
    assert shown_column(page.table, SUMMARY)[0] == "第一个来电内容"
    click(TIME)
    assert shown_column(page.table, SUMMARY)[0] == "第三个来电内容"
    assert "不提供按此列排序" in page.model.headerData(SUMMARY, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)


def test_search_as_you_type_and_count_on_demand(qtbot, sqlite_services, officer, clock):
    calls = sqlite_services.calls
    for minutes in range(1, 61):
        calls.create(officer, call(clock, minutes, f"幸福小区停水第{minutes}次反映，请求尽快恢复供水"))
    calls.create(officer, call(clock, 100, "道路积水严重，车辆无法通行"))
    page = open_page(qtbot, sqlite_services, officer)

    type_text(qtbot, page.filters.search_edit, "停水")
    qtbot.waitUntil(lambda: page.model.searching())
    # The first page at once, no count: 50 of the 60 matches, and a button to count them.
    assert page.model.rowCount() == 50 and page.model.total() is None
    assert page.filters.result_label.text() == "显示最新 50 条，按“统计条数”查看总数"
    assert page.filters.count_button.isVisible()
    page.filters.count_button.click()
    qtbot.waitUntil(lambda: page.filters.result_label.text() == "找到 60 条")
    assert not page.filters.count_button.isVisible()
    # Scrolling down fetches the rest.
    assert page.model.canFetchMore()
    page.model.fetchMore()
    assert page.model.rowCount() == 60 and not page.model.canFetchMore()

    page.filters.search_edit.setFocus()
    qtbot.keyClick(page.filters.search_edit, Qt.Key.Key_Escape)
    assert page.filters.search_edit.text() == ""
    qtbot.waitUntil(lambda: page.model.rowCount() == 61)
    type_text(qtbot, page.filters.search_edit, "积水")
    qtbot.waitUntil(lambda: shown_column(page.table, SUMMARY) == ["道路积水严重，车辆无法通行"])
    assert page.filters.result_label.text() == "找到 1 条"


def test_ctrl_f_goes_to_the_search_box(qtbot, sqlite_services, officer):
    page = open_page(qtbot, sqlite_services, officer)
    page.tabs.setCurrentIndex(1)
    focus(qtbot, page.follow_view.table)
    qtbot.keyClick(page.follow_view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.currentIndex() == 0
    assert page.filters.search_edit.hasFocus()


def test_tab_crosses_the_date_filters_and_reaches_the_log_and_delete(qtbot, sqlite_services, accounts, clock):
    """Found by hand: showing 不限日期, a plain QDateEdit kept Tab among its sections for ever, so a keyboard
    user could not get past the filter row to the log or to 删除."""
    sqlite_services.calls.create(accounts[2], call(clock, 5, "幸福小区停水"))
    page = open_page(qtbot, sqlite_services, accounts[1])  # the leader, who may delete
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.buttons["delete"].isEnabled())
    focus(qtbot, page.filters.date_from)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert not page.filters.date_from.isAncestorOf(QApplication.focusWidget())
    assert QApplication.focusWidget() is not page.filters.date_from
    reached = set()
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.add(QApplication.focusWidget())
    assert page.table in reached or page.table.viewport() in reached
    assert page.detail.buttons["delete"] in reached


@pytest.mark.parametrize("name", list(theme.THEMES))
def test_overdue_follow_ups_are_red_with_their_days(qtbot, qapp, sqlite_services, officer, clock, name):
    theme.apply_theme(qapp, name)
    calls = sqlite_services.calls
    today = date(2026, 11, 21)
    late = calls.create(officer, assigned(clock, 60 * 24 * 5, "路灯不亮已一周，请尽快维修", today - timedelta(days=3)))
    calls.create(officer, assigned(clock, 30, "人行道井盖缺失，存在安全隐患", today + timedelta(days=2)))
    page = open_page(qtbot, sqlite_services, officer)

    shown = shown_column(page.table, FOLLOW)
    assert shown == ["待办 11-23前 · 城建局", "⚠ 逾期 3 天 · 城建局"]
    red = page.model.index(1, FOLLOW).data(Qt.ItemDataRole.ForegroundRole)
    assert red is not None and red.name() == page.table.overdueColor.name()
    assert red.name() == {"light": "#b3261e", "dark": "#ff8a80"}[name]
    assert page.model.index(0, FOLLOW).data(Qt.ItemDataRole.ForegroundRole) is None
    assert page.model.index(1, FOLLOW).data(Qt.ItemDataRole.FontRole).bold()
    assert late.id == page.model.index(1, 0).data(Qt.ItemDataRole.UserRole + 2).id


def test_filters_narrow_the_log(qtbot, sqlite_services, officer, clock):
    calls = sqlite_services.calls
    calls.create(officer, call(clock, 60 * 26, "昨天的咨询来电"))
    calls.create(officer, assigned(clock, 60 * 24 * 5, "路灯不亮已一周", date(2026, 11, 18)))
    calls.create(officer, call(clock, 10, "今天的投诉来电", category="投诉", early_warning=True))
    page = open_page(qtbot, sqlite_services, officer)
    assert page.model.rowCount() == 3

    page.filters.status_combo.setCurrentIndex(page.filters.status_combo.findData("overdue"))
    assert shown_column(page.table, SUMMARY) == ["路灯不亮已一周"]
    assert page.filters.result_label.text() == "找到 1 条"
    page.filters.clear_all()
    page.filters.category_combo.setCurrentIndex(page.filters.category_combo.findData("投诉"))
    assert shown_column(page.table, SUMMARY) == ["今天的投诉来电"]
    page.filters.clear_all()
    page.filters.early_check.setChecked(True)
    assert shown_column(page.table, SUMMARY) == ["今天的投诉来电"]
    page.filters.clear_all()
    page.filters.date_from.setDate(page.filters.date_from.date().fromString("2026-11-20", "yyyy-MM-dd"))
    page.filters.date_to.setDate(page.filters.date_to.date().fromString("2026-11-20", "yyyy-MM-dd"))
    assert shown_column(page.table, SUMMARY) == ["昨天的咨询来电"]


def test_follow_up_chase_feedback_and_close(qtbot, sqlite_services, officer, clock):
    calls = sqlite_services.calls
    record = calls.create(officer, assigned(clock, 60 * 24 * 5, "路灯不亮已一周，请尽快维修", date(2026, 11, 18)))
    calls.create(officer, assigned(clock, 30, "人行道井盖缺失", date(2026, 11, 25)))
    page = open_page(qtbot, sqlite_services, officer)
    page.tabs.setCurrentIndex(1)
    view = page.follow_view
    assert "未办结的转办件 2 件" in view.summary.text() and "逾期 1 件" in view.summary.text()
    # Due soonest first: the overdue one leads, with its days in words.
    assert shown_column(view.table, 0)[0] == "⚠ 11月18日（逾期 3 天）"
    assert view.record.id == record.id

    view.buttons["chase"].click()
    dialog = page.dialog
    type_text(qtbot, dialog.note_edit, "已电话催促城建局")
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert "已电话催促城建局" in view.log.text() and "催办" in view.log.text()

    view.buttons["feedback"].click()
    dialog = page.dialog
    assert dialog.status_combo.isVisible()
    type_text(qtbot, dialog.note_edit, "已安排维修队")
    dialog.save_button.click()
    assert calls.get(record.id).follow_status == FollowUpStatus.IN_PROGRESS
    assert shown_column(view.table, 1)[0] == "办理中"

    view.buttons["close"].click()
    page.dialog.save_button.click()
    stored = calls.get(record.id)
    assert stored.follow_status == FollowUpStatus.CLOSED and stored.closed_at is not None
    assert "未办结的转办件 1 件" in view.summary.text()
    assert [e.kind.label for e in stored.follow_ups] == ["催办", "反馈", "办结"]


def test_a_too_long_chase_is_refused_next_to_the_field_and_kept(qtbot, sqlite_services, officer, clock):
    sqlite_services.calls.create(officer, assigned(clock, 30, "人行道井盖缺失", date(2026, 11, 25)))
    page = open_page(qtbot, sqlite_services, officer)
    page.tabs.setCurrentIndex(1)
    page.follow_view.buttons["chase"].click()
    dialog = page.dialog
    dialog.note_edit.setPlainText("催" * (NOTE_MAX + 1))
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.errors.labels["note"].text().startswith("⚠ ")
    assert len(dialog.note_edit.toPlainText()) == NOTE_MAX + 1


def test_similar_calls_are_listed_and_marked_widespread(qtbot, sqlite_services, officer, clock):
    calls = sqlite_services.calls
    first = calls.create(officer, call(clock, 300, "幸福小区停水两天，居民生活受影响，请求尽快恢复供水"))
    second = calls.create(officer, call(clock, 200, "幸福小区停水已经两天了，请求尽快恢复供水", caller_number="13800138000"))
    calls.create(officer, call(clock, 150, "咨询社保卡补办需要带哪些材料"))
    latest = calls.create(officer, call(clock, 100, "幸福小区还是停水，居民生活受影响，请尽快恢复供水"))
    page = open_page(qtbot, sqlite_services, officer)
    assert page.record.id == latest.id

    qtbot.waitUntil(lambda: len(page.similar.similar) == 2)
    assert {s.call.id for s in page.similar.similar} == {first.id, second.id}
    assert page.similar.title.text() == "相似来电（近 30 天）"
    assert page.similar.mark_button.isEnabled()
    page.similar.mark_button.click()
    assert all(calls.get(i).widespread for i in (first.id, second.id, latest.id))
    assert "普" in shown_column(page.table, 10)[0]


def test_similar_calls_export_to_excel(qtbot, sqlite_services, officer, clock, tmp_path):
    from openpyxl import load_workbook

    from dutyroom.gui.calls import actions

    calls = sqlite_services.calls
    calls.create(officer, call(clock, 300, "幸福小区停水两天，请求尽快恢复供水"))
    calls.create(officer, call(clock, 100, "幸福小区停水，请尽快恢复供水"))
    page = open_page(qtbot, sqlite_services, officer)
    qtbot.waitUntil(lambda: len(page.similar.similar) == 1)
    path = tmp_path / "similar.xlsx"
    actions.export_similar(page, str(path))
    qtbot.waitUntil(lambda: path.exists() and page.similar.export_button.isEnabled())
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert len(rows) == 3  # header, this call, the similar one
    assert any("幸福小区停水，请尽快恢复供水" in str(v) for v in rows[1])


def test_escalate_opens_a_prefilled_incident_form_and_links_the_call(qtbot, open_window, officer, sqlite_services,
                                                                     clock):
    record = sqlite_services.calls.create(officer, call(
        clock, 20, "城西镇化工厂储罐起火，现场有浓烟。请求支援", caller_name="李站长", caller_unit="城西镇安监站",
        caller_number="13800138000", outcome=CallOutcome.REPORTED, outcome_note="已报告带班领导"))
    window = open_window(officer)
    window.show_page(3)
    page = window.current_page()
    assert isinstance(page, CallsPage) and page.record.id == record.id

    page.detail.buttons["escalate"].click()
    dialog = page.escalation
    assert dialog.isVisible()
    assert dialog.input("title").text() == "城西镇化工厂储罐起火，现场有浓烟"
    assert dialog.input("source_person").text() == "李站长"
    assert dialog.input("source_unit").text() == "城西镇安监站"
    assert dialog.input("source_phone").text() == "13800138000"
    assert dialog.input("scope").toPlainText().startswith("城西镇化工厂储罐起火")
    assert dialog.input("received_at").dateTime().toString("MM-dd HH:mm") == "11-21 08:40"
    assert dialog.input("source_channel").currentText() == "电话"

    type_text(qtbot, dialog.input("place"), "城西镇工业园区8号")
    dialog.save_button.click()
    assert not dialog.isVisible()
    linked = sqlite_services.calls.get(record.id)
    assert linked.incident_id is not None
    assert isinstance(window.current_page(), IncidentsPage)
    assert window.current_page().incident.id == linked.incident_id
    window.show_page(3)
    assert page.detail.buttons["escalate"].text() == "查看突发事件"
    assert "事" in shown_column(page.table, 10)[0]


def test_f2_opens_the_call_form_from_another_page(qtbot, open_window, officer, sqlite_services):
    window = open_window(officer)
    window.show_page(1)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    page = window.calls_page()
    dialog = page.dialog
    assert isinstance(dialog, CallEntryDialog) and dialog.isVisible()
    assert window.current_page().title == "通讯录"  # the form opens over the page the officer was on
    dialog.reject()


def test_ctrl_n_opens_the_call_form_on_the_page(qtbot, open_window, officer):
    window = open_window(officer)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = window.current_page()
    assert isinstance(page, CallsPage)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(page.dialog, CallEntryDialog) and page.dialog.isVisible()
    page.dialog.reject()


def test_delete_is_for_leaders_and_asks_first(qtbot, sqlite_services, accounts, clock, monkeypatch):
    _, leader, officer = accounts
    sqlite_services.calls.create(officer, call(clock, 30, "先登记的来电"))
    sqlite_services.calls.create(officer, call(clock, 20, "误登记的来电"))
    page = open_page(qtbot, sqlite_services, officer)
    assert not page.detail.buttons["delete"].isEnabled()

    page = open_page(qtbot, sqlite_services, leader)
    counts = []
    count = sqlite_services.calls.count
    monkeypatch.setattr(sqlite_services.calls, "count", lambda flt: counts.append(flt) or count(flt))
    page.detail.buttons["delete"].click()
    box = page.prompt
    assert isinstance(box, QMessageBox) and "误登记的来电" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    # The row goes and the total drops by one; the log is not counted again for it.
    assert page.model.rowCount() == 1 and page.model.total() == 1 and counts == []
    assert page.model.index(0, SUMMARY).data() == "先登记的来电" and page.record.summary == "先登记的来电"
    page.detail.buttons["delete"].click()
    page.prompt.button(QMessageBox.StandardButton.Yes).click()
    assert count(CallFilter()) == 0 and counts == []
    qtbot.waitUntil(lambda: page.empty.isVisible())


def test_a_new_call_elsewhere_keeps_the_selected_call(qtbot, sqlite_services, officer, clock):
    calls = sqlite_services.calls
    for minutes in (50, 40, 30):
        calls.create(officer, call(clock, minutes, f"第{minutes}分钟前的来电"))
    page = open_page(qtbot, sqlite_services, officer)
    page._select_row(1)
    chosen = page.record.id
    calls.create(officer, call(clock, 1, "刚刚的新来电"))  # another workstation: arrives on the bus
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    assert page.record.id == chosen
    assert shown_column(page.table, SUMMARY)[0] == "刚刚的新来电"


def test_the_windowed_model_reads_a_bounded_number_of_blocks(qtbot, services, actors, clock):
    """On both databases: jumping to the end reads one block; scrolling through everything keeps max_blocks."""
    officer = actors[2]
    for n in range(600):
        services.calls.create(officer, call(clock, 1 + n, f"第{n}号来电"))
    model = CallLogModel(services, block_rows=30, max_blocks=4)
    assert model.rowCount() == 600 and model.cached_blocks() == 1  # the count and the first block, in one read

    assert model.index(599, SUMMARY).data() == "第599号来电"  # the oldest, at the end
    assert model.fetches == 2 and model.cached_blocks() == 2
    for row in range(0, 600, 15):  # scroll through everything
        model.index(row, SUMMARY).data()
    assert model.cached_blocks() == 4  # never more than max_blocks held
    assert model.fetches == 2 + 19
    assert model.index(0, SUMMARY).data() == "第0号来电"

    # A search grows page by page and is counted only when asked.
    model.set_filter(CallFilter(text="号来电"))
    assert model.rowCount() == 50 and model.total() is None
    assert model.index(49, SUMMARY).data() == "第49号来电"
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 600 and model.total() == 600
    assert model.cached_blocks() == 4
    assert [model.index(r, SUMMARY).data() for r in (31, 300)] == ["第31号来电", "第300号来电"]  # read again


def test_the_statistics_tab_shows_the_handled_rate_with_its_definition(qtbot, sqlite_services, officer, clock):
    calls = sqlite_services.calls
    calls.create(officer, call(clock, 60, "咨询社保卡补办"))
    calls.create(officer, assigned(clock, 60 * 24 * 5, "路灯不亮", date(2026, 11, 18)))
    page = open_page(qtbot, sqlite_services, officer)
    page.tabs.setCurrentIndex(2)
    view = page.stats_view
    qtbot.waitUntil(lambda: view.stats is not None)
    assert view.rate.text() == "50.0%"
    assert "办理率 = 已办理来电 ÷ 需办理来电" in view.definition.text()
    assert "低于 95%" in view.rate_note.text()
    assert "逾期未办结 1 件" in view.follow.text()
    assert [view.models["category"].record(r).label for r in range(2)] == ["咨询", "求助"]
    view.mode_combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: view.stats.first == view.stats.last == date(2026, 11, 21))
    assert view.stats.total == 1 and view.rate.text() == "100.0%"


def test_the_page_models_pass_the_model_tester(qtmodeltester, qtbot, sqlite_services, officer, clock):
    calls = sqlite_services.calls
    for minutes in range(1, 8):
        calls.create(officer, call(clock, minutes, f"幸福小区停水第{minutes}次反映，请求尽快恢复供水"))
    calls.create(officer, assigned(clock, 60 * 24 * 5, "路灯不亮已一周", date(2026, 11, 18)))
    page = open_page(qtbot, sqlite_services, officer)
    qtmodeltester.check(page.model, force_py=True)
    page.model.set_filter(CallFilter(text="停水"))
    qtmodeltester.check(page.model, force_py=True)
    qtbot.waitUntil(lambda: bool(page.similar.similar))
    qtmodeltester.check(page.similar.model, force_py=True)
    page.tabs.setCurrentIndex(1)
    qtmodeltester.check(page.follow_view.model, force_py=True)
    page.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: page.stats_view.stats is not None)
    qtmodeltester.check(page.stats_view.models["category"], force_py=True)


def test_a_call_half_typed_before_a_crash_is_offered_back_on_opening(qtbot, officer, sqlite_services):
    import json

    from dutyroom.gui.app import build_main_window

    payload = {"fields": {"caller_name": "张大爷", "summary": "反映幸福小区停水"}}
    sqlite_services.calls.save_draft(officer, "call:new", json.dumps(payload, ensure_ascii=False))
    window = build_main_window(sqlite_services, officer)
    qtbot.addWidget(window)
    window.show()  # on the first page, not the 来电 page: the offer comes anyway
    page = window.calls_page()
    qtbot.waitUntil(lambda: isinstance(page.prompt, QMessageBox) and page.prompt.isVisible())
    assert "张大爷" in page.prompt.text()
    page.prompt.buttons()[0].click()  # 恢复
    qtbot.waitUntil(lambda: any(isinstance(w, CallEntryDialog) and w.isVisible() for w in QApplication.topLevelWidgets()))


def test_print_the_register_and_the_statistics_and_export_the_log(qtbot, sqlite_services, officer, clock, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from dutyroom.gui.calls import actions

    calls = sqlite_services.calls
    calls.create(officer, call(clock, 60, "咨询社保卡补办需要带哪些材料"))
    calls.create(officer, call(clock, 30, "幸福小区停水两天", caller_number="0571-88886666"))
    page = open_page(qtbot, sqlite_services, officer)

    def written(button) -> None:
        """The file is written in the background; the button comes back when it is done (or failed)."""
        assert not button.isEnabled()
        qtbot.waitUntil(button.isEnabled, timeout=30000)
        assert page.prompt is None, page.prompt.text()

    register = tmp_path / "register.pdf"
    actions.print_log(page, str(register))  # no dates chosen: the calls of the shift on duty now
    written(page.buttons["print"])
    text = "".join(p.extract_text() for p in PdfReader(register).pages)
    assert "来电登记表" in text and "幸福小区停水两天" in text and "0571-8888 6666" in text
    assert "2026年11月21日全天班" in text.replace(" ", "")

    page.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: page.stats_view.stats is not None)
    stats = tmp_path / "stats.pdf"
    actions.print_stats(page, str(stats))
    written(page.stats_view.print_button)
    assert "办理率" in "".join(p.extract_text() for p in PdfReader(stats).pages)

    page.tabs.setCurrentIndex(0)
    page.filters.search_edit.setText("停水")
    page.apply_filter()
    book = tmp_path / "log.xlsx"
    actions.export_log(page, str(book))
    written(page.buttons["export"])
    rows = list(load_workbook(book).active.iter_rows(values_only=True))
    assert len(rows) == 2 and any("幸福小区停水两天" in str(v) for v in rows[1])
