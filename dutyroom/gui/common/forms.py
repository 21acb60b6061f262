"""Loads Qt Designer forms from ui/: layout lives in .ui files, behaviour in Python."""

from __future__ import annotations

from PySide6.QtCore import QFile, QIODevice, Qt
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QLayout, QScrollArea, QWidget

from dutyroom import paths

_loader: QUiLoader | None = None


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """Build the widget tree of ui/<name>.ui. Children are reachable with findChild(Type, "objectName")."""
    global _loader
    if _loader is None:
        _loader = QUiLoader()
    path = paths.ui_dir() / f"{name}.ui"
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"界面文件缺失：{path}")
    try:
        widget = _loader.load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise RuntimeError(f"界面文件无法加载：{path}：{_loader.errorString()}")
    return widget


def child(form: QWidget, kind: type, name: str):
    """findChild that fails loudly: a renamed widget in a .ui file is a bug, not a None."""
    found = form.findChild(kind, name)
    if found is None:
        raise LookupError(f"{kind.__name__} '{name}' missing from form {form.objectName()}")
    return found


def layout_order(root: QWidget) -> list[QWidget]:
    """The widgets of `root` that take Tab, in the order its layouts show them (top to bottom, row by row).

    A form's <tabstops> list goes stale as groups are added to it, and a widget inserted from code
    joins the focus chain at its end: both left fields of 设置 unreachable by Tab in reading order.
    """
    found: list[QWidget] = []

    def widget(w: QWidget) -> None:
        if isinstance(w, QScrollArea):
            if w.widget() is not None:
                widget(w.widget())
        elif w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            found.append(w)
        elif w.layout() is not None:
            layout(w.layout())

    def layout(lay: QLayout) -> None:
        for index in range(lay.count()):
            item = lay.itemAt(index)
            if item.widget() is not None:
                widget(item.widget())
            elif item.layout() is not None:
                layout(item.layout())

    widget(root)
    return found


def set_layout_tab_order(root: QWidget) -> list[QWidget]:
    """Tab through `root` in the order it is laid out (layout_order); returns that order."""
    order = layout_order(root)
    for first, second in zip(order, order[1:], strict=False):
        QWidget.setTabOrder(first, second)
    return order
