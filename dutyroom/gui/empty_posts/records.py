"""空岗记录: the empty posts found by the checks, newest first. The officer writes the explanation
(情况说明, Ctrl+E); the leader-on-duty closes a record (Ctrl+D), after which it is kept as it was.

Opened from the main window (值班 → 空岗记录, Ctrl+K); bounded by what the checks find, so a plain model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from dutyroom.domain.localtime import format_local
from dutyroom.domain.vocabulary import Role
from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.gui.common.buttons import busy, button_bar, run_pressed
from dutyroom.gui.common.drafts import kept_draft
from dutyroom.gui.common.loading import load
from dutyroom.gui.common.opening import open_when_read
from dutyroom.gui.common.prompts import error_text, mark
from dutyroom.gui.common.table_model import Column, RecordTableModel
from dutyroom.gui.common.table_tab import make_table
from dutyroom.gui.empty_posts.explain import ExplanationDialog, draft_key
from dutyroom.services.empty_posts.records import EmptyPostRecord
from dutyroom.services.records import OfficeSettings

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services


class EmptyPostModel(RecordTableModel):
    def __init__(self, zone_name, parent=None):
        super().__init__(parent)
        self.columns = (
            Column("时间", lambda p: format_local(p.at, zone_name(), "%m-%d %H:%M"), sort_key=lambda p: p.at),
            Column("情况", lambda p: p.kind.label),
            Column("班次", lambda p: f"{p.duty_date:%m-%d} {p.shift_name}" if p.duty_date else p.shift_name),
            Column("在班人员", lambda p: p.rostered or "未排班"),
            Column("情况说明", lambda p: p.explanation or "（尚未说明）"),
            Column("状态", lambda p: f"✓ {p.closed_by}已关闭" if p.closed_at else "▲ 待关闭",
                   bold=lambda p: p.closed_at is None),
        )


class EmptyPostsDialog(QDialog):
    def __init__(self, services: Services, actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.prompt = None
        self.setWindowTitle("空岗记录")
        self.zone_name = OfficeSettings.time_zone  # the office's zone, read with the list: a painted cell never reads the database
        self.model = EmptyPostModel(lambda: self.zone_name, self)
        self.table = make_table(self.model, self)
        self.table.setObjectName("emptyPostTable")
        self.open_only = QCheckBox("只看未关闭（Ctrl+O）", self)
        self.open_only.setChecked(True)
        self.message = mark(QLabel(self), "error")
        self.message.hide()
        bar = QHBoxLayout()
        self.buttons = button_bar(self, (("explain", "情况说明 Ctrl+E…", "写明空岗的原因（值班员）"),
                                         ("close", "关闭 Ctrl+D", "带班领导审核后关闭此记录")), row=bar)
        bar.addStretch(1)
        bar.addWidget(self.open_only)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭窗口")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.buttons["explain"].clicked.connect(self.explain)
        self.buttons["close"].clicked.connect(self.close_selected)
        self.open_only.toggled.connect(lambda *_: self.refresh())
        for key, slot in (("Ctrl+E", self.explain), ("Ctrl+D", self.close_selected), ("Ctrl+O", self.open_only.toggle)):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda *_, s=slot: s())
            self.addAction(action)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.resize(980, 460)
        self.refresh()

    def refresh(self) -> None:
        """Off the GUI thread (common/loading.py): the list shown stays until the read answers."""
        empty_posts, open_only, settings = self.services.empty_posts, self.open_only.isChecked(), self.services.settings
        load(self, "list", lambda: (settings.get().time_zone, empty_posts.list(open_only=open_only)), self._listed)

    def _listed(self, read) -> None:
        self.zone_name, records = read
        keep = self.selected()
        self.model.set_records(records)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(4, min(self.table.columnWidth(4), 320))  # the status stays in sight
        row = self.model.row_of(keep.id) if keep is not None else -1
        if self.model.rowCount():
            self.table.selectRow(max(row, 0))
        self._enable()

    def selected(self) -> EmptyPostRecord | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() and index.row() < self.model.rowCount() else None

    def _enable(self) -> None:
        post = self.selected()
        open_ = post is not None and post.is_open
        self.buttons["explain"].setEnabled(open_)
        self.buttons["close"].setEnabled(open_ and self.actor.role == Role.LEADER and not busy(self.buttons["close"]))
        self.buttons["close"].setToolTip("带班领导审核后关闭此记录" if self.actor.role == Role.LEADER
                                         else "只有带班领导可以关闭空岗记录")

    def explain(self) -> None:
        post = self.selected()
        if post is None or not post.is_open or post.id is None:
            return
        services, actor, zone = self.services, self.actor, self.zone_name

        def show(kept: dict | None) -> None:
            box = ExplanationDialog(services, actor, post, self, zone=zone, kept=kept)
            box.saved.connect(lambda *_: self.refresh())
            self.prompt = box
            box.open()

        # The kept draft is read off the GUI thread (common/opening.py): Ctrl+E never waits on the database.
        open_when_read(self, lambda: kept_draft(services.empty_posts, actor, draft_key(post)), show,
                       what="情况说明", button=self.buttons["explain"])

    def close_selected(self) -> None:
        post = self.selected()
        if post is None or not post.is_open or post.id is None or self.actor.role != Role.LEADER:
            return
        assert post.id is not None
        button = self.buttons["close"]
        if busy(button):  # the last 关闭 still waits on the database: its answer comes first
            return
        self.message.hide()
        empty_posts, actor = self.services.empty_posts, self.actor

        def then(callback):
            def run(value) -> None:
                self._enable()
                callback(value)
                self.refresh()
            return run

        # Off the GUI thread: a server that stops answering leaves the window, its clock and alarms running.
        run_pressed(self, button, "正在关闭…", lambda: empty_posts.close(actor, post.id, post.version),
                    then(lambda _: None), then(self._refused))

    def _refused(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self.message.setText(error_text("；".join(exc.fields.values())))
        elif isinstance(exc, DutyRoomError):
            self.message.setText(error_text(exc.message))
        else:
            raise exc  # a fault of the program: the global handler reports it
        self.message.show()
