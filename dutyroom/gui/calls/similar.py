"""相似来电: calls of the last days whose summary is close to the selected one, so a recurring problem
shows itself (苗头性、普遍性问题). One button marks the group 普遍性, one exports it for the report upward."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dutyroom.domain.localtime import DEFAULT_ZONE, format_local
from dutyroom.errors import DutyRoomError
from dutyroom.gui.calls.log_cells import flags_text
from dutyroom.gui.common.background import run_in_background
from dutyroom.gui.common.table_model import Column, RecordTableModel
from dutyroom.gui.common.table_tab import make_table
from dutyroom.gui.common.widgets import set_role, while_alive
from dutyroom.services.calls.records import CallRecord, CallRow, SimilarCall

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services


class SimilarModel(RecordTableModel):
    def __init__(self, zone_name: Callable[[], str], parent=None):
        super().__init__(parent)
        self.columns = (
            Column("相似度", lambda s: f"{round(s.score * 100)}%", sort_key=lambda s: s.score, align="right"),
            Column("时间", lambda s: format_local(s.call.started_at, zone_name(), "%m-%d %H:%M")),
            Column("来电人", lambda s: s.call.caller_name),
            Column("标记", lambda s: flags_text(s.call)),
            Column("内容摘要", lambda s: " ".join(s.call.summary.split())),
        )


class SimilarPanel(QWidget):
    def __init__(self, services: Services, actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.record: CallRecord | None = None
        self.similar: list[SimilarCall] = []
        self._asked = 0  # only the answer to the latest question is shown
        #: the office's zone and look-back as the last search read them: a painted cell must not ask the database
        self.zone, self.look_back = DEFAULT_ZONE, 30
        self.title = QLabel(self)
        self.title.setObjectName("similarTitle")
        self.hint = QLabel(self)
        set_role(self.hint, "hint")
        self.hint.setWordWrap(True)
        self.model = SimilarModel(lambda: self.zone, self)
        self.table = make_table(self.model, self)
        self.table.setObjectName("similarTable")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.mark_button = QPushButton("标记为普遍性", self)
        self.mark_button.setToolTip("把选中的相似来电（未选时为列出的全部）连同本条标记为普遍性问题")
        self.export_button = QPushButton("导出…", self)
        self.export_button.setToolTip("把本条和列出的相似来电导出为 Excel 表，供向上级报告")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.mark_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.show_for(None)

    def show_for(self, record: CallRecord | None) -> None:
        """Look for calls like `record` in the background; the list empties at once, fills when found."""
        self._asked += 1
        asked = self._asked
        self.record = record
        self.similar = []
        self.model.set_records([])
        self._show_title()
        self._enable()
        if record is None or not record.summary.strip():
            self.hint.setText("选择一条来电后，这里列出内容相近的来电。")
            return
        self.hint.setText("正在查找相似来电…")
        summary, call_id, services = record.summary, record.id, self.services

        def fetch():
            settings = services.settings.get()
            return settings.time_zone, settings.similar_days, services.calls.similar(summary, exclude_id=call_id)

        run_in_background(fetch,
                          while_alive(self, lambda found: self._found(asked, found)),
                          while_alive(self, lambda exc: self._failed(asked, exc)))

    def _show_title(self) -> None:
        self.title.setText(f"相似来电（近 {self.look_back} 天）")

    def _found(self, asked: int, read: tuple[str, int, list[SimilarCall]]) -> None:
        if asked != self._asked:
            return
        self.zone, self.look_back, found = read
        self._show_title()
        self.similar = list(found)
        self.model.set_records(self.similar)
        self.table.resizeColumnsToContents()
        if self.similar:
            widespread = sum(1 for s in self.similar if s.call.widespread)
            self.hint.setText(f"{len(self.similar)} 条相似来电" + (f"，其中 {widespread} 条已标记普遍性" if widespread
                                                                   else "，可能是反复出现的问题"))
        else:
            self.hint.setText("没有内容相近的来电。")
        self._enable()

    def _failed(self, asked: int, exc: Exception) -> None:
        if asked == self._asked:
            self.hint.setText("⚠ 查找相似来电失败：" + (exc.message if isinstance(exc, DutyRoomError) else str(exc)))

    def _enable(self) -> None:
        has = self.record is not None and bool(self.similar)
        self.mark_button.setEnabled(has)
        self.export_button.setEnabled(has)

    def chosen(self) -> list[CallRow]:
        """The selected similar calls, or all listed when none is selected."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        picked = [self.similar[row].call for row in rows] if rows else [s.call for s in self.similar]
        return picked

    def group_ids(self) -> list[int]:
        """This call and the chosen similar ones: what 标记为普遍性 marks."""
        ids = [self.record.id] if self.record is not None and self.record.id is not None else []
        return ids + [row.id for row in self.chosen() if row.id not in ids]
