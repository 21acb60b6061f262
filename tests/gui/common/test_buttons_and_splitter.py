"""The button row and the list-plus-detail splitter every page builds its layout from."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QWidget

from dutyroom.gui.common.buttons import button_bar
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
