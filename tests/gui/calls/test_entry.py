"""来电登记 form: a call logged without the mouse, quick texts, 转办 fields, caller history, drafts, Esc."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from dutyroom.domain.vocabulary import CallerKind, CallOutcome
from dutyroom.gui import theme
from dutyroom.gui.calls.entry import CallEntryDialog, open_call_entry
from dutyroom.gui.calls.entry_drafts import offer_call_drafts
from dutyroom.gui.common.forms import child
from dutyroom.gui.incidents import actions as incident_actions
from dutyroom.services.calls.records import CallFilter, CallRecord
from tests.conftest import SHANGHAI
from tests.gui.helpers import type_text

WATER = "和平小区停水，请求尽快恢复供水"


@pytest.fixture
def officer(accounts):
    return accounts[2]


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def open_entry(qtbot, parent, services, actor, record=None, draft=None) -> CallEntryDialog:
    opened: list[CallEntryDialog] = []
    open_call_entry(parent, services, actor, record, draft, on_open=opened.append)
    qtbot.waitUntil(lambda: bool(opened))  # its reads run off the GUI thread when a test runs them so
    dialog = opened[0]
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> QWidget:
    """A key on whatever has the keyboard; returns what has it afterwards."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    return QApplication.focusWidget()


def call(services, actor, summary, minutes_ago, **extra) -> CallRecord:
    values = dict(started_at=services.clock.now() - timedelta(minutes=minutes_ago), summary=summary,
                  outcome=CallOutcome.ANSWERED, caller_number="13800001111", caller_name="王先生",
                  caller_unit="和平小区业委会", category="求助")
    values.update(extra)
    return services.calls.create(actor, CallRecord(**values))


def choose_outcome(dialog, outcome: CallOutcome = CallOutcome.ANSWERED) -> None:
    """The outcome is never preset: a test that saves picks one, as the officer must."""
    combo = dialog.input("outcome")
    combo.setCurrentIndex(combo.findData(outcome.value))


def visible_row(dialog, name: str) -> bool:
    return child(dialog.form, QLabel, f"{name}_label").isVisible()


def test_the_form_opens_in_the_number_and_tab_follows_the_spoken_order(qtbot, parent, sqlite_services, officer):
    dialog = open_entry(qtbot, parent, sqlite_services, officer)
    assert dialog.windowTitle() == "来电登记"
    assert QApplication.focusWidget() is dialog.input("caller_number")
    order = ["caller_name", "caller_unit", "caller_kind", "category", "summary", "outcome", "outcome_note",
             "leader_instruction", "early_warning", "widespread", "started_at"]  # 转办 rows are hidden
    for name in order:
        assert press(qtbot, Qt.Key.Key_Tab) is dialog.input(name), name
    dialog.input("caller_number").setFocus()
    assert press(qtbot, Qt.Key.Key_Backtab) is dialog.input("direction")  # 来电 by default, one step back
    assert dialog.input("direction").currentText() == "来电"
    assert dialog.input("started_at").dateTime().toString("yyyy-MM-dd HH:mm") == "2026-11-21 09:00"
    assert dialog.input("ended_at").text() == "（未结束）"
    assert child(dialog.form, QLabel, "officer_value").text() == "赵值班"


def test_a_call_typed_entirely_by_keyboard_is_saved_with_enter(qtbot, parent, sqlite_services, officer):
    dialog = open_entry(qtbot, parent, sqlite_services, officer)
    qtbot.keyClicks(dialog.input("caller_number"), "0571-87001234")
    type_text(qtbot, press(qtbot, Qt.Key.Key_Tab), "王先生")
    type_text(qtbot, press(qtbot, Qt.Key.Key_Tab), "和平小区业委会")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)  # 来电人类别 stays 群众
    press(qtbot, Qt.Key.Key_Down)  # 类别: 咨询 → 求助
    type_text(qtbot, press(qtbot, Qt.Key.Key_Tab), WATER)
    outcome = press(qtbot, Qt.Key.Key_Tab)
    assert outcome is dialog.input("outcome")
    assert outcome.currentIndex() == -1 and outcome.currentText() == ""  # nothing preset
    press(qtbot, Qt.Key.Key_Down)  # the first outcome: 当场答复/告知
    assert outcome.currentText() == CallOutcome.ANSWERED.label
    with qtbot.waitSignal(dialog.saved) as saved:
        press(qtbot, Qt.Key.Key_Return)  # Enter on any one-line field saves

    assert not dialog.isVisible()
    stored = sqlite_services.calls.get(saved.args[0].id)
    assert (stored.caller_name, stored.caller_unit, stored.summary) == ("王先生", "和平小区业委会", WATER)
    assert stored.caller_kind == CallerKind.PUBLIC and stored.category == "求助"
    assert stored.outcome == CallOutcome.ANSWERED
    assert stored.officer == "赵值班"
    assert stored.started_at == datetime(2026, 11, 21, 9, 0, tzinfo=SHANGHAI)  # when the form opened
    assert "".join(ch for ch in stored.caller_number if ch.isdigit()) == "057187001234"
    assert sqlite_services.calls.load_drafts(officer) == []


