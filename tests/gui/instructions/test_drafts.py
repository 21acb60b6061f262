"""领导批示 typed when the program died: the instruction form and the 反馈 dialog give the text back when
they are opened again; Esc asks first, and 保留草稿 closes the form keeping the text for next time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from shiboken6 import delete

from dutyroom.services.records import InstructionRecord
from tests.gui.helpers import focus, type_text
from tests.gui.instructions.test_page import open_page


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


@pytest.fixture
def officer(accounts):
    return accounts[2]


def test_an_instruction_typed_when_the_program_died_is_offered_back(qtbot, officer, sqlite_services):
    page = open_page(qtbot, sqlite_services, officer)
    dialog = page.new_instruction()
    qtbot.waitUntil(dialog.isVisible)
    type_text(qtbot, dialog.inputs["leader"], "张志强")
    type_text(qtbot, dialog.inputs["text"], "做好寒潮防范，明早9时前报送情况")
    assert dialog.drafts.autosave()  # the 5-second autosave, without waiting for it
    delete(dialog)  # the program dies: no Esc, no close, no save
    page.close()

    page = open_page(qtbot, sqlite_services, officer)  # after the restart
    dialog = page.new_instruction()
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.inputs["leader"].text() == "张志强"
    assert dialog.inputs["text"].toPlainText() == "做好寒潮防范，明早9时前报送情况"
    assert "已恢复未保存的草稿" in dialog.message.text() and dialog.message.isVisible()

    # Esc asks even before anything more is typed (the restored text is not saved yet); 保留草稿 closes.
    focus(qtbot, dialog.inputs["leader"])
    qtbot.keyClick(dialog.inputs["leader"], Qt.Key.Key_Escape)
    box = dialog.prompt
    assert isinstance(box, QMessageBox) and box.isVisible() and "还没有保存" in box.text()
    [keep] = [b for b in box.buttons() if b.text() == "保留草稿"]
    keep.click()
    assert not dialog.isVisible()
    dialog = page.new_instruction()
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.inputs["text"].toPlainText() == "做好寒潮防范，明早9时前报送情况"
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [i.text for i in sqlite_services.instructions.list()] == ["做好寒潮防范，明早9时前报送情况"]
    assert sqlite_services.instructions.load_drafts(officer) == []


def test_feedback_typed_when_the_program_died_is_offered_back(qtbot, officer, sqlite_services, clock):
    sqlite_services.instructions.give(officer, InstructionRecord(
        "李海燕", "全力救治伤员", clock.now() - timedelta(hours=2), leader_title="市长"))
    page = open_page(qtbot, sqlite_services, officer)
    focus(qtbot, page.table)
    qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    closing = page.dialog
    qtbot.waitUntil(closing.isVisible)
    type_text(qtbot, closing.feedback_edit, "伤员已全部送医")
    assert closing.drafts.autosave()
    delete(closing)
    page.close()

    page = open_page(qtbot, sqlite_services, officer)
    focus(qtbot, page.table)
    qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    closing = page.dialog
    qtbot.waitUntil(closing.isVisible)
    assert closing.feedback_edit.toPlainText() == "伤员已全部送医" and closing.done_check.isChecked()
    assert "已恢复未保存的草稿" in closing.message.text()
    focus(qtbot, closing.feedback_edit)
    qtbot.keyClick(closing.feedback_edit, Qt.Key.Key_Escape)
    box = closing.prompt
    assert box is not None and box.isVisible() and "还没有保存" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()  # 放弃
    assert not closing.isVisible() and sqlite_services.instructions.load_drafts(officer) == []


def test_ctrl_enter_saves_the_instruction_form_from_its_text(qtbot, officer, sqlite_services):
    """Found by hand: Ctrl+Enter did nothing in F4 收到批示 (帮助 → 快捷键 promises it for every form)."""
    page = open_page(qtbot, sqlite_services, officer)
    dialog = page.new_instruction()
    qtbot.waitUntil(dialog.isVisible)
    type_text(qtbot, dialog.inputs["leader"], "陈建国")
    type_text(qtbot, dialog.inputs["text"], "请区水务局今天下午回复停水原因")
    focus(qtbot, dialog.inputs["text"])
    qtbot.keyClick(dialog.inputs["text"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [i.text for i in sqlite_services.instructions.list()] == ["请区水务局今天下午回复停水原因"]
