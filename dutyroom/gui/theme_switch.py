"""The theme switch of a running program: what is on screen now, the rest when it is next shown (issue 13.13).

Replacing the application's style sheet makes Qt repolish every widget of the program, shown or not: the main
window with its pages built holds ~1,100, and the switch froze it for 0.2–3 s. So the application keeps the sheet
it started with (theme.apply_theme) and a switch changes only the palette, then gives the chosen theme's sheet to
*roots*: each page of the main window, each part of its frame (navigation, deadline strip, menus, status bar…) and
each window of its own. A root's sheet overrides the application's; the two files set the same properties on
the same selectors (tests/gui/test_styles.py), so nothing of the other theme shows through. A root on screen is
restyled at once; a hidden one (a page not open, the lock screen) on its next Show event, before it paints.
A root back in the application's theme drops its sheet: it is then exactly what a fresh start builds.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from dutyroom.gui import theme

#: on a root: the theme its widgets are styled in now
_ROOT_THEME = "dutyroom_root_theme"
#: on a window given to follow_frame: the theme its own widgets outside the roots are styled in now
_FRAME_THEME = "dutyroom_frame_theme"


class _Keeper(QObject):
    """Filters the events of roots only (never the application's, which would cost a Python call for every
    event of the program): their Show, and on a window given to follow_frame its Show and its children's polish."""

    def __init__(self) -> None:
        super().__init__()
        self.roots: list[QWidget] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.Show:
            styled = watched.property(_ROOT_THEME)  # None on a window given to follow_frame
            if styled is not None and styled != theme.current_theme():
                _restyle(watched)
            elif watched.property(_FRAME_THEME) not in (None, theme.current_theme()):
                _restyle_frame(watched)
        elif kind == QEvent.Type.ChildPolished and watched.property(_FRAME_THEME) is not None:
            child = event.child()
            # Polished once, when first shown: a window of its own, which no root contains.
            if isinstance(child, QWidget) and child.isWindow() and child.property(_ROOT_THEME) is None:
                follow(child)
        return False

    def live(self) -> list[QWidget]:
        self.roots = [root for root in self.roots if isValid(root)]
        return self.roots


_keeper: _Keeper | None = None


def _roots() -> _Keeper:
    global _keeper
    if _keeper is None:
        _keeper = _Keeper()
    return _keeper


def _sheet_for(name: str) -> str:
    # No sheet of its own in the application's theme: the root is then styled as at a fresh start. Nor while the
    # application has no sheet at all (a test of bare widgets): a root is styled as the rest of the program.
    app_theme = application_sheet_theme()
    return "" if app_theme in (None, name) else theme.stylesheet_text(name)


def _restyle(root: QWidget) -> None:
    name = theme.current_theme()
    sheet = _sheet_for(name)
    if root.styleSheet() != sheet:
        root.setStyleSheet(sheet)
    root.setProperty(_ROOT_THEME, name)


def application_sheet_theme(app: QApplication | None = None) -> str | None:
    """The theme of the application-wide sheet (the one the program started with), None before there is one."""
    app = app or QApplication.instance()
    return app.property(theme.SHEET_PROPERTY) if app is not None else None


def follow(root: QWidget) -> QWidget:
    """Make `root` and everything in it take the theme on every switch (at once when on screen, else when next
    shown), starting now. A widget not polished yet (a page just built) is only given its sheet: it is styled
    once, when first shown."""
    keeper = _roots()
    if root not in keeper.live():
        keeper.roots.append(root)
        root.installEventFilter(keeper)
    if root.property(_ROOT_THEME) != theme.current_theme():
        _restyle(root)
    return root


def follow_frame(window: QWidget) -> None:
    """`window` holds roots: its own widgets outside them (the containers around the pages, the scroll bars of
    the page area) are restyled one by one at a switch, none of them with a sheet of its own; and each window
    opened with `window` as its parent (its message boxes and dialogs), which no root contains, is followed."""
    window.setProperty(_FRAME_THEME, theme.current_theme())
    window.installEventFilter(_roots())


def _frame(widget: QWidget) -> Iterator[QWidget]:
    for child in widget.children():
        if isinstance(child, QWidget) and not child.isWindow() and child.property(_ROOT_THEME) is None:
            yield child
            yield from _frame(child)


def _restyle_frame(window: QWidget) -> None:
    # Styled by the application's sheet, whose colours a widget keeps from its last polish: polished again, each
    # takes the new palette (a repolish of the window itself would reach into every root, shown or not).
    for widget in (window, *_frame(window)):
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)
        widget.update()
    window.setProperty(_FRAME_THEME, theme.current_theme())


def switch(app: QApplication, name: str) -> str:
    """Switch the running program to theme `name` (unknown: the light one); returns the theme applied."""
    if name not in theme.THEMES:
        name = theme.DEFAULT_THEME
    if application_sheet_theme(app) is None:  # nothing styled yet: the ordinary start-up path
        return theme.apply_theme(app, name)
    app.setProperty(theme.THEME_PROPERTY, name)
    # The palette is what the sheets leave to the style (window backgrounds, message boxes): it changes everywhere.
    app.setPalette(theme.palette(name))
    for root in _roots().live():
        if root.isVisible() and root.property(_ROOT_THEME) != name:
            _restyle(root)
    for window in app.topLevelWidgets():
        if window.isVisible() and window.property(_FRAME_THEME) not in (None, name):
            _restyle_frame(window)
    return name


def followed() -> list[QWidget]:
    """The roots alive now (tests look at them)."""
    return list(_roots().live())
