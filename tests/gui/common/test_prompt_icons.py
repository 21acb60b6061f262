"""The keep-or-discard prompt's buttons: the focused one (a message box's default, drawn in the accent colour)
shows its icon in the accent's text colour — the dark pencil vanished on the blue of 继续填写 (found by hand)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QMessageBox, QWidget

from dutyroom.gui import theme
from dutyroom.gui.common.prompts import confirm_discard


def _ink(icon: QIcon, mode: QIcon.Mode) -> QColor:
    image = icon.pixmap(32, 32, mode).toImage()
    for y in range(image.height()):
        for x in range(image.width()):
            color = image.pixelColor(x, y)
            if color.alpha() > 200:
                return color
    raise AssertionError("the icon draws nothing")


def _near(color: QColor, wanted: str) -> bool:  # edges are antialiased: a unit or two off
    other = QColor(wanted)
    return max(abs(color.red() - other.red()), abs(color.green() - other.green()),
               abs(color.blue() - other.blue())) <= 8


@pytest.mark.parametrize("name", list(theme.THEMES))
def test_a_focused_prompt_button_draws_its_icon_for_the_accent(qtbot, qapp, name):
    theme.apply_theme(qapp, name)
    parent = QWidget()
    qtbot.addWidget(parent)
    box = confirm_discard(parent, "放弃输入", "已输入的内容还没有保存，确定放弃吗？", lambda: None,
                          on_keep_draft=lambda: None)
    keep = box.button(QMessageBox.StandardButton.Cancel)
    draft = next(b for b in box.buttons() if b.text() == "保留草稿")
    for button in (keep, draft, box.button(QMessageBox.StandardButton.Yes)):
        assert _near(_ink(button.icon(), QIcon.Mode.Active), theme.colour("accent_text", name))
        assert _near(_ink(button.icon(), QIcon.Mode.Normal), theme.colour("icon", name))
    box.close()
