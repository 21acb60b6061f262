"""事件经过 (issue 13 item 5): typed on the incident form, kept with the incident, printed on the report form
where the narrative belongs, and frozen with a sent report."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dutyroom.reports import build_incident_report_pdf
from tests.gui.helpers import focus, type_text
from tests.gui.incidents.test_page import open_page, record
from tests.services.incidents.helpers import report

STORY = "14时05分，一辆液化气罐车在环城北路侧翻，司机报警后消防到场。"


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


def printed(services, report_id: int) -> str:
    sheet = services.incidents.printable(report_id)
    out = io.BytesIO()
    build_incident_report_pdf(sheet.incident, sheet.report, out, office_name=sheet.office_name,
                              issuing_office=sheet.issuing_office, zone=sheet.time_zone)
    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(out.getvalue())).pages)


def test_the_narrative_is_typed_on_the_form_and_kept(qtbot, accounts, sqlite_services):
    officer = accounts[2]
    page = open_page(qtbot, sqlite_services, officer)
    focus(qtbot, page.filter_combo)
    qtbot.keyClick(page.filter_combo, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    type_text(qtbot, dialog.input("title"), "液化气罐车侧翻")
    focus(qtbot, dialog.input("place"))
    type_text(qtbot, dialog.input("place"), "环城北路")
    narrative = dialog.input("narrative")
    assert narrative.isVisible() and narrative.placeholderText().startswith("何时、何地")
    # Tab from the casualties reaches 事件经过 first, then 损失程度: the story before its details.
    focus(qtbot, dialog.unknown["trapped"])
    qtbot.keyClick(dialog.unknown["trapped"], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is narrative
    type_text(qtbot, narrative, STORY)
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.keyClick(narrative, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    stored = sqlite_services.incidents.get(saved.args[0].id)
    assert stored.narrative == STORY


def test_the_report_prints_the_narrative_after_the_source_and_a_sent_one_keeps_it(sqlite_services, accounts, clock):
    officer = accounts[2]
    inc = sqlite_services.incidents.save(officer, record(clock, narrative=STORY))
    sent = sqlite_services.incidents.send_report(officer, report(inc.id, content="首报：罐车侧翻。"))
    text = printed(sqlite_services, sent.id)
    assert "事件经过" + "".join(STORY.split()) in text
    assert text.index("信息来源") < text.index("事件经过") < text.index("伤亡情况")
    clock.advance(minutes=20)
    sqlite_services.incidents.save(officer, replace(sqlite_services.incidents.get(inc.id), narrative="改过的经过"))
    assert printed(sqlite_services, sent.id) == text  # as sent, whatever was edited later
    draft = sqlite_services.incidents.draft_report(officer, report(inc.id, content="续报"))
    assert "改过的经过" in printed(sqlite_services, draft.id)


def test_an_incident_without_a_narrative_prints_no_empty_row(sqlite_services, accounts, clock):
    officer = accounts[2]
    inc = sqlite_services.incidents.save(officer, record(clock))
    assert sqlite_services.incidents.get(inc.id).narrative == ""
    draft = sqlite_services.incidents.draft_report(officer, report(inc.id))
    assert "事件经过" not in printed(sqlite_services, draft.id)
