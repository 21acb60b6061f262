"""Message boxes that do not block (open(), not exec()), and the labels the style sheet styles.

A non-blocking box keeps the GUI thread free (changes keep arriving) and lets tests press its buttons.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from dutyroom.gui import theme
from dutyroom.gui.common.widgets import ERROR_PREFIX, set_role

ERROR_COLOUR = QColor("#c62828")
WARNING_COLOUR = QColor("#8a5a00")
OK_COLOUR = QColor("#2e7d32")


def mark(label: QLabel, role: str) -> QLabel:
    """Give a label the `role` property the style sheet keys on, with a palette fallback colour.

    Roles: "error" (next to a field, prefixed ⚠), "warning" (banner), "ok" (a good result).
    """
    # The palette colour only matters where no style sheet is loaded (tests, a missing .qss).
    colour = {"error": ERROR_COLOUR, "warning": WARNING_COLOUR, "ok": OK_COLOUR}.get(role)
    palette = QPalette(label.palette())
    palette.setColor(QPalette.ColorRole.WindowText,
                     colour or QApplication.palette().color(QPalette.ColorRole.WindowText))
    label.setPalette(palette)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    set_role(label, role)
    return label


def error_text(message: str) -> str:
    return ERROR_PREFIX + message


def inform(parent: QWidget, title: str, text: str, *, warning: bool = True) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information, title, text,
                      QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText("知道了")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def confirm(parent: QWidget, title: str, text: str, on_yes: Callable[[], None], *,
            yes_text: str = "确定") -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, parent)
    yes = box.button(QMessageBox.StandardButton.Yes)
    yes.setText(yes_text)
    box.button(QMessageBox.StandardButton.Cancel).setText("取消")
    # Deleting is the risky choice; Enter must not confirm it by accident.
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    # QMessageBox finishes with the button's code, not Accepted; listen to the button itself.
    yes.clicked.connect(lambda *_: on_yes())
    box.open()
    return box


def confirm_discard(parent: QWidget, title: str, text: str, on_discard: Callable[[], None], *,
                    on_keep_draft: Callable[[], None] | None = None) -> QMessageBox:
    """"确定放弃吗?" before typed text is thrown away: 继续填写 (the default, and Esc) carries a pencil,
    放弃 a bin — not the style's green ✓ on the risky choice and red ✗ on the safe one.

    With `on_keep_draft`, a third choice 保留草稿 closes the form and keeps what was typed, to be
    offered again when the form is next opened. The buttons keep their standard roles (Yes = 放弃,
    Cancel = 继续填写) so callers and tests find them as before.
    """
    box = confirm(parent, title, text, on_discard, yes_text="放弃")
    discard = box.button(QMessageBox.StandardButton.Yes)
    discard.setIcon(theme.icon("discard", size=32, focus_on_accent=True))
    discard.setToolTip("不保存，删除已输入的内容")
    keep = box.button(QMessageBox.StandardButton.Cancel)
    keep.setText("继续填写")
    keep.setIcon(theme.icon("edit", size=32, focus_on_accent=True))
    if on_keep_draft is not None:
        draft = box.addButton("保留草稿", QMessageBox.ButtonRole.ActionRole)
        draft.setIcon(theme.icon("draft", size=32, focus_on_accent=True))
        draft.setToolTip("先关闭，已输入的内容留作草稿，下次打开时接着填")
        draft.clicked.connect(lambda *_: on_keep_draft())
    box.setEscapeButton(keep)
    return box
