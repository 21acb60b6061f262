"""空岗记录 from the main window (Ctrl+K): the officer explains (Ctrl+E), only the leader closes (Ctrl+D)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from dutyroom.domain.vocabulary import EmptyPostKind
from tests.gui.helpers import focus, shown_column, type_text


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


def test_officer_explains_and_leader_closes(qtbot, open_window, accounts, sqlite_services, clock):
    _, leader, officer = accounts
    sqlite_services.empty_posts.record(EmptyPostKind.PRESENCE_MISSED, clock.now() - timedelta(hours=7),
                                       "02:00 在岗确认，5 分钟内无人确认")
    window = open_window(officer)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.empty_posts_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert shown_column(dialog.table, 1) == ["在岗确认未应答"] and shown_column(dialog.table, 5) == ["▲ 待关闭"]
    assert not dialog.buttons["close"].isEnabled()  # an officer cannot close it
    focus(qtbot, dialog.table)
    qtbot.keyClick(dialog.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    box = dialog.prompt
    qtbot.waitUntil(box.isVisible)
    focus(qtbot, box.text_edit)
    qtbot.keyClick(box.text_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # nothing typed yet
    assert box.isVisible() and "请填写情况说明" in box.message.text()
    type_text(qtbot, box.text_edit, "巡查值班设备，未听到提示音")
    qtbot.keyClick(box.text_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not box.isVisible()
    assert shown_column(dialog.table, 4) == ["巡查值班设备，未听到提示音"]
    dialog.reject()

    leader_window = open_window(leader)
    leader_window.show_empty_posts()
    dialog = leader_window.empty_posts_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.buttons["close"].isEnabled()
    focus(qtbot, dialog.table)
    qtbot.keyClick(dialog.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert dialog.model.rowCount() == 0  # only open ones are listed
    qtbot.keyClick(dialog.table, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert shown_column(dialog.table, 5) == ["✓ 李带班已关闭"]
    assert not dialog.buttons["explain"].isEnabled()


def open_explanation(qtbot, window):
    window.show_empty_posts()
    dialog = window.empty_posts_dialog
    qtbot.waitUntil(dialog.isVisible)
    focus(qtbot, dialog.table)
    qtbot.keyClick(dialog.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    box = dialog.prompt
    qtbot.waitUntil(box.isVisible)
    focus(qtbot, box.text_edit)
    return dialog, box


def test_an_explanation_half_typed_when_the_program_died_is_offered_back(qtbot, open_window, accounts,
                                                                         sqlite_services, clock):
    from shiboken6 import delete

    officer = accounts[2]
    sqlite_services.empty_posts.record(EmptyPostKind.NO_OFFICER, clock.now() - timedelta(hours=2), "无人登录")
    window = open_window(officer)
    dialog, box = open_explanation(qtbot, window)
    type_text(qtbot, box.text_edit, "临时到楼下接收传真")
    assert box.drafts.autosave()  # the 5-second autosave, without waiting for it
    delete(box)  # the program dies: the dialog goes without Esc, close or save
    dialog.close()
    dialog, box = open_explanation(qtbot, open_window(officer))  # after the restart
    assert box.text_edit.toPlainText() == "临时到楼下接收传真" and "已恢复未保存的草稿" in box.message.text()

    # Esc asks; 继续填写 keeps the text, 放弃 throws the draft away.
    qtbot.keyClick(box.text_edit, Qt.Key.Key_Escape)
    question = box.prompt
    assert question is not None and question.isVisible() and "还没有保存" in question.text()
    question.button(QMessageBox.StandardButton.Cancel).click()
    assert box.isVisible() and box.text_edit.toPlainText() == "临时到楼下接收传真"
    qtbot.keyClick(box.text_edit, Qt.Key.Key_Escape)
    box.prompt.button(QMessageBox.StandardButton.Yes).click()
    assert not box.isVisible() and sqlite_services.empty_posts.load_drafts(officer) == []
