"""The 视频点名 page inside the main window: where the keyboard lands."""

from PySide6.QtCore import Qt


def test_ctrl_5_puts_the_keyboard_in_the_list_whose_enter_starts_a_roll_call(qtbot, open_window, accounts):
    """Found by hand: after Ctrl+5 the focus was on the tab bar and Enter did nothing until a Tab."""
    window = open_window(accounts[2])
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    page = window.current_page()
    assert page.title == "视频点名"
    qtbot.waitUntil(lambda: page.start.table.hasFocus())