def test_no_outcome_is_preset_and_saving_without_one_says_so_next_to_the_field(qtbot, parent, sqlite_services,
                                                                                officer):
    dialog = open_entry(qtbot, parent, sqlite_services, officer)
    outcome = dialog.input("outcome")
    assert outcome.currentIndex() == -1 and outcome.placeholderText() == "（请选择）"
    type_text(qtbot, dialog.input("summary"), WATER)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()  # not saved
    error = dialog.error_labels["outcome"]
    assert error.isVisible() and "请选择处理结果" in error.text()
    assert QApplication.focusWidget() is outcome  # the cursor goes to what is missing
    assert sqlite_services.calls.count(CallFilter()) == 0
    press(qtbot, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.saved) as saved:
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert saved.args[0].outcome == CallOutcome.ANSWERED and saved.args[0].summary == WATER


def test_ctrl_e_ends_the_call_and_ctrl_enter_saves_from_the_summary(qtbot, parent, sqlite_services, officer, clock):
    dialog = open_entry(qtbot, parent, sqlite_services, officer)
    choose_outcome(dialog)
    type_text(qtbot, dialog.input("summary"), "咨询社保卡补办流程")
    clock.advance(minutes=4)
    press(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert dialog.input("ended_at").dateTime().toString("HH:mm") == "09:04"
    assert QApplication.focusWidget() is dialog.input("summary")  # typing goes on where it was
    with qtbot.waitSignal(dialog.saved) as saved:
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert saved.args[0].ended_at == clock.now()
    assert saved.args[0].summary == "咨询社保卡补办流程"  # Ctrl+Enter saved, it did not add a line


def test_a_short_code_and_space_expand_to_the_standard_phrase(qtbot, parent, sqlite_services, accounts, officer):
    settings = sqlite_services.settings.get()
    sqlite_services.settings.save(accounts[0], replace(
        settings, quick_texts="tsh=停水，请求尽快恢复供水。\nyzg=已告知来电人向所在社区反映。"))
    dialog = open_entry(qtbot, parent, sqlite_services, officer)
    hint = child(dialog.form, QLabel, "quick_hint")
    assert hint.isVisible() and hint.text() == "快捷短语（短码+空格展开）：tsh、yzg" and "yzg → 已告知来电人向所在社区反映。" in hint.toolTip()

    summary = dialog.input("summary")
    type_text(qtbot, summary, "和平小区")
    qtbot.keyClicks(summary, "tsh ")
    assert summary.toPlainText() == "和平小区停水，请求尽快恢复供水。"
    qtbot.keyClicks(summary, " abtsh ")  # not a code on its own: typed as it is
    assert summary.toPlainText().endswith(" abtsh ")

    note = dialog.input("outcome_note")
    note.setFocus()
    qtbot.keyClicks(note, "yzg")
    qtbot.keyClick(note, Qt.Key.Key_Tab)  # Tab expands too, and the cursor stays to go on typing
    assert note.toPlainText() == "已告知来电人向所在社区反映。"
    assert QApplication.focusWidget() is note


def test_without_quick_texts_no_hint_is_shown(qtbot, parent, sqlite_services, accounts, officer):
    sqlite_services.settings.save(accounts[0], replace(sqlite_services.settings.get(), quick_texts=""))
    dialog = open_entry(qtbot, parent, sqlite_services, officer)
    assert not child(dialog.form, QLabel, "quick_hint").isVisible()
    qtbot.keyClicks(dialog.input("summary"), "tsh ")
    assert dialog.input("summary").toPlainText() == "tsh "


def test_assigned_call_needs_its_unit_shown_next_to_the_field(qtbot, parent, sqlite_services, officer):
    dialog = open_entry(qtbot, parent, sqlite_services, officer)
    assert not visible_row(dialog, "assigned_unit") and not visible_row(dialog, "due_on")
    type_text(qtbot, dialog.input("summary"), WATER)
    outcome = dialog.input("outcome")
    outcome.setCurrentIndex(outcome.findData(CallOutcome.ASSIGNED.value))
    assert visible_row(dialog, "assigned_unit") and visible_row(dialog, "due_on")
    assert dialog.input("due_on").date().toPython() == date(2026, 11, 24)  # today + 3 days (settings)
    assert child(dialog.form, QLabel, "outcome_note_label").text() == "转办说明(&N)"

    dialog.save_button.click()
    error = dialog.error_labels["assigned_unit"]
    assert dialog.isVisible() and error.isVisible() and error.text().startswith("⚠ ")
    assert dialog.input("assigned_unit").property("invalid") is True
    assert QApplication.focusWidget() is dialog.input("assigned_unit")
    assert dialog.input("summary").toPlainText() == WATER  # nothing typed is lost
    assert sqlite_services.calls.count(sqlite_services_filter()) == 0

    type_text(qtbot, dialog.input("assigned_unit"), "市水务集团")
    with qtbot.waitSignal(dialog.saved) as saved:
        press(qtbot, Qt.Key.Key_Return)
    assert saved.args[0].assigned_unit == "市水务集团" and saved.args[0].due_on == date(2026, 11, 24)


def sqlite_services_filter():
    from dutyroom.services.calls.records import CallFilter

    return CallFilter()


def test_invalid_call_asks_for_the_reason_and_hides_the_assignment_fields(qtbot, parent, sqlite_services, officer):
    dialog = open_entry(qtbot, parent, sqlite_services, officer)
    outcome = dialog.input("outcome")
    outcome.setCurrentIndex(outcome.findData(CallOutcome.ASSIGNED.value))
    outcome.setCurrentIndex(outcome.findData(CallOutcome.INVALID.value))
    assert not visible_row(dialog, "assigned_unit")
    assert child(dialog.form, QLabel, "outcome_note_label").text() == "无效原因(&N)"
    dialog.input("direction").setCurrentIndex(1)
    assert child(dialog.form, QLabel, "caller_number_label").text() == "对方号码(&H)"


def test_earlier_calls_of_the_number_appear_while_it_is_typed(qtbot, parent, sqlite_services, officer):
    call(sqlite_services, officer, "和平小区停水三天，请求尽快恢复供水", 60 * 48)
    call(sqlite_services, officer, "反映小区门口路灯不亮", 60 * 30)
    call(sqlite_services, officer, "和平小区又停水了，请求尽快恢复供水", 60 * 24, outcome=CallOutcome.ASSIGNED,
         assigned_unit="市水务集团")
    call(sqlite_services, officer, "另一个号码", 60, caller_number="13900002222")
    dialog = open_entry(qtbot, parent, sqlite_services, officer)
    panel = dialog.history
    assert "输入来电号码" in panel.heading.text() and not panel.list.isVisible()

    type_text(qtbot, dialog.input("summary"), WATER)
    qtbot.keyClicks(dialog.input("caller_number"), "138 0000 1111")
    qtbot.waitUntil(lambda: panel.history is not None and panel.history.total == 3, timeout=5000)
    assert panel.heading.text() == "该号码此前来电 3 次，最近几次："
    assert panel.topic.isVisible() and panel.topic.text() == "其中 2 次反映相似问题（本次为第 3 次）"
    shown = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert len(shown) == 3 and shown[0].startswith("11-20 09:00 · 求助 · 王先生")
    assert "处理：转办市水务集团（待办）" in shown[0]

    panel.list.setFocus()
    panel.list.setCurrentRow(0)
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)  # copies the caller; Enter does not save here
    assert dialog.isVisible()
    assert dialog.input("caller_name").text() == "王先生"
    assert dialog.input("caller_unit").text() == "和平小区业委会"
    assert QApplication.focusWidget() is dialog.input("summary")


