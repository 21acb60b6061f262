"""Ctrl+Q with an overdue report nobody confirmed: asked first, told what the next start will remind of."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from dutyroom.domain.vocabulary import IncidentLevel
from dutyroom.services.incidents.records import IncidentRecord


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


def overdue_incident(services, actor) -> IncidentRecord:
    now = services.clock.now()  # the first report (3 hours) is 20 minutes overdue
    return services.incidents.save(actor, IncidentRecord(
        title="临江路燃气管道泄漏", occurred_at=now - timedelta(minutes=200), received_at=now - timedelta(minutes=195),
        place="临江区临江路88号", level=IncidentLevel.IV))


def ctrl_q(qtbot, window) -> None:
    """Ctrl+Q where the keyboard is, as the officer presses it (the menu's 退出 shortcut)."""
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_q_with_an_overdue_clock_asks_and_says_what_the_next_start_reminds_of(qtbot, open_window, accounts,
                                                                                 sqlite_services):
    officer = accounts[2]
    overdue_incident(sqlite_services, officer)
    window = open_window(officer)
    ctrl_q(qtbot, window)
    box = window.quit_prompt
    assert isinstance(box, QMessageBox) and box.isVisible() and window.isVisible()
    assert "有 1 条报送时限已超时，尚未确认" in box.text()
    assert "“临江路燃气管道泄漏”首报（事发后3小时内）  超时 00:20:00（截止 11月21日 08:40）" in box.text()
    assert "下次启动并登录后，这些超时提醒会立即再次出现并响铃" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)  # Enter does not quit
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # 返回处理
    assert window.isVisible()

    ctrl_q(qtbot, window)
    window.quit_prompt.button(QMessageBox.StandardButton.Yes).click()  # 仍然退出
    assert not window.isVisible()


def test_ctrl_q_quits_at_once_when_the_overdue_clock_was_confirmed(qtbot, open_window, accounts, sqlite_services):
    officer = accounts[2]
    overdue_incident(sqlite_services, officer)
    window = open_window(officer)
    assert window.alarm.isVisible()
    qtbot.mouseClick(window.alarm.button, Qt.MouseButton.LeftButton)  # 确认
    ctrl_q(qtbot, window)
    assert window.quit_prompt is None and not window.isVisible()


def test_f1_lists_every_key_including_the_menus_and_the_forms(qtbot, open_window, accounts):
    window = open_window(accounts[2])
    assert window.shortcuts_action.text() == "快捷键(&K)…" and window.shortcuts_action.shortcut().toString() == "F1"
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F1)
    box = next(b for b in window.findChildren(QMessageBox) if b.windowTitle() == "快捷键")
    assert box.isVisible()
    text = box.text()
    for key, what in (("F2", "登记来电"), ("F4", "收到领导批示"), ("Ctrl+Q", "退出"), ("F3 或 Ctrl+E", "登记突发事件"),
                      ("Ctrl+Enter", "保存"), ("1405 或 14:05", "直接输入时间")):
        assert f"<b>{key}</b>" in text and what in text, key


def test_ctrl_q_asks_from_the_clocks_the_strip_holds_and_reads_nothing(qtbot, open_window, accounts, sqlite_services):
    """The question is made of the clocks the clock strip read (off the GUI thread) and its zone: closing the
    window sends no statement, so a server that stops answering never holds it."""
    from tests.gui.calls.test_cell_reads import statements

    overdue_incident(sqlite_services, accounts[2])
    window = open_window(accounts[2])
    qtbot.waitUntil(lambda: bool(window.clock_strip.records))
    qtbot.wait(200)  # what the window does after its first paint, done
    with statements(sqlite_services) as sent:
        window.close()  # what Ctrl+Q and the close button do
    assert sent == [], "closing the window asked the database"
    assert "有 1 条报送时限已超时，尚未确认" in window.quit_prompt.text()
    window.quit_prompt.button(QMessageBox.StandardButton.Yes).click()  # 仍然退出
    assert not window.isVisible()
