"""编发通报: the 视频点名情况通报 of one roll-call. The narrative is written from the data and may be edited
before issuing; 主送 too. Saving keeps the text with the roll-call and, for a finished roll-call, issues
the 通报: the document is stored as issued, the text can no longer be edited, and every later print of
it (重印) writes that same document, whatever was amended or added since. The saves and the issuing run
off the GUI thread (SavingDialog); the PDF is written in the background as every document is."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from dutyroom.domain import rollcall as rules
from dutyroom.domain.localtime import to_local
from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.documents import ask_path, save_document
from dutyroom.gui.common.opening import open_when_read
from dutyroom.gui.rollcall.dialogs import AskingDialog, text_box
from dutyroom.outputs import replacing

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services


def _reports():
    # reportlab loads only when a document is written or its text is drafted, not when the page is built
    from dutyroom.reports import rollcall

    return rollcall


def read_notice(services: Services, rollcall_id: int) -> tuple:
    """(summary, issued notice or None, the office's zone): what the dialog shows and names its file by, read
    in one go."""
    return (services.rollcall.summary(rollcall_id), services.rollcall.issued_notice(rollcall_id),
            services.settings.get().time_zone)


def open_notice(page, rollcall_id: int, on_saved, *, button=None) -> None:
    """编发通报… on the 视频点名 page: the dialog opens when its data arrives (gui/common/opening.py)."""
    services, actor = page.services, page.actor

    def show(read: tuple) -> None:
        dialog = NoticeDialog(services, actor, rollcall_id, page, read=read)
        dialog.saved.connect(on_saved)
        page.dialog = dialog
        dialog.open()

    open_when_read(page, lambda: read_notice(services, rollcall_id), show, what="通报所需的点名记录",
                   button=button)


class NoticeDialog(AskingDialog):
    save_text = "保存并生成 PDF…"

    def __init__(self, services: Services, actor, rollcall_id: int, parent: QWidget | None = None, *,
                 read: tuple | None = None):
        """`read`: what read_notice returned, read off the GUI thread (open_notice); else it is read here."""
        super().__init__(parent)
        self.services, self.actor = services, actor
        # the issued notice is kept as issued, printed again unchanged
        self.summary, self.issued, self.zone = read if read is not None else read_notice(services, rollcall_id)
        self.pdf_path: str | None = None
        rc = self.summary.rollcall
        self.setWindowTitle("编发视频点名情况通报")
        reports = _reports()
        t = self.summary.tally
        facts = QLabel(f"点名单位 {t.called} 个，在岗 {t.present} 个，在岗率 {rules.rate_text(t.presence_rate)}；"
                       f"存在问题的单位 {len(self.summary.problems)} 个。表格、问题和整改期限按记录自动生成。", self)
        facts.setWordWrap(True)
        self.form.addRow("", facts)
        self.recipients = self.field("recipients", "主送(&S)", QLineEdit(rc.recipients or self.summary.recipients,
                                                                         self))
        self.narrative = self.field("narrative", "正文(&B)", text_box(self, 260))
        self.narrative.setMinimumHeight(180)
        self.narrative.setPlainText(rc.narrative or reports.default_narrative(self.summary))
        self.setMinimumWidth(640)
        if self.issued is not None:
            local = to_local(self.issued.issued_at, self.zone)
            facts.setText(f"该通报已于{local.month}月{local.day}日 {local:%H:%M} 由{self.issued.issued_by}编发；"
                          "重印按编发时的内容，不再修改。")
            self.recipients.setReadOnly(True)
            self.narrative.setReadOnly(True)
            self.save_button.setText("重印 PDF…")
        self.remember()
        self.narrative.setFocus()

    def typed(self) -> tuple:
        return (self.recipients.text(), self.narrative.toPlainText())

    def request(self):
        """Save the text, then read the summary again (its version moved on: a second save is no conflict)."""
        rollcall, actor, rc = self.services.rollcall, self.actor, self.summary.rollcall
        default = _reports().default_narrative(self.summary)
        # Untouched text stays "written from the data": a 整改 added later still shows in a reprint.
        text, recipients = self.narrative.toPlainText(), self.recipients.text()
        narrative = "" if text.strip() == default else text

        def work():
            rollcall.save_notice_text(actor, rc.id, narrative, recipients, version=rc.version)
            return rollcall.summary(rc.id)

        return work

    def save(self) -> None:
        if self.saving:
            return
        self.errors.clear()
        if self.issued is not None:
            self.write_pdf()
            return
        super().save()

    def on_saved(self, summary) -> None:
        self.summary = summary
        self.saved.emit(summary.rollcall)
        self.pristine = self.typed()
        self.write_pdf()

    def write_pdf(self, path: str | None = None) -> None:
        rc = self.summary.rollcall
        local = to_local(rc.planned_at, self.zone)  # read with the summary: naming the file asks the database nothing
        path = path or ask_path(self, "保存视频点名情况通报（PDF）", f"视频点名情况通报-{local:%Y%m%d-%H%M}.pdf", "pdf")
        if not path:
            self.errors.show_general("通报正文已保存，尚未生成 PDF；可再点“保存并生成 PDF…”。")
            return
        if self.issued is None and self.summary.rollcall.frozen:
            # Issued just before it is first written: the number and the stored document, off the GUI thread.
            rollcall, actor, rollcall_id = self.services.rollcall, self.actor, self.summary.rollcall.id
            self.save_in_background(lambda: rollcall.issue_notice(actor, rollcall_id),
                                    lambda issued: self._issued(issued, path), self._not_issued,
                                    (self.save_button, self.cancel_button))
            return
        self._write(path)

    def _issued(self, issued, path: str) -> None:
        self.issued = issued
        self._write(path)

    def _not_issued(self, error: Exception) -> None:
        if not isinstance(error, DutyRoomError):
            raise error
        self.errors.show_general(f"通报正文已保存，但没有编发：{error.message}")

    def _write(self, path: str) -> None:
        summary, issued, rollcall = self.summary, self.issued, self.services.rollcall

        def write(target: str) -> None:  # off the GUI thread, the office's date with it (a settings read)
            if issued is None:  # not finished: written from the data as it stands
                _reports().build_notice_pdf(summary, target, printed_on=rollcall.today())
                return
            with replacing(Path(target)) as temp:  # the document as issued, byte for byte
                temp.write_bytes(issued.pdf)

        def saved(result: str) -> None:
            self.pdf_path = result
            self.accept()

        save_document(self, self.save_button, "视频点名情况通报", write, path=path, on_saved=saved,
                      on_failed=lambda reason: self.errors.show_general(f"通报正文已保存，但 PDF 没有保存：{reason}"))
