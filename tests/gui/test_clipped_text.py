"""No label or button cuts its text at 1280×720 in either theme, on any page or tab (issue 13.11)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QWidget

from dutyroom.gui import theme
from dutyroom.gui.common.widgets import FittingLabel
from dutyroom.gui.on_duty import compact_time_left, time_left
from dutyroom.gui.screenshot import every_page_and_tab
from dutyroom.services.demo import seed_demo
from tests.gui.clipping import clipped_texts

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("name", list(theme.THEMES))
@pytest.mark.parametrize("user", ["admin", "officer"])
def test_no_text_is_cut_on_any_page_at_1280_by_720(qtbot, qapp, open_window, sqlite_services, name, user):
    passwords = seed_demo(sqlite_services)  # real lengths: unit names, open clocks with dates, notices
    theme.ensure_cjk_font(qapp)
    theme.apply_theme(qapp, name)
    window = open_window(sqlite_services.users.login(user, passwords[user]))
    window.resize(1280, 720)
    assert window.clock_strip.visible_chips(), "the demo's open clocks are on the strip"
    cut = []
    for where in every_page_and_tab(window):
        qapp.processEvents()
        cut += [f"{where}: {what}" for what in clipped_texts(window)]
    assert cut == []


def test_a_countdown_too_long_for_its_column_takes_its_shorter_form(qtbot):
    now, end = datetime(2026, 12, 3, 14, 43, tzinfo=SHANGHAI), datetime(2026, 12, 4, 8, 30, tzinfo=SHANGHAI)
    holder = QWidget()
    qtbot.addWidget(holder)
    label = FittingLabel(holder)
    holder.resize(400, 40)
    holder.show()
    qtbot.waitExposed(holder)
    full, compact = time_left(now, end), compact_time_left(now, end)
    assert (full, compact) == ("还剩 17 小时 47 分", "还剩17时47分")
    label.resize(label.fontMetrics().horizontalAdvance(full) + 4, 30)
    label.set_forms(full, compact)
    assert label.text() == full and clipped_texts(holder) == []
    label.resize(label.fontMetrics().horizontalAdvance(compact) + 2, 30)
    assert label.text() == compact and label.toolTip() == full and clipped_texts(holder) == []
    label.resize(label.fontMetrics().horizontalAdvance(full) + 4, 30)
    assert label.text() == full  # room again: the whole words come back
