"""收到领导批示: who, when, what, about what, passed on to whom and by when. Also corrects an open one.

One dialog for every place an instruction is received: the main window (free-standing, by phone), an
incident (its subclass in gui/incidents/instruction.py) and the ledger page. What is typed is
autosaved as a draft and Esc asks before throwing it away; a dialog that died with the program (or was
closed with 保留草稿) gives its text back when the same instruction is opened again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QComboBox, QDateTimeEdit, QLabel, QMessageBox, QWidget

from dutyroom.domain.vocabulary import InstructionSubject, PassOnChannel, Role
from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.drafts import AsksBeforeDiscarding, DraftKeeper, kept_draft
from dutyroom.gui.common.editor import EditDialog
from dutyroom.gui.common.inputs import fill_combo, from_qdatetime, select_data, to_qdatetime
from dutyroom.gui.common.prompts import mark
from dutyroom.services.records import InstructionRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

#: a new instruction's due time, when the officer ticks 规定落实期限: the same day (转办批示不过夜)
DEFAULT_DUE = timedelta(hours=4)


def draft_key(record: InstructionRecord | None, subject: InstructionSubject = InstructionSubject.FREE,
              subject_id: int | None = None) -> str:
    if record is not None and record.id is not None:
        return f"instruction:{record.id}"
    return f"instruction:new:{subject.value}:{subject_id or ''}"


def opening_reads(services: Services, actor, key: str, zone: str | None = None) -> tuple:
    """What the dialog reads before it opens (a worker thread runs this: services only): the office's zone
    (unless the page that opens it read it with its data: `zone`), the draft kept under `key`, and a
    leader's own title (a leader entering an instruction is giving it)."""
    kept = kept_draft(services.instructions, actor, key)
    return zone or services.settings.get().time_zone, kept, _leader_title(services, actor)


def _leader_title(services: Services, actor) -> str:
    if actor.role != Role.LEADER:
        return ""
    try:
        person_id = services.people.of_user(actor.user_id)
        return services.people.get(person_id).title if person_id is not None else ""
    except DutyRoomError:
        return ""


class InstructionDialog(AsksBeforeDiscarding, EditDialog):
    discard_title = "放弃批示"
    discard_text = "已输入的批示还没有保存，确定放弃吗？\n选“保留草稿”可先关闭，下次打开时接着填写。"
    form_name = "instruction"
    title_new = "收到领导批示"
    title_edit = "修改领导批示"
    fields = {"leader": "leader_edit", "leader_title": "leader_title_edit", "given_at": "given_at_edit",
              "text": "text_edit", "passed_to": "passed_to_edit", "pass_channel": "pass_channel_combo",
              "due_at": "due_at_edit"}

    def __init__(self, services: Services, actor, record: InstructionRecord | None = None, parent: QWidget | None = None, *,
                 subject: InstructionSubject = InstructionSubject.FREE, subject_id: int | None = None,
                 about: str = "", opened: tuple | None = None):
        """`opened`: opening_reads() as read off the GUI thread before the dialog opens (the ledger, 来电登记
        and 突发事件 pages); else read here."""
        self._opened = opened
        self.zone_name = opened[0] if opened is not None else services.settings.get().time_zone
        self.subject, self.subject_id, self.about = subject, subject_id, about
        self.prompt: QMessageBox | None = None
        super().__init__(services, actor, record, parent)
        if about or subject != InstructionSubject.FREE:
            self.about_label = mark(QLabel(f"事由：{subject.label}" + (f" — {about}" if about else ""), self), "hint")
            self.layout().insertWidget(0, self.about_label)
            self.setWindowTitle(f"{self.windowTitle()} — {about or subject.label}")
        self.save_button.setText("保存批示(&S)")
        self.inputs = {name: self.input(name) for name in self.fields}
        self.has_due: QCheckBox = self.form.findChild(QCheckBox, "has_due_check")
        self.has_due.toggled.connect(self.input("due_at").setEnabled)
        self.input("due_at").setEnabled(self.has_due.isChecked())
        key = draft_key(record, subject, subject_id)
        watched = {**self.inputs, "has_due": self.has_due}
        self.drafts = DraftKeeper(services, actor, key, watched, parent=self, store=services.instructions)
        self.pristine = self.drafts.payload()["fields"]
        kept = opened[1] if opened is not None else self.drafts.stored()
        self.restored = kept is not None
        if kept is not None:
            self.drafts.apply(kept)
            self.input("due_at").setEnabled(self.has_due.isChecked())
            self.show_message("已恢复未保存的草稿，请核对后保存。", role="ok")
        self.finished.connect(lambda *_: self.drafts.timer.stop())
        self.setMinimumWidth(560)
        # a leader's own name is already there: the cursor waits in the instruction itself
        self.input("text" if self.input("leader").text() else "leader").setFocus()

    # -- EditDialog ---------------------------------------------------------------------------------
    def prepare(self) -> None:
        combo: QComboBox = self.input("pass_channel")
        fill_combo(combo, [("（尚未转达）", None), *((c.label, c) for c in PassOnChannel)])
        now = self.services.clock.now()
        self.input("given_at").setDateTime(to_qdatetime(now, self.zone_name))
        self.input("due_at").setDateTime(to_qdatetime(now + DEFAULT_DUE, self.zone_name))
        if self.actor.role == Role.LEADER:  # a leader entering an instruction is giving it
            self.input("leader").setText(self.actor.display_name or self.actor.username)
            self.input("leader_title").setText(self._leader_title())

    def _leader_title(self) -> str:
        opened = getattr(self, "_opened", None)
        return opened[2] if opened is not None else _leader_title(self.services, self.actor)

    def fill(self, record: InstructionRecord) -> None:
        self.input("leader").setText(record.leader)
        self.input("leader_title").setText(record.leader_title)
        self.input("given_at").setDateTime(to_qdatetime(record.given_at, self.zone_name))
        self.input("text").setPlainText(record.text)
        self.input("passed_to").setText(record.passed_to)
        select_data(self.input("pass_channel"), record.pass_channel)
        self.subject, self.subject_id, self.about = record.subject, record.subject_id, record.about
        checked = record.due_at is not None
        self.form.findChild(QCheckBox, "has_due_check").setChecked(checked)
        if checked:
            self.input("due_at").setDateTime(to_qdatetime(record.due_at, self.zone_name))

    def collect(self) -> InstructionRecord:
        due_edit: QDateTimeEdit = self.input("due_at")
        base = self.record or InstructionRecord("", "", self.services.clock.now())
        return InstructionRecord(
            leader=self.input("leader").text(), text=self.input("text").toPlainText(),
            given_at=from_qdatetime(self.input("given_at").dateTime(), self.zone_name), id=base.id,
            leader_title=self.input("leader_title").text(), subject=self.subject, subject_id=self.subject_id,
            passed_to=self.input("passed_to").text(), pass_channel=self.input("pass_channel").currentData(),
            due_at=from_qdatetime(due_edit.dateTime(), self.zone_name) if self.has_due.isChecked() else None,
            version=base.version)

    def submit(self, record: InstructionRecord) -> InstructionRecord:
        if record.id is None:
            return self.services.instructions.give(self.actor, record)
        return self.services.instructions.update(self.actor, record)

    def fetch(self, record_id) -> InstructionRecord:
        return self.services.instructions.get(record_id)

    # -- drafts and leaving ---------------------------------------------------------------------------
    def accept(self) -> None:
        self.drafts.discard()
        super().accept()

