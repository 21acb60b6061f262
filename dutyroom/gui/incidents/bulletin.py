"""编发快报: a 值班快报 / 信息专报 drafted from the selected incident, edited, issued with its number, printed.

The officer picks the file first; issuing then takes the next number of the year and kind and writes
the PDF in the same transaction, in the background, so a PDF that cannot be written uses no number.
An issued bulletin is frozen: "重印" prints the incident's latest one again as issued, with its number,
and an issued bulletin is never issued twice from the same dialog.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from dutyroom.errors import ValidationError
from dutyroom.gui.common.documents import ask_path, save_document, write_in_background
from dutyroom.gui.common.editor import RowErrors
from dutyroom.gui.common.forms import child, load_form
from dutyroom.gui.common.opening import open_when_read
from dutyroom.gui.common.prompts import error_text, mark
from dutyroom.gui.common.saving_dialog import SavingDialog
from dutyroom.services.incidents.bulletins import KINDS
from dutyroom.services.incidents.records import BulletinRecord, IncidentRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

FIELDS = {"kind": "kind_combo", "title": "title_edit", "narrative": "narrative_edit", "to_upper": "to_upper_edit",
          "to_peers": "to_peers_edit", "copy_to": "copy_to_edit", "editor": "editor_edit", "signer": "signer_edit"}
_LINES = ("title", "to_upper", "to_peers", "copy_to", "editor", "signer")


def issue_label(bulletin: BulletinRecord) -> str:
    return f"{bulletin.kind}（{bulletin.year}）第{bulletin.number}期"


class BulletinDialog(SavingDialog, QDialog):
    """编发快报. Issuing (the number and the PDF) runs off the GUI thread; Esc and the close button wait
    for it, so the officer always learns which 期号 was taken."""

    issued = Signal(object)  # BulletinRecord, numbered

    def __init__(self, services: Services, actor, incident: IncidentRecord, parent: QWidget | None = None, *,
                 read: tuple | None = None):
        """`read`: what read_bulletin returned, read off the GUI thread (open_bulletin); else it is read here."""
        super().__init__(parent)
        self.services, self.actor, self.incident = services, actor, incident
        # the latest issued bulletin is what 重印 prints
        self.draft, self.latest = read if read is not None else read_bulletin(services, incident.id)
        self.bulletin: BulletinRecord | None = None  # once issued
        self.pdf_path: str | None = None
        self.setWindowTitle(f"编发快报 — {incident.title}")
        self.form = load_form("incident_bulletin", self)
        self.inputs = {name: child(self.form, QWidget, obj) for name, obj in FIELDS.items()}
        for kind in KINDS:
            self.inputs["kind"].addItem(kind)
        self.inputs["kind"].setCurrentText(self.draft.kind)
        for name in _LINES:
            self.inputs[name].setText(getattr(self.draft, name))
        self.inputs["narrative"].setPlainText(self.draft.narrative)
        if not self.draft.editor:
            self.inputs["editor"].setText(actor.display_name)
        self.message = mark(QLabel(self), "error")
        self.message.setObjectName("bulletin_message")
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.issue_button = self.buttons.addButton("编发新一期" if self.latest else "编发",
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.issue_button.setToolTip("选择 PDF 文件的保存位置，取得下一期期号；PDF 写成才占用期号")
        self.issue_button.setDefault(True)
        self.reprint_button: QPushButton | None = None
        if self.latest is not None:
            self.reprint_button = self.buttons.addButton(f"重印第{self.latest.number}期（Ctrl+P）",
                                                         QDialogButtonBox.ButtonRole.ActionRole)
            self.reprint_button.setShortcut(QKeySequence("Ctrl+P"))
            self.reprint_button.setToolTip("按编发时的内容和期号再保存一份 PDF，不占用新的期号")
            self.reprint_button.clicked.connect(self.reprint)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setText("取消")
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        if self.latest is not None:
            self.show_message(f"该事件已编发{issue_label(self.latest)}；重印不占用期号，编发新一期取下一个期号。",
                              role="ok")
        layout.addWidget(self.form, 1)
        layout.addWidget(self.buttons)
        self.errors = RowErrors(self.form, FIELDS, lambda name: self.inputs[name])
        self.buttons.accepted.connect(self.issue)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(640)
        self.inputs["title"].setFocus()

    def collect(self) -> BulletinRecord:
        values = {name: self.inputs[name].text() for name in _LINES}
        return replace(self.draft, kind=self.inputs["kind"].currentText(),
                       narrative=self.inputs["narrative"].toPlainText(), **values)

    def show_message(self, text: str, role: str = "error") -> None:
        mark(self.message, role)
        self.message.setText(error_text(text) if role == "error" else text)
        self.message.show()

    def issue(self) -> None:
        if self.bulletin is not None:  # already numbered: the button now only prints again
            self.save_pdf()
            return
        self.errors.clear()
        self.message.hide()
        try:
            record = self.services.bulletins.check(self.collect())
        except ValidationError as exc:
            self.show_errors(exc)
            return
        name = f"{record.kind}-{record.title[:20]}.pdf".replace("/", "-")
        path = ask_path(self, "保存快报（PDF）", name, "pdf")
        if not path:
            self.show_message("尚未编发：选择 PDF 的保存位置后才取期号。", role="ok")
            return
        self.show_message("正在编发并生成 PDF…", role="ok")
        services, actor = self.services, self.actor
        self._issuing(True)

        def work() -> BulletinRecord:
            from dutyroom.reports import build_bulletin_pdf  # reportlab loads only when printing

            # The PDF is written inside the transaction that takes the number: no file, no number.
            return services.bulletins.create(actor, record, write=lambda issued: build_bulletin_pdf(issued, path))

        write_in_background(self, self.issue_button, "快报 PDF", work,
                            on_saved=lambda issued: self.issued_to(issued, path), on_failed=self.issue_failed)

    def show_errors(self, exc: ValidationError) -> None:
        leftovers, first = self.errors.show(exc.fields)
        if leftovers:
            self.show_message("；".join(leftovers))
        if first is not None:
            self.inputs[first].setFocus()

    def _issuing(self, busy: bool) -> None:
        self.saving = busy
        self.close_button.setEnabled(not busy)
        if self.reprint_button is not None:
            self.reprint_button.setEnabled(not busy)

    def issued_to(self, created: BulletinRecord, path: str) -> None:
        self._issuing(False)
        self.bulletin, self.pdf_path = created, path
        for widget in self.inputs.values():
            widget.setEnabled(False)
        self.issue_button.setText("保存 PDF…")
        self.issue_button.setToolTip("把这一期快报再保存为 PDF 文件")
        self.close_button.setText("关闭")
        self.show_message(f"已编发{issue_label(created)}，PDF 已保存：{path}", role="ok")
        self.issued.emit(created)

    def issue_failed(self, reason: str) -> None:
        self._issuing(False)
        self.show_message(f"没有编发，期号未占用：{reason}；您输入的内容已保留。")

    def reprint(self) -> None:
        if self.latest is not None:
            self.save_pdf(bulletin=self.latest)

    def save_pdf(self, path: str | None = None, bulletin: BulletinRecord | None = None) -> None:
        """Another copy of an issued bulletin, as issued: its number is not taken again."""
        bulletin = bulletin or self.bulletin
        if bulletin is None:
            return
        label = issue_label(bulletin)
        if path is None:
            name = f"{label}-{bulletin.title[:20]}.pdf".replace("/", "-")
            path = ask_path(self, "保存快报（PDF）", name, "pdf")
            if not path:
                return
        self.show_message(f"正在生成{label}的 PDF…", role="ok")

        def write(target: str) -> None:
            from dutyroom.reports import build_bulletin_pdf  # reportlab loads only when printing

            build_bulletin_pdf(bulletin, target)

        def saved(result: str) -> None:
            self.pdf_path = result
            self.show_message(f"{label}的 PDF 已保存：{result}", role="ok")

        # The dialog reports on its own message line: the number belongs next to the outcome.
        save_document(self, self.issue_button, "快报 PDF", write, path=path, on_saved=saved,
                      on_failed=lambda reason: self.show_message(f"{label}的 PDF 没有保存：{reason}"))


def read_bulletin(services: Services, incident_id: int) -> tuple:
    """(draft, latest issued bulletin or None) for the incident: what the dialog opens with."""
    return (services.bulletins.draft_for_incident(incident_id),
            services.bulletins.latest_for_incident(incident_id))


def open_bulletin(page) -> None:
    """编发快报… on the 突发事件 page: the dialog for the selected incident opens when its draft arrives
    (gui/common/opening.py), so a server that does not answer leaves the window running."""
    from dutyroom.gui.incidents.actions import _open

    incident, services = page.incident, page.services
    if incident is None:
        return

    def show(read: tuple) -> None:
        _open(page, BulletinDialog(services, page.actor, incident, page, read=read))

    open_when_read(page, lambda: read_bulletin(services, incident.id), show, what="快报草稿",
                   button=page.buttons["bulletin"])
