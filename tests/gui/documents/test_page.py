"""文件 on screen: a document a scheduled job stored appears in the list as it is made, the notice tells the
leader where it is, Enter opens the stored bytes in the PDF reader, Ctrl+S saves them elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog

from dutyroom.gui.documents.models import DocumentListModel
from dutyroom.gui.documents.page import DocumentsPage
from dutyroom.scheduling import DutyScheduler
from dutyroom.services.documents import DAILY_DIGEST


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


@pytest.fixture
def opened_urls(monkeypatch):
    """The system's PDF reader is the edge: what the page asked it to open."""
    urls: list = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    return urls


def test_the_digest_appears_is_announced_and_opens_in_the_reader(qtbot, open_window, accounts, sqlite_services,
                                                                  opened_urls):
    leader = accounts[1]
    window = open_window(leader)
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    page = window.current_page()
    assert isinstance(page, DocumentsPage) and page.title == "文件"
    assert page.empty.isVisible() and "每日要情每天 18:00 生成" in page.empty.text()

    scheduler = DutyScheduler(sqlite_services, register_defaults=False)
    scheduler.register_daily_digest()
    [outcome] = scheduler.check_due()  # yesterday's 18:00 digest, caught up
    assert outcome.ok
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.table.isVisible() and not page.empty.isVisible()
    assert [page.model.index(0, c).data() for c in (1, 2, 3)] == ["11月20日每日要情", "每日要情", "全体值班人员"]
    qtbot.waitUntil(lambda: "11月20日每日要情已生成，请在「文件」页打开或打印" in window.notices.text.text())

    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(opened_urls) == 1)
    [doc] = sqlite_services.documents.page()
    opened = Path(opened_urls[0].toLocalFile())
    assert opened.read_bytes() == sqlite_services.documents.content(doc.id) and opened.name.endswith(".pdf")
    assert "已打开11月20日每日要情" in window.statusBar().currentMessage()


def test_ctrl_s_saves_the_stored_bytes(qtbot, open_window, accounts, sqlite_services, clock, monkeypatch, tmp_path):
    stored = sqlite_services.documents.store(kind=DAILY_DIGEST, title="11月20日每日要情", period="2026-11-20",
                                             job="daily_digest", due_at=clock.now(), pdf=b"%PDF-1.4 stored\n%%EOF")
    target = tmp_path / "带走" / "要情.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window = open_window(accounts[2])
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    page = window.current_page()
    assert page.selected() == stored and QApplication.focusWidget() is page.table
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: target.exists() and "已保存" in window.statusBar().currentMessage())
    assert target.read_bytes() == b"%PDF-1.4 stored\n%%EOF"


def test_the_list_model_passes_the_model_tester(qtmodeltester, sqlite_services, clock):
    for day in range(3):
        sqlite_services.documents.store(kind=DAILY_DIGEST, title=f"11月{day + 1}日每日要情", period=f"2026-11-0{day + 1}",
                                        job="daily_digest", due_at=clock.now(), pdf=b"%PDF")
        clock.advance(hours=24)
    model = DocumentListModel(sqlite_services.documents.page, lambda: "Asia/Shanghai", page_size=2)
    model.reload()
    qtmodeltester.check(model)
    assert model.index(0, 1).data() == "11月3日每日要情" and model.index(0, 5).data() == "1 KB"


def test_the_first_page_lists_the_newest_documents_and_enter_opens_one_where_it_is_kept(
        qtbot, open_window, accounts, sqlite_services, clock):
    from dutyroom.services.documents import TIMELINESS_NOTICE

    digest = sqlite_services.documents.store(kind=DAILY_DIGEST, title="11月20日每日要情", period="2026-11-20",
                                             job="daily_digest", due_at=clock.now(), pdf=b"%PDF digest")
    sqlite_services.documents.store(kind=TIMELINESS_NOTICE, title="2026年10月突发事件信息报告情况通报",
                                    period="2026-10", job="timeliness_notice", due_at=clock.now(), pdf=b"%PDF notice",
                                    audience="leader")
    window = open_window(accounts[1])
    glance = window.pages[0]
    qtbot.waitUntil(lambda: not glance.loading and "documents" in glance.blocks)
    section = glance.views["documents"]
    assert section.texts() == ["09:00 2026年10月突发事件信息报告情况通报 · 送带班领导", "09:00 11月20日每日要情"]
    lines = section.list
    lines.setFocus()
    qtbot.waitUntil(lines.hasFocus)
    qtbot.keyClick(lines, Qt.Key.Key_Down)
    qtbot.keyClick(lines, Qt.Key.Key_Down)
    qtbot.keyClick(lines, Qt.Key.Key_Return)
    shown = window.current_page()
    assert isinstance(shown, DocumentsPage) and shown.selected() == digest
