"""The lost-connection banner: shown while the server is away, with since when; gone when it is back."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtWidgets import QWidget

from dutyroom.errors import DatabaseUnavailable
from dutyroom.gui.connection import ConnectionBanner, ConnectionWatch


class FakeDb:
    kind = "postgresql"

    def __init__(self):
        self.up = True

    def check_connection(self):
        if not self.up:
            raise DatabaseUnavailable("无法连接数据库（PostgreSQL · db:5432/duty）：connection refused")


def immediately(fn, on_done, on_error):
    try:
        value = fn()
    except Exception as exc:  # noqa: BLE001 - what run_in_background hands to on_error
        on_error(exc)
    else:
        on_done(value)


def test_banner_follows_the_server(qtbot, clock):
    db = FakeDb()
    services = SimpleNamespace(db=db, clock=clock)
    watch = ConnectionWatch(services, run=immediately)
    window = QWidget()
    qtbot.addWidget(window)
    banner = ConnectionBanner(watch, "Asia/Shanghai", window)
    window.show()
    watch.check()
    assert not banner.isVisible() and not watch.is_down

    db.up = False
    watch.check()
    clock.advance(seconds=3)
    watch.check()
    assert banner.isVisible() and watch.is_down
    assert "自 09:00:00 起，已重试 2 次" in banner.text.text()
    assert "已输入的内容会保留" in banner.text.text() and "connection refused" in banner.text.text()

    restored = []
    watch.restored.connect(lambda: restored.append(True))
    db.up = True
    watch.check()
    assert not banner.isVisible() and restored == [True] and watch.failures == 0


def test_nothing_is_watched_on_sqlite(qtbot, clock):
    db = FakeDb()
    db.kind = "sqlite"
    watch = ConnectionWatch(SimpleNamespace(db=db, clock=clock), run=immediately)
    assert not watch.timer.isActive()


def test_the_main_window_reloads_its_pages_when_the_server_is_back(qtbot, open_window, accounts):
    window = open_window(accounts[0])
    assert window.connection_banner.parent() is not None and not window.connection_banner.isVisible()
    refreshed = []
    page = window.current_page()
    page.refresh = lambda: refreshed.append(page.title)
    window.connection.down_since = window.services.clock.now()
    window.connection.restored.emit()
    assert refreshed == [page.title]
    assert "已重新连接数据库服务器" in window.statusBar().currentMessage()
