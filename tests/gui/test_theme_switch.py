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
    # A combo box's popup is a window of its own, never shown here: Qt copies a palette into it at moments that
    # differ between a switch and a start, and the popup draws the same either way (its pixels: the test below).
    for i, child in enumerate(c for c in widget.children() if isinstance(c, QWidget) and not c.isWindow()):
        looks.update(_look(child, f"{path}/{i}:{type(child).__name__}"))
    return looks


def _visit_every_page(window) -> None:
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        QApplication.processEvents()
    window.nav.setCurrentRow(0)
    QApplication.processEvents()


def _pages_look(window) -> dict[str, tuple]:
    """Each page as the user sees it: opened, then read (a page not open takes a switch when it is next shown)."""
    looks = {}
    for i, page in enumerate(window.pages):
        window.nav.setCurrentRow(i)
        QApplication.processEvents()
        looks.update({f"{i}{key}": value for key, value in _look(page).items()})
    window.nav.setCurrentRow(0)
    QApplication.processEvents()
    return looks


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

    fresh = open_window(accounts[0])  # built after the switch
    _visit_every_page(fresh)
    assert _pages_look(fresh) == switched
    theme.apply_theme(qapp, "dark")  # a program started in the dark theme: the whole application styled so
    started_dark = open_window(accounts[0])
    _visit_every_page(started_dark)
    assert _pages_look(started_dark) == switched
    theme.apply_theme(qapp, "light")

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


def _pixel_colours(widget: QWidget) -> set[str]:
    image = widget.grab().toImage()
    return {image.pixelColor(x, y).name() for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}


def test_a_page_hidden_during_the_switch_shows_the_new_theme_when_it_is_opened(open_window, accounts, qapp):
    theme.apply_theme(qapp, "light")
    window = open_window(accounts[0])
    _visit_every_page(window)
    hidden = window.page(1)
    light_pixels = _pixel_colours(hidden)
    assert not hidden.isVisible()

    window.set_theme("dark")
    QApplication.processEvents()
    window.nav.setCurrentRow(1)
    QApplication.processEvents()

    assert hidden.isVisible()
    text = {hidden.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText).name()}
    text |= {w.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text).name()
             for w in hidden.findChildren(QWidget) if w.isVisible()}
    assert theme.colour("text", "dark") in text
    assert theme.colour("text", "light") not in text
    dark_pixels = _pixel_colours(hidden)
    # what is drawn: the dark theme's window colour, none of the light one's
    assert theme.colour("window", "dark") in dark_pixels or theme.colour("base", "dark") in dark_pixels
    assert theme.colour("window", "light") not in dark_pixels and theme.colour("base", "light") not in dark_pixels
    assert theme.colour("base", "light") in light_pixels


def test_the_main_window_background_and_frame_follow_the_theme(open_window, accounts, qapp):
    theme.apply_theme(qapp, "light")
    window = open_window(accounts[0])
    window.set_theme("dark")
    QApplication.processEvents()
    pixels = _pixel_colours(window)
    assert theme.colour("window", "dark") in pixels
    assert theme.colour("window", "light") not in pixels and theme.colour("base", "light") not in pixels


def test_a_switch_builds_no_page_and_a_page_built_after_it_has_the_new_theme(open_window, accounts, qapp):
    theme.apply_theme(qapp, "light")
    window = open_window(accounts[0])
    window._next_page.stop()  # noqa: SLF001 - hold the pages built one by one after the first paint
    window._after_paint.stop()  # noqa: SLF001
    built = [page is not None for page in window._built]  # noqa: SLF001
    window.set_theme("dark")
    QApplication.processEvents()
    assert [page is not None for page in window._built] == built  # noqa: SLF001
    later = next(i for i, done in enumerate(built) if not done)
    window.nav.setCurrentRow(later)
    QApplication.processEvents()
    page = window.page(later)
    assert theme.colour("window", "light") not in _pixel_colours(page)
    assert theme.colour("text", "dark") in {w.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)
                                            .name() for w in page.findChildren(QWidget)}
