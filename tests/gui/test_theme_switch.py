"""The theme switch (issue 13.13): pages already built take the new theme, looking as after a fresh start."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget

from dutyroom.gui import theme

_ROLES = (QPalette.ColorRole.Window, QPalette.ColorRole.WindowText, QPalette.ColorRole.Base,
          QPalette.ColorRole.Text, QPalette.ColorRole.Button, QPalette.ColorRole.ButtonText)


def _look(widget: QWidget, path: str = "") -> dict[str, tuple]:
    """Every widget under `widget`, by its place in the tree, with the colours and font it draws with."""
    pal = widget.palette()
    # The Active group: the theme's colours, whatever a button's enabled state is at that moment (a page whose
    # data arrived a moment later in one window enabled its buttons there, and the test compared states).
    colours = tuple(pal.color(QPalette.ColorGroup.Active, role).name() for role in _ROLES)
    looks = {path or type(widget).__name__: (type(widget).__name__, colours, widget.font().pointSize())}
    for i, child in enumerate(c for c in widget.children() if isinstance(c, QWidget)):
        looks.update(_look(child, f"{path}/{i}:{type(child).__name__}"))
    return looks


def _visit_every_page(window) -> None:
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        QApplication.processEvents()
    window.nav.setCurrentRow(0)
    QApplication.processEvents()


def _pages_look(window) -> dict[str, tuple]:
    return {f"{i}{key}": value for i, page in enumerate(window.pages) for key, value in _look(page).items()}


def test_switching_theme_restyles_every_built_page_as_a_fresh_start_would(open_window, accounts, qapp):
    theme.apply_theme(qapp, "light")
    window = open_window(accounts[0])
    _visit_every_page(window)
    light = _pages_look(window)

    window.theme_actions["dark"].trigger()
    QApplication.processEvents()
    switched = _pages_look(window)
    assert switched != light
    page_text = {v[1][1] for v in switched.values()}
    assert theme.colour("text", "dark") in page_text
    assert theme.colour("text", "light") not in page_text

    fresh = open_window(accounts[0])  # built under the dark theme from the start
    _visit_every_page(fresh)
    assert _pages_look(fresh) == switched

    window.theme_actions["light"].trigger()
    QApplication.processEvents()
    assert _pages_look(window) == light


def test_navigation_icons_follow_the_theme_and_come_back_the_same(open_window, accounts, qapp):
    theme.apply_theme(qapp, "light")
    window = open_window(accounts[0])
    light_icon = window.nav.item(0).icon().pixmap(24, 24).toImage()

    window.set_theme("dark")
    dark_icon = window.nav.item(0).icon().pixmap(24, 24).toImage()
    assert dark_icon != light_icon

    window.set_theme("light")
    assert window.nav.item(0).icon().pixmap(24, 24).toImage() == light_icon


def test_idle_lock_still_sees_the_keyboard_after_a_switch(open_window, accounts, qapp, qtbot, clock):
    window = open_window(accounts[0])
    window.set_theme("dark")
    minutes = window.idle.timeout.total_seconds() / 60
    clock.advance(minutes=minutes - 1)
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)  # the officer is still there
    clock.advance(minutes=2)
    assert window.idle.check_idle() is False
    assert not window.locked
