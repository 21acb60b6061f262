"""How the roster page opens its dialogs and says what a change did: shared by actions.py and change.py."""

from __future__ import annotations

from dutyroom.gui.common.prompts import inform
from dutyroom.gui.common.widgets import show_status


def open_dialog(page, dialog) -> None:
    """Open without blocking (the lock screen hides open dialogs); the previous one is freed."""
    if page.dialog is not None and not page.dialog.isVisible():
        page.dialog.deleteLater()
    page.dialog = dialog
    dialog.open()


def changed(page, record) -> None:
    page.refresh()
    text = f"已{record.label}：{record.person_before} → {record.person_after}" if hasattr(record, "label") \
        else "已保存"
    show_status(page, text)
    warnings = getattr(record, "warnings", ())
    if warnings:
        page.prompt = inform(page, "请注意", "调整已保存，但有以下提醒：\n" + "\n".join(f"⚠ {w}" for w in warnings),
                             warning=True)
