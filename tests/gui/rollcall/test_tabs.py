"""The other tabs of the 视频点名 page, by keys: the 通报 of a finished roll-call (Ctrl+P, narrative edited
first) written through save_document, a 整改 item closed with feedback (Enter), the statistics PDF and the
Excel export; today's roll-calls on the on-duty panel; every model of the page passes qtmodeltester."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QFileDialog

from dutyroom.domain.vocabulary import RollCallKind, RollCallResult
from dutyroom.gui.on_duty import OnDutyPanel
from dutyroom.gui.rollcall.live_model import LiveModel
from tests.gui.helpers import focus, type_text
from tests.gui.rollcall.helpers import make_units, open_page
from tests.services.rollcall.helpers import OFFICE

P, A = RollCallResult.PRESENT, RollCallResult.ABSENT


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


def pdf_text(path) -> str:
    return "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages).split())


def finished(svc, actor, at=None):
    ids = make_units(svc, actor)[:3]
    rc = svc.rollcall.create_rollcall(actor, RollCallKind.HOST, at or svc.clock.now(), ids)
    for entry, result in zip(rc.entries, (P, A, P), strict=True):
        svc.rollcall.mark_result(actor, entry.id, result)
    svc.rollcall.add_rectification(actor, rc.id, "西城街道", "严格落实在岗值守", svc.rollcall.today() + timedelta(days=3))
    return svc.rollcall.finish(actor, rc.id)


def test_the_notice_of_a_finished_roll_call_is_edited_and_written(qtbot, sqlite_services, accounts, tmp_path,
                                                                  monkeypatch):
    svc, officer = sqlite_services, accounts[2]
    rc = finished(svc, accounts[0])
    page = open_page(qtbot, svc, officer)
    page.tabs.setCurrentWidget(page.history)
    assert page.history.model.record(0).id == rc.id
    assert "离岗" in page.history.detail.text() and "严格落实在岗值守" in page.history.detail.text()
    target = tmp_path / "通报.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    focus(qtbot, page.history.table)
    qtbot.keyClick(page.history.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert "3个单位值班室进行了视频点名" in dialog.narrative.toPlainText()  # written from the data
    dialog.narrative.moveCursor(dialog.narrative.textCursor().MoveOperation.End)
    type_text(qtbot, dialog.narrative, "请西城街道于三日内报送整改情况。")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.pdf_path is not None, timeout=20000)
    text = pdf_text(target)
    assert "视频点名情况通报" in text and "请西城街道于三日内报送整改情况。" in text and "抄送：本办领导" in text
    assert "请西城街道于三日内报送整改情况。" in svc.rollcall.get(rc.id).narrative
    issued = svc.rollcall.issued_notice(rc.id)
    assert issued is not None and target.read_bytes() == issued.pdf  # issued: kept as the document it was

    svc.rollcall.add_rectification(officer, rc.id, "东城街道", "补充整改要求", svc.rollcall.today())
    again = tmp_path / "重印.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(again), ""))
    focus(qtbot, page.history.table)
    qtbot.keyClick(page.history.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    reprint = page.dialog
    qtbot.waitUntil(reprint.isVisible)
    assert reprint.save_button.text() == "重印 PDF…" and reprint.narrative.isReadOnly()
    focus(qtbot, reprint.recipients)
    qtbot.keyClick(reprint.recipients, Qt.Key.Key_Return)  # Enter: the default button
    qtbot.waitUntil(lambda: reprint.pdf_path is not None, timeout=20000)
    assert again.read_bytes() == issued.pdf and "补充整改要求" not in pdf_text(again)


def test_a_rectification_is_closed_with_feedback_by_enter(qtbot, sqlite_services, accounts):
    svc, officer = sqlite_services, accounts[2]
    finished(svc, accounts[0])
    page = open_page(qtbot, svc, officer)
    page.tabs.setCurrentWidget(page.rectify)
    assert page.rectify.model.rowCount() == 1 and page.rectify.count_label.text() == "共 1 项"
    assert page.rectify.model.index(0, 4).data() == "整改中"
    focus(qtbot, page.rectify.table)
    page.rectify.table.setCurrentIndex(page.rectify.model.index(0, 0))
    qtbot.keyClick(page.rectify.table, Qt.Key.Key_Return)
    dialog = page.rectify.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.save()  # no feedback: said next to the field
    assert dialog.isVisible() and "请填写整改反馈情况" in dialog.errors._fields["feedback"][0].text()
    type_text(qtbot, dialog.feedback, "已重新排班，值班员培训合格")
    dialog.save()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: page.rectify.model.rowCount() == 0)  # the change came back through the bus
    closed = svc.rollcall.rectifications("closed")
    assert [i.feedback for i in closed] == ["已重新排班，值班员培训合格"]


def test_statistics_print_and_export(qtbot, sqlite_services, accounts, tmp_path, monkeypatch):
    svc = sqlite_services
    finished(svc, accounts[0], datetime(2026, 11, 16, 9, 30, tzinfo=OFFICE))
    page = open_page(qtbot, svc, accounts[2])
    page.tabs.setCurrentWidget(page.stats)
    stats = page.stats
    assert stats.model.rowCount() == 3 and "在岗率 66.7%" in stats.intro.text()
    assert [b[0] for b in stats.chart.bars] == ["东城街道", "南湖镇", "西城街道"]
    stats.table.selectRow(2)
    assert stats.history_model.rowCount() == 1 and stats.history_model.record(0).result == A
    pdf, xlsx = tmp_path / "统计.pdf", tmp_path / "结果.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    focus(qtbot, stats.table)
    qtbot.keyClick(stats.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: pdf.exists() and stats.buttons["print"].isEnabled(), timeout=20000)
    assert "2026年11月视频点名情况统计" in pdf_text(pdf)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(xlsx), ""))
    qtbot.keyClick(stats.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: xlsx.exists() and stats.buttons["export"].isEnabled(), timeout=20000)
    QThreadPool.globalInstance().waitForDone(5000)
    cells = [c.value for ws in load_workbook(xlsx) for row in ws.iter_rows() for c in row]
    assert "西城街道" in cells


def test_todays_roll_calls_are_on_the_on_duty_panel(qtbot, sqlite_services, accounts):
    svc = sqlite_services
    ids = make_units(svc, accounts[0])[:2]
    svc.rollcall.create_rollcall(accounts[2], RollCallKind.SPOT, datetime(2026, 11, 21, 21, 40, tzinfo=OFFICE), ids)
    panel = OnDutyPanel(svc, accounts[2])
    qtbot.addWidget(panel)
    assert panel.rollcall_label.text() == "21:40 随机抽查（待点名）"
    svc.rollcall.create_rollcall(accounts[2], RollCallKind.HOST, datetime(2026, 11, 22, 9, 0, tzinfo=OFFICE), ids)
    panel.refresh()
    assert "09:00" not in panel.rollcall_label.text()  # tomorrow's is not today's


def test_the_models_pass_qtmodeltester(qtbot, qtmodeltester, sqlite_services, accounts):
    svc = sqlite_services
    finished(svc, accounts[0])
    page = open_page(qtbot, svc, accounts[0])
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
    live = LiveModel(svc.clock.now)
    live.set_entries(list(svc.rollcall.history()[0].entries), 60)
    for model in (live, page.history.model, page.plans.model, page.rectify.model, page.stats.model,
                  page.stats.history_model, page.start.model):
        qtmodeltester.check(model)
    assert page.history.model.rowCount() == 1 and page.stats.model.rowCount() == 3  # checked with rows in them


def test_the_on_duty_panel_reads_roll_calls_once_the_keys_settle(qtbot, sqlite_services, accounts):
    from dutyroom.gui.changes import ChangeBridge

    svc = sqlite_services
    ids = make_units(svc, accounts[0])[:2]
    panel = OnDutyPanel(svc, accounts[2])
    qtbot.addWidget(panel)
    ChangeBridge(svc.bus, panel).changed.connect(panel.on_change)
    assert not panel.rollcall_label.isVisibleTo(panel)
    svc.rollcall.create_rollcall(accounts[2], RollCallKind.HOST, datetime(2026, 11, 21, 10, 0, tzinfo=OFFICE), ids)
    qtbot.waitUntil(lambda: panel.rollcall_label.text() == "10:00 本级点名（待点名）", timeout=5000)
