"""gui.app.run opens the database behind the login dialog: what happens when the officer quits first."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer

from dutyroom.gui.login import LoginDialog


def test_quitting_the_login_while_the_database_opens_ends_at_once_and_lets_the_database_go(
        qapp, qtbot, tmp_path, monkeypatch):
    from dutyroom.app import open_services
    from dutyroom.gui import app as gui_app

    release = threading.Event()
    disposed: list[bool] = []

    def slow_open(url):
        release.wait(30)  # the database is still opening when the officer presses Esc
        services = open_services(url)
        real_dispose = services.db.dispose
        monkeypatch.setattr(services.db, "dispose", lambda: disposed.append(True) or real_dispose())
        return services

    monkeypatch.setattr(gui_app, "_open_and_preload", slow_open)
    seen: list[LoginDialog] = []

    def press_escape() -> None:
        login = next(w for w in qapp.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible())
        seen.append(login)
        qtbot.keyClick(login.username_edit, Qt.Key.Key_Escape)

    QTimer.singleShot(0, press_escape)
    assert gui_app.run(str(tmp_path / "duty.sqlite3")) == 0
    assert seen and not seen[0].isVisible()  # the dialog was on screen, and Esc closed it

    release.set()
    qtbot.waitUntil(lambda: disposed == [True])  # opened too late: closed again, not left open


def test_no_collection_runs_while_the_database_opens_behind_the_login(qapp, qtbot, tmp_path, monkeypatch):
    # A collection on the GUI thread there held up the worker thread's imports as long as it took.
    from dutyroom.app import open_services
    from dutyroom.gui import app as gui_app
    from dutyroom.gui.collector import GuiThreadCollector, collect_on_gui_thread

    collector = collect_on_gui_thread(qapp)
    release = threading.Event()
    disposed: list[bool] = []

    def slow_open(url):
        release.wait(30)
        services = open_services(url)
        real_dispose = services.db.dispose
        monkeypatch.setattr(services.db, "dispose", lambda: disposed.append(True) or real_dispose())
        return services

    monkeypatch.setattr(gui_app, "_open_and_preload", slow_open)
    ticking: list[bool] = []

    def look_then_quit() -> None:
        ticking.append(collector.timer.isActive())
        login = next(w for w in qapp.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible())
        qtbot.keyClick(login.username_edit, Qt.Key.Key_Escape)

    QTimer.singleShot(0, look_then_quit)
    assert gui_app.run(str(tmp_path / "duty.sqlite3")) == 0
    assert ticking == [False]  # paused while the database opened
    assert qapp.findChild(GuiThreadCollector).timer.isActive()  # and collecting again once it is over
    release.set()
    qtbot.waitUntil(lambda: disposed == [True])  # the late database let go, as above
