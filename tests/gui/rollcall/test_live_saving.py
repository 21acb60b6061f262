"""The live roll-call saving in the background, the program's own way (not the tests' inline mode): a key
shows at once while the database is held by another writer, the saves land in key order with the time
each key was pressed, a save that fails is marked beside its unit and tried again, leaving the screen
waits for the saves, and a crash after them keeps every result. A real SQLite write lock held by a second
connection stands for the other workstation, and on PostgreSQL a table held locked; no mock."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from dutyroom.app import open_services
from dutyroom.domain.vocabulary import RollCallKind, RollCallResult, RollCallStatus
from dutyroom.gui.common import background
from tests.conftest import make_accounts
from tests.gui.rollcall.helpers import make_units, open_page
from tests.gui.rollcall.test_live import call, key, start_ad_hoc
from tests.gui.stalled_lock import HeldLock, ticking

P, A = RollCallResult.PRESENT, RollCallResult.ABSENT


@pytest.fixture(autouse=True)
def in_the_background(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")
    monkeypatch.setattr(background, "INLINE_OPERATIONS", False)


@pytest.fixture
def officer(accounts):
    return accounts[2]


def hold_write_lock(services) -> sqlite3.Connection:
    """Another workstation in the middle of a long save: the database's write lock, held."""
    holder = sqlite3.connect(services.db.sqlite_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def results(services, rollcall_id):
    return {e.unit_name: e for e in services.rollcall.get(rollcall_id).entries if e.result is not None}


def test_keys_show_at_once_and_save_in_order_with_their_own_times_and_a_crash_keeps_them(
        qtbot, sqlite_services, accounts, officer, clock, tmp_path):
    svc = sqlite_services
    make_units(svc, accounts[0])
    page = open_page(qtbot, svc, officer)
    live = start_ad_hoc(qtbot, page)
    qtbot.waitUntil(lambda: not live.writer.pending())
    pressed = clock.now()
    holder = hold_write_lock(svc)
    try:
        call(qtbot, clock, live, 12, Qt.Key.Key_1)
        key(qtbot, live.table, Qt.Key.Key_Return)
        call(qtbot, clock, live, 7, Qt.Key.Key_2)
        # On screen at once, while not one of the saves has reached the database.
        assert [live.model.text(e, 3) for e in live.model.entries[:2]] == ["在岗", "离岗"]
        assert live.model.text(live.model.entries[1], 4) == "7 秒" and "已点 2/5" in live.counts.text()
        assert live.writer.pending() == 4 and results(svc, live.record.id) == {}
        clock.advance(timedelta(minutes=3))  # the saves reach the database well after the keys
    finally:
        holder.rollback()
        holder.close()
    qtbot.waitUntil(lambda: not live.writer.pending(), timeout=15000)
    saved = results(svc, live.record.id)
    assert saved["东城街道"].result == P and saved["东城街道"].answer_seconds == 12
    assert saved["东城街道"].called_at == pressed  # the time of the Space key, not of its save
    assert saved["西城街道"].result == A and saved["西城街道"].answer_seconds == 7
    assert svc.rollcall.get(live.record.id).status == RollCallStatus.RUNNING
    assert "未保存" not in "".join(live.model.text(e, 3) for e in live.model.entries)

    rollcall_id = live.record.id
    page.hide()
    page.deleteLater()  # no leave(), no pause: as if the process were killed after those saves
    svc.db.dispose()
    svc = open_services(svc.db.url.database, clock=clock, backup_folder=tmp_path / "backups-2")
    again = open_page(qtbot, svc, officer)
    qtbot.waitUntil(lambda: again.today_stack.currentWidget() is again.live)
    assert again.live.record.id == rollcall_id
    assert [again.live.model.text(e, 3) for e in again.live.model.entries[:2]] == ["在岗", "离岗"]
    again.live.timer.stop()
    svc.db.dispose()


def test_a_failed_save_is_marked_beside_the_unit_kept_retried_and_leaving_waits_for_it(
        qtbot, sqlite_services, accounts, officer, clock):
    svc = sqlite_services
    make_units(svc, accounts[0])
    page = open_page(qtbot, svc, officer)
    live = start_ad_hoc(qtbot, page)
    qtbot.waitUntil(lambda: not live.writer.pending())
    holder = hold_write_lock(svc)
    released = False
    try:
        call(qtbot, clock, live, 9, Qt.Key.Key_1)
        # The database's busy timeout passes: the save fails, is said beside the unit and tried again.
        first = live.model.entries[0]
        qtbot.waitUntil(lambda: "未保存，正在重试" in live.model.text(live.model.entries[0], 3), timeout=20000)
        assert live.model.text(live.model.entries[0], 3).startswith("在岗")  # the mark stays
        assert live.message.isVisible() and "正在自动重试" in live.message.text()
        key(qtbot, live.table, Qt.Key.Key_Escape)  # leaving waits for the saves
        assert page.today_stack.currentWidget() is live and "保存完成后返回" in live.message.text()
        holder.rollback()
        holder.close()
        released = True
        qtbot.waitUntil(lambda: page.today_stack.currentWidget() is page.start, timeout=20000)
    finally:
        if not released:
            holder.rollback()
            holder.close()
    entry = next(e for e in svc.rollcall.get(live.record.id).entries if e.id == first.id)
    assert entry.result == P and entry.answer_seconds == 9
    assert svc.rollcall.get(live.record.id).status == RollCallStatus.PAUSED


def test_quitting_the_program_waits_for_the_keys_already_pressed(qtbot, sqlite_services, accounts, officer, clock):
    """The program quits (aboutToQuit) while the saves wait on another writer: they still reach the database."""
    svc = sqlite_services
    make_units(svc, accounts[0])
    page = open_page(qtbot, svc, officer)
    live = start_ad_hoc(qtbot, page)
    qtbot.waitUntil(lambda: not live.writer.pending())
    holder = hold_write_lock(svc)
    call(qtbot, clock, live, 11, Qt.Key.Key_1)
    release = threading.Timer(0.5, lambda: (holder.rollback(), holder.close()))
    release.start()
    try:
        assert live.writer.flush(timeout=20)  # what aboutToQuit runs: no event loop needed, none turning
    finally:
        release.join()
    assert results(svc, live.record.id)["东城街道"].answer_seconds == 11


def test_keys_on_a_shared_server_that_stops_answering_leave_the_window_running(qtbot, pg_services, clock):
    """PostgreSQL, the entries table held locked by another workstation: the keys show, the window ticks,
    and the saves land in order when the lock goes."""
    admin, _, officer = make_accounts(pg_services)
    ids = make_units(pg_services, admin)
    rc = pg_services.rollcall.create_rollcall(officer, RollCallKind.HOST, clock.now(), ids)
    page = open_page(qtbot, pg_services, officer)
    assert page.run(rc.id)
    live = page.live
    qtbot.waitUntil(lambda: page.today_stack.currentWidget() is live, timeout=10000)  # read off the GUI thread
    lock = HeldLock(pg_services, "rollcall_entry")
    try:
        with ticking() as ticks:
            call(qtbot, clock, live, 14, Qt.Key.Key_1)
            key(qtbot, live.table, Qt.Key.Key_Return)
            call(qtbot, clock, live, 6, Qt.Key.Key_4)
            qtbot.wait(800)
        assert len(ticks) >= 8, "the window stopped while the database did not answer"
        assert [live.model.text(e, 3) for e in live.model.entries[:2]] == ["在岗", "请假（已报备）"]
        assert live.writer.pending() == 4
        lock.release()
        qtbot.waitUntil(lambda: not live.writer.pending(), timeout=20000)
    finally:
        lock.close()
    saved = results(pg_services, rc.id)
    assert saved["东城街道"].answer_seconds == 14 and saved["西城街道"].answer_seconds == 6
    live.timer.stop()
