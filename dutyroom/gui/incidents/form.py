"""登记 / 修改突发事件: every fact of an incident, times in office local time, casualties with "不详".

Errors show under their fields; nothing typed is lost on an error; the form autosaves a draft.
Saving a new incident makes its clocks (the service does); the strip shows them at once.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from dutyroom.domain.incident_level import level_above_deaths, level_for_deaths, level_problem
from dutyroom.domain.vocabulary import Channel, IncidentCategory, IncidentLevel, IncidentStatus
from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.datetime_keys import one_tab_stop
from dutyroom.gui.common.drafts import AsksBeforeDiscarding, DraftKeeper
from dutyroom.gui.common.editor import EditDialog, set_row_visible
from dutyroom.gui.common.forms import child
from dutyroom.gui.common.inputs import from_qdatetime, to_qdatetime
from dutyroom.gui.common.prompts import error_text, mark
from dutyroom.services.incidents.records import Casualties, IncidentRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

COUNTS = ("deaths", "injured", "missing", "trapped")
TEXTS = ("narrative", "losses", "scope", "cause", "measures", "trend")
LINES = ("title", "place", "sub_type", "source_unit", "source_person", "source_phone", "leaders_informed")


def draft_key(record: IncidentRecord | None) -> str:
    return f"incident:{record.id}" if record is not None and record.id is not None else "incident:new"


def form_units(services) -> list:
    """The 属地 list; the form still opens (without it) when it cannot be read."""
    try:
        return services.units.list()
    except DutyRoomError:
        return []


class IncidentDialog(AsksBeforeDiscarding, EditDialog):
    # Esc on an incident half typed at 3 a.m. never loses it unasked (AsksBeforeDiscarding)
    discard_title = "放弃登记"
    discard_text = "已输入的事件信息还没有保存，确定放弃吗？\n选“保留草稿”可先关闭，下次登记时接着填写。"
    form_name = "incident_form"
    title_new = "登记突发事件"
    title_edit = "修改突发事件"
    fields = {
        "title": "title_edit", "occurred_at": "occurred_at_edit", "received_at": "received_at_edit",
        "place": "place_edit", "area_unit_id": "area_unit_combo", "category": "category_combo",
        "sub_type": "sub_type_edit", "security_development": "security_development_check",
        "level": "level_combo", "status": "status_combo",
        "source_unit": "source_unit_edit", "source_person": "source_person_edit",
        "source_phone": "source_phone_edit", "source_channel": "source_channel_combo",
        **{name: f"{name}_spin" for name in COUNTS},
        **{name: f"{name}_edit" for name in TEXTS}, "leaders_informed": "leaders_informed_edit",
    }

    def __init__(self, services: Services, actor, record: IncidentRecord | None = None, parent: QWidget | None = None, *,
                 draft: dict | None = None, choices: tuple | None = None):
        """`choices`: (time zone, units) read off the GUI thread before it opens (actions.py); None: read here."""
        self.zone_name = choices[0] if choices is not None else services.settings.get().time_zone
        super().__init__(services, actor, record, parent, choices=choices)
        self.setMinimumWidth(1120)
        inputs = {name: self.input(name) for name in self.fields}
        inputs.update({f"{name}_unknown": self.unknown[name] for name in COUNTS})
        self.drafts = DraftKeeper(services, actor, draft_key(record), inputs, self._draft_extra, self)
        self.pristine = self.drafts.payload()["fields"]
        self.restored = draft is not None
        if draft is not None:
            self.drafts.apply(draft)
            self.show_message("已恢复未保存的草稿，请核对后保存。", role="ok")
        self.saved.connect(lambda *_: self.drafts.discard())
        self.prompt: QMessageBox | None = None
        # The level beside what the deaths call for (domain.incident_level): said under 事件等级 as it is
        # chosen, never set for the officer (other grounds, such as losses, may raise it).
        self.input("level").currentIndexChanged.connect(self.check_level)
        self.input("deaths").valueChanged.connect(self.check_level)
        self.unknown["deaths"].toggled.connect(self.check_level)
        self.check_level()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消 Esc")
        self.input("title").setFocus()

    # -- building ----------------------------------------------------------------------------------
    def prepare(self) -> None:
        f = self.form
        self.unknown = {name: child(f, QCheckBox, f"{name}_unknown") for name in COUNTS}
        for name in COUNTS:
            spin: QSpinBox = self.input(name)
            self.unknown[name].toggled.connect(lambda checked, s=spin: s.setEnabled(not checked))
            # A new incident's counts start as 不详: a first report states no casualty figure nobody gave
            # ("未造成人员伤亡" was printed for counts left at 0). Typing a digit on 不详 enters the number.
            self.unknown[name].setChecked(True)
            self.unknown[name].installEventFilter(self)
        for combo, enum in (("category", IncidentCategory), ("level", IncidentLevel),
                            ("source_channel", Channel)):
            widget: QComboBox = self.input(combo)
            for member in enum:
                widget.addItem(member.label, member.value)  # Qt hands str enums back as plain str
        status: QComboBox = self.input("status")
        for member in (IncidentStatus.RECEIVED, IncidentStatus.HANDLING):
            status.addItem(member.label, member.value)
        status.setToolTip("报送终报后自动变为“已终报”")
        self.input("level").setCurrentIndex(list(IncidentLevel).index(IncidentLevel.UNRATED))
        units: QComboBox = self.input("area_unit_id")
        units.addItem("（不指定）", None)
        for unit in self.choices[1] if self.choices is not None else form_units(self.services):
            units.addItem(unit.name, unit.id)
        now = to_qdatetime(self.services.clock.now(), self.zone_name)
        self.time_keys = []
        for name in ("occurred_at", "received_at"):
            edit: QDateTimeEdit = self.input(name)
            edit.setDateTime(now)
            self.time_keys.append(one_tab_stop(edit))  # one Tab stop; "1405" sets the time
        self.input("title").setMaxLength(200)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress and event.text().isdigit():
            for name, box in self.unknown.items():
                if watched is box and box.isChecked():
                    box.setChecked(False)
                    spin: QSpinBox = self.input(name)
                    spin.setValue(int(event.text()))
                    spin.setFocus()
                    spin.lineEdit().end(False)  # a second digit goes after the first: "1", "2" → 12
                    return True
        return super().eventFilter(watched, event)

    def fill(self, record: IncidentRecord) -> None:
        for name in LINES:
            self.input(name).setText(getattr(record, name) or "")
        for name in TEXTS:
            self.input(name).setPlainText(getattr(record, name) or "")
        for name in ("occurred_at", "received_at"):
            value = getattr(record, name)
            if value is not None:
                self.input(name).setDateTime(to_qdatetime(value, self.zone_name))
        for name in ("category", "level", "source_channel", "area_unit_id"):
            combo: QComboBox = self.input(name)
            value = getattr(record, name)
            index = combo.findData(getattr(value, "value", value))
            if index >= 0:
                combo.setCurrentIndex(index)
        status: QComboBox = self.input("status")
        status.setCurrentIndex(max(0, status.findData(record.status.value)))
        status.setEnabled(record.status != IncidentStatus.CLOSED)
        self.input("security_development").setChecked(record.security_development)
        for name in COUNTS:
            value = getattr(record.casualties, name)
            self.unknown[name].setChecked(value is None)
            self.input(name).setValue(value or 0)

    def check_level(self, *_args) -> None:
        deaths = None if self.unknown["deaths"].isChecked() else self.input("deaths").value()
        level = IncidentLevel(self.input("level").currentData())
        note = level_problem(level, deaths)
        if not note and level_above_deaths(level, deaths):
            needed = level_for_deaths(deaths)
            note = f"死亡 {deaths} 人按规定为{needed.label}事件；定为{level.label}须有其他依据（如重伤人数、直接经济损失）"
        label = self.error_labels["level"]
        if note:
            mark(label, "warning")
            label.setText(error_text(note))
            set_row_visible(label, True)
        elif label.property("role") == "warning":  # our note, not a save's error
            mark(label, "error")
            label.clear()
            set_row_visible(label, False)

    def clear_errors(self) -> None:
        super().clear_errors()
        if hasattr(self, "unknown"):
            self.check_level()

    def _draft_extra(self) -> dict:
        record = self.record
        return {"id": getattr(record, "id", None), "version": getattr(record, "version", 0)}

    # -- saving ------------------------------------------------------------------------------------
    def collect(self) -> IncidentRecord:
        counts = {name: None if self.unknown[name].isChecked() else self.input(name).value() for name in COUNTS}
        base = self.record or IncidentRecord(title="", occurred_at=None, received_at=None, place="")
        self.wanted_status = IncidentStatus(self.input("status").currentData())  # read here: submit runs off the GUI thread
        return replace(
            base,
            **{name: self.input(name).text() for name in LINES},
            **{name: self.input(name).toPlainText() for name in TEXTS},
            occurred_at=from_qdatetime(self.input("occurred_at").dateTime(), self.zone_name),
            received_at=from_qdatetime(self.input("received_at").dateTime(), self.zone_name),
            category=IncidentCategory(self.input("category").currentData()),
            level=IncidentLevel(self.input("level").currentData()),
            source_channel=Channel(self.input("source_channel").currentData()),
            area_unit_id=self.input("area_unit_id").currentData(),
            security_development=self.input("security_development").isChecked(),
            casualties=Casualties(**counts))

    def submit(self, record: IncidentRecord) -> IncidentRecord:
        incidents = self.services.incidents
        saved = incidents.save(self.actor, record)
        wanted = self.wanted_status
        if wanted != saved.status and saved.status != IncidentStatus.CLOSED:
            saved = incidents.set_status(self.actor, saved.id, wanted, saved.version)
        return saved

    def fetch(self, record_id: int) -> IncidentRecord:
        return self.services.incidents.get(record_id)


def text_inputs(dialog: IncidentDialog) -> dict[str, QLineEdit | QPlainTextEdit]:
    """Name → text input, for tests and the call log's prefilled form."""
    return {name: dialog.input(name) for name in (*LINES, *TEXTS)}
