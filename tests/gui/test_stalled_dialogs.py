"""Dialogs that write, against a shared server that stops answering (a table held locked by a second
connection, real PostgreSQL, no mock): the window keeps ticking while the save waits, the dialog says it
is saving with its buttons disabled and keeps what was typed, Esc waits, and the save completes when the
lock is released. 交班 and 调班; the pattern is gui/common/saving_dialog.py."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from dutyroom.gui.common import background
from dutyroom.gui.handover.exchange import HandoverDialog
from dutyroom.gui.roster.change import ChangeDialog
from tests.conftest import PASSWORD, make_accounts
from tests.gui.calls.test_entry import parent  # noqa: F401 - the parent fixture
from tests.gui.helpers import type_text
from tests.gui.roster.data import generate, set_up_office
from tests.gui.stalled_lock import HeldLock, ticking
from tests.services.handover.helpers import DAY1, at_handover_of, staff

pytestmark = pytest.mark.usefixtures("pg_services")


@pytest.fixture(autouse=True)
def in_the_background(monkeypatch):
    monkeypatch.setattr(background, "INLINE_OPERATIONS", False)  # the program's own way


@pytest.fixture
def pg_admin(pg_services):
    return make_accounts(pg_services)[0]


def test_handover_waiting_on_a_locked_table_leaves_the_window_running(qtbot, parent, pg_services,  # noqa: F811
                                                                     pg_admin, clock):
    people = staff(pg_services, pg_admin)
    at_handover_of(clock, DAY1)
    draft = pg_services.handover.prepare(people["sunming"], DAY1)
    dialog = HandoverDialog(parent, pg_services, people["sunming"], draft, "本班：来电 0 件")
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.items.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.incoming.setCurrentIndex(dialog.incoming.findData("zhouxm"))
    type_text(qtbot, dialog.password, PASSWORD)
    ticked = dialog.acknowledged()

    lock = HeldLock(pg_services, "handover")
    try:
        with ticking() as ticks, qtbot.assertNotEmitted(dialog.handed_over, wait=800):
            dialog.ok_button.click()
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        assert dialog.isVisible() and dialog.saving and dialog.ok_button.text() == "正在保存…"
        assert not dialog.ok_button.isEnabled() and not dialog.cancel_button.isEnabled()
        assert dialog.acknowledged() == ticked and dialog.incoming.currentData() == "zhouxm"
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc while saving: the dialog stays, saying why
        assert dialog.isVisible() and "正在保存" in dialog.message.text()
        with qtbot.waitSignal(dialog.handed_over, timeout=20000):
            lock.release()
    finally:
        lock.close()
    assert not dialog.isVisible()
    record = pg_services.handover.handover(DAY1)
    assert (record.outgoing, record.incoming) == ("孙明", "周晓梅")


def test_a_swap_waiting_on_a_locked_table_leaves_the_window_running(qtbot, parent, pg_services,  # noqa: F811
                                                                   pg_admin):
    set_up_office(pg_services, pg_admin)
    generate(pg_services, pg_admin, date(2026, 12, 1), date(2026, 12, 31))
    cells = [c for c in pg_services.roster.cells(date(2026, 12, 1), date(2026, 12, 31)) if c.person_id is not None]
    officers = {c.day: c for c in cells if c.position == "officer"}
    a, b = officers[date(2026, 12, 12)], officers[date(2026, 12, 14)]
    dialog = ChangeDialog(pg_services, pg_admin, "swap", cells, pg_services.people.staff(), parent=parent,
                          shifts=pg_services.roster.list_shifts(), zone=pg_services.settings.get().time_zone)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.first_combo.setCurrentIndex(dialog.first_combo.findData(a.id))
    dialog.other_combo.setCurrentIndex(dialog.other_combo.findData(b.id))
    type_text(qtbot, dialog.reason_edit, "出差")

    lock = HeldLock(pg_services, "assignment")
    try:
        with ticking() as ticks, qtbot.assertNotEmitted(dialog.changed, wait=800):
            qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)  # Enter confirms
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        assert dialog.isVisible() and dialog.saving and dialog.ok_button.text() == "正在保存…"
        assert not dialog.ok_button.isEnabled() and not dialog.cancel_button.isEnabled()
        assert dialog.reason_edit.text() == "出差" and dialog.other_combo.currentData() == b.id
        dialog.close()  # the close button while saving: the dialog stays, saying why
        assert dialog.isVisible() and "正在保存" in dialog.message.text()
        with qtbot.waitSignal(dialog.changed, timeout=20000):
            lock.release()
    finally:
        lock.close()
    assert not dialog.isVisible()
    swapped = {c.day: c for c in pg_services.roster.cells(date(2026, 12, 12), date(2026, 12, 14))
               if c.position == "officer"}
    assert swapped[a.day].person_name == b.person_name and swapped[b.day].person_name == a.person_name


def test_a_first_report_sent_while_the_reports_are_locked_leaves_the_window_running(qtbot, parent,  # noqa: F811
                                                                                   pg_services):
    """报送首报 while the incident's reports are held: the window goes on, the dialog says 正在保存… with its
    buttons disabled and keeps what was typed, Esc waits, and the report is sent when the lock goes."""
    from dutyroom.domain.vocabulary import ReportKind
    from dutyroom.gui.incidents.report import ReportDialog
    from tests.gui.test_alarm import incident

    officer = make_accounts(pg_services)[2]
    saved = incident(pg_services, officer, occurred_minutes_ago=30)
    dialog = ReportDialog(pg_services, officer, saved, pg_services.incidents.reports(saved.id), parent,
                          zone="Asia/Shanghai")
    dialog.open()
    qtbot.waitExposed(dialog)
    assert dialog.current_kind() == ReportKind.FIRST
    type_text(qtbot, dialog.recipients_edit, "市委市政府总值班室")
    type_text(qtbot, dialog.signer_edit, "李带班")

    lock = HeldLock(pg_services, "incident_report")
    try:
        with ticking() as ticks, qtbot.assertNotEmitted(dialog.sent, wait=800):
            qtbot.keyClick(dialog.signer_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # sends
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert dialog.isVisible() and dialog.saving and dialog.send_button.text() == "正在保存…"
        assert not dialog.draft_button.isEnabled() and not dialog.close_button.isEnabled()
        assert dialog.signer_edit.text() == "李带班"
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc while saving: the dialog stays, saying why
        assert dialog.isVisible() and "正在保存" in dialog.message.text()
        with qtbot.waitSignal(dialog.sent, timeout=20000):
            lock.release()
    finally:
        lock.close()
    assert not dialog.isVisible()
    [report] = pg_services.incidents.reports(saved.id)
    assert report.sent_at is not None and report.signer == "李带班"
