"""Message boxes that do not block (open(), not exec()), and the labels the style sheet styles.

A non-blocking box keeps the GUI thread free (changes keep arriving) and lets tests press its buttons.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

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
