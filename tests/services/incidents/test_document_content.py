"""What the incident documents say (issue 13 item 19): read back from the PDF with pypdf."""

import io
import re
from datetime import date

from pypdf import PdfReader

from dutyroom.domain.vocabulary import Channel, IncidentLevel, ReportKind
from dutyroom.services.incidents.bulletins import write_daily_digest, write_timeliness_notice
from tests.services.incidents.helpers import incident, report


def pdf_text(out: io.BytesIO) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(out.getvalue())).pages)


def test_a_past_days_daily_digest_is_dated_that_day(services, clock):
    office = services.settings.get().issuing_office or services.settings.get().office_name
    out = io.BytesIO()
    write_daily_digest(services, date(2026, 11, 18), out)  # printed on the 21st
    text = pdf_text(out)
    assert f"{office}2026年11月18日" in text and "2026年11月21日" not in text


def test_the_offices_own_upward_clocks_are_credited_to_the_office(services, actors, clock):
    _, _, officer = actors
    settings = services.settings.get()
    office = settings.issuing_office or settings.office_name
    inc = services.incidents.save(officer, incident(clock, ago_minutes=120, level=IncidentLevel.II))
    # Received 110 minutes ago: the 30-minute phone and 1-hour written reports go late, the 3-hour one is on time.
    services.incidents.send_report(officer, report(inc.id, channel=Channel.PHONE))
    services.incidents.send_report(officer, report(inc.id, channel=Channel.FAX, kind=ReportKind.FINAL))
    rows = services.incidents.timeliness(date(2026, 11, 1), date(2026, 11, 30))
    credited = {r.rule_name: r.reporting_unit for r in rows}
    assert credited["首报（事发后3小时内）"] == "临江区应急管理局"
    assert credited["特别重大、重大事件电话报告（30分钟内）"] == office
    assert credited["特别重大、重大事件书面报告（1小时内）"] == office
    out = io.BytesIO()
    write_timeliness_notice(services, 2026, 11, out)
    assert office in pdf_text(out)
    late = {c.rule_name: c.source_unit for c in services.incidents.late_clocks(date(2026, 11, 1), date(2026, 11, 30))}
    assert late == {"特别重大、重大事件电话报告（30分钟内）": office, "特别重大、重大事件书面报告（1小时内）": office}


def test_the_bulletin_reads_as_prose_and_names_who_edits_signs_and_receives(services, clock):
    from dutyroom.reports import build_bulletin_pdf
    from dutyroom.services.demo import seed_demo
    from dutyroom.services.records import SYSTEM_ACTOR

    seed_demo(services)
    blast = next(i for i in services.incidents.list() if i.title == "临江工业园化工厂仓库爆炸")
    out = io.BytesIO()
    services.bulletins.create(SYSTEM_ACTOR, services.bulletins.draft_for_incident(blast.id),
                              write=lambda b: build_bulletin_pdf(b, out))
    text = pdf_text(out)
    assert "临江区临江工业园纬三路6号发生一起化工厂仓库爆炸" in text  # the place is said once
    assert "涉及范围" not in text and "事件波及周边500米内企业已停产" in text
    assert "8时20分续报。" in text and "续报一" not in text
    assert "报：青川市人民政府总值班室、市委总值班室、市政府总值班室" in text
    on_duty, _ = services.roster.on_duty()
    assert on_duty is not None
    assert f"编辑：{on_duty.officers[0].name}签发：{on_duty.leaders[0].name}" in text


def test_a_bulletin_with_nobody_on_duty_leaves_editor_and_signer_blank(services, actors, clock):
    from dutyroom.reports import build_bulletin_pdf

    _, _, officer = actors
    inc = services.incidents.save(officer, incident(clock, scope="涉及范围：周边3个小区"))
    draft = services.bulletins.draft_for_incident(inc.id)
    assert (draft.editor, draft.signer) == ("", "")
    assert "发生一起燃气管道泄漏" in draft.narrative and "事件波及周边3个小区。" in draft.narrative
    out = io.BytesIO()
    build_bulletin_pdf(services.bulletins.create(officer, draft), out)
    assert re.sub(r"(共\d+页)?—\d+—(共\d+页)?", "", pdf_text(out)).endswith("编辑：签发：")  # page furniture aside
