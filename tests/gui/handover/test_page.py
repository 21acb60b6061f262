"""交接班 page: 值班记事 typed fast, equipment ticks, items added and closed, a whole handover with two
passwords and per-item acknowledgement by keys, the sealed record read-only with 修正, the leader's 审阅."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from dutyroom.domain.vocabulary import EquipmentState
from dutyroom.gui.handover import HandoverPage
from dutyroom.gui.handover.exchange import HandoverDialog
from tests.conftest import PASSWORD, SHANGHAI
from tests.gui.helpers import focus, type_text
from tests.services.handover.helpers import DAY1, at_handover_of, staff


@pytest.fixture
def people(sqlite_services, accounts, clock):
    """孙明 on duty on the 21st, 周晓梅 on the 22nd, 陈建国 leading; the clock at 08:10 on the 22nd,
    twenty minutes before 孙明 hands over."""
    found = staff(sqlite_services, accounts[0])
    at_handover_of(clock, DAY1)
    return found


def _page(qtbot, open_window, actor) -> tuple[object, HandoverPage]:
    window = open_window(actor)
    index = next(i for i, spec in enumerate(window._specs) if spec.name == "HandoverPage")
    window._go_to(index)  # as Ctrl+<number> does: the keyboard lands on the page (the 值班记事 line)
    page = window.page(index)
    qtbot.waitUntil(lambda: not page.loading and page.log is not None)
    assert page.log.sealed or page.entry_text.hasFocus()
    return window, page


def _key(qtbot, page, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A page key pressed while the keyboard is somewhere on the page (its keys are the page's own)."""
    focus(qtbot, page.item_list)
    qtbot.keyClick(page.item_list, key, modifier)


def _settled(qtbot, page, condition):
    qtbot.waitUntil(lambda: not page.loading and condition())


def test_log_entries_are_typed_fast_and_a_bad_time_keeps_the_text(qtbot, open_window, people, sqlite_services):
    _, page = _page(qtbot, open_window, people["sunming"])
    assert page.span.key == DAY1
    type_text(qtbot, page.entry_text, "值班电话、传真测试正常")
    qtbot.keyClick(page.entry_text, Qt.Key.Key_Return)
    _settled(qtbot, page, lambda: page.entries.count() == 1)
    assert page.entries.item(0).text() == "08:10  值班电话、传真测试正常（孙明）"  # time defaults to now
    assert page.entry_text.text() == ""

    type_text(qtbot, page.entry_time, "25:99")
    type_text(qtbot, page.entry_text, "市应急局电话通知明日寒潮预警")
    qtbot.keyClick(page.entry_text, Qt.Key.Key_Return)
    assert page.entry_error.isVisible() and page.entry_error.text() == "⚠ 时间请写成 时:分，如 02:10"
    assert page.entry_text.text() == "市应急局电话通知明日寒潮预警"  # nothing typed is lost
    page.entry_time.clear()
    type_text(qtbot, page.entry_time, "02:10")
    qtbot.keyClick(page.entry_time, Qt.Key.Key_Return)
    _settled(qtbot, page, lambda: page.entries.count() == 2)
    assert [e.text for e in sqlite_services.handover.entries(DAY1)] == ["市应急局电话通知明日寒潮预警",
                                                                       "值班电话、传真测试正常"]
    assert page.entries.item(0).text().startswith("02:10  市应急局电话通知明日寒潮预警")
    assert not page.entry_error.isVisible()


