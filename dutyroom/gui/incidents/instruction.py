"""领导批示: which leader, when, what they said. Kept as given; a new instruction never replaces an old one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from dutyroom.errors import DutyRoomError, PermissionDenied, ValidationError
from dutyroom.gui.common.editor import RowErrors
from dutyroom.gui.common.forms import child, load_form
from dutyroom.gui.common.inputs import from_qdatetime, to_qdatetime
from dutyroom.gui.common.prompts import error_text, inform, mark
from dutyroom.services.incidents.records import IncidentRecord, InstructionRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

FIELDS = {"leader": "leader_edit", "given_at": "given_at_edit", "text": "text_edit"}


class InstructionDialog(QDialog):
    added = Signal(object)  # InstructionRecord

    def __init__(self, services: Services, actor, incident: IncidentRecord, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor, self.incident = services, actor, incident
        self.zone_name = services.settings.get().time_zone
        self.setWindowTitle(f"领导批示 — {incident.title}")
        self.form = load_form("incident_instruction", self)
        self.inputs = {name: child(self.form, QWidget, obj) for name, obj in FIELDS.items()}
        self.inputs["given_at"].setDateTime(to_qdatetime(services.clock.now(), self.zone_name))
        self.message = mark(QLabel(self), "error")
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("保存批示")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.buttons)
        self.errors = RowErrors(self.form, FIELDS, lambda name: self.inputs[name])
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(520)
        self.inputs["leader"].setFocus()

    def submit(self) -> None:
        self.errors.clear()
        self.message.hide()
        record = InstructionRecord(self.inputs["leader"].text(), self.inputs["text"].toPlainText(),
                                   from_qdatetime(self.inputs["given_at"].dateTime(), self.zone_name))
        try:
            result = self.services.incidents.add_instruction(self.actor, self.incident.id, record)
        except ValidationError as exc:
            leftovers, first = self.errors.show(exc.fields)
            if leftovers:
                self.message.setText(error_text("；".join(leftovers)))
                self.message.show()
            if first is not None:
                self.inputs[first].setFocus()
        except PermissionDenied as exc:
            inform(self, "没有权限", exc.message)
        except DutyRoomError as exc:
            self.message.setText(error_text(exc.message))
            self.message.show()
        else:
            self.added.emit(result)
            self.accept()
