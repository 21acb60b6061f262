"""The button row and the list-plus-detail splitter every page builds its layout from."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QTableView, QWidget

from dutyroom.gui import theme
from dutyroom.gui.common.buttons import button_bar, show_save_label
from dutyroom.gui.common.splitter import list_and_detail


def test_button_bar_names_the_buttons_and_fills_the_row_in_order(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    row = QHBoxLayout(parent)
    buttons = button_bar(parent, (("new", "新建…", "登记一条"), ("print", "打印…", "保存为 PDF")),
                         suffix="CallsButton", row=row)
    assert list(buttons) == ["new", "print"]
    assert parent.findChild(QPushButton, "printCallsButton") is buttons["print"]
    assert buttons["new"].text() == "新建…" and buttons["new"].toolTip() == "登记一条"
    assert [row.itemAt(i).widget() for i in range(row.count())] == [buttons["new"], buttons["print"]]


def test_button_bar_without_a_row_leaves_placing_to_the_caller(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    buttons = button_bar(parent, (("edit", "修改…", "修改"),))
    assert buttons["edit"].objectName() == "editButton" and buttons["edit"].parent() is parent


def test_list_and_detail_keeps_the_empty_hint_above_the_list_and_both_panes(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    table, detail, empty = QTableView(parent), QLabel("详情", parent), QLabel("还没有记录", parent)
    splitter = list_and_detail(parent, table, detail, empty=empty, sizes=(300, 200))
    assert splitter.orientation() == Qt.Orientation.Vertical and splitter.count() == 2
    assert not splitter.childrenCollapsible()
    first = splitter.widget(0)
    assert table.parent() is first and empty.parent() is first and splitter.widget(1) is detail
    side = list_and_detail(parent, QTableView(parent), QLabel(parent), sizes=(1, 1),
                           orientation=Qt.Orientation.Horizontal)
    assert side.orientation() == Qt.Orientation.Horizontal and isinstance(side.widget(0), QTableView)


@pytest.mark.parametrize("name", list(theme.THEMES))
def test_a_save_button_with_an_icon_is_wide_enough_for_its_bold_key(qtbot, qapp, name):
    # On Linux the style puts a floppy icon on a dialog's Save button; the width counted only the bold text and
    # the padding, and the real window read "保存 Ctrl+Ente" (F2 来电登记, F3 登记突发事件).
    theme.ensure_cjk_font(qapp)
    theme.apply_theme(qapp, name)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(box)
    button = box.button(QDialogButtonBox.StandardButton.Save)
    button.setIcon(theme.icon("draft", size=16))
    show_save_label(button, "保存")
    box.show()
    qtbot.waitExposed(box)
    bold = button.font()
    bold.setBold(True)
    text, padding, border = QFontMetrics(bold).horizontalAdvance("保存 Ctrl+Enter"), 2 * 16, 2 * 1
    icon = button.iconSize().width() + 4  # Qt puts 4 px between a button's icon and its text
    assert button.width() >= text + icon + padding + border
