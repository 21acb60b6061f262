"""Dialogs whose contents come from the database open when that read arrives, never by waiting for it.

A shared server that stops answering (a long transaction elsewhere, the network gone) would otherwise
freeze the whole window on a key like F8. The read runs as an operation (off the GUI thread; inline in
tests): meanwhile the button that opens the dialog says so and is disabled, a second press does nothing,
and a failed read is a line in the connection banner or the status bar (gui/common/outage.py), never a
modal box that a background failure would raise over whatever the officer is typing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtWidgets import QAbstractButton, QWidget

from dutyroom.errors import DatabaseUnavailable, DutyRoomError
from dutyroom.gui.common.background import run_operation
from dutyroom.gui.common.outage import read_failed
from dutyroom.gui.common.widgets import show_status, while_alive

T = TypeVar("T")
READING = "正在读取…"


def is_opening(owner: QWidget) -> bool:
    return bool(getattr(owner, "_dutyroom_opening", False))


def open_when_read(owner: QWidget, read: Callable[[], T], show: Callable[[T], Any], *, what: str,
                   button: QAbstractButton | None = None) -> bool:
    """Run `read`, then `show(result)` on the GUI thread. False when a read for `owner` is still going."""
    if is_opening(owner):
        return False
    owner._dutyroom_opening = True  # type: ignore[attr-defined]
    label, enabled = (button.text(), button.isEnabled()) if button is not None else ("", False)
    if button is not None:
        button.setText(READING)
        button.setEnabled(False)
    show_status(owner, f"正在读取{what}，读到后打开窗口…", 0)

    def settle() -> None:
        owner._dutyroom_opening = False  # type: ignore[attr-defined]
        if button is not None and shiboken6.isValid(button) and button.text() == READING:
            button.setText(label)
            button.setEnabled(enabled)
        show_status(owner, "", 1)

    def done(value) -> None:
        settle()
        show(value)

    def failed(exc: Exception) -> None:
        settle()
        if not isinstance(exc, DutyRoomError):
            raise exc  # a fault of the program: the global handler reports it
        # A server away keeps its own kind: the banner says so and reloads when it answers.
        read_failed(owner, exc if isinstance(exc, DatabaseUnavailable) else DutyRoomError(f"未能读取{what}：{exc.message}"))

    run_operation(read, while_alive(owner, done), while_alive(owner, failed))
    return True

