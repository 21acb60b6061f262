"""A shared server that stops answering mid-save (a table held locked by another workstation): the window
keeps running — its timers fire, the form keeps its text and says it is saving — and the save completes
when the server answers again. Real PostgreSQL, a real lock held by a second connection; no mock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from dutyroom.domain.vocabulary import CallOutcome
from dutyroom.gui.common import background
from tests.conftest import make_accounts
from tests.gui.calls.test_entry import open_entry, parent  # noqa: F401 - the parent fixture
from tests.gui.helpers import type_text
from tests.gui.stalled_lock import HeldLock, ticking

pytestmark = pytest.mark.usefixtures("pg_services")


@pytest.fixture
def pg_officer(pg_services):
    return make_accounts(pg_services)[2]


def test_a_save_waiting_on_a_locked_table_leaves_the_window_running(qtbot, parent, pg_services,  # noqa: F811
                                                                    pg_officer, monkeypatch):
    monkeypatch.setattr(background, "INLINE_OPERATIONS", False)  # the program's own way: saves off the GUI thread
    dialog = open_entry(qtbot, parent, pg_services, pg_officer)
    type_text(qtbot, dialog.input("summary"), "幸福小区停水，请求尽快恢复供水")
    outcome = dialog.input("outcome")
    outcome.setCurrentIndex(outcome.findData(CallOutcome.ANSWERED))

    lock = HeldLock(pg_services, "call")  # another workstation's long transaction
    try:
        with ticking() as ticks, qtbot.assertNotEmitted(dialog.saved, wait=800):
            dialog.save_button.click()
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        assert dialog.isVisible() and dialog.saving and dialog.save_button.text() == "正在保存…"
        assert not dialog.save_button.isEnabled()
        assert dialog.input("summary").toPlainText() == "幸福小区停水，请求尽快恢复供水"
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc while saving: the form stays, saying why
        assert dialog.isVisible() and "正在保存" in dialog.message.text()
        with qtbot.waitSignal(dialog.saved, timeout=20000) as saved:
            lock.release()
    finally:
        lock.close()
    assert not dialog.isVisible()
    assert pg_services.calls.get(saved.args[0].id).summary == "幸福小区停水，请求尽快恢复供水"
