"""A PostgreSQL server that stops answering, or is away: a clear Chinese message, no frozen window and no
pile of modal boxes (issue 15, items 4 and 5). Real server, a real held lock, a real TCP proxy."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import text

from dutyroom.app import open_services
from dutyroom.errors import DatabaseUnavailable
from dutyroom.gui import app as gui_app
from dutyroom.gui.app import build_main_window
from dutyroom.services.events import Change, EntityKind
from dutyroom.store.engine import Database
from tests.conftest import make_accounts
from tests.reliability.tcp_proxy import TcpProxy

pytestmark = pytest.mark.slow


def test_a_table_held_locked_by_another_session_ends_in_a_clear_message(pg_services):
    url = pg_services.db.url.render_as_string(hide_password=False)
    holder = Database(url)
    waiter = Database(url, lock_timeout_ms=300)
    try:
        with holder.session() as held:
            held.execute(text("LOCK TABLE call IN ACCESS EXCLUSIVE MODE"))
            with pytest.raises(DatabaseUnavailable) as err, waiter.session() as s:
                s.execute(text("SELECT count(*) FROM call"))
        assert err.value.message.startswith("数据库服务器没有及时完成这次操作（等待其他工作站释放数据超过 0.3 秒，已取消）")
        with waiter.session() as s:  # the lock is gone: the same database works again
            assert s.execute(text("SELECT count(*) FROM call")).scalar() == 0
    finally:
        holder.dispose()
        waiter.dispose()


def test_the_connection_check_notices_a_server_that_accepts_but_does_not_answer(pg_services):
    url = pg_services.db.url
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    db = Database(url.set(host="127.0.0.1", port=proxy.port))
    try:
        db.check_connection()  # answering
        proxy.flowing.clear()
        with pytest.raises(DatabaseUnavailable) as err:
            db.check_connection()
        assert err.value.message.startswith("无法连接数据库（PostgreSQL · 127.0.0.1:")
        assert "没有响应" in err.value.message
    finally:
        proxy.flowing.set()
        proxy.shut()
        db.dispose()


def test_timers_during_an_outage_open_no_box_and_the_banner_says_it(pg_services, clock, tmp_path, qtbot,
                                                                     monkeypatch):
    _, _, officer = make_accounts(pg_services)
    url = pg_services.db.url
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    services = open_services(url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False),
                             clock=clock, backup_folder=tmp_path)
    window = build_main_window(services, officer)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not window._after_paint.isActive())
    boxes = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: boxes.append(args))
    try:
        proxy.shut()  # the server is away
        clock.advance(minutes=1)
        window.on_duty.tick()  # the on-duty panel's minute tick reads the settings
        window.clock_strip.tick()
        window._tick(clock.now())
        # Whatever a background refresh lets through reaches the program's last handler: no box from it.
        gui_app._excepthook(DatabaseUnavailable, DatabaseUnavailable("与数据库服务器的连接已断开"), None)
        QApplication.processEvents()
        assert boxes == []
        assert not [(w.windowTitle(), w.text()) for w in QApplication.topLevelWidgets()
                    if isinstance(w, QMessageBox) and w.isVisible()]
        window.connection.check()
        qtbot.waitUntil(window.connection_banner.isVisible, timeout=15000)
        assert window.connection_banner.text.text().startswith("⚠ 与数据库服务器的连接已断开（自 ")
    finally:
        window.close()
        shiboken6.delete(window)
        services.db.dispose()


def test_every_page_refreshed_during_an_outage_opens_no_box(pg_services, clock, tmp_path, qtbot, monkeypatch):
    """Every page built, then the server goes away: whatever a change notice, a tick or a page switch makes
    a page read ends quietly — no modal box, no error escaping to the event loop — and the page keeps what
    it showed; the banner says the server is away."""
    _, _, officer = make_accounts(pg_services)
    url = pg_services.db.url
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    services = open_services(url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False),
                             clock=clock, backup_folder=tmp_path)
    window = build_main_window(services, officer)
    window.show()
    qtbot.waitExposed(window)
    pages = window.pages  # every page built while the server answers
    boxes = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: boxes.append(args))
    try:
        proxy.shut()
        clock.advance(minutes=1)
        for index, page in enumerate(pages):
            window.show_page(index)  # a page switched to reads the database as it is
            page.refresh()
            for kind in sorted(page.watches, key=str):
                page.on_change(Change(kind=kind, id="1", op="update", origin="remote"))
            page.on_tick(clock.now())
        window._tick(clock.now())
        window.on_duty.rollcall_timer.timeout.emit()
        window.on_duty.on_change(Change(kind=EntityKind.ROSTER, op="bulk", origin="remote"))
        QApplication.processEvents()
        assert boxes == []
        assert not [(w.windowTitle(), w.text()) for w in QApplication.topLevelWidgets()
                    if isinstance(w, QMessageBox) and w.isVisible()]
        qtbot.waitUntil(window.connection_banner.isVisible, timeout=15000)
        assert window.connection_banner.text.text().startswith("⚠ 与数据库服务器的连接已断开（自 ")
    finally:
        window.close()
        shiboken6.delete(window)
        services.db.dispose()
