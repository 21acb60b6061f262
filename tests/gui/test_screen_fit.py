"""The main window fits a duty-room laptop (1280×800) on every page and tab, in both themes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from dutyroom.gui import theme
from dutyroom.gui.screenshot import HEIGHT, WIDTH, every_page_and_tab, render_all


@pytest.fixture
def program_look(qapp):
    """The program's own font, as application() sets it: sizes depend on it (restored by conftest)."""
    theme.ensure_cjk_font(qapp)


@pytest.mark.parametrize("name", list(theme.THEMES))
def test_main_window_fits_1280_by_800_on_every_page_and_tab(qtbot, qapp, program_look, open_window, accounts,
                                                            name):
    theme.apply_theme(qapp, name)
    window = open_window(accounts[0])  # the administrator sees every page
    window.resize(WIDTH, HEIGHT)
    seen = []
    for where in every_page_and_tab(window):
        qapp.processEvents()
        hint = window.minimumSizeHint()
        assert hint.width() <= WIDTH and hint.height() <= HEIGHT, f"{where}: needs {hint.toTuple()}"
        assert window.size().toTuple() == (WIDTH, HEIGHT), where
        seen.append(where)
    assert "管理-节假日" in seen and "管理-设置" in seen


def _admin_page(window):
    """Show the 管理 page, wherever the navigation puts it."""
    index = next(i for i, page in enumerate(window.pages) if page.title == "管理")
    window.show_page(index)
    return window.pages[index]


def test_holiday_summary_has_a_line_of_its_own(qtbot, program_look, open_window, accounts):
    window = open_window(accounts[0])
    admin = _admin_page(window)
    admin.tabs.setCurrentWidget(admin.holidays_tab)
    summary = admin.holidays_tab.count_label
    assert summary.text().startswith("2026 年：法定节假日")
    assert summary.isVisible()
    # Below the year and the buttons, not squeezed between them and the filter box.
    assert summary.mapTo(window, summary.rect().topLeft()).y() > \
        admin.holidays_tab.year_spin.mapTo(window, admin.holidays_tab.year_spin.rect().bottomLeft()).y()


def test_settings_scroll_and_save_stays_in_sight_at_1280_by_800(qtbot, program_look, open_window, accounts):
    window = open_window(accounts[0])
    window.resize(WIDTH, HEIGHT)
    admin = _admin_page(window)
    admin.tabs.setCurrentWidget(admin.settings_tab)
    qtbot.waitUntil(lambda: admin.settings_tab.save_button.isVisible())
    save = admin.settings_tab.save_button
    corner = save.mapTo(window, save.rect().bottomRight())
    assert window.rect().contains(corner)
    assert not save.visibleRegion().isEmpty()
    # The fields live in a scroll area: the last one is reachable by scrolling, not cut off.
    scroll = admin.settings_tab.scroll
    assert scroll.widget().isAncestorOf(admin.settings_tab.input("backups_kept"))


def test_every_screenshot_is_1280_by_800(tmp_path, qapp):
    paths = render_all(tmp_path, theme="light")
    assert len(paths) >= 10
    sizes = {p.name: QImage(str(p)).size().toTuple() for p in paths}
    assert sizes == dict.fromkeys(sizes, (WIDTH, HEIGHT))


def test_every_page_stays_in_the_navigation_however_tall_the_on_duty_panel(qtbot, program_look, open_window,
                                                                           accounts, sqlite_services, monkeypatch):
    """A shift with many people plus an alarm banner must not push 突发事件 or 管理 out of sight."""
    from tests.gui.test_alarm import alerts_now, incident

    monkeypatch.setenv("DUTYROOM_MUTE", "1")
    officer = accounts[2]
    incident(sqlite_services, officer, occurred_minutes_ago=200)  # its first report is overdue
    window = open_window(officer)
    window.on_duty.setMinimumHeight(900)  # as tall as a large office's shift can make it
    window.resize(WIDTH, HEIGHT)
    alerts_now(sqlite_services)  # the alarm banner takes height above everything
    qtbot.waitUntil(lambda: window.alarm.isVisible())
    assert window.height() <= HEIGHT
    viewport = window.nav.viewport().rect()
    for row in range(window.nav.count()):
        assert viewport.contains(window.nav.visualItemRect(window.nav.item(row))), window.nav.item(row).text()


@pytest.mark.parametrize("name", list(theme.THEMES))
def test_under_an_alarm_and_a_notice_no_page_makes_the_window_taller_than_1280_by_720(
        qtbot, qapp, program_look, open_window, accounts, sqlite_services, monkeypatch, name):
    """Found in a real window: with the alarm banner, a notice and the 交接班 page the window grew to 865 px
    on an 800-px screen, its status bar below the edge. The page scrolls instead."""
    from dutyroom.services.events import Change, EntityKind
    from tests.gui.test_alarm import alerts_now, incident

    monkeypatch.setenv("DUTYROOM_MUTE", "1")
    theme.apply_theme(qapp, name)
    incident(sqlite_services, accounts[2], occurred_minutes_ago=200)  # its first report is overdue
    window = open_window(accounts[0])
    alerts_now(sqlite_services)
    window.notices.on_change(Change(EntityKind.NOTICE, None, "create", message="领导批示未按期落实：" + "请督促落实。" * 30))
    qtbot.waitUntil(lambda: window.alarm.isVisible() and window.notices.isVisible())
    for where in every_page_and_tab(window):
        qapp.processEvents()
        assert window.minimumSizeHint().height() <= 720 - 40, f"{where}: needs {window.minimumSizeHint().toTuple()}"
