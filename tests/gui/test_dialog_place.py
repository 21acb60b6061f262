"""F2 (来电登记) and F3 (登记突发事件) open below the red overdue banner at 1366×768, never over it (found by
hand: both forms covered it), and a form already open moves down when an alarm arrives."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QDialog

from dutyroom.gui import theme
from tests.gui.test_alarm import alerts_now, incident

SCREEN = QRect(0, 0, 1366, 768 - 40)  # 1366×768 less its task bar


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


@pytest.fixture
def window(qtbot, qapp, open_window, accounts, sqlite_services):
    theme.ensure_cjk_font(qapp)
    incident(sqlite_services, accounts[2], occurred_minutes_ago=200)  # its first report is overdue
    window = open_window(accounts[2])
    window.dialog_placer.area = lambda: SCREEN
    window.fit_to_screen(SCREEN)
    return window


def _banner_bottom(window) -> int:
    banner = window.alarm
    return banner.mapToGlobal(banner.rect().bottomLeft()).y()


def _open_dialog(window) -> QDialog:
    dialogs = window.dialog_placer.open_dialogs()
    assert len(dialogs) == 1, dialogs
    return dialogs[0]


@pytest.mark.parametrize("key", [Qt.Key.Key_F2, Qt.Key.Key_F3])
def test_the_form_opens_below_the_banner_and_inside_the_screen(qtbot, window, sqlite_services, key):
    alerts_now(sqlite_services)
    qtbot.waitUntil(lambda: window.alarm.isVisible() and window.alarm.height() > 0)
    qtbot.keyClick(QApplication.focusWidget() or window, key)
    qtbot.waitUntil(lambda: len(window.dialog_placer.open_dialogs()) == 1)
    dialog = _open_dialog(window)
    frame = dialog.frameGeometry()
    assert frame.top() > _banner_bottom(window)  # the banner's text and 确认 stay in sight
    assert frame.bottom() <= SCREEN.bottom()  # shortened to fit, not pushed below the screen's edge
    assert dialog.height() >= dialog.minimumSizeHint().height()
    assert window.alarm.button.isVisible()
    dialog.reject()


def test_an_open_form_moves_below_an_alarm_that_arrives(qtbot, window, sqlite_services):
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: len(window.dialog_placer.open_dialogs()) == 1)
    dialog = _open_dialog(window)
    dialog.move(dialog.x(), window.y())  # over the top of the window, where the banner comes
    alerts_now(sqlite_services)
    qtbot.waitUntil(lambda: window.alarm.isVisible())
    qtbot.waitUntil(lambda: dialog.frameGeometry().top() > _banner_bottom(window))
    assert dialog.frameGeometry().bottom() <= SCREEN.bottom()
    dialog.reject()