def test_a_half_typed_call_is_offered_back_after_the_form_died(qtbot, parent, sqlite_services, officer, clock):
    dialog = open_entry(qtbot, parent, sqlite_services, officer)
    qtbot.keyClicks(dialog.input("caller_number"), "13800001111")
    type_text(qtbot, dialog.input("summary"), WATER)
    assert dialog.drafts.key == "call:new"
    assert dialog.drafts.autosave()  # what the 5-second timer does
    assert not dialog.drafts.autosave()
    shiboken6.delete(dialog)  # the program dies: no Save, no Cancel

    clock.advance(minutes=2)
    assert incident_actions.describe_draft("call:new", {}) == "新登记的事件"  # the incident page filters by key
    box = offer_call_drafts(parent, sqlite_services, officer)
    assert box is not None and box.isVisible()
    assert box.text() == f"发现未保存的来电登记（来电“13800001111：{WATER}”，11月21日 09:00 保存），是否恢复？"
    next(b for b in box.buttons() if b.text() == "恢复").click()
    restored = next(d for d in parent.findChildren(CallEntryDialog) if d.isVisible())
    assert restored.input("summary").toPlainText() == WATER
    assert restored.input("caller_number").text() == "13800001111"
    assert "已恢复未保存的草稿" in restored.message.text()
    choose_outcome(restored)
    with qtbot.waitSignal(restored.saved):
        restored.save_button.click()
    assert sqlite_services.calls.load_drafts(officer) == []
    assert offer_call_drafts(parent, sqlite_services, officer) is None


