"""文件 page: the documents the scheduled jobs stored in the database (每日要情 at 18:00, the monthly
信息报告情况通报 for the leaders), the same list on every workstation, whichever one ran the job.

Keys, shown on the buttons: Enter 打开 (the system's PDF reader, where it is printed), Ctrl+S 另存为.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from dutyroom.gui.common.background import run_in_background
from dutyroom.gui.common.buttons import button_bar
from dutyroom.gui.common.documents import save_document, save_failure
from dutyroom.gui.common.loading import loading
from dutyroom.gui.common.paged_model import bound_resize, reread
from dutyroom.gui.common.prompts import inform
from dutyroom.gui.common.table_tab import make_table
from dutyroom.gui.common.widgets import add_shortcut, set_role, show_status, while_alive
from dutyroom.gui.documents.models import DocumentListModel
from dutyroom.gui.page import Page
from dutyroom.services.documents import DocumentInfo
from dutyroom.services.events import EntityKind
from dutyroom.services.records import OfficeSettings

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

EMPTY = ("还没有定时生成的文件。每日要情每天 18:00 生成，上月的突发事件信息报告情况通报每月 1 日 9:00 生成；"
         "生成后在这里打开、打印或另存，每台工作站看到的都一样。")
HINT = "按 Enter 用 PDF 阅读器打开（在阅读器中打印），Ctrl+S 另存为。"


def opened_copy(services: Services, doc: DocumentInfo) -> Path:
    """The stored PDF written where the system's reader can open it: a temporary folder of this program,
    never the data folder (a file there is what the database replaced)."""
    # One folder per user, only theirs: on a shared computer /tmp is everyone's, and these are office papers.
    owner = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    folder = Path(tempfile.gettempdir()) / f"dutyroom-documents-{owner}"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / f"{doc.id}-{doc.file_name}"
    path.write_bytes(services.documents.content(doc.id))
    return path


class DocumentsPage(Page):
    title = "文件"
    watches = frozenset({EntityKind.DOCUMENT, EntityKind.SETTING})

    def __init__(self, services: Services, actor, parent: QWidget | None = None):
        super().__init__(services, actor, parent)
        self.setObjectName("documents_page")
        self.prompt = None
        self.last_opened: Path | None = None
        # Read with every refresh, off the GUI thread; the page is built on the default zone meanwhile.
        self.zone_name = OfficeSettings.time_zone
        self._restart_wanted = False
        self._select_later: int | None = None  # asked for while the list is read: chosen once it is in
        bar = QHBoxLayout()
        self.buttons = button_bar(self, (
            ("open", "打开 Enter", "用 PDF 阅读器打开所选文件，在阅读器中打印"),
            ("save", "另存为… Ctrl+S", "把所选文件保存到一个文件夹（U 盘、共享文件夹）")), row=bar)
        set_role(self.buttons["open"], "primary")
        self.hint = QLabel(HINT, self)
        set_role(self.hint, "hint")
        bar.addWidget(self.hint)
        bar.addStretch(1)
        self.model = DocumentListModel(self._fetch, lambda: self.zone_name, parent=self)
        self.model.read_failed.connect(lambda exc: show_status(self, "⚠ 读取文件列表失败：" + exc.message, 15000))
        self.table = make_table(self.model, self)
        bound_resize(self.table)
        self.table.setObjectName("documentList")
        self.empty = QLabel(EMPTY, self)
        self.empty.setWordWrap(True)
        set_role(self.empty, "hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        # With nothing to list (the table hidden), the rest of the height stays below the words, not between
        # the buttons and them (the buttons floated to the middle of the page).
        layout.addStretch(0)
        self.buttons["open"].clicked.connect(self.open_selected)
        self.buttons["save"].clicked.connect(self.save_selected)
        self.table.activated.connect(lambda *_: self.open_selected())
        add_shortcut(self, ("Ctrl+S",), self.save_selected)
        self.setFocusProxy(self.table)
        self.refresh(restart=True)

    # -- data ----------------------------------------------------------------------------------------
    def _fetch(self, after: DocumentInfo | None, limit: int) -> list[DocumentInfo]:
        # On a worker thread for a refresh: a failure reaches the model, which keeps what it shows and
        # says so in the status line (read_failed above), never a box.
        return self.services.documents.page(after, limit)

    def refresh(self, *, restart: bool = False) -> None:
        """Off the GUI thread (Page.load): the list shown stays until the read answers."""
        self._restart_wanted = self._restart_wanted or restart
        settings = self.services.settings
        self.load("settings", lambda: settings.get().time_zone, self._zone_read)

    def _zone_read(self, zone: str) -> None:
        self.zone_name = zone
        restart, self._restart_wanted = self._restart_wanted, False
        keep = self.selected()
        reread(self.model, self.table, restart=restart, then=lambda: self._listed(keep))

    def _listed(self, keep: DocumentInfo | None) -> None:
        empty = self.model.rowCount() == 0
        self.empty.setVisible(empty)
        self.table.setVisible(not empty)
        for button in self.buttons.values():
            button.setEnabled(not empty)
        asked, self._select_later = self._select_later, None
        if asked is not None and not self.select(asked):
            show_status(self, "在该页面的列表中没有找到这一项，可能已被删除或不在当前筛选范围内。", 10000)
        kept = asked is not None or keep is not None and self.select(keep.id)
        if not kept and not empty and self.table.currentIndex().row() < 0:
            self.select(self.model.record(0).id)
        self.table.resizeColumnsToContents()

    def selected(self) -> DocumentInfo | None:
        row = self.table.currentIndex().row()
        return self.model.record(row) if 0 <= row < self.model.rowCount() else None

    def select(self, document_id) -> bool:
        """Show one document (the main window's open_item); False when it is not in the list."""
        if loading(self, "settings") or loading(self.model, "rows"):
            self._select_later = int(document_id)  # the list is being read: chosen once it is in
            return True
        row = self.model.row_of(int(document_id))
        while row < 0 and self.model.canFetchMore():
            self.model.fetchMore()
            row = self.model.row_of(int(document_id))
        if row < 0:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    # -- actions -------------------------------------------------------------------------------------
    def open_selected(self) -> None:
        doc = self.selected()
        if doc is None:
            return
        button = self.buttons["open"]
        button.setEnabled(False)
        show_status(self, f"正在打开{doc.title}…", 0)

        def opened(path: Path) -> None:
            button.setEnabled(True)
            self.last_opened = path
            if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
                show_status(self, f"已打开{doc.title}（在 PDF 阅读器中打印）", 15000)
            else:
                show_status(self, "")
                self.prompt = inform(self, "打开文件", f"这台电脑上没有可以打开 PDF 的程序。文件已放在：{path}，"
                                                   "也可以按 Ctrl+S 另存后在别处打开、打印。")

        def failed(exc: Exception) -> None:
            button.setEnabled(True)
            show_status(self, "")
            self.prompt = inform(self, "打开文件", save_failure(exc, doc.title))

        run_in_background(lambda: opened_copy(self.services, doc), while_alive(self, opened), while_alive(self, failed))

    def save_selected(self) -> str | None:
        doc = self.selected()
        if doc is None:
            return None
        documents = self.services.documents
        return save_document(self, self.buttons["save"], doc.title,
                             lambda path: Path(path).write_bytes(documents.content(doc.id)),
                             title=f"另存{doc.kind_label}（PDF）", name=doc.file_name)
