"""The audit log (操作日志): a lazy table and the integrity check of the hash chain."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from dutyroom.domain.localtime import DEFAULT_ZONE
from dutyroom.errors import DutyRoomError
from dutyroom.gui.admin.audit_model import AuditModel
from dutyroom.gui.common.background import run_in_background, run_operation
from dutyroom.gui.common.prompts import error_text, mark
from dutyroom.gui.common.table_tab import make_table
from dutyroom.gui.common.widgets import while_alive
from dutyroom.services.audit import ACTION_LABELS, ENTITY_LABELS

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

_WIDTHS = (170, 110, 110, 70, 70)


class AuditTab(QWidget):
    #: (checked up to seq, of total) from the verify thread; queued to the GUI thread by Qt
    verify_progress = Signal(int, int)

    def __init__(self, services: Services, actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("audit_tab")
        self.services = services
        self.actor = actor
        self.zone = DEFAULT_ZONE  # until the first reload brings the office's zone with the newest records
        self.loaded = False
        self.stale = False
        # Paged by seq (the last one shown), never by OFFSET: the last page of millions costs what the first does.
        # The newest page is read off the GUI thread (reload) and handed to the model as its first page.
        self._newest: list | None = None
        self._asked = 0
        self.model = AuditModel(self._page, lambda: self.zone, parent=self)
        # No sort/filter proxy: either would need every row, and the log grows without bound.
        self.view = make_table(self.model, self)
        self.view.setObjectName("table")
        header = self.view.horizontalHeader()
        for column, width in enumerate(_WIDTHS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(column, width)
        # 操作 and 对象 wide enough for their longest word (标记普遍性问题, 调班/代班): never "领导…".
        metrics = self.view.fontMetrics()
        for column, words in ((2, ACTION_LABELS.values()), (3, ENTITY_LABELS.values())):
            self.view.setColumnWidth(column, max(_WIDTHS[column], max(map(metrics.horizontalAdvance, words)) + 24))
        self.total: int | None = None
        self.model.rowsInserted.connect(lambda *_: self._show_count())

        self.refresh_button = QPushButton("刷新", self)
        self.refresh_button.setToolTip("从最新的一条重新读取（F5）")
        self.refresh_button.clicked.connect(lambda *_: self.reload())
        self.verify_button = QPushButton("校验完整性", self)
        self.verify_button.setObjectName("verify_button")
        self.verify_button.setToolTip("逐条核对操作日志的哈希链，发现被改动或删除的记录")
        self.verify_button.clicked.connect(lambda *_: self.verify())
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count_label")
        self.new_hint = mark(QLabel("有新的操作记录，按 F5 刷新查看", self), "hint")
        self.new_hint.hide()
        self.result_label = QLabel(self)
        self.result_label.setObjectName("verify_result")
        font = self.result_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.result_label.setFont(font)
        self.result_label.hide()

        toolbar = QHBoxLayout()
        toolbar.addWidget(self.refresh_button)
        toolbar.addWidget(self.verify_button)
        toolbar.addWidget(self.new_hint)
        toolbar.addStretch(1)
        toolbar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addWidget(self.result_label)
        layout.addWidget(self.view, 1)
        QShortcut(QKeySequence("F5"), self, activated=self.reload,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # -- loading ---------------------------------------------------------------------------------------
    def ensure_loaded(self) -> None:
        if not self.loaded or self.stale:
            self.reload()

    def reload(self) -> None:
        """From the newest record: its page and the total read off the GUI thread (a database far away or busy
        does not freeze the window), shown when they arrive; a later reload's answer wins."""
        self._asked += 1
        asked, audit, actor, size = self._asked, self.services.audit, self.actor, self.model.page_size
        settings = self.services.settings

        def read() -> tuple[str, list, int | None]:  # the zone too: a painted cell must not ask for it
            zone, page = settings.get().time_zone, audit.page(actor, 0, size)
            try:
                return zone, page, audit.count(actor)
            except DutyRoomError:
                return zone, page, None

        def shown(got: tuple[str, list, int | None]) -> None:
            if asked != self._asked:
                return
            self.zone, self._newest, self.total = got
            self.model.reload()  # takes the page just read (_page), reads nothing itself
            self._newest = None
            self.loaded, self.stale = True, False
            self.new_hint.hide()
            self._show_count()

        def failed(exc: Exception) -> None:
            if asked == self._asked:
                self.show_result(exc.message if isinstance(exc, DutyRoomError) else str(exc), ok=False)

        run_operation(read, while_alive(self, shown), while_alive(self, failed))

    def _page(self, after, limit: int) -> list:
        """The model's pages: the newest as reload read it, the next ones by seq as the view scrolls."""
        if after is None and self._newest is not None:
            return self._newest[:limit]
        return self.services.audit.page(self.actor, 0, limit, before=after.seq if after is not None else None)

    def _show_count(self) -> None:
        """After a page is fetched: the total is the one read at reload, not counted again per page."""
        loaded = self.model.loaded()
        total = self.total
        self.count_label.setText(f"共 {total} 条，已显示最新 {loaded} 条" if total and total > loaded
                                 else f"共 {loaded} 条")

    def changed_elsewhere(self, visible: bool) -> None:
        """New records were written. Reload at once only if that does not move what the user reads."""
        self.stale = True
        if not visible:
            return
        if self.model.loaded() <= self.model.page_size and self.view.verticalScrollBar().value() == 0:
            self.reload()
        else:
            self.new_hint.show()

    # -- integrity -------------------------------------------------------------------------------------
    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.show_result("正在校验操作日志……", ok=None)
        self.verify_progress.connect(self._progressed, Qt.ConnectionType.UniqueConnection)
        run_in_background(lambda: self.services.audit.verify(progress=self._report_progress),
                          while_alive(self, self._verified), while_alive(self, self._failed))

    def _report_progress(self, done: int, total: int) -> None:
        # Runs on the verify thread: only a signal crosses to the GUI (the tab may be gone by now).
        with suppress(RuntimeError):
            self.verify_progress.emit(done, total)

    def _progressed(self, done: int, total: int) -> None:
        if not self.verify_button.isEnabled():
            self.show_result(f"正在校验操作日志……已到第 {done} / {total} 条", ok=None)

    def _verified(self, report) -> None:
        self.verify_button.setEnabled(True)
        total = report.head.seq if report.head else 0
        since = f"（第 1—{report.start_seq - 1} 条上次已校验，本次校验了其后的 {report.checked} 条）" \
            if report.start_seq > 1 else ""
        if report.ok:
            self.show_result(f"✔ 审计日志完整，共 {total} 条{since}", ok=True)
        elif report.broken_seq is not None:
            more = "".join(f"\n另外：{p}" for p in report.problems[1:])
            self.show_result(f"第 {report.broken_seq} 条记录异常：{report.reason}{more}", ok=False)
        else:
            self.show_result(f"审计日志异常：{report.reason}", ok=False)

    def _failed(self, exc: Exception) -> None:
        self.verify_button.setEnabled(True)
        message = exc.message if isinstance(exc, DutyRoomError) else f"{type(exc).__name__}: {exc}"
        self.show_result(f"校验没有完成：{message}", ok=False)

    def show_result(self, text: str, ok: bool | None) -> None:
        # A broken chain means tampering: it gets the alarm look, not just red text.
        mark(self.result_label, {True: "ok", False: "alarm", None: "hint"}[ok])
        self.result_label.setText(error_text(text) if ok is False else text)
        self.result_label.show()
