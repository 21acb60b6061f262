"""What a sent report's printed form showed, kept as it was sent (issue 12 item 10).

The form prints the incident's facts and its 领导批示 beside the report's own text. Those facts go on
changing after the report has been faxed (a 续报 brings new figures, a leader gives an instruction), so
sending writes them once, as JSON, into `incident_report.as_sent`; every reprint is built from that
and reads the same, character for character. A report sent before migration 0010 has no such copy:
it prints from the incident as it stands now, without the 领导批示 given after it left.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from dutyroom.domain.vocabulary import Channel, IncidentCategory, IncidentLevel, IncidentStatus
from dutyroom.services.incidents.records import Casualties, IncidentRecord, PrintedReport, ReportRecord
from dutyroom.services.records import InstructionRecord, OfficeSettings

FORMAT = 1  # bumped if the stored shape ever changes; thaw() reads every shape it has written

_TEXT = ("title", "place", "sub_type", "source_unit", "source_person", "source_phone", "losses", "scope",
         "cause", "measures", "trend", "leaders_informed", "narrative")


def given_by(incident: IncidentRecord, sent_at: datetime) -> list[InstructionRecord]:
    """The instructions a report sent at `sent_at` could carry: those given by then."""
    return [i for i in incident.instructions if i.given_at <= sent_at]


def freeze(incident: IncidentRecord, sent_at: datetime, settings: OfficeSettings) -> str:
    """The JSON stored with a report as it is sent."""
    facts: dict = {name: getattr(incident, name) for name in _TEXT}
    facts.update(
        occurred_at=incident.occurred_at.isoformat(), received_at=incident.received_at.isoformat(),
        category=incident.category.value, level=incident.level.value,
        security_development=incident.security_development, source_channel=incident.source_channel.value,
        status=incident.status.value, id=incident.id,
        casualties=[incident.casualties.deaths, incident.casualties.injured, incident.casualties.missing,
                    incident.casualties.trapped],
        instructions=[{"leader": i.leader, "leader_title": i.leader_title, "text": i.text,
                       "given_at": i.given_at.isoformat()} for i in given_by(incident, sent_at)])
    return json.dumps({"format": FORMAT, "incident": facts, "office_name": settings.office_name,
                       "issuing_office": settings.issuing_office or settings.office_name,
                       "time_zone": settings.time_zone}, ensure_ascii=False, sort_keys=True)


def thaw(text: str, report: ReportRecord) -> PrintedReport:
    data = json.loads(text)
    facts = data["incident"]
    incident = IncidentRecord(
        occurred_at=datetime.fromisoformat(facts["occurred_at"]),
        received_at=datetime.fromisoformat(facts["received_at"]),
        category=IncidentCategory(facts["category"]), level=IncidentLevel(facts["level"]),
        security_development=bool(facts["security_development"]), source_channel=Channel(facts["source_channel"]),
        status=IncidentStatus(facts["status"]), id=facts["id"], casualties=Casualties(*facts["casualties"]),
        instructions=[InstructionRecord(i["leader"], i["text"], datetime.fromisoformat(i["given_at"]),
                                        leader_title=i["leader_title"]) for i in facts["instructions"]],
        **{name: facts.get(name, "") for name in _TEXT})  # a report sent before 0016 has no 事件经过
    return PrintedReport(incident=incident, report=report, office_name=data["office_name"],
                         issuing_office=data["issuing_office"], time_zone=data["time_zone"], as_sent=True)


def as_it_stands(incident: IncidentRecord, report: ReportRecord, settings: OfficeSettings) -> PrintedReport:
    """A draft, or a report sent before 0010: today's facts (a sent one without later 领导批示)."""
    if report.sent_at is not None:
        incident = replace(incident, instructions=given_by(incident, report.sent_at))
    return PrintedReport(incident=incident, report=report, office_name=settings.office_name,
                         issuing_office=settings.issuing_office or settings.office_name,
                         time_zone=settings.time_zone, as_sent=False)
