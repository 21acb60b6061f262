"""The live roll-call's key legend and buttons in sight without scrolling on a 1366×768 and a 1280×720
screen, under what the demo's window really shows above a page: the alarm banner, the deadline strip and
the page's own notice (found by hand: the legend was below the visible area)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect

from dutyroom.domain.vocabulary import RollCallKind
from dutyroom.gui import theme
from dutyroom.gui.rollcall import RollCallPage
from dutyroom.services.demo import seed_demo
from dutyroom.services.events import Change, EntityKind


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


def _in_sight(widget, window) -> bool:
    """Every pixel of the widget is on the window and not scrolled out of the page area."""
    shown = widget.visibleRegion().boundingRect()
    on_window = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    return shown.size() == widget.size() and window.rect().contains(on_window)


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_the_key_legend_and_buttons_are_in_sight_under_the_banners(qtbot, qapp, open_window, sqlite_services, size):
    theme.ensure_cjk_font(qapp)
    svc = sqlite_services
    passwords = seed_demo(svc, password_source=lambda name: f"{name}Demo2026")
    officer = svc.users.login("officer", passwords["officer"])
    window = open_window(officer)
    window.resize(*size)
    index = next(i for i, p in enumerate(window.pages) if isinstance(p, RollCallPage))
    window.show_page(index)
    page = window.pages[index]
    units = [u.id for u in svc.units.list()]
    record = svc.rollcall.create_rollcall(officer, RollCallKind.HOST, svc.clock.now(), units)
    assert page.run(record.id)
    # an open report deadline ringing (the tallest banner) and the page's own notice, as on the screen
    clock = svc.incidents.open_clocks()[0]
    window.alarm.raise_alarm(clock.id, key="overdue:0")
    qtbot.waitUntil(window.alarm.isVisible)
    window.notices.on_change(Change(kind=EntityKind.NOTICE, message="17:58 本级点名即将开始（已过计划时间，请尽快处理）：共 18 个"
                                    "单位，请在“视频点名”页开始点名。", audience="all"))
    assert window.notices.isVisible()
    qapp.processEvents()
    live = page.live
    assert window.size().toTuple() == size
    assert _in_sight(live.hint, window), live.hint.text()
    for button in live.buttons.values():
        assert _in_sight(button, window), button.text()
    table = live.table
    rows = 3 if size[1] >= 768 else 2  # the current unit and the next at least, not a sliver
    assert table.height() >= table.horizontalHeader().height() + rows * table.verticalHeader().defaultSectionSize()
