"""F2 (来电登记) and F3 (登记突发事件) open below the red overdue banner at 1366×768, never over it (found by
hand: both forms covered it), and a form already open moves down when an alarm arrives."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QDialog

from dutyroom.gui import theme
from dutyroom.gui.dialog_place import place_below
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


def _open_under_the_banner(qtbot, window, services, key=Qt.Key.Key_F2) -> QDialog:
    """An alarm up, then the form of `key` (F2: 来电登记) opened by the keyboard under it."""
    alerts_now(services)
    qtbot.waitUntil(lambda: window.alarm.isVisible() and window.alarm.height() > 0)
    qtbot.keyClick(QApplication.focusWidget() or window, key)
    qtbot.waitUntil(lambda: len(window.dialog_placer.open_dialogs()) == 1)
    return _open_dialog(window)


def _open_dialog(window) -> QDialog:
    dialogs = window.dialog_placer.open_dialogs()
    assert len(dialogs) == 1, dialogs
    return dialogs[0]


@pytest.mark.parametrize("key", [Qt.Key.Key_F2, Qt.Key.Key_F3])
def test_the_form_opens_below_the_banner_and_inside_the_screen(qtbot, window, sqlite_services, key):
    dialog = _open_under_the_banner(qtbot, window, sqlite_services, key)
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


@pytest.mark.parametrize("key", [Qt.Key.Key_F2, Qt.Key.Key_F3])
def test_the_form_below_the_banner_is_still_centred_over_the_window(qtbot, window, sqlite_services, key):
    # Moved down before Qt's own centring ran (the dialog's show handler, after the placer sees the show), the
    # forms sat at the screen's left edge, half off the main window, at 1366×768.
    dialog = _open_under_the_banner(qtbot, window, sqlite_services, key)
    assert abs(dialog.frameGeometry().center().x() - window.frameGeometry().center().x()) <= 2
    assert dialog.frameGeometry().top() > _banner_bottom(window)
    dialog.reject()


def test_a_dialog_not_yet_shown_is_placed_so_its_title_bar_too_is_below_the_line(qtbot):
    # Before it is on screen a dialog has no frame: the window manager puts its title bar above the position
    # given, which had the frame of F2 20 px over the banner in a real X window.
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.setGeometry(100, 40, 600, 500)
    place_below(dialog, 120, QRect(0, 0, 1366, 728), title=20, frame_height=25)
    assert dialog.geometry().top() == 140  # its client area; the title bar goes in the 20 px above it
    assert dialog.geometry().bottom() + 5 <= 727  # the bottom border too stays on the screen
    assert dialog.x() == 100


def test_a_form_pushed_over_the_banner_when_it_grows_goes_back_below_it(qtbot, window, sqlite_services):
    # Found by hand at 1366×768: a refused save put an error line under 处理结果, F2 grew past the screen's
    # bottom and the window manager pushed it up over the overdue banner.
    dialog = _open_under_the_banner(qtbot, window, sqlite_services)
    qtbot.wait(200)  # the placements the banner's showing asked for are done
    grown = dialog.height() + 60
    dialog.setGeometry(dialog.x(), SCREEN.bottom() + 1 - grown, dialog.width(), grown)  # what the manager did
    assert dialog.frameGeometry().top() < _banner_bottom(window)
    for _ in range(2):  # the resize, then the placer's turn after it (not the banner's next tick, 1 s on)
        QApplication.processEvents()
    assert dialog.frameGeometry().top() > _banner_bottom(window)
    assert dialog.frameGeometry().bottom() <= SCREEN.bottom()
    dialog.reject()


def test_a_window_manager_that_ignores_the_place_of_a_new_dialog_is_overruled_once(qtbot, window, sqlite_services):
    # Found by hand under openbox at 1366×768: now and then F2 was mapped at the screen's top left, ignoring the
    # place it was given, and the next placement (a resize as the call history filled) kept that left edge.
    dialog = _open_under_the_banner(qtbot, window, sqlite_services)
    placed = dialog.geometry().topLeft()
    dialog.move(0, 0)  # what the manager did: a move the program did not make (spontaneous on screen)
    qtbot.waitUntil(lambda: dialog.geometry().topLeft() == placed)
    assert dialog.frameGeometry().top() > _banner_bottom(window)
    dialog.move(30, placed.y())  # the officer drags it aside later: it stays where put
    for _ in range(3):
        QApplication.processEvents()
    assert dialog.x() == 30
    dialog.reject()
