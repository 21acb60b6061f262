"""The program's file dialogs: every word in Chinese, opening in the last folder this workstation used (else
the documents folder), never the working directory.

Where the platform has a native dialog (Windows, macOS, a desktop portal) Qt uses it, and it speaks the
system's language. Otherwise Qt draws its own, and qtbase_zh_CN leaves a few of its words in English
("Look in:", "Files of type:", a folder's type "Folder"): `QtWords`, installed at start-up beside Qt's
translation, supplies them. (The toolbar's icons are kept visible by the style sheets' QFileDialog rule.)
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QTranslator
from PySide6.QtWidgets import QFileDialog, QWidget

from dutyroom.workstation import load_workstation, save_workstation

# Qt's own words that its Chinese translation leaves in English, by (context, source text).
QT_WORDS = {("QFileDialog", "&Look in:"): "查找范围(&L)：", ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
            ("QAbstractFileIconProvider", "Folder"): "文件夹", ("QAbstractFileIconProvider", "Drive"): "磁盘",
            ("QAbstractFileIconProvider", "File"): "文件", ("QAbstractFileIconProvider", "%1 File"): "%1 文件"}


class QtWords(QTranslator):
    """Installed after qtbase_zh_CN, so asked first: the words it lacks; None lets Qt ask the next translator."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # type: ignore[override]
                  n: int = -1) -> str | None:
        return QT_WORDS.get((context, source))

    def isEmpty(self) -> bool:
        return False


def documents_folder() -> str:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder or str(Path.home())


def start_folder(hint: str = "") -> str:
    """Where a file dialog opens: beside `hint` (a file already chosen), else the last folder a file
    was saved to or opened from on this workstation, else the documents folder — never the
    program's working directory, which is meaningless to an officer."""
    for candidate in (Path(hint).expanduser().parent if hint.strip() else None, Path(load_workstation().last_folder)):
        if candidate is not None and str(candidate) not in ("", ".") and candidate.is_dir():
            return str(candidate)
    return documents_folder()


def remember_folder(path: str) -> None:
    """Keep the folder of a file just chosen, so the next dialog opens there."""
    folder = str(Path(path).expanduser().parent)
    ws = load_workstation()
    if ws.last_folder != folder:
        ws.last_folder = folder
        with suppress(OSError):  # a read-only data folder: the next dialog opens in the documents folder
            save_workstation(ws)


def save_file_name(parent: QWidget | None, title: str, name: str, patterns: str) -> str:
    """Where to save a file suggested as `name`; "" when cancelled. Its folder is remembered."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(start_folder()) / name), patterns)
    if path:
        remember_folder(path)
    return path


def open_file_name(parent: QWidget | None, title: str, patterns: str, hint: str = "") -> str:
    """An existing file to read, starting beside `hint` (the file chosen before) or the last folder used."""
    path, _ = QFileDialog.getOpenFileName(parent, title, start_folder(hint), patterns)
    if path:
        remember_folder(path)
    return path
