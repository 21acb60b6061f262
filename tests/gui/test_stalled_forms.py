"""Forms opened from a record that read a kept draft before they open, against a shared server that stops
answering (the drafts table held locked by a second connection, real PostgreSQL, no mock): 领导批示 on a
call or an incident and 情况说明 on an empty post leave the window ticking while the draft is read, the
button says so, and the form opens with the kept text when the lock goes (gui/common/opening.py)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from dutyroom.domain.vocabulary import InstructionSubject
from dutyroom.gui.common import background
from tests.conftest import make_accounts
from tests.gui.calls.test_entry import parent  # noqa: F401 - the parent fixture
from tests.gui.stalled_lock import HeldLock, ticking

pytestmark = pytest.mark.usefixtures("pg_services")


@pytest.fixture(autouse=True)
def in_the_background(monkeypatch):
    monkeypatch.setattr(background, "INLINE_OPERATIONS", False)  # the program's own way


def _opens_when_read(qtbot, pg_services, page, button, opened) -> None:
    """Press `button` while the drafts are held: the window ticks, the button waits, a second press opens
    nothing twice; `opened()` is the form once it is up."""
    label = button.text()
    lock = HeldLock(pg_services, "form_draft")
    try:
        with ticking() as ticks:
            button.click()
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert opened() is None and button.text() == "正在读取…" and not button.isEnabled()
        button.click()  # pressed again while reading: still one form to come
        lock.release()
        qtbot.waitUntil(lambda: opened() is not None and opened().isVisible(), timeout=20000)
    finally:
        lock.close()
    first = opened()
    qtbot.wait(300)
    assert opened() is first and button.text() == label


def test_an_instruction_on_a_call_reads_its_kept_draft_off_the_gui_thread(qtbot, pg_services, clock):
    from dutyroom.gui.calls.page import CallsPage
    from dutyroom.gui.instructions.dialog import InstructionDialog
    from tests.gui.calls.test_page import call

    officer = make_accounts(pg_services)[2]
    saved = pg_services.calls.create(officer, call(clock, 20, "城关片区停水，已持续两小时", caller_unit="城关街道"))
    pg_services.instructions.save_draft(officer, f"instruction:new:{InstructionSubject.CALL.value}:{saved.id}",
                                        json.dumps({"fields": {"leader": "陈建国"}}))
    page = CallsPage(pg_services, officer)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitUntil(lambda: page.record is not None and page.detail.buttons["instruction"].isEnabled(),
                    timeout=10000)
    page.dialog = None
    _opens_when_read(qtbot, pg_services, page, page.detail.buttons["instruction"],
                     lambda: page.dialog if isinstance(page.dialog, InstructionDialog) else None)
    dialog = page.dialog
    assert "城关街道来电：城关片区停水" in dialog.about_label.text()
    assert dialog.restored and dialog.inputs["leader"].text() == "陈建国"
    dialog.drafts.discard()
    dialog.done(0)


def test_an_instruction_on_an_incident_reads_its_kept_draft_off_the_gui_thread(qtbot, parent, pg_services):  # noqa: F811
    from PySide6.QtWidgets import QVBoxLayout

    from dutyroom.gui.incidents import IncidentsPage
    from dutyroom.gui.incidents.instruction import InstructionDialog
    from tests.gui.incidents.test_page import record

    officer = make_accounts(pg_services)[2]
    saved = pg_services.incidents.save(officer, record(pg_services.clock))
    pg_services.instructions.save_draft(officer, f"instruction:new:{InstructionSubject.INCIDENT.value}:{saved.id}",
                                        json.dumps({"fields": {"text": "全力搜救，及时续报"}}))
    page = IncidentsPage(pg_services, officer, parent)
    QVBoxLayout(parent).addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.incident is not None and page.buttons["instruction"].isEnabled(), timeout=10000)
    _opens_when_read(qtbot, pg_services, page, page.buttons["instruction"],
                     lambda: page.dialog if isinstance(page.dialog, InstructionDialog) else None)
    dialog = page.dialog
    assert dialog.incident.id == saved.id and dialog.restored
    assert dialog.inputs["text"].toPlainText() == "全力搜救，及时续报"
    dialog.drafts.discard()
    dialog.done(0)


def test_an_explanation_reads_its_kept_draft_off_the_gui_thread(qtbot, pg_services, clock):
    from dutyroom.domain.vocabulary import EmptyPostKind
    from dutyroom.gui.empty_posts.explain import ExplanationDialog
    from dutyroom.gui.empty_posts.records import EmptyPostsDialog

    officer = make_accounts(pg_services)[2]
    post = pg_services.empty_posts.record(EmptyPostKind.PRESENCE_MISSED, clock.now() - timedelta(hours=7),
                                          "02:00 在岗确认，5 分钟内无人确认")
    pg_services.empty_posts.save_draft(officer, f"empty_post:{post.id}",
                                       json.dumps({"fields": {"explanation": "巡查值班设备，未听到提示音"}}))
    dialog = EmptyPostsDialog(pg_services, officer)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.selected() is not None, timeout=10000)
    _opens_when_read(qtbot, pg_services, dialog, dialog.buttons["explain"],
                     lambda: dialog.prompt if isinstance(dialog.prompt, ExplanationDialog) else None)
    box = dialog.prompt
    assert box.restored and box.text_edit.toPlainText() == "巡查值班设备，未听到提示音"
    box.drafts.discard()
    box.done(0)


def test_the_upper_roll_call_form_and_an_amendment_open_without_reading_the_settings(qtbot, pg_services):
    """视频点名: 上级点名登记 (Ctrl+U) takes the zone read with today's roll-calls, 更正 (Ctrl+E on a finished
    roll-call) the one read when the roll-call opened: both open at once while the settings are held."""
    from dutyroom.domain.vocabulary import RollCallKind, RollCallResult
    from dutyroom.gui.common.loading import loading
    from dutyroom.gui.rollcall import RollCallPage
    from dutyroom.gui.rollcall.dialogs import AmendDialog
    from dutyroom.gui.rollcall.upper_form import UpperDialog
    from tests.gui.rollcall.helpers import make_units

    admin = make_accounts(pg_services)[0]
    rc = pg_services.rollcall.create_rollcall(admin, RollCallKind.HOST, pg_services.clock.now(),
                                              make_units(pg_services, admin)[:2])
    for entry in rc.entries:
        pg_services.rollcall.mark_result(admin, entry.id, RollCallResult.PRESENT)
    pg_services.rollcall.finish(admin, rc.id)
    page = RollCallPage(pg_services, admin)
    qtbot.addWidget(page)
    page.resize(1200, 720)
    page.show()
    qtbot.waitUntil(lambda: not loading(page.start, "today"), timeout=10000)
    page.run(rc.id)
    qtbot.waitUntil(lambda: page.live.record is not None and page.live.isVisible(), timeout=10000)
    lock = HeldLock(pg_services, "setting")
    try:
        with ticking() as ticks:
            page.live.go_to(1)
            page.live.amend()
            amend = page.live.dialog
            qtbot.wait(300)
            page.upper(None)
            qtbot.wait(500)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert isinstance(amend, AmendDialog) and amend.isVisible()
        assert isinstance(page.dialog, UpperDialog) and page.dialog.isVisible()
    finally:
        lock.close()
    assert page.dialog.zone == "Asia/Shanghai"
    for dialog in (amend, page.dialog):
        dialog.done(0)


def test_a_call_draft_is_offered_back_when_the_drafts_arrive(qtbot, parent, pg_services):  # noqa: F811
    """After a crash: the half-typed call is read off the GUI thread; the question comes when it arrives."""
    from PySide6.QtWidgets import QMessageBox

    from dutyroom.gui.calls.entry_drafts import offer_call_drafts

    officer = make_accounts(pg_services)[2]
    pg_services.calls.save_draft(officer, "call:new", json.dumps({"fields": {"summary": "幸福小区停水"}}))
    offered = lambda: [b for b in parent.findChildren(QMessageBox) if b.isVisible()]  # noqa: E731
    lock = HeldLock(pg_services, "form_draft")
    try:
        with ticking() as ticks:
            offer_call_drafts(parent, pg_services, officer)
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert offered() == []
        lock.release()
        qtbot.waitUntil(lambda: bool(offered()), timeout=20000)
    finally:
        lock.close()
    [box] = offered()
    assert "发现未保存的来电登记（来电“幸福小区停水”" in box.text()
    box.done(0)


def test_an_incident_draft_is_offered_back_when_the_drafts_arrive(qtbot, parent, pg_services):  # noqa: F811
    """突发事件 shown after a crash: its drafts are read off the GUI thread; the question comes when they arrive."""
    from PySide6.QtWidgets import QMessageBox, QVBoxLayout

    from dutyroom.gui.incidents import IncidentsPage

    officer = make_accounts(pg_services)[2]
    pg_services.incidents.save_draft(officer, "incident:new", json.dumps({"fields": {"title": "化工园区储罐泄漏"}}))
    lock = HeldLock(pg_services, "form_draft")
    try:
        with ticking() as ticks:
            page = IncidentsPage(pg_services, officer, parent)
            QVBoxLayout(parent).addWidget(page)
            page.show()
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert not isinstance(page.prompt, QMessageBox)
        lock.release()
        qtbot.waitUntil(lambda: isinstance(page.prompt, QMessageBox) and page.prompt.isVisible(), timeout=20000)
    finally:
        lock.close()
    assert page.prompt.text().startswith("发现未保存的草稿（事件“化工园区储罐泄漏”")
    page.prompt.done(0)


def test_restoring_the_draft_of_an_edited_call_reads_the_call_off_the_gui_thread(qtbot, parent, pg_services,  # noqa: F811
                                                                                 clock):
    """恢复 on the draft of an edited call reads that call first; the form opens when it arrives."""
    from dutyroom.gui.calls.entry_drafts import restore_call_draft
    from tests.gui.calls.test_page import call

    officer = make_accounts(pg_services)[2]
    saved = pg_services.calls.create(officer, call(clock, 20, "幸福小区停水"))
    payload = {"fields": {"summary": "幸福小区停水，物业已到场"}, "version": saved.version}
    opened: list = []
    lock = HeldLock(pg_services, "call")
    try:
        with ticking() as ticks:
            assert restore_call_draft(parent, pg_services, officer, f"call:{saved.id}", payload,
                                      on_open=opened.append) is None
            qtbot.wait(800)
        assert lock.held and len(ticks) >= 8, "the window stopped while the database did not answer"
        assert opened == []
        lock.release()
        qtbot.waitUntil(lambda: bool(opened) and opened[0].isVisible(), timeout=20000)
    finally:
        lock.close()
    [dialog] = opened
    assert dialog.drafts.key == f"call:{saved.id}"
    dialog.drafts.discard()
    dialog.done(0)
