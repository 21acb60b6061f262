"""管理 → 设置 by keyboard: Tab walks every field in reading order, the alarm volume and 试听 included."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.helpers import focus


@pytest.fixture
def tab(page):
    page.tabs.setCurrentWidget(page.settings_tab)
    return page.settings_tab


def test_tab_walks_every_setting_in_reading_order_the_volume_and_try_included(qtbot, tab):
    """Found by hand: the volume slider and 试听 were not reached by Tab, nor the fields after 备份."""
    from PySide6.QtWidgets import QApplication

    first = tab.input("office_name")
    focus(qtbot, first)
    seen = [first]
    for _ in range(80):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        # a spin box or time edit has its line edit focused inside it: name the field
        while widget is not None and widget.parentWidget() is not None and not widget.objectName():
            widget = widget.parentWidget()
        if widget is seen[-1]:
            continue
        if widget is tab.save_button or widget in seen:
            seen.append(widget)
            break
        seen.append(widget)
    names = [w.objectName() for w in seen]
    slider, button = names.index("alarm_volume_slider"), names.index("alarm_try_button")
    assert names.index("backups_kept_spin") < slider == button - 1 < names.index("database_edit")
    assert names.index("quick_texts_edit") < names.index("no_officer_minutes_spin") < slider
    assert names[-2:] == ["reload_button", "save_button"]
