"""编发快报 on the 突发事件 page: the dialog prefilled from the incident, issued with its number, printed to PDF."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from dutyroom.domain.bulletin_text import assemble_narrative
from dutyroom.domain.vocabulary import IncidentLevel
from dutyroom.gui.changes import ChangeBridge
from dutyroom.gui.incidents import IncidentsPage
from dutyroom.gui.incidents import bulletin as bulletin_module
from dutyroom.services.incidents.records import IncidentRecord
from tests.gui.helpers import type_text


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


@pytest.fixture
def officer(accounts):
    return accounts[2]


def make_incident(services, officer):
    now = services.clock.now()
    return services.incidents.save(officer, IncidentRecord(
        title="临江路燃气管道泄漏", occurred_at=now - timedelta(minutes=60), received_at=now - timedelta(minutes=50),
        place="临江区临江路88号", level=IncidentLevel.IV, source_unit="临江区应急管理局"))


@pytest.fixture
def incident(sqlite_services, officer):
    return make_incident(sqlite_services, officer)


def open_page(qtbot, services, actor) -> IncidentsPage:
    page = IncidentsPage(services, actor)
    qtbot.addWidget(page)
    ChangeBridge(services.bus, page).changed.connect(page.on_change)
    page.resize(1100, 700)
    page.show()
    return page


def open_dialog(qtbot, page, incident):
    assert page.select_incident(incident.id)
    button = page.buttons["bulletin"]
    assert button.isEnabled() and button.text() == "编发快报…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, bulletin_module.BulletinDialog) and dialog.isVisible()
    return dialog


def test_the_button_waits_for_a_selected_incident_and_a_writer(qtbot, sqlite_services, officer, accounts):
    page = open_page(qtbot, sqlite_services, officer)
    assert page.incident is None and not page.buttons["bulletin"].isEnabled()
    saved = make_incident(sqlite_services, officer)
    qtbot.waitUntil(lambda: page.model.row_of(saved.id) >= 0)
    page.select_incident(saved.id)
    assert page.buttons["bulletin"].isEnabled()
    admin_page = open_page(qtbot, sqlite_services, accounts[0])
    assert admin_page.select_incident(saved.id)
    assert not admin_page.buttons["bulletin"].isEnabled()


def test_the_dialog_is_prefilled_with_the_narrative(qtbot, sqlite_services, officer, incident):
    page = open_page(qtbot, sqlite_services, officer)
    dialog = open_dialog(qtbot, page, incident)
    zone = sqlite_services.settings.get().time_zone
    expected = assemble_narrative(sqlite_services.incidents.get(incident.id),
                                  sqlite_services.incidents.reports(incident.id), zone=zone)
    assert dialog.inputs["narrative"].toPlainText() == expected
    assert "临江路" in expected
    assert dialog.inputs["title"].text() == "临江路燃气管道泄漏"
    assert dialog.inputs["kind"].currentText() == "值班快报"
    assert [dialog.inputs["kind"].itemText(i) for i in range(dialog.inputs["kind"].count())] == ["值班快报", "信息专报"]
    assert dialog.inputs["editor"].text() == officer.display_name


def test_issuing_numbers_the_bulletin_and_writes_the_pdf(qtbot, sqlite_services, officer, incident, tmp_path,
                                                        monkeypatch):
    target = tmp_path / "快报"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page = open_page(qtbot, sqlite_services, officer)
    dialog = open_dialog(qtbot, page, incident)
    type_text(qtbot, dialog.inputs["signer"], "王局长")
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)

    issued = sqlite_services.bulletins.list()
    assert len(issued) == 1 and (issued[0].year, issued[0].number) == (2026, 1)
    assert issued[0].signer == "王局长" and issued[0].incident_id == incident.id
    qtbot.waitUntil(lambda: dialog.pdf_path is not None, timeout=20000)
    pdf = tmp_path / "快报.pdf"
    assert dialog.pdf_path == str(pdf) and pdf.read_bytes().startswith(b"%PDF")
    assert "值班快报（2026）第1期" in dialog.message.text() and str(pdf) in dialog.message.text()
    assert not dialog.inputs["title"].isEnabled() and dialog.issue_button.text() == "保存 PDF…"


def test_an_empty_title_shows_its_message_next_to_the_field(qtbot, sqlite_services, officer, incident):
    page = open_page(qtbot, sqlite_services, officer)
    dialog = open_dialog(qtbot, page, incident)
    dialog.inputs["title"].clear()
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    label = dialog.errors.labels["title"]
    assert dialog.isVisible() and label.isVisible() and "标题" in label.text()
    assert dialog.inputs["narrative"].toPlainText()  # nothing typed is lost
    assert sqlite_services.bulletins.list() == []
