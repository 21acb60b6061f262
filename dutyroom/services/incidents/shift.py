"""The incidents one shift touched, with their reports and clocks, in three reads (the 值班日志).

The duty log used to page back through the newest incidents and ask for the reports and the clocks
of each one (two reads per incident, 200 incidents deep). Here the shift's incidents are found from
indexes bounded by the shift — received in it, a report sent in it, an open incident's clock running
in it — and their reports and clocks come in one read each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from dutyroom.domain.vocabulary import IncidentStatus
from dutyroom.services.incidents.base import IncidentArea
from dutyroom.services.incidents.checks import to_record
from dutyroom.services.incidents.clocks import to_clock_record
from dutyroom.services.incidents.records import ClockRecord, IncidentRecord, ReportRecord
from dutyroom.services.incidents.reports import to_report
from dutyroom.store.models import DeadlineClock, Incident, IncidentReport


@dataclass(frozen=True)
class ShiftIncident:
    incident: IncidentRecord
    reports: tuple[ReportRecord, ...]  # sent in the shift, in the order they were sent
    clocks: tuple[ClockRecord, ...]  # every clock of the incident, nearest due first


class ShiftReads(IncidentArea):
    def in_shift(self, starts_at: datetime, ends_at: datetime) -> list[ShiftIncident]:
        """Incidents received in [starts_at, ends_at), or with a report sent in it, or still open with a
        clock running in it; oldest received first."""
        sent_in = select(IncidentReport.incident_id).where(IncidentReport.sent_at >= starts_at,
                                                           IncidentReport.sent_at < ends_at)
        # A clock runs in the shift when it is due after the start and started before the end; due_at
        # bounds the read to the clocks of recent days (the due_at index).
        running = select(DeadlineClock.incident_id).where(DeadlineClock.due_at >= starts_at,
                                                          DeadlineClock.start_at < ends_at)
        with self.ctx.db.session() as s:
            ids = set(s.scalars(select(Incident.id).where(Incident.received_at >= starts_at,
                                                          Incident.received_at < ends_at)))
            ids.update(s.scalars(sent_in))
            ids.update(s.scalars(select(Incident.id).where(
                Incident.id.in_(running), Incident.status != IncidentStatus.CLOSED.value)))
            if not ids:
                return []
            incidents = list(s.scalars(select(Incident).where(Incident.id.in_(sorted(ids)), Incident.received_at < ends_at)
                                       .order_by(Incident.received_at, Incident.id)))
            reports: dict[int, list[ReportRecord]] = {i.id: [] for i in incidents}
            for row in s.scalars(select(IncidentReport).where(
                    IncidentReport.incident_id.in_(list(reports)), IncidentReport.sent_at >= starts_at,
                    IncidentReport.sent_at < ends_at)
                    .order_by(IncidentReport.sent_at, IncidentReport.number, IncidentReport.id)):
                reports[row.incident_id].append(to_report(row))
            by_id = {i.id: i for i in incidents}
            clocks: dict[int, list[ClockRecord]] = {i.id: [] for i in incidents}
            for row in s.scalars(select(DeadlineClock).where(DeadlineClock.incident_id.in_(list(clocks)))
                                 .order_by(DeadlineClock.due_at, DeadlineClock.id)):
                clocks[row.incident_id].append(to_clock_record(row, by_id[row.incident_id]))
            return [ShiftIncident(to_record(i), tuple(reports[i.id]), tuple(clocks[i.id])) for i in incidents]
