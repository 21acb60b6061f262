"""交接班 under the red alarm banner on a 1280×720 screen: 值班记事 keeps several lines in sight (found by hand:
the list was squeezed to one line), and the leader's 审阅 says in sight that it was recorded."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect

from dutyroom.gui import theme
from dutyroom.gui.handover.page import ENTRY_ROWS
from tests.gui.handover.test_page import _page
from tests.gui.test_alarm import alerts_now, incident
from tests.services.handover.helpers import DAY1, at_handover_of, staff


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


@pytest.fixture
def people(sqlite_services, accounts, clock):
    found = staff(sqlite_services, accounts[0])
    at_handover_of(clock, DAY1)
    return found


def test_the_log_entries_keep_several_lines_under_an_alarm_at_1280_by_720(qtbot, qapp, open_window, people,
                                                                          sqlite_services):
    theme.ensure_cjk_font(qapp)
    incident(sqlite_services, people["sunming"], occurred_minutes_ago=200)  # its first report is overdue
    window, page = _page(qtbot, open_window, people["sunming"])
    window.fit_to_screen(QRect(0, 0, 1280, 720))
    alerts_now(sqlite_services)
    qtbot.waitUntil(lambda: window.alarm.isVisible())
    qapp.processEvents()
    lines = page.entries.viewport().height() // page.entries.fontMetrics().lineSpacing()
    assert lines >= ENTRY_ROWS >= 3, lines
    assert window.height() <= 720  # the column scrolls instead of pushing the window past the screen


def test_the_leaders_review_is_confirmed_in_sight(qtbot, open_window, people, sqlite_services, clock):
    """Found by hand: 审阅 closed its form and nothing on screen said it had been recorded."""
    from datetime import datetime

    from PySide6.QtCore import Qt

    from tests.conftest import PASSWORD, SHANGHAI
    from tests.gui.helpers import focus, type_text

    sqlite_services.handover.hand_over(people["sunming"], DAY1, "zhouxm", PASSWORD, [])
    clock.set(datetime(2026, 11, 22, 9, 0, tzinfo=SHANGHAI))
    window, page = _page(qtbot, open_window, people["chenjg"])
    page.go(-1)
    qtbot.waitUntil(lambda: not page.loading and page.log.shift == DAY1)
    assert page.review_note.text() == ""  # not reviewed yet: nothing claimed
    button = page.buttons["review"]
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    focus(qtbot, page.dialog.inputs["comment"])
    type_text(qtbot, page.dialog.inputs["comment"], "交接清楚，同意")
    qtbot.keyClick(page.dialog.inputs["comment"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not page.dialog.isVisible()
    assert page.review_note.isVisible() and page.review_note.text() == "✓ 已审阅：陈建国 11-22 09:00（交接清楚，同意）"
    assert window.statusBar().currentMessage().startswith("已审阅")
    assert "陈建国，11-22 09:00" in window.statusBar().currentMessage()
    # Read back from the database when the page is opened again, not only remembered by the form.
    page.refresh()
    qtbot.waitUntil(lambda: not page.loading)
    assert page.review_note.text() == "✓ 已审阅：陈建国 11-22 09:00（交接清楚，同意）"
