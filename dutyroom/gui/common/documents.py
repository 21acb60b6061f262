"""Saving a document or an export from a page: where to ask, and writing it off the GUI thread.

Every page that prints or exports does the same, so it is `save_document`: a save dialog in the
documents folder, the button off while the file is written in the background, a status line when it
is saved, and a message the user can act on when it could not be (a full disk, a folder without
write permission).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.background import run_in_background
from dutyroom.gui.common.file_dialog import save_file_name
from dutyroom.gui.common.prompts import inform
from dutyroom.gui.common.widgets import show_status, while_alive
from dutyroom.outputs import OutputRefused, check_output

KINDS = {"pdf": ("PDF 文件 (*.pdf)", ".pdf"), "xlsx": ("Excel 工作簿 (*.xlsx)", ".xlsx"),
         "ics": ("日历文件 (*.ics)", ".ics")}


def ask_path(parent, title: str, name: str, kind: str) -> str | None:
    """A save-file dialog in the documents folder; the extension is added when left off.

    The dialog itself asks before replacing the file it was given; a file that exists only under
    the added extension is asked about here. A path that must not be written (the open database,
    the program's data folder) is refused with a message, and None returned.
    """
    pattern, suffix = KINDS[kind]
    path = save_file_name(parent, title, name, pattern)
    if not path:
        return None
    if not path.lower().endswith(suffix):
        path += suffix
        if Path(path).exists() and QMessageBox.question(
                parent, title, f"“{Path(path).name}”已存在，要替换它吗？") != QMessageBox.StandardButton.Yes:
            return None
    try:
        return str(check_output(path, kind, overwrite=True))
    except OutputRefused as exc:
        parent.prompt = inform(parent, title, exc.message)
        return None


def save_failure(exc: Exception, what: str) -> str:
    """What to tell the user when a file could not be written."""
    if isinstance(exc, DutyRoomError):
        return exc.message
    if isinstance(exc, OSError):
        return f"无法保存文件：{exc.strerror or exc}。请换一个文件夹或文件名再试。"
    return f"生成{what}时出错：{exc}"


def write_in_background(page, button, what: str, work: Callable[[], object], *,
                        on_saved: Callable[[str], None] | None = None,
                        on_failed: Callable[[str], None] | None = None) -> None:
    """Run `work` (it writes a file and returns its path) in the background, the button off meanwhile.

    The outcome goes to the main window's status bar and, on failure, a message box; a dialog with a
    message line of its own passes `on_saved` (given the path) and `on_failed` (given the text) instead.
    """
    if (on_saved is None) != (on_failed is None):
        raise TypeError("on_saved and on_failed replace the status bar together")
    button.setEnabled(False)
    if on_saved is None:
        show_status(page, f"正在生成{what}…", 0)

    def done(path) -> None:
        button.setEnabled(True)
        if on_saved is not None:
            on_saved(path)
        else:
            show_status(page, f"{what}已保存：{path}", 20000)

    def failed(exc: Exception) -> None:
        button.setEnabled(True)
        if on_failed is not None:
            on_failed(save_failure(exc, what))
            return
        show_status(page, "")
        page.prompt = inform(page, what, save_failure(exc, what))

    run_in_background(work, while_alive(page, done), while_alive(page, failed))


def save_document(page, button, what: str, write: Callable[[str], object], *, title: str = "", name: str = "",
                  kind: str = "pdf", path: str | None = None, on_saved: Callable[[str], None] | None = None,
                  on_failed: Callable[[str], None] | None = None) -> str | None:
    """Ask where to save (`title`, suggested file `name`, `kind` pdf/xlsx/ics) unless `path` is given,
    then run `write(path)` in the background as write_in_background does. Returns the path, or None
    when the user cancelled the dialog.

    `write` runs off the GUI thread: it must not touch widgets, only the values it closes over.
    """
    path = path or ask_path(page, title, name, kind)
    if not path:
        return None

    def work() -> str:
        write(path)
        return path

    write_in_background(page, button, what, work, on_saved=on_saved, on_failed=on_failed)
    return path
