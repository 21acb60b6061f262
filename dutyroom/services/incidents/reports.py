"""信息报告: the numbered chain 首报 → 续报一 … → 终报. A sent report is frozen; corrections are a new report."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select

from dutyroom.domain.validation import Problems, check_text, clean_text
from dutyroom.domain.vocabulary import Channel, IncidentStatus, InstructionSubject, ReportKind
from dutyroom.errors import NotFound, ValidationError
from dutyroom.services import office_settings
from dutyroom.services.context import check_version, unit_of_work
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.incidents import as_sent
from dutyroom.services.incidents.base import IncidentArea
from dutyroom.services.incidents.checks import FUTURE_TOLERANCE, require_reporter, to_record
from dutyroom.services.incidents.clocks import sync_clocks
from dutyroom.services.incidents.records import PrintedReport, ReportRecord
from dutyroom.services.instructions import rows as instruction_rows
from dutyroom.services.records import Actor
from dutyroom.store.models import Incident, IncidentReport

FROZEN = "该报告已报送，不能再修改；如需更正，请另起一份续报"


def to_report(row: IncidentReport) -> ReportRecord:
    return ReportRecord(incident_id=row.incident_id, kind=ReportKind(row.kind), number=row.number,
                        content=row.content, recipients=row.recipients, channel=Channel(row.channel),
                        sent_at=row.sent_at, sent_by=row.sent_by, signer=row.signer, id=row.id, version=row.version)


def _snapshot(report: ReportRecord) -> dict:
    return {"incident_id": report.incident_id, "kind": report.kind.value, "number": report.number,
            "content": report.content, "recipients": report.recipients, "channel": report.channel.value,
            "sent_at": report.sent_at.isoformat() if report.sent_at else None, "sent_by": report.sent_by,
            "signer": report.signer}


def next_number(sent: list[IncidentReport], kind: ReportKind) -> int:
    """首报 is 0; each 续报 and the 终报 take the next number after the reports already sent."""
    if kind == ReportKind.FIRST:
        return 0
    return 1 + sum(1 for r in sent if r.kind == ReportKind.FOLLOW_UP.value)


def chain_problem(sent: list[IncidentReport], kind: ReportKind) -> str | None:
    kinds = {r.kind for r in sent}
    if ReportKind.FINAL.value in kinds:
        return "该事件已终报，不能再报送；如有新情况请另行登记事件"
    if kind == ReportKind.FIRST and ReportKind.FIRST.value in kinds:
        return "首报已经报送过了；补充或更正请报续报"
    if kind != ReportKind.FIRST and ReportKind.FIRST.value not in kinds:
        return f"还没有报送首报，不能先报{kind.label}"
    return None


class Reports(IncidentArea):
    """首报 / 续报 / 终报: drafts, sending, the numbered chain."""

    def reports(self, incident_id: int) -> list[ReportRecord]:
        """Sent reports in chain order, then drafts."""
        with self.ctx.db.session() as s:
            rows = s.scalars(select(IncidentReport).where(IncidentReport.incident_id == incident_id))
            records = [to_report(r) for r in rows]
        return sorted(records, key=lambda r: (r.sent_at is None, r.sent_at or datetime.min, r.number, r.id))

    def printable(self, report_id: int) -> PrintedReport:
        """What the form of report `report_id` prints: a sent report exactly as it was sent."""
        with self.ctx.db.session() as s:
            row = s.get(IncidentReport, report_id)
            if row is None:
                raise NotFound("找不到该报告，可能已被删除")
            report, frozen = to_report(row), row.as_sent
            if frozen is None:
                incident = _incident_record(s, s.get_one(Incident, row.incident_id))
        if frozen is not None:
            return as_sent.thaw(frozen, report)
        return as_sent.as_it_stands(incident, report, self.ctx.settings())

    def _clean(self, report: ReportRecord) -> ReportRecord:
        rec = replace(report, content=clean_text(report.content, multiline=True),
                      recipients=clean_text(report.recipients, multiline=True), signer=clean_text(report.signer))
        problems = Problems()
        try:
            rec = replace(rec, kind=ReportKind(rec.kind), channel=Channel(rec.channel))
        except ValueError:
            problems.need("kind", False, "报告种类或报送方式无效")
        check_text(problems, "recipients", rec.recipients, "上报对象", max_len=500)
        check_text(problems, "signer", rec.signer, "签发人", max_len=50)
        check_text(problems, "content", rec.content, "报告内容", max_len=20000)
        if problems:
            raise ValidationError(problems)
        return rec

    def draft_report(self, actor: Actor, report: ReportRecord) -> ReportRecord:
        """Save a report not yet sent (new when id is None). The number is provisional until it is sent."""
        require_reporter(actor)
        rec = self._clean(report)
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            _, sent = self._incident_and_sent(s, rec.incident_id)
            rec = replace(rec, number=next_number(sent, rec.kind))
            row = self._draft_row(uow, rec)
            return to_report(row)

    def _draft_row(self, uow, rec: ReportRecord) -> IncidentReport:
        s = uow.session
        if rec.id is None:
            row = IncidentReport(incident_id=rec.incident_id, created_at=uow.now,
                                 created_by=uow.actor.display_name or uow.actor.username)
            action, before = "create", None
            s.add(row)
        else:
            row = s.get(IncidentReport, rec.id)
            if row is None or row.incident_id != rec.incident_id:
                raise NotFound("找不到该报告，可能已被删除")
            if row.sent_at is not None:
                raise ValidationError({"content": FROZEN})
            check_version(row.version, rec.version, "该报告")
            action, before = "update", _snapshot(to_report(row))
        row.kind, row.number, row.content = rec.kind.value, rec.number, rec.content
        row.recipients, row.channel, row.signer = rec.recipients, rec.channel.value, rec.signer
        s.flush()
        uow.audit(action, EntityKind.REPORT, row.id, before=before, after=_snapshot(to_report(row)))
        return row

    def send_report(self, actor: Actor, report: ReportRecord) -> ReportRecord:
        """Record a report as sent and freeze it; complete the clocks it satisfies.

        `report.sent_at` may give when it actually went out (an officer phones first, types after);
        default now. After the 终报 the incident is 已终报 and its open clocks close.
        """
        require_reporter(actor)
        rec = self._clean(report)
        now = self.ctx.clock.now()
        sent_at = rec.sent_at or now
        problems = Problems()
        problems.need("sent_at", sent_at <= now + FUTURE_TOLERANCE, "报送时间不能晚于现在")
        problems.need("content", bool(rec.content), "请填写报告内容")
        problems.need("recipients", bool(rec.recipients), "请填写上报对象")
        if problems:
            raise ValidationError(problems)
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            incident, sent = self._incident_and_sent(s, rec.incident_id)
            problem = chain_problem(sent, rec.kind)
            if problem:
                raise ValidationError({"kind": problem})
            if sent_at < incident.occurred_at:
                raise ValidationError({"sent_at": "报送时间不能早于事发时间"})
            if sent and sent_at < max(r.sent_at for r in sent if r.sent_at is not None):
                raise ValidationError({"sent_at": "报送时间不能早于上一份报告"})
            row = self._draft_row(uow, replace(rec, number=next_number(sent, rec.kind)))
            # Read before anything is set (the reads flush): as_sent goes in the same UPDATE as sent_at,
            # after which the trigger refuses any change.
            frozen = as_sent.freeze(_incident_record(s, incident), sent_at, office_settings.read(s))
            row.sent_at, row.sent_by, row.as_sent = sent_at, actor.display_name or actor.username, frozen
            s.flush()
            uow.audit("send", EntityKind.REPORT, row.id, after=_snapshot(to_report(row)))
            if rec.kind == ReportKind.FINAL:
                before = incident.status
                incident.status = IncidentStatus.CLOSED.value
                s.flush()
                uow.audit("update", EntityKind.INCIDENT, incident.id, before={"status": before},
                          after={"status": incident.status})
            elif incident.status == IncidentStatus.RECEIVED.value:
                incident.status = IncidentStatus.HANDLING.value
                s.flush()
            uow.changes.append(Change(EntityKind.INCIDENT, str(incident.id)))
            sync_clocks(uow, incident, reason=f"报送{to_report(row).title}")
            return to_report(row)

    def discard_report(self, actor: Actor, report_id: int) -> None:
        """Delete a draft. A sent report stays for ever."""
        require_reporter(actor)
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.session.get(IncidentReport, report_id)
            if row is None:
                raise NotFound("找不到该报告，可能已被删除")
            if row.sent_at is not None:
                raise ValidationError({"content": FROZEN})
            before = _snapshot(to_report(row))
            uow.session.delete(row)
            uow.audit("delete", EntityKind.REPORT, report_id, before=before)

    @staticmethod
    def _incident_and_sent(s, incident_id: int) -> tuple[Incident, list[IncidentReport]]:
        incident = s.get(Incident, incident_id)
        if incident is None:
            raise NotFound("找不到该事件，可能已被删除")
        if s.get_bind().dialect.name == "postgresql":
            # Two workstations sending reports of one incident at once must not both take 续报二.
            s.execute(select(Incident.id).where(Incident.id == incident_id).with_for_update())
        sent = list(s.scalars(select(IncidentReport).where(IncidentReport.incident_id == incident_id,
                                                          IncidentReport.sent_at.is_not(None))))
        return incident, sent



def _incident_record(s, incident: Incident):
    instructions = [instruction_rows.to_record(i, incident.title)
                    for i in instruction_rows.of_subject(s, InstructionSubject.INCIDENT, incident.id)]
    return to_record(incident, instructions)
