"""The roster's dialogs for `dutyroom screenshot`: generation stopped by a missing holiday year, a swap, the
calendar export with its reminder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date


def roster_dialogs(window) -> Iterator[tuple[object, str]]:
    """Yield (dialog, title) with each roster dialog open and filled in; the caller grabs, then it is closed."""
    page = next((p for p in window.pages if p.title == "排班"), None)
    if page is None:
        return
    from dutyroom.gui.roster import actions

    window.show_page(window.pages.index(page))
    actions.generate(page)
    dialog = page.dialog
    dialog.first_edit.setDate(date(page.today().year + 1, 1, 1))
    dialog.last_edit.setDate(date(page.today().year + 1, 1, 31))
    dialog.submit()  # stops: the next year's holidays are not in the calendar yet
    yield dialog, "排班-生成排班"
    dialog.close()

    actions.change(page, "swap", day=page.today())
    dialog = page.dialog
    if dialog is not None and dialog.isVisible():
        dialog.reason_edit.setText("出差")
        yield dialog, "排班-调班"
        dialog.close()

    page.dialog = None
    actions.export_ics(page)
    dialog = page.dialog
    if dialog is not None and dialog.isVisible():
        dialog.remind_check.setChecked(True)
        yield dialog, "排班-导出日历"
        dialog.close()
