"""值班首页 for `dutyroom screenshot`: the wallboard (大屏模式) at the pictures' size (the page itself is one
of the pages every screenshot run renders)."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication


def glance_views(window, size: tuple[int, int]) -> Iterator[tuple[object, str]]:
    """Yield (widget, title) with the wallboard showing the page's blocks; the caller grabs, then it is closed."""
    from dutyroom.gui.glance import GlancePage
    from dutyroom.gui.glance.wallboard import Wallboard

    page = next((p for p in window.pages if isinstance(p, GlancePage)), None)
    if page is None:
        return
    while page.loading:  # the blocks are read in the background
        QThreadPool.globalInstance().waitForDone(10000)
        QApplication.processEvents()
    board = Wallboard(page.services, page.sections)
    board.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)  # rendered, never shown
    board.resize(*size)
    board.show()
    board.show_blocks(page.blocks, page.services.clock.now())
    yield board, "值班首页-大屏模式"
    board.close()
    board.deleteLater()
