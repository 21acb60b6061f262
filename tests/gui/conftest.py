"""GUI fixtures: real widgets on the offscreen platform, a fresh SQLite database per test."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from dutyroom.gui import theme
from dutyroom.gui.app import build_main_window
from tests.conftest import make_accounts
from tests.gui.helpers import open_admin_page


@pytest.fixture(autouse=True)
def operations_inline(monkeypatch):
    """A save finishes before the key press that started it returns, so a test can assert right after it.
    tests/gui/test_stalled_database.py turns this off to see the window keep running while a save waits."""
    from dutyroom.gui.common import background

    monkeypatch.setattr(background, "INLINE_OPERATIONS", True)


@pytest.fixture(autouse=True)
def keep_application_look(qapp):
    """A test that switches theme or font must not change how the next test's widgets look."""
    properties = (theme.THEME_PROPERTY, theme.SHEET_PROPERTY)
    saved = (qapp.styleSheet(), qapp.palette(), qapp.font(), [qapp.property(p) for p in properties])
    yield
    sheet, palette, font, names = saved
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)
    for prop, name in zip(properties, names, strict=True):
        qapp.setProperty(prop, name)


@pytest.fixture
def accounts(sqlite_services):
    """(admin, leader, officer) on the GUI test database; password tests.conftest.PASSWORD."""
    return make_accounts(sqlite_services)


@pytest.fixture
def admin(accounts):
    """The administrator of `accounts`: the one who works on the administration page."""
    return accounts[0]


@pytest.fixture
def page(qtbot, sqlite_services, admin):
    """The administration page opened by `admin`, on its first tab (人员).

    A test module that wants another tab overrides this fixture and takes `page` itself.
    """
    return open_admin_page(qtbot, sqlite_services, admin)


@pytest.fixture
def open_window(qtbot, sqlite_services):
    """Open the main window for an actor, shown and active, closed after the test."""

    def open_(actor):
        window = build_main_window(sqlite_services, actor)
        opened.append(window)
        # pytest-qt closes its widgets before this fixture's teardown runs: confirm the quit first, or an
        # overdue clock's "退出前确认" box stays open into the next test (which may count boxes).
        qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "quit_confirmed", True))
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        return window

    opened: list = []
    yield open_
    # The test's end is not an officer quitting: an overdue clock must not keep a window open, asking,
    # into the next test.
    for window in opened:
        try:
            window.quit_confirmed = True
            window.close()
        except RuntimeError:  # already deleted by the test
            pass
