"""The 视频点名 page fits a duty-room laptop at 1366×768 and 1280×720: every tab and the live screen, with the
buttons of the live roll-call in sight."""

from __future__ import annotations

import pytest

from dutyroom.domain.vocabulary import RollCallKind
from dutyroom.gui import theme
from dutyroom.gui.rollcall import RollCallPage
from tests.gui.rollcall.helpers import make_units


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_the_page_and_the_live_screen_fit(qtbot, qapp, open_window, accounts, sqlite_services, size):
    theme.ensure_cjk_font(qapp)
    svc, admin = sqlite_services, accounts[0]
    ids = make_units(svc, admin)
    window = open_window(admin)
    window.resize(*size)
    index = next(i for i, p in enumerate(window.pages) if isinstance(p, RollCallPage))
    window.show_page(index)
    page = window.pages[index]
    for tab in range(page.tabs.count()):
        page.tabs.setCurrentIndex(tab)
        qapp.processEvents()
        hint = window.minimumSizeHint()
        assert hint.width() <= size[0] and hint.height() <= size[1], f"{page.tabs.tabText(tab)}: {hint.toTuple()}"
        assert window.size().toTuple() == size
    record = svc.rollcall.create_rollcall(admin, RollCallKind.HOST, svc.clock.now(), ids)
    assert page.run(record.id)
    qapp.processEvents()
    hint = window.minimumSizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1], hint.toTuple()
    for button in page.live.buttons.values():
        corner = button.mapTo(window, button.rect().bottomRight())
        assert window.rect().contains(corner) and not button.visibleRegion().isEmpty(), button.text()
    table = page.live.table
    assert table.height() >= 4 * table.verticalHeader().defaultSectionSize()  # at least four units in sight
