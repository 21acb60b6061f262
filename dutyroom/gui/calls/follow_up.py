"""督办: every assigned (转办) call not yet closed, due soonest first, overdue ones marked; and the three
things a duty officer does with them — chase the unit (催办), write down its feedback (反馈), close (办结)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dutyroom.domain.localtime import DEFAULT_ZONE, format_local
from dutyroom.domain.vocabulary import FollowUpKind, FollowUpStatus
from dutyroom.errors import DutyRoomError, PermissionDenied, ValidationError
from dutyroom.gui.calls.detail import caller_text, facts_html, heading_text
from dutyroom.gui.calls.table import CallTable
from dutyroom.gui.common.buttons import bind_save_keys, button_bar, show_save_label
from dutyroom.gui.common.editor import RowErrors, set_row_visible
from dutyroom.gui.common.forms import child, load_form
from dutyroom.gui.common.loading import load
from dutyroom.gui.common.prompts import error_text, inform, mark
from dutyroom.gui.common.saving_dialog import SavingDialog
from dutyroom.gui.common.splitter import list_and_detail
from dutyroom.gui.common.table_model import Column, RecordTableModel
from dutyroom.gui.common.widgets import rich_text_area, set_role
from dutyroom.services.calls.records import CallRecord, CallRow

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

FOLLOW_LIMIT = 500


def due_text(row: CallRow) -> str:
    if row.due_on is None:
        return "未定期限"
    text = f"{row.due_on.month}月{row.due_on.day}日"
    return f"⚠ {text}（逾期 {row.overdue_days} 天）" if row.overdue_days > 0 else text


class FollowUpModel(RecordTableModel):
    """The open 转办 calls as the service orders them (due soonest first, no due date last)."""

    def __init__(self, zone_name: Callable[[], str], parent=None):
        super().__init__(parent)
        self._overdue = QColor()
        self.columns = (
            Column("反馈期限", due_text, bold=lambda r: r.overdue_days > 0),
            Column("状态", lambda r: (r.follow_status or FollowUpStatus.PENDING).label),
            Column("承办单位", lambda r: r.assigned_unit),
            Column("来电时间", lambda r: format_local(r.started_at, zone_name(), "%m-%d %H:%M")),
            Column("来电人", lambda r: r.caller_name),
            Column("值班员", lambda r: r.officer),
            Column("内容摘要", lambda r: " ".join(r.summary.split())),
        )

    def set_overdue_colour(self, colour: QColor) -> None:
        self._overdue = QColor(colour)
        if self._records:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._records) - 1, 0))

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == 0
                and index.row() < len(self._records) and self._records[index.row()].overdue_days > 0):
            return self._overdue if self._overdue.isValid() else None
        return super().data(index, role)


class FollowUpDialog(SavingDialog, QDialog):
    """催办 / 反馈 / 办结 of one call: a note (and for 反馈 the unit's status), saved through the service off
    the GUI thread (SavingDialog): a slow database leaves the window running; the note stays on a refusal."""

    done = Signal(object)  # the CallRecord after the write
    TITLES = {FollowUpKind.CHASE: ("催办", "催办内容", "保存催办"), FollowUpKind.FEEDBACK: ("承办单位反馈", "反馈内容", "保存反馈"),
              FollowUpKind.CLOSE: ("办结", "办结说明", "确认办结")}

    def __init__(self, services: Services, actor, record: CallRecord, kind: FollowUpKind, parent: QWidget | None = None,
                 *, zone: str | None = None):
        """`zone`: the office's, as the page read it (else read here)."""
        super().__init__(parent)
        self.services, self.actor, self.record, self.kind = services, actor, record, kind
        title, note_label, save_text = self.TITLES[kind]
        self.setWindowTitle(f"{title} — {record.assigned_unit or caller_text(record)}")
        self.form = load_form("call_follow_up", self)
        zone = zone or services.settings.get().time_zone
        due = f" · 反馈期限 {record.due_on.month}月{record.due_on.day}日" if record.due_on else ""
        child(self.form, QLabel, "call_text").setText(
            f"{heading_text(record, zone)}\n{record.summary[:200]}\n承办单位：{record.assigned_unit}{due}")
        child(self.form, QLabel, "note_label").setText(f"{note_label}(&N)")
        self.note_edit: QPlainTextEdit = child(self.form, QPlainTextEdit, "note_edit")
        self.status_combo: QComboBox = child(self.form, QComboBox, "status_combo")
        for status in (FollowUpStatus.IN_PROGRESS, FollowUpStatus.CLOSED):
            self.status_combo.addItem(status.label, status.value)
        if kind != FollowUpKind.FEEDBACK:
            set_row_visible(self.status_combo, False)
        placeholders = {FollowUpKind.CHASE: "如：已电话催促城建局尽快反馈，对方答复本周内处理完毕",
                        FollowUpKind.FEEDBACK: "承办单位反馈的办理情况",
                        FollowUpKind.CLOSE: "办结情况（可不填）"}
        self.note_edit.setPlaceholderText(placeholders[kind])
        self.errors = RowErrors(self.form, {"note": "note_edit", "status": "status_combo"},
                                lambda name: self.note_edit if name == "note" else self.status_combo)
        self.message = mark(QLabel(self), "error")
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        show_save_label(self.save_button, save_text)
        bind_save_keys(self, self.submit)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("取消")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.note_edit.setFocus()

    def submit(self) -> None:
        self.errors.clear()
        self.message.hide()
        note = self.note_edit.toPlainText()
        calls, call_id, actor = self.services.calls, self.record.id, self.actor
        if self.kind == FollowUpKind.CHASE:
            work = lambda: calls.chase(actor, call_id, note)  # noqa: E731 - one of three saves, chosen here
        elif self.kind == FollowUpKind.FEEDBACK:
            status = FollowUpStatus(self.status_combo.currentData())
            work = lambda: calls.record_feedback(actor, call_id, note, status)  # noqa: E731
        else:
            work = lambda: calls.close(actor, call_id, note)  # noqa: E731
        self.save_in_background(work, self._saved, self._refused, (self.save_button, self.cancel_button))

    def _saved(self, result) -> None:
        self.done.emit(result)
        self.accept()

    def _refused(self, error: Exception) -> None:
        if isinstance(error, ValidationError):
            # The note is called "note" or "feedback" by the service; both are this one text box.
            fields = {("note" if name in ("note", "feedback") else name): message
                      for name, message in error.fields.items()}
            leftovers, first = self.errors.show(fields)
            if leftovers:
                self.message.setText(error_text("；".join(leftovers)))
                self.message.show()
            (self.status_combo if first == "status" else self.note_edit).setFocus()
        elif isinstance(error, PermissionDenied):
            inform(self, "没有权限", error.message)
        elif isinstance(error, DutyRoomError):
            self.message.setText(error_text(error.message))
            self.message.show()
        else:
            raise error


class FollowUpView(QWidget):
    """The 督办 tab. The page refreshes it on changes of calls and runs its buttons (actions.py)."""

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.rows: list[CallRow] = []
        self.summary = QLabel(self)
        self.summary.setObjectName("followUpSummary")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.summary, 1)
        self.buttons = button_bar(self, (("chase", "催办…", "记录一次催办（已催促承办单位）"),
                                         ("feedback", "反馈…", "记录承办单位的反馈和办理状态"),
                                         ("close", "办结…", "确认这件转办事项已办结"),
                                         ("edit", "修改…", "修改这条来电（如承办单位、反馈期限）")),
                                  suffix="FollowUpButton", row=bar)
        #: the office's zone as the last refresh read it: a painted cell must not ask the database
        self.zone = DEFAULT_ZONE
        self.model = FollowUpModel(lambda: self.zone, self)
        self.table = CallTable(self.model, self)
        self.table.setObjectName("callTable")  # the same qss colour for overdue rows as the log
        self.table.set_widths({0: "⚠ 10月27日（逾期 25 天）", 1: "办理中", 2: "城关街道办事处", 3: "11-21 09:05",
                               4: "欧阳先生", 5: "周晓梅"}, stretch=6, bold=(0,))
        self.log, scroll = rich_text_area(self, "followUpLog")
        self.splitter = list_and_detail(self, self.table, scroll, sizes=(330, 170))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        self.record: CallRecord | None = None
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_selected())

    def refresh(self) -> None:
        """The open 转办 calls and the office's zone, read off the GUI thread (common/loading.py)."""
        keep = self.record.id if self.record is not None else None
        services = self.services
        load(self, "rows", lambda: (services.settings.get().time_zone, services.calls.follow_ups(FOLLOW_LIMIT)),
             lambda read: self._listed(read, keep), failed=self._list_failed)

    def _list_failed(self, exc: DutyRoomError) -> None:
        self.summary.setText("⚠ " + exc.message)
        set_role(self.summary, "error")

    def _listed(self, read, keep: int | None) -> None:
        self.zone, self.rows = read
        overdue = sum(1 for r in self.rows if r.overdue_days > 0)
        more = "（只列出最早到期的 500 件）" if len(self.rows) >= FOLLOW_LIMIT else ""
        text = f"未办结的转办件 {len(self.rows)} 件" + (f"，其中 <b>⚠ 逾期 {overdue} 件</b>" if overdue else "")
        self.summary.setText((text + more) if self.rows else "没有未办结的转办件。")
        set_role(self.summary, "")
        self.model.set_records(self.rows)
        row = next((i for i, r in enumerate(self.rows) if r.id == keep), 0 if self.rows else -1)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        self.show_selected()

    def selected_row(self) -> CallRow | None:
        index = self.table.currentIndex()
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None

    def show_selected(self) -> None:
        """The chosen call's 督办 record, read off the GUI thread; the buttons wait for it."""
        row = self.selected_row()
        self.record = None
        for button in self.buttons.values():
            button.setEnabled(False)
        if row is None:
            self.log.setText("选择一件转办事项，查看它的督办记录。" if self.rows else "")
            return
        calls, call_id = self.services.calls, row.id

        def fetch():
            record = calls.get(call_id)
            try:
                today = calls.today()
            except DutyRoomError:
                today = None
            return record, today

        load(self, "record", fetch, self._record_read, failed=lambda exc: self.log.setText("⚠ " + exc.message))

    def _record_read(self, read) -> None:
        self.record, today = read
        self.log.setText(f"<b>{heading_text(self.record, self.zone)}</b>" + facts_html(self.record, self.zone, today))
        for button in self.buttons.values():
            button.setEnabled(True)
