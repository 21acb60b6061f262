"""Loads Qt Designer forms from ui/: layout lives in .ui files, behaviour in Python."""

from __future__ import annotations

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

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
