"""Migration 0010 on a database with reports sent before it: they still print, and are frozen from then on."""

import io
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from sqlalchemy.orm import Session

from dutyroom.app import open_services
from dutyroom.reports import build_incident_report_pdf
from dutyroom.store import migrate
from dutyroom.store.engine import Database
from dutyroom.store.schema import alembic_config

AT = datetime(2026, 11, 20, 1, 30, tzinfo=timezone.utc)
BEFORE_AS_SENT = "0007"


def _old_database(url, schema):
    """The program before 0010: an incident with a 首报 sent, and one 领导批示 before and one after it."""
    from alembic import command

    db = Database(url, schema=schema)
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, BEFORE_AS_SENT)
    meta = sa.MetaData()
    meta.reflect(db.engine, only=["incident", "incident_report", "instruction", "bulletin"])
    incident, report, instruction, bulletin = (meta.tables[n] for n in ("incident", "incident_report", "instruction",
                                                                         "bulletin"))
    with Session(db.engine) as s:
        s.execute(incident.insert(), [dict(
            id=1, title="城东化工厂爆炸", occurred_at=AT, received_at=AT, place="城东", category="accident",
            sub_type="", security_development=False, level="II", source_unit="城东街道", source_person="",
            source_phone="", source_channel="phone", losses="", scope="", cause="", measures="正在扑救", trend="",
            leaders_informed="", status="handling", created_at=AT, created_by="赵值班", version=1, deaths=0,
            injured=3, missing=0, trapped=0)])
        s.execute(report.insert(), [dict(
            id=1, incident_id=1, kind="first", number=0, content="首报正文", recipients="市委总值班室", channel="phone",
            sent_at=AT + timedelta(minutes=25), sent_by="赵值班", signer="李带班", created_at=AT, created_by="赵值班",
            version=2)])
        s.execute(instruction.insert(), [dict(
            id=n, leader=leader, leader_title="", given_at=AT + timedelta(minutes=minutes), text=text,
            subject_kind="incident", subject_id=1, passed_to="", pass_channel="", status="pending", feedback="",
            created_at=AT, created_by="赵值班", version=1)
            for n, leader, minutes, text in ((1, "张市长", 20, "全力救治伤员"), (2, "李副市长", 60, "明火已扑灭，做好善后"))])
        s.execute(bulletin.insert(), [dict(
            id=1, year=2026, number=1, kind="值班快报", title="城东化工厂爆炸", narrative="据报告……", issued_on=AT.date(),
            issuing_office="区总值班室", to_upper="", to_peers="", copy_to="", editor="", signer="", incident_id=1,
            version=1)])
        s.commit()
    db.dispose()


def test_reports_sent_before_0010_still_print_without_later_instructions_and_are_frozen(db_target, clock, tmp_path):
    url, schema = db_target
    _old_database(url, schema)
    svc = open_services(url, clock=clock, schema=schema, backup_folder=tmp_path / "b")
    try:
        assert migrate.current_revision(svc.db) == migrate.HEAD
        printed = svc.incidents.printable(1)
        assert not printed.as_sent and printed.report.content == "首报正文"
        assert [i.text for i in printed.incident.instructions] == ["全力救治伤员"]
        out = io.BytesIO()
        build_incident_report_pdf(printed.incident, printed.report, out, office_name=printed.office_name,
                                  issuing_office=printed.issuing_office, zone=printed.time_zone)
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.getvalue())).pages)
        assert "首报正文" in text and "全力救治伤员" in text and "明火已扑灭" not in text
        for table in ("incident_report", "bulletin"):
            with pytest.raises(sa.exc.DBAPIError, match="frozen"), svc.db.engine.begin() as conn:
                conn.execute(sa.text(f"UPDATE {table} SET version = version + 1 WHERE id = 1"))
    finally:
        svc.db.dispose()
