"""来电登记: the entry form a night officer fills while the caller is still talking, without the mouse.

Fields follow the order the call is spoken in (number, who, unit, what, how it was handled). The form
opens with the cursor in the number; Enter saves from any one-line field, Ctrl+Enter from the text
boxes, Ctrl+E stamps the end of the call. Earlier calls from the same number show beside the form.
Errors show under their fields and nothing typed is lost; the form autosaves a draft every 5 s.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QGroupBox, QLabel, QMessageBox, QPushButton, QWidget

from dutyroom.domain.call_settings import parse_categories, parse_quick_texts
from dutyroom.domain.localtime import to_local
from dutyroom.domain.phones import format_number
from dutyroom.domain.vocabulary import DEFAULT_CALL_CATEGORIES, CallDirection, CallerKind, CallOutcome
from dutyroom.errors import DutyRoomError
from dutyroom.gui.calls.history_panel import CallerHistoryPanel
from dutyroom.gui.calls.quick_text import OneLineHint, QuickTextExpander, hint_text, hint_tooltip
from dutyroom.gui.common.drafts import AsksBeforeDiscarding, DraftKeeper
from dutyroom.gui.common.editor import EditDialog, set_row_visible
from dutyroom.gui.common.forms import child
from dutyroom.gui.common.inputs import from_qdatetime, to_qdatetime
from dutyroom.gui.common.opening import open_when_read
from dutyroom.gui.common.widgets import set_role
from dutyroom.services.calls.records import CallRecord
from dutyroom.services.records import OfficeSettings

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

FIELDS = {
    "direction": "direction_combo", "caller_number": "caller_number_edit", "caller_name": "caller_name_edit",
    "caller_unit": "caller_unit_edit", "caller_kind": "caller_kind_combo", "category": "category_combo",
    "summary": "summary_edit", "outcome": "outcome_combo", "outcome_note": "outcome_note_edit",
    "assigned_unit": "assigned_unit_edit", "due_on": "due_on_edit", "leader_instruction": "leader_instruction_edit",
    "early_warning": "early_warning_check", "widespread": "widespread_check",
    "started_at": "started_at_edit", "ended_at": "ended_at_edit",
}
#: one-line inputs and their column widths (models.Call): longer text cannot be typed in
LINES = {"caller_number": 60, "caller_name": 50, "caller_unit": 100, "assigned_unit": 100}
TEXTS = ("summary", "outcome_note", "leader_instruction")
COMBOS = {"direction": CallDirection, "caller_kind": CallerKind, "outcome": CallOutcome}
#: what "处理情况" means for each outcome: (label, example)
NOTE_LABELS = {
    CallOutcome.ANSWERED: ("答复内容", "告知来电人的内容，如：已告知办理流程和所需材料"),
    CallOutcome.ASSIGNED: ("转办说明", "转办时交代的要求，可不填"),
    CallOutcome.REPORTED: ("报告情况", "报告了哪位领导、怎样报告，如：已电话报告张副主任"),
    CallOutcome.CLOSED: ("办结情况", "如何办结，如：已协调解决"),
    CallOutcome.INVALID: ("无效原因", "如：打错电话、无声电话、骚扰电话"),
}
PARTY_LABELS = {  # the other party's fields, for an incoming and an outgoing call
    CallDirection.INCOMING: {"caller_number": "来电号码(&H)", "caller_name": "来电人(&M)",
                             "caller_unit": "来电单位(&U)", "caller_kind": "来电人类别(&K)",
                             "started_at": "来电时间(&T)"},
    CallDirection.OUTGOING: {"caller_number": "对方号码(&H)", "caller_name": "受话人(&M)",
                             "caller_unit": "对方单位(&U)", "caller_kind": "对方类别(&K)",
                             "started_at": "去电时间(&T)"},
}
#: a duty-room laptop is 1280×800 (less the task bar): the form takes at most this, wrapped text gives way
WIDTH, MAX_WIDTH, HEIGHT, MAX_HEIGHT = 1180, 1200, 700, 740
TOPIC_CHARS = 500
#: an empty 结束时间 is the edit's minimum, shown with this text
NOT_ENDED = QDateTime(QDate(2000, 1, 1), QTime(0, 0))


def draft_key(record: CallRecord | None) -> str:
    return f"call:{record.id}" if record is not None and record.id is not None else "call:new"


class CallEntryDialog(AsksBeforeDiscarding, EditDialog):
    form_name = "call_entry"
    title_new = "来电登记"
    title_edit = "修改来电登记"
    fields = FIELDS
    discard_title = "放弃登记"
    discard_text = "已输入的内容还没有保存，确定放弃吗？\n选“保留草稿”可先关闭，下次按 F2 时接着填写。"

    def __init__(self, services: Services, actor, record: CallRecord | None = None, parent: QWidget | None = None, *,
                 draft: dict | None = None, settings: OfficeSettings | None = None):
        """`settings`: the office's, read off the GUI thread before the form opens (open_call_entry); its call
        categories and quick texts come from them too. Else (the form built directly) read here."""
        self.settings = settings or services.settings.get()
        self.zone_name = self.settings.time_zone
        self.exact: dict[str, tuple[QDateTime, datetime]] = {}  # time shown -> the instant it stands for
        self.closed = False
        super().__init__(services, actor, record, parent)
        layout = self.layout()  # spare height goes to the summary and the history, not below the form
        layout.setStretch(layout.indexOf(self.form), 1)
        layout.setStretch(layout.indexOf(self.form) + 1, 0)
        self.history = CallerHistoryPanel(services, self.zone_name, self, exclude_id=getattr(record, "id", None))
        child(self.form, QGroupBox, "history_group").layout().addWidget(self.history)
        self.history.picked.connect(self.copy_caller)
        for name in ("caller_number", "caller_name"):
            self.input(name).textChanged.connect(self.ask_history)
        self.input("summary").textChanged.connect(self.ask_history)
        QShortcut(QKeySequence("Ctrl+E"), self, self.end_call)  # Ctrl+Enter saves: EditDialog's own key
        inputs = {name: self.input(name) for name in self.fields}
        self.drafts = DraftKeeper(services, actor, draft_key(record), inputs, self._draft_extra, self,
                                  store=services.calls)
        self.pristine = self.drafts.payload()["fields"]
        self.restored = draft is not None
        if draft is not None:
            self.drafts.apply(draft)
            self.show_message("已恢复未保存的草稿，请核对后保存。", role="ok")
        self.saved.connect(lambda *_: self.drafts.discard())
        self.finished.connect(self._finished)
        self.prompt: QMessageBox | None = None
        if record is not None or draft is not None:
            self.history.request(*self._history_query(), at_once=True)  # nothing is being typed yet
        self._fit()
        self.input("caller_number").setFocus()  # 来电/去电 sits before it (Shift+Tab); most calls are 来电

    # -- building ----------------------------------------------------------------------------------
    def prepare(self) -> None:
        for name, enum in COMBOS.items():
            combo: QComboBox = self.input(name)
            for member in enum:
                combo.addItem(member.label, member.value)  # Qt hands str enums back as plain str
        kinds: QComboBox = self.input("caller_kind")
        kinds.setCurrentIndex(kinds.findData(CallerKind.PUBLIC.value))
        outcomes: QComboBox = self.input("outcome")
        # The outcome is the officer's decision, never a preset: a new call starts with none and the
        # service refuses it until one is chosen ("请选择处理结果" under the field).
        outcomes.setPlaceholderText("（请选择）")
        outcomes.setCurrentIndex(-1)
        categories: QComboBox = self.input("category")
        for name in parse_categories(self.settings.call_categories) or DEFAULT_CALL_CATEGORIES:
            categories.addItem(name, name)
        for name, width in LINES.items():
            self.input(name).setMaxLength(width)
        now = self.services.clock.now()
        self._set_time("started_at", now)
        ended: QDateTimeEdit = self.input("ended_at")
        ended.setMinimumDateTime(NOT_ENDED)
        ended.setSpecialValueText("（未结束）")
        ended.setDateTime(NOT_ENDED)
        today = to_local(now, self.zone_name).date() + timedelta(days=self.settings.follow_up_days)
        self.input("due_on").setDate(QDate(today.year, today.month, today.day))
        child(self.form, QLabel, "officer_value").setText(self.actor.display_name or self.actor.username)
        button = child(self.form, QPushButton, "end_call_button")
        button.setText("通话结束 Ctrl+E")
        button.clicked.connect(self.end_call)
        self._prepare_quick_texts()
        self.input("outcome").currentIndexChanged.connect(self.outcome_changed)
        self.input("direction").currentIndexChanged.connect(self.direction_changed)
        self.outcome_changed()
        self.direction_changed()

    def _prepare_quick_texts(self) -> None:
        texts = parse_quick_texts(self.settings.quick_texts)
        self.quick = QuickTextExpander(texts, self)
        for name in ("summary", "outcome_note"):
            self.quick.watch(self.input(name))
        hint = child(self.form, QLabel, "quick_hint")
        set_role(hint, "hint")
        self.quick_hint = OneLineHint(hint, hint_text(texts) if texts else "")
        hint.setToolTip(hint_tooltip(texts))
        set_row_visible(hint, bool(texts))

    def fill(self, record: CallRecord) -> None:
        for name in LINES:
            self.input(name).setText(getattr(record, name) or "")
        self.input("caller_number").setText(format_number(record.caller_number))  # stored digits, read aloud
        for name in TEXTS:
            self.input(name).setPlainText(getattr(record, name) or "")
        categories: QComboBox = self.input("category")
        if record.category and categories.findData(record.category) < 0:
            categories.addItem(record.category, record.category)  # a category since taken off the list
        for name in (*COMBOS, "category"):
            combo: QComboBox = self.input(name)
            value = getattr(record, name)
            combo.setCurrentIndex(max(0, combo.findData(getattr(value, "value", value))))
        self.input("early_warning").setChecked(record.early_warning)
        self.input("widespread").setChecked(record.widespread)
        self._set_time("started_at", record.started_at)
        if record.ended_at is not None:
            self._set_time("ended_at", record.ended_at)
        else:
            self.input("ended_at").setDateTime(NOT_ENDED)
        if record.due_on is not None:
            self.input("due_on").setDate(QDate(record.due_on.year, record.due_on.month, record.due_on.day))
        if record.officer:
            child(self.form, QLabel, "officer_value").setText(record.officer)
        status = child(self.form, QLabel, "follow_status_value")
        if record.follow_status is not None:
            text = record.follow_status.label
            if record.feedback:
                text += f"；最近反馈：{record.feedback}"
            status.setText(text + "（在督办中催办、反馈、办结）")
        self.outcome_changed()
        self.direction_changed()

    def _set_time(self, name: str, instant: datetime) -> None:
        shown = to_qdatetime(instant, self.zone_name)
        self.input(name).setDateTime(shown)
        self.exact[name] = (shown, instant)  # untouched, the time keeps its seconds

    # -- behaviour ---------------------------------------------------------------------------------
    def _outcome(self) -> CallOutcome | None:
        value = self.input("outcome").currentData()
        return CallOutcome(value) if value else None

    def outcome_changed(self, *_args) -> None:
        outcome = self._outcome()
        assigned = outcome == CallOutcome.ASSIGNED
        for name in ("assigned_unit", "due_on"):
            set_row_visible(child(self.form, QLabel, f"{name}_label"), assigned)
            label = self.error_labels[name]
            set_row_visible(label, assigned and bool(label.text()))
        has_status = assigned and self.record is not None and self.record.follow_status is not None
        set_row_visible(child(self.form, QLabel, "follow_status_label"), has_status)
        text, example = NOTE_LABELS[outcome] if outcome else ("处理情况", "先选择处理结果")
        child(self.form, QLabel, "outcome_note_label").setText(f"{text}(&N)")
        note = self.input("outcome_note")
        note.setPlaceholderText(example)
        # QPlainTextEdit repaints only when the placeholder comes or goes, not when it changes: the old
        # "先选择处理结果" stayed on screen after an outcome was chosen.
        note.viewport().update()

    def direction_changed(self, *_args) -> None:
        labels = PARTY_LABELS[CallDirection(self.input("direction").currentData())]
        for name, text in labels.items():
            child(self.form, QLabel, f"{name}_label").setText(text)

    def _fit(self) -> None:
        # A wrapped Chinese message asks for room as if one character wide, and height-for-width in
        # nested layouts then squeezes the inputs; each message gets a fixed height for its field instead.
        for name, label in self.error_labels.items():
            policy = label.sizePolicy()
            policy.setHeightForWidth(False)
            label.setSizePolicy(policy)
            if label.text():
                label.setFixedHeight(label.heightForWidth(max(self.input(name).width(), label.width(), 120)))
        self.layout().activate()
        hint, least = self.sizeHint(), self.minimumSizeHint()
        kept = self.size() if self.isVisible() else least  # a form the officer made larger stays so
        self.resize(max(min(hint.width(), MAX_WIDTH), WIDTH, least.width(), kept.width()),
                    max(min(max(hint.height(), HEIGHT), MAX_HEIGHT), least.height(), kept.height()))

    def end_call(self) -> None:
        self._set_time("ended_at", self.services.clock.now())

    def ask_history(self, *_args) -> None:
        self.history.request(*self._history_query())

    def _history_query(self) -> tuple[str, str, str]:
        # The head of the summary is enough to tell the topic; a huge paste is not sent on every key.
        return (self.input("caller_number").text(), self.input("caller_name").text(),
                self.input("summary").toPlainText()[:TOPIC_CHARS])

    def copy_caller(self, row) -> None:
        """An earlier call picked from the history: its caller fills the fields still empty."""
        untouched = not self.input("caller_name").text() and not self.input("caller_unit").text()
        for name in ("caller_name", "caller_unit"):
            if not self.input(name).text():
                self.input(name).setText(getattr(row, name))
        if untouched:
            kinds: QComboBox = self.input("caller_kind")
            kinds.setCurrentIndex(max(0, kinds.findData(row.caller_kind.value)))
        self.input("summary").setFocus()

    def _finished(self, *_args) -> None:
        self.closed = True
        self.history.timer.stop()

    def _draft_extra(self) -> dict:
        return {"id": getattr(self.record, "id", None), "version": getattr(self.record, "version", 0)}

    # -- saving ------------------------------------------------------------------------------------
    def _time(self, name: str) -> datetime | None:
        edit: QDateTimeEdit = self.input(name)
        value = edit.dateTime()
        if name == "ended_at" and value == NOT_ENDED:
            return None
        shown, instant = self.exact.get(name, (None, None))
        return instant if shown is not None and value == shown else from_qdatetime(value, self.zone_name)

    def collect(self) -> CallRecord:
        # None when nothing is chosen yet: the service answers "请选择处理结果" next to the field
        outcome = self._outcome()
        assigned = outcome == CallOutcome.ASSIGNED
        due = self.input("due_on").date()
        base = self.record or CallRecord(started_at=self._time("started_at"), summary="", outcome=outcome)
        return replace(
            base,
            **{name: self.input(name).text() for name in LINES if name != "assigned_unit"},
            **{name: self.input(name).toPlainText() for name in TEXTS},
            direction=CallDirection(self.input("direction").currentData()),
            caller_kind=CallerKind(self.input("caller_kind").currentData()),
            category=self.input("category").currentData() or "",
            outcome=outcome,
            assigned_unit=self.input("assigned_unit").text() if assigned else "",
            due_on=due.toPython() if assigned else None,
            follow_status=base.follow_status if assigned else None,
            early_warning=self.input("early_warning").isChecked(),
            widespread=self.input("widespread").isChecked(),
            started_at=self._time("started_at"),
            ended_at=self._time("ended_at"))

    def submit(self, record: CallRecord) -> CallRecord:
        calls = self.services.calls
        return calls.create(self.actor, record) if record.id is None else calls.update(self.actor, record)

    def fetch(self, record_id: int) -> CallRecord:
        return self.services.calls.get(record_id)


def open_call_entry(parent: QWidget, services: Services, actor, record: CallRecord | None = None,
                    draft: dict | None = None, *,
                    on_open: Callable[[CallEntryDialog], None] | None = None) -> CallEntryDialog | None:
    """Open the entry form without blocking; F2 pressed again brings the form already open to the front.

    One form per draft key: two "new call" forms would overwrite each other's draft. The office's settings
    and a draft kept with 保留草稿 are read off the GUI thread first (gui/common/opening.py), so F2 never
    waits on the database; `on_open(dialog)` runs once the form is open. Returns the form when it is open
    on return (one already open; in tests and screenshots, where reads run inline), else None.
    """
    key = draft_key(record)
    for existing in parent.findChildren(CallEntryDialog, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if existing.closed:
            existing.deleteLater()
        elif existing.drafts.key == key:
            existing.show()
            existing.raise_()
            existing.activateWindow()
            if on_open is not None:
                on_open(existing)
            return existing
    kept_one = record is None and draft is None  # a form closed with 保留草稿 opens again where it was left
    settings = services.settings
    opened: list[CallEntryDialog] = []

    def read() -> tuple:
        return settings.get(), (_kept_draft(services, actor, key) if kept_one else draft)

    def show(found: tuple) -> None:
        dialog = CallEntryDialog(services, actor, record, parent, draft=found[1], settings=found[0])
        dialog.open()
        opened.append(dialog)
        if on_open is not None:
            on_open(dialog)

    open_when_read(parent, read, show, what="来电登记表")
    return opened[0] if opened else None


def _kept_draft(services: Services, actor, key: str) -> dict | None:
    try:
        stored = next((d for d in services.calls.load_drafts(actor) if d.key == key), None)
        return json.loads(stored.payload_json) if stored is not None else None
    except (DutyRoomError, ValueError):
        return None
