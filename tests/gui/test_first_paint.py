"""What the main window does before its first paint: only the areas built behind the login dialog, and\nnothing that waits until after it (the other pages, the call drafts, the next collection)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject

from dutyroom.gui.app import application, build_main_window
from dutyroom.gui.collector import INTERVAL_MS, GuiThreadCollector
from dutyroom.gui.login import LockPanel
from dutyroom.gui.main_window import AFTER_FIRST_PAINT_MS, FIRST_PAINT_AREAS, FIRST_PAINT_WAIT_MS
from dutyroom.services import Services


def _built(services: Services) -> set[str]:
    return {name for name in vars(services) if not name.startswith("_") and name != "ctx"}


def test_the_window_before_its_first_paint_reads_only_the_areas_opened_behind_the_login(qtbot, sqlite_services,
                                                                                        accounts):
    _, _, officer = accounts
    services = Services(sqlite_services.ctx)  # as gui/app.py hands it over: those areas built, no other
    for area in FIRST_PAINT_AREAS:
        getattr(services, area)
    window = build_main_window(services, officer)
    qtbot.addWidget(window)
    assert _built(services) == set(FIRST_PAINT_AREAS)  # no import of another area on the GUI thread
    assert window.page_title.text() == "值班首页" and window.clock_strip is not None
    assert window.findChildren(LockPanel) == []  # the lock screen waits for the first lock
    window.quit_confirmed = True


def test_the_lock_screen_is_built_on_the_first_lock(qtbot, sqlite_services, accounts):
    _, _, officer = accounts
    window = build_main_window(sqlite_services, officer)
    qtbot.addWidget(window)
    window.show()
    window.lock("manual")
    assert window.screens.currentWidget() is window.lock_panel and window.lock_panel.isVisible()
    assert window.lock_panel.user_label.text().startswith("当前用户：")
    assert len(window.findChildren(LockPanel)) == 1
    window.lock_panel.unlocked.emit()
    assert window.screens.currentWidget() is window.content
    window.quit_confirmed = True


def test_the_pages_after_the_first_are_built_only_once_the_window_has_painted(qtbot, sqlite_services, accounts):
    # Timed from show(), the after-paint work ran before the paint whenever painting took longer than its
    # 100 ms (a busy machine, the first collection): the officer waited for 来电登记 and the next page too.
    _, _, officer = accounts
    window = build_main_window(sqlite_services, officer)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "quit_confirmed", True))
    seen: list[str] = []

    class Painted(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint and not seen:
                seen.append("painted")
            return False

    painted = Painted(window)
    window.installEventFilter(painted)
    window.build_rest = lambda: seen.append("built the next page")
    window._offer_call_drafts = lambda: seen.append("offered the call drafts")  # noqa: SLF001
    window.show()
    assert window._after_paint.interval() == FIRST_PAINT_WAIT_MS  # noqa: SLF001 - not due until the paint
    qtbot.waitUntil(lambda: len(seen) == 3)
    assert seen == ["painted", "built the next page", "offered the call drafts"]
    assert window._after_paint.interval() == AFTER_FIRST_PAINT_MS  # noqa: SLF001


def test_building_the_window_postpones_the_next_collection_past_its_first_paint(qtbot, sqlite_services, accounts):
    # A collection that fell due while the window was being built would run first in the event loop, before
    # the paint, walking every object start-up made.
    _, _, officer = accounts
    collector = application().findChild(GuiThreadCollector)
    window = build_main_window(sqlite_services, officer)
    qtbot.addWidget(window)
    assert collector.timer.isActive() and collector.timer.remainingTime() > INTERVAL_MS // 2
    window.quit_confirmed = True
