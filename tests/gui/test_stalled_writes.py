"""Writes started from a page (not a dialog) against a shared server that stops answering (a table held
locked by a second connection, real PostgreSQL, no mock): the window keeps ticking while the write waits,
the line that started it is read-only and keeps what was typed, and the result appears once released."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout

from dutyroom.gui.changes import ChangeBridge
from dutyroom.gui.common import background
from dutyroom.gui.handover import HandoverPage
from tests.conftest import make_accounts
from tests.gui.calls.test_entry import parent  # noqa: F401 - the parent fixture
from tests.gui.helpers import type_text
from tests.gui.stalled_lock import HeldLock, ticking
from tests.services.handover.helpers import DAY1, at_handover_of, staff

pytestmark = pytest.mark.usefixtures("pg_services")


@pytest.fixture(autouse=True)
def in_the_background(monkeypatch):
    monkeypatch.setattr(background, "INLINE_OPERATIONS", False)  # the program's own way


def test_a_log_entry_waiting_on_a_locked_table_leaves_the_window_running(qtbot, parent, pg_services,  # noqa: F811
                                                                        clock):
    people = staff(pg_services, make_accounts(pg_services)[0])
    at_handover_of(clock, DAY1)
    page = HandoverPage(pg_services, people["sunming"], parent)
    QVBoxLayout(parent).addWidget(page)
    ChangeBridge(pg_services.bus, page).changed.connect(page.on_change)  # as the main window does
    page.show()
    qtbot.waitUntil(lambda: not page.loading and page.log is not None, timeout=10000)
    type_text(qtbot, page.entry_text, "市应急局电话通知明日寒潮预警")

    lock = HeldLock(pg_services, "log_entry")
    try:
        with ticking() as ticks:
            qtbot.keyClick(page.entry_text, Qt.Key.Key_Return)
            qtbot.wait(800)
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        assert page.entry_text.isReadOnly() and page.entry_text.text() == "市应急局电话通知明日寒潮预警"
        qtbot.keyClick(page.entry_text, Qt.Key.Key_Return)  # Enter again while it waits: not a second entry
        assert page.entries.count() == 0
        lock.release()
        qtbot.waitUntil(lambda: not page.entry_text.isReadOnly(), timeout=20000)
    finally:
        lock.close()
    assert page.entry_text.text() == "" and not page.entry_error.isVisible()
    assert [e.text for e in pg_services.handover.entries(DAY1)] == ["市应急局电话通知明日寒潮预警"]
    qtbot.waitUntil(lambda: page.entries.count() == 1, timeout=10000)  # the page shows it once saved
    assert "市应急局电话通知明日寒潮预警" in page.entries.item(0).text()
