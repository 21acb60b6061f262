"""After the listener loses its connection, nothing saved meanwhile is missed (issue 15, item 3).

Real PostgreSQL server: the listener's backend is terminated (pg_terminate_backend) and the database
refuses new connections for a while, so the listener cannot listen again until the test lets it; a
save lands exactly in that gap. The reload it announces comes only once LISTEN is back: what was saved
before is read, and what is saved the moment it is back is heard.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, text

from dutyroom.app import open_services
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.records import UnitRecord
from dutyroom.store import notify
from tests.conftest import make_accounts

pytestmark = pytest.mark.slow


def _admin(url):
    return create_engine(url.set(drivername="postgresql+psycopg", database="postgres"), isolation_level="AUTOCOMMIT")


def allow_connections(admin, database: str, allowed: bool) -> None:
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{database}" WITH ALLOW_CONNECTIONS {str(allowed).lower()}'))


def terminate_listener(admin, database: str) -> int:
    with admin.connect() as conn:
        return len(conn.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :app AND datname = :db"),
            {"app": notify.LISTENER_APPLICATION, "db": database}).all())


def test_a_change_saved_while_the_listener_is_away_is_read_and_the_next_is_heard(pg_services, clock, tmp_path,
                                                                                 monkeypatch):
    services = pg_services
    admin_actor, _, _ = make_accounts(services)
    url = services.db.url
    database = url.database or ""
    other = open_services(url.render_as_string(hide_password=False), clock=clock, backup_folder=tmp_path)
    # What the other workstation's pages would show: read again at every reload the listener asks for.
    read_at_reload: list[set[str]] = []
    heard: list[Change] = []
    relistened = threading.Event()
    heard_after = threading.Event()

    def on_change(change: Change) -> None:
        if change.kind == EntityKind.CONNECTION:
            read_at_reload.append({u.name for u in other.units.list()})
            relistened.set()
        elif change.kind == EntityKind.UNIT:
            heard.append(change)
            if relistened.is_set():
                heard_after.set()

    other.bus.subscribe(on_change)
    listener = other.ctx.listen_to_other_workstations()
    assert listener is not None
    # Both workstations live in this one test process: give the sender its own token.
    monkeypatch.setattr(notify, "PROCESS_TOKEN", "the-saving-workstation")
    admin = _admin(url)
    try:
        allow_connections(admin, database, False)  # the listener cannot come back until the test says so
        assert terminate_listener(admin, database) == 1
        # Saved on a connection that stayed open, while the listener is away: its NOTIFY reaches nobody.
        gap = services.units.save(admin_actor, UnitRecord(name="停电期间保存的单位"))
        assert listener.reconnections == 0 and not relistened.is_set()
        allow_connections(admin, database, True)
        assert relistened.wait(30), "the listener did not listen again"
        assert listener.reconnections == 1
        assert [gap.name in names for names in read_at_reload] == [True]  # read at the reload, not missed
        assert not any(c.id == str(gap.id) for c in heard)  # it was not heard: only the reload brings it

        after = services.units.save(admin_actor, UnitRecord(name="恢复后马上保存的单位"))
        assert heard_after.wait(10), "a change saved right after the listener came back was not heard"
        assert [c.id for c in heard] == [str(after.id)]
    finally:
        allow_connections(admin, database, True)
        admin.dispose()
        listener.stop()
        other.db.dispose()


def test_the_call_log_shows_a_call_saved_in_the_gap_and_a_page_switched_to_reads_the_database(
        pg_services, clock, tmp_path, qtbot, monkeypatch):
    """The issue's case on screen: a call saved on another workstation just after the outage is listed
    here, and a page switched to shows the database as it is even when nothing was heard."""
    import shiboken6
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from dutyroom.gui.app import build_main_window
    from tests.services.calls.helpers import call

    monkeypatch.setenv("DUTYROOM_MUTE", "1")
    services = pg_services
    _, _, officer = make_accounts(services)
    url = services.db.url
    database = url.database or ""
    other = open_services(url.render_as_string(hide_password=False), clock=clock, backup_folder=tmp_path)
    window = build_main_window(services, officer)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    listener = services.ctx.listen_to_other_workstations()
    assert listener is not None
    monkeypatch.setattr(notify, "PROCESS_TOKEN", "the-other-workstation")
    admin = _admin(url)
    try:
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
        calls = window.current_page()
        label = calls.filters.result_label
        qtbot.waitUntil(lambda: label.text() == "共 0 条", timeout=15000)

        allow_connections(admin, database, False)
        assert terminate_listener(admin, database) == 1
        other.calls.create(officer, call(clock, summary="停电刚恢复时打来的电话"))
        allow_connections(admin, database, True)
        qtbot.waitUntil(lambda: listener.reconnections == 1, timeout=30000)
        qtbot.waitUntil(lambda: label.text() == "共 1 条", timeout=15000)

        # Nothing heard at all (the listener gone for good): the page read again when switched to.
        qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
        listener.stop()
        other.calls.create(officer, call(clock, summary="没有通知也要看到的电话"))
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: label.text() == "共 2 条", timeout=15000)
        QApplication.processEvents()  # the page's own just-shown work runs before the window goes
    finally:
        allow_connections(admin, database, True)
        admin.dispose()
        listener.stop()
        qtbot.waitUntil(lambda: not window._after_paint.isActive())
        window.close()
        shiboken6.delete(window)
        other.db.dispose()


def test_a_first_listen_that_comes_after_the_start_stopped_waiting_asks_for_a_reload(pg_services):
    """The server answers slowly at start-up (a paused proxy holds its bytes): the pages read what they
    show before the listener is listening, so once it is, they are asked to read again."""
    from dutyroom.store.engine import Database
    from tests.reliability.tcp_proxy import TcpProxy

    url = pg_services.db.url
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    db = Database(url.set(host="127.0.0.1", port=proxy.port))
    asked = threading.Event()
    listener = notify.RemoteChangeListener(db, lambda *_: None, relistened=asked.set)
    try:
        proxy.flowing.clear()
        listener.start(wait=0.2)  # gives up waiting: nothing gets through the proxy yet
        assert not asked.is_set()
        proxy.flowing.set()
        assert asked.wait(15), "the late first LISTEN did not ask for a reload"
        assert listener.reconnections == 0  # not an outage: the first connection, only late
    finally:
        listener.stop()
        proxy.shut()
        db.dispose()
