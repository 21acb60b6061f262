"""A page's row of named buttons: each has a key the page and its actions use, a text and a tooltip."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtGui import QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import QBoxLayout, QPushButton, QWidget

from dutyroom.gui.common.background import run_operation
from dutyroom.gui.common.widgets import while_alive

#: (key, text, tooltip) of one button
ButtonSpec = tuple[str, str, str]


def button_bar(parent: QWidget, specs: Iterable[ButtonSpec], *, suffix: str = "Button",
               row: QBoxLayout | None = None) -> dict[str, QPushButton]:
    """The buttons by key, each named "<key><suffix>" (style sheets and tests find them by that name).

    With `row` they are added to it in order; without, the caller places them (e.g. into a filter row).
    """
    buttons: dict[str, QPushButton] = {}
    for key, text, tip in specs:
        button = QPushButton(text, parent)
        button.setObjectName(f"{key}{suffix}")
        button.setToolTip(tip)
        buttons[key] = button
        if row is not None:
            row.addWidget(button)
    return buttons


#: the key that saves a form from any field, multi-line ones included (帮助 → 快捷键)
SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")


def save_label(text: str) -> str:
    """A form's primary button as every form writes it: its words, then the key ("保存 Ctrl+Enter")."""
    return f"{text} Ctrl+Enter"


def bind_save_keys(dialog: QWidget, slot) -> None:
    """Ctrl+Enter saves from every field of the dialog, as its primary button says."""
    for keys in SAVE_KEYS:
        QShortcut(QKeySequence(keys), dialog, slot)


def show_save_label(button: QPushButton, text: str) -> None:
    """Set a primary button to "<text> Ctrl+Enter", wide enough for it: the default button is drawn bold,
    and measured in the regular font its key was cut ("保存 Ctrl+Enter" read "保存 Ctrl+Ente").

    The button's own size hint counts its padding, border and the icon a style may add (Linux puts one on
    a dialog's Save button), but measures the text regular: what bold adds comes on top of it."""
    button.setText(save_label(text))
    regular, bold = button.font(), button.font()
    bold.setBold(True)
    bolder = QFontMetrics(bold).horizontalAdvance(button.text()) - QFontMetrics(regular).horizontalAdvance(button.text())
    button.setMinimumWidth(max(button.sizeHint().width() + bolder,
                               QFontMetrics(bold).horizontalAdvance(button.text()) + 32))


_PRESSED = "dutyroom_pressed_busy"  # a button property: its operation is still out


def busy(button: QPushButton) -> bool:
    """The operation `button` started (run_pressed) has not answered yet."""
    return bool(button.property(_PRESSED))


def run_pressed(owner: QWidget, button: QPushButton, busy_text: str, fn: Callable[[], Any],
                on_done: Callable[[Any], None], on_error: Callable[[Exception], None]) -> bool:
    """What a button asks of the database, off the GUI thread (run_operation), as every such button does: it
    says `busy_text` and is disabled until the answer, so a second press sends nothing (False: still out);
    then its words and state come back — unless something else has changed them meanwhile — and the answer
    goes to `on_done` or `on_error` on the GUI thread, not at all once `owner` is gone."""
    if busy(button):
        return False
    label, enabled = button.text(), button.isEnabled()
    button.setProperty(_PRESSED, True)
    button.setText(busy_text)
    button.setEnabled(False)

    def settle(callback: Callable[[Any], None]) -> Callable[[Any], None]:
        def run(value: Any) -> None:
            button.setProperty(_PRESSED, False)
            if button.text() == busy_text:
                button.setText(label)
                button.setEnabled(enabled)
            callback(value)
        return while_alive(owner, run)

    run_operation(fn, settle(on_done), settle(on_error))
    return True