def test_esc_asks_before_throwing_typed_text_away(qtbot, parent, sqlite_services, officer):
    dialog = open_entry(qtbot, parent, sqlite_services, officer)
    type_text(qtbot, dialog.input("summary"), WATER)
    dialog.drafts.autosave()
    press(qtbot, Qt.Key.Key_Escape)
    box = dialog.prompt
    assert isinstance(box, QMessageBox) and box.isVisible() and "还没有保存" in box.text()
    next(b for b in box.buttons() if b.text() == "继续填写").click()
    assert dialog.isVisible() and dialog.input("summary").toPlainText() == WATER

    dialog.reject()  # Esc again, and this time throw it away
    next(b for b in dialog.prompt.buttons() if b.text() == "放弃").click()
    assert not dialog.isVisible()
    assert sqlite_services.calls.load_drafts(officer) == []


def test_keep_draft_closes_the_form_and_f2_opens_it_again_where_it_was_left(qtbot, parent, sqlite_services,
                                                                            officer):
    dialog = open_entry(qtbot, parent, sqlite_services, officer)
    type_text(qtbot, dialog.input("summary"), WATER)
    press(qtbot, Qt.Key.Key_Escape)
    box = dialog.prompt
    buttons = {b.text(): b for b in box.buttons()}
    assert {"放弃", "继续填写", "保留草稿"} <= set(buttons)
    assert all(not buttons[name].icon().isNull() for name in ("放弃", "继续填写", "保留草稿"))
    buttons["保留草稿"].click()
    assert not dialog.isVisible()
    assert [d.key for d in sqlite_services.calls.load_drafts(officer)] == ["call:new"]

    again = open_entry(qtbot, parent, sqlite_services, officer)  # what F2 does
    assert again is not dialog and again.input("summary").toPlainText() == WATER
    assert "已恢复未保存的草稿" in again.message.text()


def test_esc_on_an_untouched_form_just_closes_it(qtbot, parent, sqlite_services, officer):
    dialog = open_entry(qtbot, parent, sqlite_services, officer)
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.prompt is None


def test_f2_again_brings_the_open_form_forward(qtbot, parent, sqlite_services, officer):
    first = open_entry(qtbot, parent, sqlite_services, officer)
    type_text(qtbot, first.input("summary"), "正在记录")
    assert open_call_entry(parent, sqlite_services, officer) is first
    first.input("summary").clear()
    first.reject()
    second = open_call_entry(parent, sqlite_services, officer)
    assert second is not first and second.input("summary").toPlainText() == ""


