"""大屏模式: F11 shows 值班首页 full screen in large text, it follows changes and the tick, Esc leaves."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel

from dutyroom.domain.vocabulary import CallOutcome
from dutyroom.gui.glance.wallboard import FIT_FLOOR_PX
from tests.gui.glance.test_page import _glance, _loaded, office  # noqa: F401 - the office fixture
from tests.services.calls.helpers import call


def _open_wallboard(qtbot, window):
    page = _loaded(qtbot, _glance(window))
    qtbot.keyClick(window, Qt.Key.Key_F11)
    board = page.wallboard
    assert board is not None
    qtbot.waitExposed(board)
    return page, board


def test_f11_shows_the_page_full_screen_and_esc_leaves(qtbot, open_window, accounts, office):  # noqa: F811
    window = open_window(accounts[1])  # the leader: the one screen of the shift, on the wall
    page, board = _open_wallboard(qtbot, window)
    assert board.isFullScreen() and board.isVisible()
    assert board.windowTitle() == "值班首页 — 大屏模式"
    assert board.texts() == {key: view.texts() for key, view in page.views.items()}
    assert board.views["follow"].list.font().pixelSize() == board.px >= FIT_FLOOR_PX
    assert board.views["follow"].list.font().pixelSize() > page.views["follow"].list.fontInfo().pixelSize()
    assert not any(view.jump for view in board.views.values())  # nothing to edit or jump to on the wall
    assert board.views["follow"].list.focusPolicy() == Qt.FocusPolicy.NoFocus

    qtbot.keyClick(board, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.wallboard is None)
    assert window.isVisible() and not board.isVisible()

    qtbot.keyClick(window, Qt.Key.Key_F11)  # and again, from the menu's key
    qtbot.waitUntil(lambda: page.wallboard is not None and page.wallboard.isVisible())
    page.wallboard.close()


def test_the_wallboard_follows_changes_and_the_one_tick(qtbot, open_window, accounts, office, sqlite_services,  # noqa: F811
                                                        clock):
    window = open_window(accounts[1])
    page, board = _open_wallboard(qtbot, window)
    sqlite_services.calls.create(accounts[2], call(clock, 1, outcome=CallOutcome.ASSIGNED, assigned_unit="区城管局",
                                                   summary="占道经营"))
    qtbot.waitUntil(lambda: board.views["calls"].summary.text().startswith("共 3 件"))
    assert "转办：1 件" in board.views["calls"].texts()

    clock.advance(seconds=61)
    window.clock_strip.tick()
    chip = window.clock_strip.visible_chips()[0].countdown.text().split("  ")[0]
    assert board.views["clocks"].texts()[0].split("  ")[0] == chip
    assert board.clock.text() == "2026年11月21日 星期六 09:01:01"
    board.close()


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768), (1920, 1080)])
def test_readable_at_both_wall_sizes(qtbot, open_window, accounts, office, size):  # noqa: F811
    window = open_window(accounts[1])
    page, board = _open_wallboard(qtbot, window)
    board.showNormal()
    board.resize(*size)
    qtbot.waitUntil(lambda: board.size().toTuple() == size)
    QApplication.processEvents()
    body = board.views["duty"].list.font().pixelSize()
    # 21 px at 768 lines, 30 px at 1080 — smaller only where a taller font would push sections off the wall
    assert FIT_FLOOR_PX <= body <= size[1] // 36 and body == board.px
    area = QRect(0, 0, *size)
    for key, view in board.views.items():
        placed = QRect(view.mapTo(board, view.rect().topLeft()), view.size())
        assert area.contains(placed), f"{key} runs off the screen: {placed}"
        for label in view.findChildren(QLabel):
            if label.isVisible() and label is not view.summary and not label.wordWrap():
                assert label.sizeHint().width() <= label.width(), f"{key}: {label.text()} is cut"
        lines = view.list
        shown_rows = lines.viewport().height() // max(1, lines.sizeHintForRow(0)) if lines.count() else 0
        assert shown_rows >= lines.count(), f"{key}: {lines.count()} lines, room for {shown_rows}"
    for label in (board.office, board.clock):
        assert label.sizeHint().width() <= label.width()
    board.close()


@pytest.mark.parametrize("name", ["light", "dark"])
def test_no_section_is_cut_off_on_a_1280_by_800_wall_with_the_demo(qtbot, open_window, sqlite_services, qapp, name):
    from dutyroom.gui import theme
    from dutyroom.services.demo import seed_demo

    theme.ensure_cjk_font(qapp)  # the program's own font and style sheet: their line heights are what must fit
    theme.apply_theme(qapp, name)  # (restored by conftest)
    passwords = seed_demo(sqlite_services)
    window = open_window(sqlite_services.users.login("leader", passwords["leader"]))
    page, board = _open_wallboard(qtbot, window)
    board.showNormal()
    board.resize(1280, 800)
    qtbot.waitUntil(lambda: board.size().toTuple() == (1280, 800))
    QApplication.processEvents()
    for key, view in board.views.items():
        assert view.geometry().bottom() < 800
        if view.list.isVisible():
            assert view.list.geometry().bottom() <= view.contentsRect().bottom(), f"{key}: its last lines are cut"
    board.close()