def test_equipment_is_ticked_normal_and_a_fault_needs_words(qtbot, open_window, people, sqlite_services):
    _, page = _page(qtbot, open_window, people["sunming"])
    lines = page.equipment_list
    assert lines.count() >= 2
    lines.setFocus()
    lines.setCurrentRow(0)
    qtbot.keyClick(lines, Qt.Key.Key_Space)
    first = lines.item(0).data(Qt.ItemDataRole.UserRole)
    _settled(qtbot, page, lambda: lines.item(0).checkState() == Qt.CheckState.Checked)
    assert "正常" in lines.item(0).text()

    lines.setCurrentRow(1)
    qtbot.keyClick(lines, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert dialog.isVisible()
    dialog.save_button.click()  # 异常 without a description: said under the field
    assert dialog.errors["description"].isVisible() and dialog.isVisible()
    type_text(qtbot, dialog.inputs["description"], "传真机卡纸，已通知维修")
    dialog.save_button.click()
    assert not dialog.isVisible()
    states = {s.name: (s.state, s.description) for s in sqlite_services.handover.equipment_status(DAY1)}
    second = lines.item(1).data(Qt.ItemDataRole.UserRole)
    assert states[first][0] == EquipmentState.OK
    assert states[second] == (EquipmentState.FAULT, "传真机卡纸，已通知维修")


def _add_item(qtbot, page, title):
    _key(qtbot, page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    type_text(qtbot, dialog.inputs["title"], title)
    qtbot.keyClick(dialog.inputs["title"], Qt.Key.Key_Return)  # Enter saves
    assert not dialog.isVisible()


def test_a_whole_handover_with_two_passwords_and_each_item_acknowledged_by_keys(qtbot, open_window, people,
                                                                                sqlite_services):
    window, page = _page(qtbot, open_window, people["sunming"])
    _add_item(qtbot, page, "明早9时前向市政府报送寒潮防范情况")
    _add_item(qtbot, page, "城东街道停水，跟进恢复时间")
    _settled(qtbot, page, lambda: page.item_list.count() == 2)

    _key(qtbot, page, Qt.Key.Key_F8)
    dialog = page.dialog
    assert isinstance(dialog, HandoverDialog) and dialog.isVisible()
    n = dialog.items.count()  # the two typed, and what the program proposes (the 18:00 digest of the next shift)
    titles = [dialog.items.item(i).text() for i in range(n)]
    row = next(i for i, t in enumerate(titles) if t.startswith("明早9时前向市政府报送寒潮防范情况"))
    assert dialog.count.text() == f"已勾选 0/{n} 项；未勾选的 {n} 项留在交班人名下并标记"
    assert dialog.summary.text().startswith("本班：来电 0 件")
    # The incoming officer ticks the first item with Space and leaves the second.
    qtbot.waitUntil(dialog.items.hasFocus)
    assert dialog.items.currentRow() == 0
    for _ in range(row):
        qtbot.keyClick(dialog.items, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.items, Qt.Key.Key_Space)
    assert dialog.count.text() == f"已勾选 1/{n} 项；未勾选的 {n - 1} 项留在交班人名下并标记"
    # … picks their own name with the arrow keys and types their password.
    dialog.incoming.setFocus()
    for _ in range(dialog.incoming.findData("zhouxm")):
        qtbot.keyClick(dialog.incoming, Qt.Key.Key_Down)
    assert dialog.incoming.currentData() == "zhouxm"
    assert "周晓梅（排班）" in dialog.incoming.currentText()
    type_text(qtbot, dialog.password, "not-the-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    error = dialog.errors["incoming_password"]
    assert dialog.isVisible() and error.isVisible() and "密码" in error.text()
    assert dialog.acknowledged() == [dialog.items.item(row).data(Qt.ItemDataRole.UserRole)]  # nothing is lost
    assert dialog.incoming.currentData() == "zhouxm" and dialog.password.hasFocus()

    type_text(qtbot, dialog.password, PASSWORD)  # the wrong one is selected: typing replaces it
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    record = sqlite_services.handover.handover(DAY1)
    assert (record.outgoing, record.incoming) == ("孙明", "周晓梅")
    acks = {a.title: a.acknowledged for a in record.acks}
    assert acks.pop("明早9时前向市政府报送寒潮防范情况") is True
    assert acks.pop("城东街道停水，跟进恢复时间") is False and not any(acks.values())
    _settled(qtbot, page, lambda: page.log.sealed)
    assert "（已交接，记录已封存）" in page.shift_label.text()
    assert not page.entry_text.isEnabled() and not page.buttons["hand_over"].isEnabled()
    assert page.buttons["amend"].isEnabled()
    shown = page.log_label.text()
    assert "孙明 → 周晓梅" in shown and "⚠ 未接：城东街道停水，跟进恢复时间" in shown and "审计链第" in shown
    assert window.statusBar().currentMessage() == "交接完成，交接班记录已封存。"


def test_the_sealed_record_is_corrected_only_by_an_amendment(qtbot, open_window, people, sqlite_services, clock):
    sqlite_services.handover.hand_over(people["sunming"], DAY1, "zhouxm", PASSWORD, [])
    _, page = _page(qtbot, open_window, people["sunming"])
    _key(qtbot, page, Qt.Key.Key_F8)
    assert page.dialog is None  # already handed over: no second 交班
    page.buttons["amend"].click()
    dialog = page.dialog
    dialog.save_button.click()
    assert dialog.errors["reason"].isVisible() and dialog.isVisible()
    type_text(qtbot, dialog.inputs["reason"], "接班时间记录有误")
    type_text(qtbot, dialog.inputs["correction"], "实际交接时间为08:15")
    dialog.save_button.click()
    assert not dialog.isVisible()
    [amendment] = sqlite_services.handover.handover(DAY1).amendments
    assert (amendment.by, amendment.reason) == ("孙明", "接班时间记录有误")
    _settled(qtbot, page, lambda: "实际交接时间为08:15" in page.log_label.text())


def test_the_leader_reviews_the_night_from_their_own_account(qtbot, open_window, people, sqlite_services, clock):
    sqlite_services.handover.hand_over(people["sunming"], DAY1, "zhouxm", PASSWORD, [])
    clock.set(datetime(2026, 11, 22, 9, 0, tzinfo=SHANGHAI))
    _, page = _page(qtbot, open_window, people["chenjg"])
    assert page.span.key != DAY1
    _key(qtbot, page, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # the night before
    _settled(qtbot, page, lambda: page.log.shift == DAY1)
    assert page.buttons["review"].isVisible()
    page.buttons["review"].click()
    type_text(qtbot, page.dialog.inputs["comment"], "交接清楚，同意")
    page.dialog.save_button.click()
    [review] = sqlite_services.handover.reviews(DAY1)
    assert (review.reviewer, review.comment) == ("陈建国", "交接清楚，同意")
    _settled(qtbot, page, lambda: "陈建国：交接清楚，同意" in page.log_label.text())


def _press_esc(qtbot, dialog):
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


@pytest.mark.parametrize("opening", ["add", "fault", "amend", "hand_over"])
def test_esc_on_each_form_asks_before_losing_what_was_typed(qtbot, open_window, people, sqlite_services, opening):
    _, page = _page(qtbot, open_window, people["sunming"])
    if opening == "amend":
        sqlite_services.handover.hand_over(people["sunming"], DAY1, "zhouxm", PASSWORD, [])
        _settled(qtbot, page, lambda: page.log.sealed)
    if opening == "fault":
        page.equipment_list.setCurrentRow(0)
    page.buttons.get(opening, page.item_buttons.get(opening)).click()
    dialog = page.dialog
    assert dialog.isVisible()
    if opening == "hand_over":
        type_text(qtbot, dialog.password, "half")
    else:
        field = next(iter(dialog.inputs.values()))
        type_text(qtbot, field, "已经输入的内容")
    _press_esc(qtbot, dialog)
    box = dialog.prompt
    assert isinstance(box, QMessageBox) and box.isVisible() and dialog.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()  # 继续填写
    assert dialog.isVisible()
    if opening == "hand_over":
        assert dialog.password.text() == "half"
    else:
        assert "已经输入的内容" in str(next(iter(dialog.values().values())))
    _press_esc(qtbot, dialog)
    dialog.prompt.button(QMessageBox.StandardButton.Yes).click()  # 放弃
    assert not dialog.isVisible()


def test_esc_on_an_untouched_form_just_closes_it(qtbot, open_window, people):
    _, page = _page(qtbot, open_window, people["sunming"])
    page.item_buttons["add"].click()
    dialog = page.dialog
    _press_esc(qtbot, dialog)
    assert not dialog.isVisible() and dialog.prompt is None


def test_an_incoming_officer_not_on_the_roster_needs_a_leaders_approval(qtbot, open_window, people, sqlite_services):
    _, page = _page(qtbot, open_window, people["sunming"])
    _key(qtbot, page, Qt.Key.Key_F8)
    dialog = page.dialog
    assert not dialog.approver.isVisible()
    dialog.incoming.setCurrentIndex(dialog.incoming.findData("wulei"))  # on the roster of the 23rd, not the 22nd
    type_text(qtbot, dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.approver.isVisible() and dialog.errors["approver"].isVisible()
    assert "不在" in dialog.errors["approver"].text() and dialog.password.text() == PASSWORD
    type_text(qtbot, dialog.approver, "chenjg")
    type_text(qtbot, dialog.approver_password, PASSWORD)
    qtbot.keyClick(dialog.approver_password, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    record = sqlite_services.handover.handover(DAY1)
    assert (record.incoming, record.approved_by) == ("吴磊", "陈建国")


def test_the_duty_log_and_the_handover_record_print_to_pdf(qtbot, open_window, people, sqlite_services, tmp_path,
                                                           monkeypatch):
    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    sqlite_services.handover.add_entry(people["sunming"], DAY1, "值班电话、传真测试正常")
    sqlite_services.handover.hand_over(people["sunming"], DAY1, "zhouxm", PASSWORD, [])
    window, page = _page(qtbot, open_window, people["sunming"])
    for button, name, words in (("print_log", "log.pdf", "值班电话、传真测试正常"), ("print_handover", "record.pdf", "接班人")):
        target = tmp_path / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target, **k: (str(t), ""))
        page.buttons[button].click()
        qtbot.waitUntil(lambda t=target, b=page.buttons[button]: t.exists() and b.isEnabled(), timeout=20000)
        text = "".join("".join(p.extract_text().split()) for p in PdfReader(target).pages)
        assert words in text
        assert window.statusBar().currentMessage().endswith(f"已保存：{target}")


def test_unticking_asks_what_is_wrong_and_a_cancel_keeps_the_stored_state(qtbot, open_window, people,
                                                                          sqlite_services):
    _, page = _page(qtbot, open_window, people["sunming"])
    lines = page.equipment_list
    name = lines.item(0).data(Qt.ItemDataRole.UserRole)
    sqlite_services.handover.set_equipment_status(people["sunming"], DAY1, name, EquipmentState.OK)
    _settled(qtbot, page, lambda: lines.item(0).checkState() == Qt.CheckState.Checked)
    focus(qtbot, lines)
    lines.setCurrentRow(0)
    qtbot.keyClick(lines, Qt.Key.Key_Space)  # not normal any more: the form asks what is wrong
    dialog = page.dialog
    assert dialog.isVisible() and dialog.windowTitle() == f"设备异常 — {name}"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    _settled(qtbot, page, lambda: lines.item(0).checkState() == Qt.CheckState.Checked)
    assert {s.name: s.state for s in sqlite_services.handover.equipment_status(DAY1)}[name] == EquipmentState.OK


def test_an_early_handover_asks_its_question_once_in_hours(qtbot, open_window, people, clock):
    at_handover_of(clock, DAY1, minutes=-23 * 60)  # 09:30 on the 21st: the window opens at 08:00 next morning
    _, page = _page(qtbot, open_window, people["sunming"])
    for n in range(12):
        _add_item(qtbot, page, f"第{n + 1}项交接事项")
    _settled(qtbot, page, lambda: page.item_list.count() == 12)
    _key(qtbot, page, Qt.Key.Key_F8)
    dialog = page.dialog
    assert dialog.window_note.isVisible()
    assert dialog.window_note.text().startswith("交接时间比交接窗口早 22 小时 30 分钟")
    dialog.incoming.setCurrentIndex(dialog.incoming.findData("zhouxm"))
    type_text(qtbot, dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.errors["reason"].isVisible()
    assert "请填写原因" in dialog.errors["reason"].text() and "小时" not in dialog.errors["reason"].text()
    # Ten lines of the list are in view, and the count sits below the list, not over it.
    row = dialog.items.visualItemRect(dialog.items.item(0)).height()
    assert dialog.items.viewport().height() >= 9 * row
    qtbot.waitUntil(lambda: dialog.count.geometry().top() >= dialog.items.geometry().bottom())
