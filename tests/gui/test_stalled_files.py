"""Files named by the office's date, and the 视频点名 page built, against a shared server that stops answering
(the settings held locked by a second connection, real PostgreSQL, no mock): the window keeps ticking, the
button says it is reading, and the file is written once the server answers. The date and the zone are read
off the GUI thread: before the save dialog asks where (common/opening.py), or with the writing itself."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog

from dutyroom.domain.vocabulary import RollCallKind, RollCallResult
from dutyroom.gui.common import background
from tests.conftest import make_accounts
from tests.gui.calls.test_entry import parent  # noqa: F401 - the parent fixture
from tests.gui.stalled_lock import HeldLock, ticking

pytestmark = pytest.mark.usefixtures("pg_services")


@pytest.fixture(autouse=True)
def in_the_background(monkeypatch):
    monkeypatch.setattr(background, "INLINE_OPERATIONS", False)  # the program's own way


def _saves_when_read(qtbot, pg_services, press, button, target, *, reading: bool = True) -> None:
    """`press` while the settings are held: the window ticks and nothing is written until they are let go;
    `reading`: the button says 正在读取… meanwhile (the file's name waits for the date)."""
    label = button.text()
    lock = HeldLock(pg_services, "setting")
    try:
        with ticking() as ticks:
            press()
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert not button.isEnabled() and not target.exists()
        if reading:
            assert button.text() == "正在读取…"
        lock.release()
        qtbot.waitUntil(lambda: target.exists() and button.isEnabled(), timeout=20000)
    finally:
        lock.close()
    assert button.text() == label and target.read_bytes()[:2] in (b"%P", b"PK")


def _save_to(monkeypatch, target, asked: dict | None = None) -> None:
    def fake_dialog(_parent, caption, default, filters, *args, **kwargs):
        if asked is not None:
            asked["default"] = default
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))


def test_printing_and_exporting_the_call_log_read_the_shift_and_date_off_the_gui_thread(qtbot, pg_services, clock,
                                                                                      tmp_path, monkeypatch):
    from dutyroom.gui.calls import actions
    from dutyroom.gui.calls.page import CallsPage
    from tests.gui.calls.test_page import call

    officer = make_accounts(pg_services)[2]
    pg_services.calls.create(officer, call(clock, 20, "城关片区停水，已持续两小时"))
    page = CallsPage(pg_services, officer)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitUntil(lambda: page.record is not None, timeout=10000)
    asked: dict = {}
    for press, button, target in ((lambda: actions.print_log(page), page.buttons["print"], tmp_path / "登记表.pdf"),
                                  (lambda: actions.export_log(page), page.buttons["export"], tmp_path / "记录.xlsx")):
        _save_to(monkeypatch, target, asked)
        _saves_when_read(qtbot, pg_services, press, button, target)
        assert "20261121" in asked["default"]  # named by the office's date, as before


def test_printing_the_contact_list_reads_the_office_date_off_the_gui_thread(qtbot, pg_services, tmp_path,
                                                                          monkeypatch):
    from dutyroom.gui.contacts_page import ContactsPage

    officer = make_accounts(pg_services)[2]
    page = ContactsPage(pg_services, officer)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.count_label.text() != "", timeout=10000)
    target, asked = tmp_path / "通讯录.pdf", {}
    _save_to(monkeypatch, target, asked)
    _saves_when_read(qtbot, pg_services, page.print_button.click, page.print_button, target)
    assert asked["default"].endswith("值班通讯录-2026-11-21.pdf")


def _finished_rollcall(svc, actor):
    from tests.gui.rollcall.helpers import make_units

    rc = svc.rollcall.create_rollcall(actor, RollCallKind.HOST, svc.clock.now(), make_units(svc, actor)[:2])
    for entry in rc.entries:
        svc.rollcall.mark_result(actor, entry.id, RollCallResult.PRESENT)
    return svc.rollcall.finish(actor, rc.id)


def test_building_the_rollcall_page_reads_no_settings_on_the_gui_thread(qtbot, pg_services):
    """视频点名's 点名记录 and 统计 tabs start on today in the default zone; the office's comes with their reads."""
    from dutyroom.gui.rollcall import RollCallPage

    admin = make_accounts(pg_services)[0]
    lock = HeldLock(pg_services, "setting")
    try:
        with ticking() as ticks:
            page = RollCallPage(pg_services, admin)
            qtbot.addWidget(page)
            page.resize(1200, 720)
            page.show()
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "building the page waited on the database"
        assert page.history.month_combo.itemText(1) == "2026年11月" and page.stats.year.value() == 2026
    finally:
        lock.close()
    page.tabs.setCurrentWidget(page.stats)
    qtbot.waitUntil(lambda: page.stats.stats is not None, timeout=10000)
    assert page.stats.part.value() == 11 and page.stats.today.isoformat() == "2026-11-21"


def test_printing_the_rollcall_statistics_reads_the_date_with_the_writing(qtbot, pg_services, tmp_path, monkeypatch):
    from dutyroom.gui.rollcall import RollCallPage

    admin = make_accounts(pg_services)[0]
    _finished_rollcall(pg_services, admin)
    page = RollCallPage(pg_services, admin)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentWidget(page.stats)
    qtbot.waitUntil(lambda: page.stats.stats is not None, timeout=10000)
    target = tmp_path / "统计.pdf"
    _save_to(monkeypatch, target)
    _saves_when_read(qtbot, pg_services, page.stats.print_pdf, page.stats.buttons["print"], target, reading=False)


def test_reprinting_an_issued_notice_names_its_file_without_a_gui_thread_read(qtbot, parent, pg_services,  # noqa: F811
                                                                             tmp_path, monkeypatch):
    """重印 PDF… of an issued 通报: named by the roll-call's time in the zone read with the notice."""
    from dutyroom.gui.rollcall.notice import NoticeDialog, read_notice

    admin = make_accounts(pg_services)[0]
    rc = _finished_rollcall(pg_services, admin)
    pg_services.rollcall.issue_notice(admin, rc.id)
    dialog = NoticeDialog(pg_services, admin, rc.id, parent, read=read_notice(pg_services, rc.id))
    dialog.open()
    target, asked = tmp_path / "通报.pdf", {}
    _save_to(monkeypatch, target, asked)
    lock = HeldLock(pg_services, "setting")
    try:
        with ticking() as ticks:
            dialog.save()
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        qtbot.waitUntil(lambda: dialog.pdf_path is not None, timeout=10000)  # the issued bytes: nothing to read
    finally:
        lock.close()
    assert asked["default"].endswith("视频点名情况通报-20261121-0900.pdf")
    assert target.read_bytes() == pg_services.rollcall.issued_notice(rc.id).pdf
