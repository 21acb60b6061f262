"""值班快报 / 信息专报: numbered bulletins （2026）第N期, drafted from an incident; and 每日要情.

Numbers run per year and kind, gapless: issuing holds the number lock, and the document is written
inside the same transaction, so a bulletin whose PDF could not be written takes no number. An issued
bulletin is frozen (the database refuses to change it, migration 0010); printing it again prints the
stored record with its number, never a new issue.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import BinaryIO

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from dutyroom.domain.bulletin_text import assemble_narrative
from dutyroom.domain.daily_digest import period_bounds
from dutyroom.domain.localtime import to_local
from dutyroom.domain.months import month_range
from dutyroom.domain.validation import Problems, check_text, clean_text
from dutyroom.domain.vocabulary import Role, UnitKind
from dutyroom.errors import ConflictError, NotFound, ValidationError
from dutyroom.services.context import (
    BULLETIN_NUMBER_LOCK,
    ServiceContext,
    hold_write_lock,
    is_unique_violation,
    require_role,
    unit_of_work,
)
from dutyroom.services.events import EntityKind
from dutyroom.services.incidents.records import BulletinRecord, IncidentRecord
from dutyroom.services.incidents.service import IncidentService
from dutyroom.services.records import Actor
from dutyroom.services.units import UnitService
from dutyroom.store.models import Bulletin, Incident

KINDS = ("值班快报", "信息专报")
DEFAULT_KIND = KINDS[0]
NUMBER_ATTEMPTS = 5


def to_bulletin(row: Bulletin) -> BulletinRecord:
    return BulletinRecord(
        year=row.year, number=row.number, kind=row.kind, title=row.title, narrative=row.narrative,
        issued_on=row.issued_on, issuing_office=row.issuing_office, to_upper=row.to_upper, to_peers=row.to_peers,
        copy_to=row.copy_to, editor=row.editor, signer=row.signer, incident_id=row.incident_id, id=row.id)


def _snapshot(rec: BulletinRecord) -> dict:
    return {"year": rec.year, "number": rec.number, "kind": rec.kind, "title": rec.title,
            "issued_on": rec.issued_on.isoformat(), "incident_id": rec.incident_id}


def cleaned(record: BulletinRecord) -> BulletinRecord:
    rec = replace(record, kind=clean_text(record.kind) or DEFAULT_KIND, title=clean_text(record.title),
                  narrative=clean_text(record.narrative, multiline=True),
                  issuing_office=clean_text(record.issuing_office), to_upper=clean_text(record.to_upper),
                  to_peers=clean_text(record.to_peers), copy_to=clean_text(record.copy_to),
                  editor=clean_text(record.editor), signer=clean_text(record.signer))
    problems = Problems()
    problems.need("kind", rec.kind in KINDS, f"文种应为{'或'.join(KINDS)}")
    check_text(problems, "title", rec.title, "标题", required=True, max_len=200)
    check_text(problems, "narrative", rec.narrative, "正文", required=True, max_len=20000)
    check_text(problems, "issuing_office", rec.issuing_office, "编发单位", max_len=100)
    for field, label in (("to_upper", "报"), ("to_peers", "送"), ("copy_to", "抄送")):
        check_text(problems, field, getattr(rec, field), f"“{label}”", max_len=1000)
    check_text(problems, "editor", rec.editor, "编辑", max_len=50)
    check_text(problems, "signer", rec.signer, "签发人", max_len=50)
    if not isinstance(rec.issued_on, date):
        problems.need("issued_on", False, "请填写日期")
    else:
        rec = replace(rec, year=rec.year or rec.issued_on.year)
        problems.need("year", 2000 <= rec.year <= 2100, "年份无效")
    if problems:
        raise ValidationError(problems)
    return rec


class BulletinService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx
        # (编辑, 签发) on duty now; the roster is another area, connected by services/shift_sources.py
        self.on_duty: Callable[[], tuple[str, str]] = lambda: ("", "")

    def next_number(self, year: int, kind: str = DEFAULT_KIND) -> int:
        """The number the next bulletin of this year and kind would get (the last one + 1)."""
        with self.ctx.db.session() as s:
            return _next_number(s, year, kind)

    def get(self, bulletin_id: int) -> BulletinRecord:
        with self.ctx.db.session() as s:
            row = s.get(Bulletin, bulletin_id)
            if row is None:
                raise NotFound("找不到该期快报，可能已被删除")
            return to_bulletin(row)

    def list(self, year: int | None = None) -> list[BulletinRecord]:
        """Newest first."""
        with self.ctx.db.session() as s:
            query = select(Bulletin).order_by(Bulletin.year.desc(), Bulletin.issued_on.desc(), Bulletin.id.desc())
            if year is not None:
                query = query.where(Bulletin.year == year)
            return [to_bulletin(r) for r in s.scalars(query)]

    def latest_for_incident(self, incident_id: int) -> BulletinRecord | None:
        """The bulletin last issued about the incident (any kind), or None: what a reprint prints."""
        with self.ctx.db.session() as s:
            row = s.scalars(select(Bulletin).where(Bulletin.incident_id == incident_id)
                            .order_by(Bulletin.issued_on.desc(), Bulletin.id.desc()).limit(1)).first()
            return None if row is None else to_bulletin(row)

    def check(self, record: BulletinRecord) -> BulletinRecord:
        """The record cleaned, or a ValidationError per field: asked before the officer picks a file."""
        return cleaned(record)

    def create(self, actor: Actor, record: BulletinRecord,
               write: Callable[[BulletinRecord], object] | None = None) -> BulletinRecord:
        """Issue a bulletin: it takes the next number of its year and kind (record.number is ignored).

        `write` is given the numbered bulletin inside the transaction that takes the number: when it
        raises (the PDF could not be written), nothing is stored and the number stays free.
        """
        require_role(actor, Role.OFFICER, Role.LEADER, Role.ADMIN)
        rec = cleaned(record)
        for _ in range(NUMBER_ATTEMPTS):
            try:
                return self._insert(actor, rec, write)
            except IntegrityError as exc:
                if not is_unique_violation(exc):
                    raise
        raise ConflictError("其他工作站正在同时编发快报，期号没有分配成功，请再试一次；您输入的内容已保留。")

    def _insert(self, actor: Actor, rec: BulletinRecord,
                write: Callable[[BulletinRecord], object] | None) -> BulletinRecord:
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            if rec.incident_id is not None and s.get(Incident, rec.incident_id) is None:
                raise NotFound("找不到快报所依据的事件，可能已被删除")
            hold_write_lock(s, BULLETIN_NUMBER_LOCK)  # numbers stay gapless and unique across workstations
            row = Bulletin(year=rec.year, number=_next_number(s, rec.year, rec.kind), kind=rec.kind,
                           title=rec.title, narrative=rec.narrative, issued_on=rec.issued_on,
                           issuing_office=rec.issuing_office, to_upper=rec.to_upper, to_peers=rec.to_peers,
                           copy_to=rec.copy_to, editor=rec.editor, signer=rec.signer, incident_id=rec.incident_id)
            s.add(row)
            s.flush()
            created = to_bulletin(row)
            uow.audit("create", EntityKind.BULLETIN, row.id, after=_snapshot(created))
            if write is not None:
                write(created)
            return created

    def draft_for_incident(self, incident_id: int, kind: str = DEFAULT_KIND) -> BulletinRecord:
        """A bulletin ready to edit: title and narrative from the incident, office, today, 报 every upper-level
        unit, 编辑 and 签发 the officer and leader on duty (blank when nobody is rostered)."""
        incidents = IncidentService(self.ctx)
        incident = incidents.get(incident_id)
        settings = self.ctx.settings()
        today = to_local(self.ctx.clock.now(), settings.time_zone).date()
        upper = [u.name for u in UnitService(self.ctx).list(include_inactive=False) if u.kind == UnitKind.UPPER]
        reports = incidents.reports(incident_id)
        narrative = assemble_narrative(incident, reports, zone=settings.time_zone)
        # 报: every upper-level unit and everyone the reports went to, each once, in that order.
        sent_to = [name for r in reports if r.sent_at is not None for name in re.split(r"[、，,;；\s]+", r.recipients)]
        upper = list(dict.fromkeys(n.strip() for n in (*upper, *sent_to) if n.strip()))
        editor, signer = self.on_duty()
        return BulletinRecord(year=today.year, number=0, kind=kind, title=incident.title, narrative=narrative,
                              issued_on=today, issuing_office=settings.issuing_office or settings.office_name,
                              to_upper="、".join(upper), editor=editor, signer=signer, incident_id=incident_id)

    def daily_incidents(self, day: date) -> list[IncidentRecord]:
        """The incidents received in the 24 hours 每日要情 of `day` covers (18:00 the day before to 18:00)."""
        start, end = period_bounds(day, self.ctx.settings().time_zone)
        with self.ctx.db.session() as s:
            ids = list(s.scalars(select(Incident.id).where(Incident.received_at >= start, Incident.received_at < end)
                                 .order_by(Incident.received_at, Incident.id)))
        incidents = IncidentService(self.ctx)
        return [incidents.get(i) for i in ids]


def _next_number(session, year: int, kind: str) -> int:
    last = session.scalar(select(func.max(Bulletin.number)).where(Bulletin.year == year, Bulletin.kind == kind))
    return (last or 0) + 1


def write_daily_digest(services, day: date, out: str | os.PathLike | BinaryIO, *,
                       printed_on: date | None = None) -> int:
    """Write 每日要情 of `day` (PDF) with its incidents and notable calls; returns how many incidents it lists."""
    from dutyroom.reports import build_daily_pdf  # reportlab loads only when a document is printed

    settings = services.settings.get()
    incidents = services.bulletins.daily_incidents(day)
    # Dated the day it reports on (issued at its 18:00), also when a past day's is printed later.
    build_daily_pdf(day, incidents, services.calls.notable_lines(day), out, office_name=settings.office_name,
                    issuing_office=settings.issuing_office, printed_on=printed_on or day,
                    zone=settings.time_zone, rollcalls=services.rollcall.digest_lines(day))
    return len(incidents)


def write_timeliness_notice(services, year: int, month: int, out: str | os.PathLike | BinaryIO) -> int:
    """Write the month's 突发事件信息报告情况通报 (PDF); returns how many reports were late or missed."""

    from dutyroom.reports import build_timeliness_pdf  # reportlab loads only when a document is printed
    from dutyroom.reports.imprint import Distribution

    first, last = month_range(year, month)
    settings = services.settings.get()
    late = services.incidents.late_clocks(first, last)
    build_timeliness_pdf(services.incidents.timeliness(first, last), out, office_name=settings.office_name,
                         issuing_office=settings.issuing_office, year=year, month=month, late_list=late,
                         zone=settings.time_zone, distribution=Distribution.of_documents(settings),
                         printed_on=to_local(services.clock.now(), settings.time_zone).date())
    return len(late)


__all__ = ["BulletinService", "DEFAULT_KIND", "KINDS", "write_daily_digest", "write_timeliness_notice"]
