"""统计条数 on PostgreSQL stops at a cap on a search with many matches (services/calls/counting.py): the page then
says 超过 N 条 — never a number as if it were the total — and 精确统计 counts every match."""

from __future__ import annotations

from PySide6.QtCore import Qt

from dutyroom.services.calls import counting
from tests.conftest import make_accounts
from tests.gui.calls.test_page import call, open_page
from tests.gui.helpers import type_text


def test_a_capped_count_says_more_than_and_the_exact_count_follows(qtbot, pg_services, clock, monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")
    monkeypatch.setattr(counting, "COUNT_CAP", 20)  # 60 matches: more than the cap, as a common phrase at 1M
    officer = make_accounts(pg_services)[2]
    for minutes in range(1, 61):
        pg_services.calls.create(officer, call(clock, minutes, f"幸福小区停水第{minutes}次反映"))
    page = open_page(qtbot, pg_services, officer)
    type_text(qtbot, page.filters.search_edit, "小区停水")
    qtbot.waitUntil(lambda: page.model.searching() and page.model.rowCount() == 50)
    button = page.filters.count_button
    assert button.text() == "统计条数"
    button.click()
    qtbot.waitUntil(lambda: page.filters.result_label.text() == "找到超过 20 条，显示最新 50 条")
    assert page.model.total() is None and button.isVisible() and button.text() == "精确统计"
    page.model.state_changed.emit()  # what scrolling and notices do: the words stay
    assert page.filters.result_label.text() == "找到超过 20 条，显示最新 50 条"
    button.click()
    qtbot.waitUntil(lambda: page.filters.result_label.text() == "找到 60 条")
    assert not button.isVisible()
    # Another search starts again from the quick count.
    page.filters.search_edit.setFocus()
    qtbot.keyClick(page.filters.search_edit, Qt.Key.Key_Escape)
    type_text(qtbot, page.filters.search_edit, "停水")
    qtbot.waitUntil(lambda: page.model.filter().text == "停水" and page.model.rowCount() == 50)
    assert button.text() == "统计条数"
    button.click()  # one term: counted exactly from the term counts, whatever the cap
    qtbot.waitUntil(lambda: page.filters.result_label.text() == "找到 60 条")
