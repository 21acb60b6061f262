"""Tab and Shift+Tab go through every page and tab and out again to the navigation: no part of the window keeps
the keyboard to itself. Found by walking the focus: on 视频点名's 点名 tab Tab went round its four buttons and the
list for ever, and on every 排班 tab but the month grid it stayed on the page area (a focus proxy on a hidden tab)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dutyroom.gui.main_window import _focus_into
from dutyroom.gui.screenshot import every_page_and_tab
from dutyroom.services.demo import seed_demo

#: more key presses than any page has fields (设置 has ~45)
MOST_PRESSES = 150


def _presses_to_navigation(qtbot, window, key) -> int | None:
    for presses in range(1, MOST_PRESSES + 1):
        qtbot.keyClick(QApplication.focusWidget() or window, key)
        if QApplication.focusWidget() is window.nav:
            return presses
    return None


@pytest.mark.parametrize("data", ["empty", "demo"])
def test_tab_and_shift_tab_leave_every_page_and_tab(request, qtbot, qapp, open_window, sqlite_services, data):
    if data == "demo":
        passwords = seed_demo(sqlite_services)  # tables with rows, open clocks, notices
        actor = sqlite_services.users.login("admin", passwords["admin"])
    else:
        actor = request.getfixturevalue("admin")
    window = open_window(actor)
    window.resize(1366, 740)
    trapped = []
    for where in every_page_and_tab(window):
        qapp.processEvents()
        for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            _focus_into(window.current_page())  # where Ctrl+0…Ctrl+9 puts the keyboard
            if _presses_to_navigation(qtbot, window, key) is None:
                focus = QApplication.focusWidget()
                trapped.append(f"{where} ({'Tab' if key == Qt.Key.Key_Tab else 'Shift+Tab'}: stuck at "
                               f"{focus.objectName() or type(focus).__name__ if focus else None})")
    assert trapped == []
