"""A sent report prints as it was sent (issue 12 item 10): later edits, 领导批示 and settings change nothing."""

import io
from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from dutyroom.domain.vocabulary import ReportKind
from dutyroom.reports import build_incident_report_pdf
from dutyroom.services.incidents.records import Casualties, InstructionRecord
from tests.services.incidents.helpers import incident, report


def printed_text(services, report_id: int) -> str:
    printed = services.incidents.printable(report_id)
    out = io.BytesIO()
    build_incident_report_pdf(printed.incident, printed.report, out, office_name=printed.office_name,
                              issuing_office=printed.issuing_office, zone=printed.time_zone)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(out.getvalue())).pages)


def test_reprint_of_a_first_report_is_the_text_as_sent_after_edits_and_instructions(services, actors, clock):
    admin, leader, officer = actors
    inc = services.incidents.save(officer, incident(clock, casualties=Casualties(deaths=0, injured=2),
                                                    measures="消防救援队伍已到场处置"))
    services.incidents.add_instruction(leader, inc.id, InstructionRecord("张局长", "全力救治伤员", clock.now()))
    first = services.incidents.send_report(officer, report(inc.id, content="首报：燃气管道泄漏，2人受伤。"))
    sent_text = printed_text(services, first.id)
    assert "全力救治伤员" in sent_text and "消防救援队伍已到场处置" in sent_text

    clock.advance(minutes=40)
    inc = services.incidents.get(inc.id)
    services.incidents.save(officer, replace(inc, place="临江区临江路90号", measures="明火已扑灭",
                                             casualties=Casualties(deaths=1, injured=5)))
    services.incidents.add_instruction(leader, inc.id, InstructionRecord("王市长", "明火已扑灭，做好善后", clock.now()))
    services.settings.save(admin, replace(services.settings.get(), issuing_office="另一个办公室"))
    follow = services.incidents.send_report(officer, report(inc.id, ReportKind.FOLLOW_UP, content="续报：明火已扑灭。"))

    assert printed_text(services, first.id) == sent_text  # byte for byte, after every later change
    assert "明火已扑灭" not in sent_text and "王市长" not in sent_text and "另一个办公室" not in sent_text
    later = printed_text(services, follow.id)
    assert "明火已扑灭，做好善后" in later and "临江区临江路90号" in later and "另一个办公室" in later
    assert services.incidents.printable(first.id).as_sent


def test_a_report_sent_with_an_earlier_time_carries_only_instructions_given_by_then(services, actors, clock):
    _, leader, officer = actors
    inc = services.incidents.save(officer, incident(clock, ago_minutes=90))
    services.incidents.add_instruction(leader, inc.id, InstructionRecord("张局长", "立即核实", clock.now()))
    sent = services.incidents.send_report(officer, report(inc.id, sent_at=clock.now() - timedelta(minutes=30)))
    assert services.incidents.printable(sent.id).incident.instructions == []


def test_the_database_refuses_to_change_or_delete_a_sent_report(services, actors, clock):
    _, _, officer = actors
    inc = services.incidents.save(officer, incident(clock))
    draft = services.incidents.draft_report(officer, report(inc.id, content="草稿"))
    sent = services.incidents.send_report(officer, report(inc.id, content="已报送的首报"))
    with services.db.engine.begin() as conn:  # a draft is still an ordinary row
        conn.execute(sa.text("UPDATE incident_report SET content = '改过' WHERE id = :id"), {"id": draft.id})
    for statement in ("UPDATE incident_report SET content = '篡改' WHERE id = :id",
                      "UPDATE incident_report SET as_sent = NULL WHERE id = :id",
                      "DELETE FROM incident_report WHERE id = :id"):
        with pytest.raises(sa.exc.DBAPIError, match="frozen"), services.db.engine.begin() as conn:
            conn.execute(sa.text(statement), {"id": sent.id})
    assert [r.content for r in services.incidents.reports(inc.id) if r.id == sent.id] == ["已报送的首报"]
