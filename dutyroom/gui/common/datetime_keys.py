"""A date-time input that is one Tab stop and takes a time typed as "1405" or "14:05"; a date input one Tab stop.

A plain QDateTimeEdit sends Tab from section to section (four stops for "2026-11-21 14:05"), so a
form of many fields cannot be crossed by Tab. Here Tab leaves the input; ←/→ choose a section and
↑/↓ change it; digits typed one after another set the time of day: "1405", "905", "14:05", "9:05".
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, QTime
from PySide6.QtWidgets import QDateTimeEdit, QWidget

#: "1405", "905", "14:05", "9:05" → (hours, minutes)
_TIME = re.compile(r"^(\d{1,2}):?(\d{2})$")
_TYPED = set("0123456789:：")


def parse_time(typed: str) -> QTime | None:
    match = _TIME.match(typed.replace("：", ":"))
    if match is None:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    return QTime(hours, minutes) if hours < 24 and minutes < 60 else None


class OneTabStop(QObject):
    """Installed on a QDateTimeEdit (its own parent): Tab leaves it, typed digits set the time (`times`;
    a date-only edit keeps its own typing)."""

    def __init__(self, edit: QDateTimeEdit, *, times: bool = True):
        super().__init__(edit)
        self.edit, self.times = edit, times
        self.typed = ""
        edit.installEventFilter(self)
        edit.setToolTip((edit.toolTip() + "\n" if edit.toolTip() else "")
                        + ("直接输入时间，如 1405 或 14:05；←/→ 选择年月日时分，↑/↓ 调整" if times
                           else "←/→ 选择年月日，↑/↓ 调整"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FocusOut:
            self.typed = ""
        if event.type() != QEvent.Type.KeyPress:
            return False
        key, text, mods = event.key(), event.text(), event.modifiers()
        chord = bool(mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                             | Qt.KeyboardModifier.MetaModifier))  # Ctrl+Enter and mnemonics pass through
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not chord:
            self.typed = ""
            self._leave(forward=key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ShiftModifier)
            return True
        if self.times and text and text in _TYPED and not chord:
            self.typed = (self.typed + text)[-5:]
            time = parse_time(self.typed)
            if time is not None and len(self.typed.replace(":", "").replace("：", "")) >= 3:
                moment = self.edit.dateTime()
                moment.setTime(time)
                self.edit.setDateTime(moment)
            return True
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Escape) or key not in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt):
            self.typed = ""
        return False

    def _leave(self, *, forward: bool) -> None:
        widget: QWidget | None = self.edit
        for _ in range(500):  # the focus chain is a ring; never loop for ever on a broken one
            widget = widget.nextInFocusChain() if forward else widget.previousInFocusChain()
            if widget is None or widget is self.edit:
                return
            if self.edit.isAncestorOf(widget):
                continue  # the edit's own line edit
            if (widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                    and widget.window() is self.edit.window()):
                widget.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
                return


def one_tab_stop(edit: QDateTimeEdit, *, times: bool = True) -> OneTabStop:
    return OneTabStop(edit, times=times)
