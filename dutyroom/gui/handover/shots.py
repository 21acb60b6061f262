"""交接班 dialogs for `dutyroom screenshot`: 交班 with one item ticked and a wrong password answered, a new item."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication


def handover_dialogs(window) -> Iterator[tuple[object, str]]:
    """Yield (dialog, title) with each dialog open and filled in; the caller grabs, then it is closed."""
    from dutyroom.gui.handover import HandoverPage, actions

    page = next((p for p in window.pages if isinstance(p, HandoverPage)), None)
    if page is None:
        return
    window.show_page(window.pages.index(page))
    while page.loading:
        QThreadPool.globalInstance().waitForDone(10000)
        QApplication.processEvents()

    dialog = actions.add_item(page)
    dialog.inputs["title"].setText("明早9时前向市政府报送寒潮防范情况")
    dialog.switches["due_at"].setChecked(True)
    yield dialog, "交接班-新增事项"
    dialog.done(0)

    dialog = actions.hand_over(page)
    if dialog is None:
        return
    if dialog.items.count():
        dialog.items.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.incoming.setCurrentIndex(min(1, dialog.incoming.count() - 1))
    dialog.password.setText("wrong-password")
    dialog.submit()  # the picture shows the wrong password answered under its field
    QApplication.processEvents()  # the error rows grow the dialog, as they do on screen
    yield dialog, "交接班-交班"
    dialog.done(0)
