"""空岗记录 from the main window (Ctrl+K): the officer explains (Ctrl+E), only the leader closes (Ctrl+D)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from dutyroom.domain.vocabulary import EmptyPostKind
from tests.gui.helpers import focus, shown_column


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
    box.setTextValue("巡查值班设备，未听到提示音")
    box.accept()
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
