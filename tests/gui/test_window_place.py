"""The main window fits the screen it opens on (the status bar never below the edge) and comes back where it was."""

from __future__ import annotations

from PySide6.QtCore import QRect

from dutyroom.gui.app import remember_place, restore_place
from dutyroom.gui.main_window import TITLE_BAR_ALLOWANCE
from dutyroom.workstation import load_workstation


def test_the_window_takes_1280_by_800_where_it_fits_and_the_working_area_where_not(open_window, accounts):
    window = open_window(accounts[2])
    for area, expected in ((QRect(0, 0, 1920, 1040), (1280, 800)),  # a large screen: the usual size
                           (QRect(0, 0, 1440, 860), (1280, 800)),   # room around the usual size
                           (QRect(0, 0, 1366, 728), (1366, 728 - TITLE_BAR_ALLOWANCE)),  # 1366×768: filled
                           (QRect(0, 0, 1280, 720), (1280, 720 - TITLE_BAR_ALLOWANCE))):
        window.fit_to_screen(area)
        assert (window.width(), window.height()) == expected
        assert window.y() + window.height() + TITLE_BAR_ALLOWANCE <= area.bottom() + 1
        assert window.statusBar().isVisible()


def test_size_and_place_are_kept_for_the_next_start(open_window, accounts):
    window = open_window(accounts[2])
    window.fit_to_screen(QRect(0, 0, 760, 700))  # inside the test platform's 800×800 screen
    remember_place(window)
    assert load_workstation().window_geometry  # written to this workstation's own settings
    again = open_window(accounts[2])
    again.resize(700, 500)
    restore_place(again)
    assert (again.width(), again.height()) == (window.width(), window.height())
