"""设置 in the window at 1366×768 under an alarm banner: 保存 stays in sight after it is pressed (found by hand:
its message made the page grow past the window's page area, and the button went out of view)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QSpinBox

from dutyroom.gui import theme
from tests.gui.test_alarm import alerts_now, incident


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


@pytest.mark.parametrize("size", [(1366, 768 - 40), (1280, 745)])  # the screen less a task bar; 1280×800's window
@pytest.mark.parametrize("name", list(theme.THEMES))
def test_save_and_its_message_stay_in_sight_under_an_alarm_on_small_screens(qtbot, qapp, open_window, accounts,
                                                                           sqlite_services, name, size):
    theme.ensure_cjk_font(qapp)
    theme.apply_theme(qapp, name)
    incident(sqlite_services, accounts[2], occurred_minutes_ago=200)  # its first report is overdue
    window = open_window(accounts[0])
    window.resize(*size)
    alerts_now(sqlite_services)
    qtbot.waitUntil(lambda: window.alarm.isVisible())
    assert window.pages  # every page built, as a few seconds after the start: the tallest must not set the height
    index = window._page_index("AdminPage")
    window.show_page(index)
    admin = window.page(index)
    admin.tabs.setCurrentWidget(admin.settings_tab)
    tab = admin.settings_tab
    qtbot.waitUntil(lambda: tab.save_button.isVisible())
    port = window.findChild(QScrollArea, "pageArea").viewport()

    def in_sight(widget) -> bool:
        return port.rect().contains(QRect(widget.mapTo(port, QPoint(0, 0)), widget.size()))

    assert in_sight(tab.save_button)
    tab.save_button.setFocus()
    qtbot.keyClick(tab.save_button, Qt.Key.Key_Space)
    qapp.processEvents()
    assert tab.message.text() == "设置已保存，所有工作站都将使用新设置。"
    assert in_sight(tab.save_button) and in_sight(tab.message)
    assert tab.scroll.height() >= 120  # the fields keep a usable height above the buttons


def test_a_field_reached_by_its_alt_letter_is_scrolled_into_sight(qtbot, qapp, open_window, accounts,
                                                                  sqlite_services):
    # Found by hand at 1366×768 under an alarm: Alt+L (无操作自动锁屏) put the cursor in the minutes below the
    # fold and the form stayed at its top, so the administrator typed into a field out of sight.
    theme.ensure_cjk_font(qapp)
    theme.apply_theme(qapp, "light")
    incident(sqlite_services, accounts[2], occurred_minutes_ago=200)
    window = open_window(accounts[0])
    window.resize(1366, 768 - 40)
    alerts_now(sqlite_services)
    qtbot.waitUntil(lambda: window.alarm.isVisible())
    index = window._page_index("AdminPage")
    window.show_page(index)
    admin = window.page(index)
    admin.tabs.setCurrentWidget(admin.settings_tab)
    tab = admin.settings_tab
    spin = tab.form.findChild(QSpinBox, "idle_lock_spin")
    qtbot.waitUntil(lambda: tab.save_button.isVisible())
    port = tab.scroll.viewport()

    def in_sight(widget) -> bool:
        return port.rect().contains(QRect(widget.mapTo(port, QPoint(0, 0)), widget.size()))

    assert not in_sight(spin), "the field starts below the fold (else this test shows nothing)"
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    tab.input("office_name").setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is spin
    assert in_sight(spin)
