"""What the main window does before its first paint: only the areas built behind the login dialog."""

from __future__ import annotations

from dutyroom.gui.app import build_main_window
from dutyroom.gui.login import LockPanel
from dutyroom.gui.main_window import FIRST_PAINT_AREAS
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
