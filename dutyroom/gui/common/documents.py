"""Saving a document or an export from a page: where to ask, and writing it off the GUI thread.

Every page that prints or exports does the same: a save dialog in the documents folder, the button
off while the file is written in the background, a status line when it is saved, and a message the
user can act on when it could not be (a full disk, a folder without write permission).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog

from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.background import run_in_background
from dutyroom.gui.common.prompts import inform
from dutyroom.gui.common.widgets import show_status, while_alive

KINDS = {"pdf": ("PDF 文件 (*.pdf)", ".pdf"), "xlsx": ("Excel 工作簿 (*.xlsx)", ".xlsx"),
         "ics": ("日历文件 (*.ics)", ".ics")}


def documents_folder() -> str:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder or str(Path.home())


def ask_path(parent, title: str, name: str, kind: str) -> str | None:
    """A save-file dialog in the documents folder; the extension is added when left off."""
    pattern, suffix = KINDS[kind]
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(documents_folder()) / name), pattern)
    if not path:
        return None
    return path if path.lower().endswith(suffix) else path + suffix


def save_failure(exc: Exception, what: str) -> str:
    """What to tell the user when a file could not be written."""
    if isinstance(exc, DutyRoomError):
        return exc.message
    if isinstance(exc, OSError):
        return f"无法保存文件：{exc.strerror or exc}。请换一个文件夹或文件名再试。"
    return f"生成{what}时出错：{exc}"


def write_in_background(page, button, what: str, work: Callable[[], object]) -> None:
    """Run `work` (it writes a file and returns its path) in the background, the button off meanwhile."""
    button.setEnabled(False)
    show_status(page, f"正在生成{what}…", 0)

    def done(path) -> None:
        button.setEnabled(True)
        show_status(page, f"{what}已保存：{path}", 20000)

    def failed(exc: Exception) -> None:
        button.setEnabled(True)
        show_status(page, "")
        page.prompt = inform(page, what, save_failure(exc, what))

    run_in_background(work, while_alive(page, done), while_alive(page, failed))
