"""Painting a table of 来电登记 asks the database nothing: the office's zone each time column is shown in is
held by the view (read with its rows, off the GUI thread) and changes with a SETTING change, not read again
for every painted cell. Every statement sent while the tables paint is counted (an SQLAlchemy listener)."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from sqlalchemy import event

from dutyroom.services.events import Change, EntityKind
from tests.gui.calls.test_page import assigned, call, open_page


@contextmanager
def statements(services):
    sent: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    event.listen(services.db.engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(services.db.engine, "before_cursor_execute", count)


def paint(table) -> None:
    """What the screen does: every visible cell's text, tooltip and colours asked for, then drawn."""
    model = table.model()
    for row in range(min(model.rowCount(), 30)):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole):
                model.data(index, role)
    table.viewport().grab()


def test_painting_the_log_the_follow_ups_and_the_similar_calls_reads_nothing(qtbot, sqlite_services, accounts,
                                                                          clock):
    officer, admin = accounts[2], accounts[0]
    calls = sqlite_services.calls
    for minutes in range(1, 6):
        calls.create(officer, call(clock, minutes, f"幸福小区停水第{minutes}次反映，请求尽快恢复供水"))
    calls.create(officer, assigned(clock, 60 * 24 * 5, "路灯不亮已一周", date(2026, 11, 18)))
    page = open_page(qtbot, sqlite_services, officer)
    qtbot.waitUntil(lambda: bool(page.similar.similar))
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.follow_view.model.rowCount() == 1)
    page.tabs.setCurrentIndex(0)
    tables = (page.table, page.similar.table, page.follow_view.table)
    shown = page.model.data(page.model.index(0, 0))
    assert shown and shown.startswith("11-21")  # the log's time column, in the office's zone

    with statements(sqlite_services) as sent:
        for _ in range(3):
            for table in tables:
                paint(table)
    assert sent == [], "a painted cell asked the database"

    # The zone changes only with the settings: a SETTING change brings it, and the cells follow.
    sqlite_services.settings.save(admin, replace(sqlite_services.settings.get(), time_zone="Asia/Tokyo"))
    page.on_change(Change(EntityKind.SETTING, "office", "update", "remote"))
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.model.data(page.model.index(0, 0)) != shown)
    local = page.model.data(page.model.index(0, 0))
    assert int(local[-5:-3]) == (int(shown[-5:-3]) + 1) % 24  # Tokyo is an hour ahead of Beijing
    assert page.follow_view.zone == "Asia/Tokyo"
    qtbot.waitUntil(lambda: page.similar.zone == "Asia/Tokyo" and bool(page.similar.similar))
    with statements(sqlite_services) as sent:
        for table in tables:
            paint(table)
    assert sent == []


def test_opening_the_page_counts_the_log_once(qtbot, sqlite_services, accounts, clock):
    # The model read its count and first block when made, and the page's own first refresh read both again:
    # a million calls counted twice on every start of 来电登记 (issue 16).
    officer = accounts[2]
    sqlite_services.calls.create(officer, call(clock, 30, "幸福小区停水两天，居民生活受影响"))
    with statements(sqlite_services) as sent:
        page = open_page(qtbot, sqlite_services, officer)
    assert page.model.rowCount() == 1
    assert len([s for s in sent if s.lstrip().upper().startswith("SELECT COUNT(") and "FROM call" in s]) == 1
