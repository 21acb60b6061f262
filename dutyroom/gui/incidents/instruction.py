"""领导批示 on an incident: the shared instruction dialog (gui/instructions), about this incident.

Kept as given; a new instruction never replaces an old one. It goes through the incident service,
which insists on the leader's name (an incident report quotes who said it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from dutyroom.domain.vocabulary import InstructionSubject
from dutyroom.gui.instructions.dialog import InstructionDialog as SharedInstructionDialog
from dutyroom.services.incidents.records import IncidentRecord
from dutyroom.services.records import InstructionRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services


class InstructionDialog(SharedInstructionDialog):
    added = Signal(object)  # InstructionRecord

    def __init__(self, services: Services, actor, incident: IncidentRecord, parent: QWidget | None = None, *,
                 opened: tuple | None = None):
        """`opened`: what the shared dialog reads, read before it opens (gui/incidents/actions.py)."""
        self.incident = incident
        super().__init__(services, actor, None, parent, subject=InstructionSubject.INCIDENT, subject_id=incident.id,
                         about=incident.title, opened=opened)
        self.setWindowTitle(f"领导批示 — {incident.title}")
        self.saved.connect(self.added)

    def submit(self, record: InstructionRecord) -> InstructionRecord:
        return self.services.incidents.add_instruction(self.actor, self.incident.id, record)
