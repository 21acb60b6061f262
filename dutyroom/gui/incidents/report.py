"""报送首报 / 续报 / 终报: the next report of the chain, prefilled from the facts; frozen once sent.

The kind is preselected by the chain (首报 first, then 续报; 终报 when the officer says so), the
content drafted from the incident by assemble_narrative, recipients, channel and signer carried over
from the previous report, the sent time now (editable: one often phones first and types after).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dutyroom.domain.vocabulary import Channel, ReportKind
from dutyroom.errors import DutyRoomError, PermissionDenied, ValidationError
from dutyroom.gui.common.buttons import show_save_label
from dutyroom.gui.common.drafts import DraftKeeper
from dutyroom.gui.common.editor import RowErrors
from dutyroom.gui.common.forms import child, load_form
from dutyroom.gui.common.inputs import from_qdatetime, to_qdatetime
from dutyroom.gui.common.prompts import error_text, inform, mark
from dutyroom.gui.common.saving_dialog import SavingDialog
from dutyroom.services.incidents.records import IncidentRecord, ReportRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

FIELDS = {"kind": "kind_combo", "content": "content_edit", "recipients": "recipients_edit",
          "channel": "channel_combo", "sent_at": "sent_at_edit", "signer": "signer_edit"}
FROZEN_HINT = "报送后本报告即锁定，不能再修改；如需更正或补充，请另报续报。"


def next_kind(reports: list[ReportRecord]) -> ReportKind | None:
    """What the chain owes next: 首报 until one is sent, then 续报; None after the 终报."""
    kinds = {r.kind for r in reports if r.sent_at is not None}
    if ReportKind.FINAL in kinds:
        return None
    return ReportKind.FOLLOW_UP if ReportKind.FIRST in kinds else ReportKind.FIRST


def draft_key(incident_id: int) -> str:
    return f"report:{incident_id}"


def prefill_content(incident: IncidentRecord, reports: list[ReportRecord], zone_name: str) -> str:
    try:
        from dutyroom.domain.bulletin_text import assemble_narrative
    except ImportError:  # pragma: no cover - the documents module is optional for the form
        return ""
    return assemble_narrative(incident, [r for r in reports if r.sent_at is not None], zone=zone_name)


class ReportDialog(SavingDialog, QDialog):
    sent = Signal(object)  # ReportRecord

    def __init__(self, services: Services, actor, incident: IncidentRecord, reports: list[ReportRecord],
                 parent: QWidget | None = None, *, kind: ReportKind | None = None, view: ReportRecord | None = None,
                 draft: dict | None = None, zone: str | None = None):
        """`zone`: the office's, as the page read it with the incident (else read here)."""
        super().__init__(parent)
        self.services, self.actor, self.incident = services, actor, incident
        self.zone_name = zone or services.settings.get().time_zone
        self.reports = reports
        self.report = view or next((r for r in reports if r.sent_at is None), None)  # a saved draft continues
        self.frozen = view is not None and view.sent_at is not None
        self.form = load_form("incident_report", self)
        self.inputs = {name: child(self.form, QWidget, obj) for name, obj in FIELDS.items()}
        self.kind_combo: QComboBox = self.inputs["kind"]
        self.content_edit: QPlainTextEdit = self.inputs["content"]
        self.recipients_edit: QLineEdit = self.inputs["recipients"]
        self.channel_combo: QComboBox = self.inputs["channel"]
        self.sent_at_edit: QDateTimeEdit = self.inputs["sent_at"]
        self.signer_edit: QLineEdit = self.inputs["signer"]
        for member in ReportKind:
            self.kind_combo.addItem(member.label, member.value)  # Qt hands str enums back as plain str
        for member in Channel:
            self.channel_combo.addItem(member.label, member.value)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.hint = mark(QLabel(FROZEN_HINT, self), "hint")
        self.message = mark(QLabel(self), "error")
        self.message.setObjectName("dialog_message")
        self.message.hide()
        self.buttons = QDialogButtonBox(self)
        self.send_button = self.buttons.addButton("确认报送", QDialogButtonBox.ButtonRole.AcceptRole)
        # Sending is done the moment it is pressed and cannot be undone (the report is frozen): not on a
        # plain Enter typed in 签发人 or 上报对象, only on the button or Ctrl+Enter (found by hand).
        self.send_button.setAutoDefault(False)
        self.draft_button = self.buttons.addButton("存为草稿", QDialogButtonBox.ButtonRole.ActionRole)
        self.draft_button.setAutoDefault(False)
        close = self.buttons.addButton("关闭" if self.frozen else "取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button = close
        close.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.buttons)
        self.errors = RowErrors(self.form, FIELDS, lambda name: self.inputs[name])
        self.send_button.clicked.connect(self.send)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, lambda: self.send_button.isVisible() and self.send_button.click())
        self.draft_button.clicked.connect(self.save_draft)
        close.clicked.connect(self.reject)
        self.kind_combo.currentIndexChanged.connect(lambda *_: self._show_heading())
        self._fill(kind)
        self.drafts = None
        if self.frozen:
            self._freeze()
        else:
            self.drafts = DraftKeeper(services, actor, draft_key(incident.id), self.inputs, parent=self)
            if draft is not None:
                self.drafts.apply(draft)
            self.rejected.connect(self.drafts.discard)
            self.sent.connect(lambda *_: self.drafts.discard())
        self._show_heading()
        self.resize(760, 620)
        self.content_edit.setFocus()

    def _fill(self, kind: ReportKind | None) -> None:
        report = self.report
        if report is not None:
            kind = kind or report.kind
            self.content_edit.setPlainText(report.content)
            self.recipients_edit.setText(report.recipients)
            self.channel_combo.setCurrentIndex(self.channel_combo.findData(report.channel.value))
            self.signer_edit.setText(report.signer)
        else:
            previous = next((r for r in reversed(self.reports) if r.sent_at is not None), None)
            self.content_edit.setPlainText(prefill_content(self.incident, self.reports, self.zone_name))
            if previous is not None:
                self.recipients_edit.setText(previous.recipients)
                self.channel_combo.setCurrentIndex(self.channel_combo.findData(previous.channel.value))
                self.signer_edit.setText(previous.signer)
        kind = kind or next_kind(self.reports) or ReportKind.FOLLOW_UP
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(ReportKind(kind).value))
        when = report.sent_at if report is not None and report.sent_at else self.services.clock.now()
        self.sent_at_edit.setDateTime(to_qdatetime(when, self.zone_name))

    def _show_heading(self) -> None:
        kind = self.current_kind()
        if self.frozen:
            title = self.report.title
        elif kind == ReportKind.FOLLOW_UP:
            title = ReportRecord(0, kind, 1 + sum(1 for r in self.reports if r.sent_at is not None
                                                  and r.kind == ReportKind.FOLLOW_UP), "").title
        else:
            title = kind.label
        self.setWindowTitle(f"{'查看' if self.frozen else '报送'}{title} — {self.incident.title}")
        self.heading.setText(f"<b>{title}</b>：{self.incident.title}")
        show_save_label(self.send_button, f"确认报送{title}")

    def current_kind(self) -> ReportKind:
        return ReportKind(self.kind_combo.currentData())

    def _freeze(self) -> None:
        for widget in self.inputs.values():
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.setReadOnly(True)
            else:
                widget.setEnabled(False)
        self.send_button.hide()
        self.draft_button.hide()
        self.hint.setText(f"已于 {self.sent_at_edit.dateTime().toString('yyyy-MM-dd HH:mm')} 由 "
                          f"{self.report.sent_by} 报送，内容已锁定。")

    # -- acting ------------------------------------------------------------------------------------
    def collect(self) -> ReportRecord:
        base = self.report or ReportRecord(self.incident.id, ReportKind.FIRST, 0, "")
        return replace(base, kind=self.current_kind(), content=self.content_edit.toPlainText(),
                       recipients=self.recipients_edit.text(), channel=Channel(self.channel_combo.currentData()),
                       signer=self.signer_edit.text(),
                       sent_at=from_qdatetime(self.sent_at_edit.dateTime(), self.zone_name))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        # QDialog presses a button on a plain Enter: here that would send (and freeze) a report half read.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier and self.send_button.isVisible():
                self.send_button.click()  # Ctrl+Enter from a one-line field (the shortcut covers the others)
            return
        super().keyPressEvent(event)

    def send(self) -> None:
        incidents, actor = self.services.incidents, self.actor
        self._run(lambda rec: incidents.send_report(actor, rec), sent=True)

    def save_draft(self) -> None:
        incidents, actor = self.services.incidents, self.actor
        self._run(lambda rec: incidents.draft_report(actor, replace(rec, sent_at=None)), sent=False)

    def _run(self, action, *, sent: bool) -> None:
        """Off the GUI thread (SavingDialog): a server that stops answering leaves the window and its alarms
        running; the buttons wait, and what was typed stays as it is whatever the answer."""
        if self.saving:
            return
        self.errors.clear()
        self.message.hide()
        record = self.collect()
        buttons = (self.send_button, self.draft_button, self.close_button) if sent else \
            (self.draft_button, self.send_button, self.close_button)
        self.save_in_background(lambda: action(record), lambda result: self._done(result, sent), self._refused,
                                buttons)

    def _done(self, result: ReportRecord, sent: bool) -> None:
        self.report = result
        if sent:
            self.sent.emit(result)
            self.accept()
        else:
            self.drafts.discard(keep_watching=True)
            self._message("草稿已保存（尚未报送）。", role="ok")

    def _refused(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            leftovers, first = self.errors.show(exc.fields)
            if leftovers:
                self._message("；".join(leftovers))
            if first is not None:
                self.inputs[first].setFocus()
        elif isinstance(exc, PermissionDenied):
            inform(self, "没有权限", exc.message)
        elif isinstance(exc, DutyRoomError):
            self._message(exc.message)
        else:
            raise exc  # a fault of the program: the global handler reports it

    def _message(self, text: str, role: str = "error") -> None:
        mark(self.message, role)
        self.message.setText(error_text(text) if role == "error" else text)
        self.message.show()
