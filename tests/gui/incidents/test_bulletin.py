"""编发快报 on the 突发事件 page: the dialog prefilled from the incident, issued with its number, printed to PDF."""

from __future__ import annotations

from dataclasses import replace
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
from tests.gui.helpers import focus, type_text


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

    qtbot.waitUntil(lambda: dialog.pdf_path is not None, timeout=20000)
    issued = sqlite_services.bulletins.list()
    assert len(issued) == 1 and (issued[0].year, issued[0].number) == (2026, 1)
    assert issued[0].signer == "王局长" and issued[0].incident_id == incident.id
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


def test_a_pdf_that_cannot_be_written_takes_no_number_and_keeps_the_text(qtbot, sqlite_services, officer, incident,
                                                                        tmp_path, monkeypatch):
    import dutyroom.reports

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "快报.pdf"), ""))

    def full_disk(bulletin, out):
        raise OSError(28, "No space left on device", str(out))

    monkeypatch.setattr(dutyroom.reports, "build_bulletin_pdf", full_disk)
    page = open_page(qtbot, sqlite_services, officer)
    dialog = open_dialog(qtbot, page, incident)
    type_text(qtbot, dialog.inputs["signer"], "王局长")
    qtbot.keyClick(dialog.issue_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "期号未占用" in dialog.message.text(), timeout=20000)
    assert "No space left on device" in dialog.message.text() and dialog.bulletin is None
    assert sqlite_services.bulletins.list() == [] and dialog.inputs["signer"].text() == "王局长"
    assert dialog.inputs["title"].isEnabled() and dialog.issue_button.isEnabled()


def test_reprint_prints_the_latest_issue_with_its_number_and_takes_none(qtbot, sqlite_services, officer, incident,
                                                                       tmp_path, monkeypatch):
    from pypdf import PdfReader

    draft = sqlite_services.bulletins.draft_for_incident(incident.id)
    issued = sqlite_services.bulletins.create(officer, draft)
    changed = sqlite_services.incidents.get(incident.id)
    sqlite_services.incidents.save(officer, replace(changed, place="别的地方"))
    target = tmp_path / "重印.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page = open_page(qtbot, sqlite_services, officer)
    dialog = open_dialog(qtbot, page, incident)
    assert dialog.reprint_button is not None and dialog.reprint_button.text() == "重印第1期（Ctrl+P）"
    assert dialog.issue_button.text() == "编发新一期"
    assert "已编发值班快报（2026）第1期" in dialog.message.text()
    focus(qtbot, dialog.inputs["title"])
    qtbot.keyClick(dialog.inputs["title"], Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.pdf_path == str(target), timeout=20000)
    text = "".join(p.extract_text() for p in PdfReader(target).pages).replace("\n", "")
    assert "（2026）第1期" in text and "临江区临江路88号发生" in text and "别的地方" not in text
    assert sqlite_services.bulletins.list() == [issued]
    qtbot.keyClick(dialog.inputs["title"], Qt.Key.Key_Escape)
    assert not dialog.isVisible()
