"""帮助 → 快捷键: every key of the program on one page, so a new officer finds F2, F3 and Ctrl+Enter.

The menu keys are read from the window's own actions (a key added to a menu appears here by itself);
the keys of pages and forms, which live on their widgets, are listed below.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

#: (where, key, what) for keys that belong to a page or a form rather than to a menu
PAGE_KEYS = (
    ("有分页的页面", "Ctrl+Tab 或 Ctrl+PgDown", "下一个分页（管理、来电登记、突发事件详情等）"),
    ("有分页的页面", "Ctrl+Shift+Tab 或 Ctrl+PgUp", "上一个分页"),
    ("突发事件", "F3 或 Ctrl+E", "登记突发事件"),
    ("突发事件", "Enter", "修改所选事件"),
    ("突发事件", "Ctrl+R", "报送所选事件的首报（已报首报后为续报/终报）"),
    ("排班", "PgUp / PgDown", "上月 / 下月"),
    ("排班", "Home", "回到本月今天"),
    ("排班", "Enter", "查看所选日期的值班人员和电话"),
    ("登记表单", "Ctrl+Enter", "保存（在多行文本框中也可用）"),
    ("登记表单", "Enter", "保存（在单行输入框中）"),
    ("登记表单", "Esc", "取消；已输入内容时先询问，可保留草稿"),
    ("登记表单", "Tab / Shift+Tab", "下一项 / 上一项"),
    ("日期时间", "1405 或 14:05", "直接输入时间；←/→ 选择年月日时分，↑/↓ 调整"),
    ("来电登记", "Ctrl+E", "通话结束（记下结束时间）"),
    ("值班首页", "F11", "大屏模式（Esc 退出）"),
)


def menu_keys(window: QMainWindow) -> list[tuple[str, str, str]]:
    rows = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        where = menu_action.text().split("(")[0]
        for action in menu.actions():
            if isinstance(action, QAction) and not action.shortcut().isEmpty():
                key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                rows.append((where, key, action.text().split("(")[0].rstrip("…")))
    return rows


def shortcut_table(window: QMainWindow) -> str:
    rows = [*menu_keys(window), *PAGE_KEYS]
    body = "".join(f"<tr><td>{escape(where)}</td><td><b>{escape(key)}</b></td><td>{escape(what)}</td></tr>"
                   for where, key, what in rows)
    return ("<table cellspacing='0' cellpadding='3'><tr><th align='left'>位置</th><th align='left'>按键</th>"
            f"<th align='left'>作用</th></tr>{body}</table>")


def show_shortcuts(window: QMainWindow) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.NoIcon, "快捷键", shortcut_table(window), QMessageBox.StandardButton.Ok,
                      window)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.button(QMessageBox.StandardButton.Ok).setText("知道了")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