def test_editing_keeps_the_exact_time_and_a_conflict_keeps_the_text(qtbot, parent, sqlite_services, officer,
                                                                   accounts):
    stored = call(sqlite_services, officer, WATER, 0, started_at=datetime(2026, 11, 21, 8, 59, 37, tzinfo=SHANGHAI))
    dialog = open_entry(qtbot, parent, sqlite_services, officer, stored)
    assert dialog.windowTitle() == "修改来电登记"
    assert dialog.input("caller_number").text() == "138 0000 1111"  # shown readably
    assert dialog.drafts.key == f"call:{stored.id}"
    qtbot.waitUntil(lambda: dialog.history.history is not None)  # the history opens with the form
    assert dialog.history.history.total == 0  # the call itself is not its own history

    sqlite_services.calls.update(accounts[1], replace(stored, caller_unit="和平小区物业"))
    type_text(qtbot, dialog.input("leader_instruction"), "请水务集团今日回复")
    dialog.save_button.click()
    assert dialog.isVisible() and dialog.message.isVisible()
    assert dialog.input("leader_instruction").toPlainText() == "请水务集团今日回复"
    assert dialog.reload_button.isVisible()

    dialog.reload_button.click()
    type_text(qtbot, dialog.input("leader_instruction"), "请水务集团今日回复")
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.save_button.click()
    again = saved.args[0]
    assert again.caller_unit == "和平小区物业" and again.leader_instruction == "请水务集团今日回复"
    assert again.started_at == stored.started_at  # seconds kept: the time was not touched


@pytest.mark.parametrize("name", list(theme.THEMES))
def test_the_form_with_every_error_shown_fits_1280_by_800(qtbot, qapp, parent, sqlite_services, officer, name):
    theme.ensure_cjk_font(qapp)
    theme.apply_theme(qapp, name)
    dialog = open_entry(qtbot, parent, sqlite_services, officer)
    outcome = dialog.input("outcome")
    outcome.setCurrentIndex(outcome.findData(CallOutcome.ASSIGNED.value))
    # Every message the service can give at once (the combos and check boxes cannot be wrong).
    wrong = set(dialog.fields) - {"direction", "caller_kind", "outcome", "early_warning", "widespread"}
    dialog.show_errors({field: "此项有误，请核对后重新填写" for field in wrong})
    qapp.processEvents()
    assert dialog.width() <= 1280 and dialog.height() <= 800, dialog.size().toTuple()
    for field in wrong:  # every message is on screen, none squeezed below one line
        label = dialog.error_labels[field]
        assert label.isVisible() and label.height() >= label.fontMetrics().height(), field


def test_bad_input_is_answered_next_to_its_field_and_nothing_typed_is_lost(qtbot, parent, sqlite_services,
                                                                           officer):
    dialog = open_entry(qtbot, parent, sqlite_services, officer)
    huge = "停水" * 500_000  # a 1 MB paste
    dialog.input("summary").setPlainText(huge)
    dialog.input("started_at").setDateTime(dialog.input("started_at").dateTime().addSecs(3600))  # 10:00, future
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.error_labels["summary"].isVisible() and dialog.error_labels["started_at"].isVisible()
    assert "不能晚于现在" in dialog.error_labels["started_at"].text()
    assert len(dialog.input("summary").toPlainText()) == len(huge)

    tricky = "'); DROP TABLE call;-- \x07停水"
    choose_outcome(dialog)
    dialog.input("summary").setPlainText(tricky)
    dialog.input("started_at").setDateTime(dialog.input("started_at").dateTime().addSecs(-3600))
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.save_button.click()
    assert sqlite_services.calls.get(saved.args[0].id).summary == "'); DROP TABLE call;-- 停水"


def test_the_note_placeholder_on_screen_follows_the_chosen_outcome(qtbot, parent, sqlite_services, officer):
    """Found by hand: "先选择处理结果" stayed in 处理情况 after an outcome was chosen. The placeholder changed
    in the widget but was not painted again; this reads what the screen itself shows."""
    from PySide6.QtCore import QPoint, QRect

    dialog = open_entry(qtbot, parent, sqlite_services, officer)
    note = dialog.input("outcome_note")
    port = note.viewport()

    def on_screen():
        qtbot.wait(50)  # let the pending paint (if any) reach the backing store
        QApplication.processEvents()
        image = dialog.screen().grabWindow(dialog.winId()).toImage()
        return image.copy(QRect(port.mapTo(dialog, QPoint(0, 0)), port.size()))

    assert note.placeholderText() == "先选择处理结果"
    before = on_screen()
    outcome = dialog.input("outcome")
    outcome.setFocus()
    press(qtbot, Qt.Key.Key_Down)  # 当场答复/告知
    assert note.placeholderText().startswith("告知来电人的内容")
    answered = on_screen()
    assert answered != before
    press(qtbot, Qt.Key.Key_Down)  # 转办
    assert on_screen() != answered
