"""Ctrl+Tab / Ctrl+PgDn (next tab) and Ctrl+Shift+Tab / Ctrl+PgUp (previous tab) on every tabbed page.

QTabWidget handles these keys itself only when they reach it unclaimed: a table takes Ctrl+PgDn as a
page move, and with the focus in the navigation list the page's tabs never see the key at all. So
the window owns the keys and turns the tabs of the current page: the tab widget holding the focus if
there is one (the innermost), otherwise the page's first visible one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

NEXT_KEYS = ("Ctrl+Tab", "Ctrl+PgDown")
PREVIOUS_KEYS = ("Ctrl+Shift+Tab", "Ctrl+Backtab", "Ctrl+PgUp")


def page_tabs(page: QWidget) -> QTabWidget | None:
    """The tab widget of `page` the keys should turn, or None for a page without tabs."""
    widget = QApplication.focusWidget()
    while widget is not None and widget is not page:
        if isinstance(widget, QTabWidget) and widget.isVisible() and page.isAncestorOf(widget):
            return widget
        widget = widget.parentWidget()
    # The focus outside any tabs of the page (the navigation list, a field above the tabs): the page's first.
    visible = [tabs for tabs in page.findChildren(QTabWidget) if tabs.isVisible()]
    return visible[0] if visible else None


def turn_tab(tabs: QTabWidget, step: int) -> None:
    count = tabs.count()
    index = tabs.currentIndex()
    for _ in range(count):  # skip disabled tabs, as QTabWidget does
        index = (index + step) % count
        if tabs.isTabEnabled(index):
            tabs.setCurrentIndex(index)
            return


def install_tab_keys(window: QWidget, current_page: Callable[[], QWidget]) -> list[QShortcut]:
    shortcuts = []
    for keys, step in ((NEXT_KEYS, 1), (PREVIOUS_KEYS, -1)):
        for key in keys:
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda step=step: _turn(current_page(), step))
            shortcuts.append(shortcut)
    return shortcuts


def _turn(page: QWidget, step: int) -> None:
    tabs = page_tabs(page)
    if tabs is not None and tabs.count() > 1:
        turn_tab(tabs, step)
