"""领导批示 on screen: F4 from any page, bad input next to the field, Esc asks and the draft survives,
then pass on and close by keyboard on the ledger page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from dutyroom.domain.vocabulary import InstructionStatus, PassOnChannel
from dutyroom.gui.changes import ChangeBridge
from dutyroom.gui.instructions.models import InstructionListModel
from dutyroom.gui.instructions.page import InstructionsPage
from dutyroom.services.records import InstructionRecord
from tests.gui.helpers import focus, shown_column, type_text


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


@pytest.fixture
def officer(accounts):
    return accounts[2]


def open_page(qtbot, services, actor) -> InstructionsPage:
    page = InstructionsPage(services, actor)
    qtbot.addWidget(page)
    ChangeBridge(services.bus, page).changed.connect(page.on_change)
    page.resize(1200, 700)
    page.show()
    return page


def test_f4_from_any_page_records_an_instruction_received_by_phone(qtbot, open_window, officer, sqlite_services):
    window = open_window(officer)
    assert window.instruction_action.shortcut().toString() == "F4"
    qtbot.keyClick(window, Qt.Key.Key_F4)
    dialog = window.current_page().dialog if window.current_page().title == "领导批示" else None
    dialog = dialog or next(p for p in window.pages if p.title == "领导批示").dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowTitle() == "收到领导批示"
    type_text(qtbot, dialog.inputs["leader"], "张志强")
    type_text(qtbot, dialog.inputs["leader_title"], "副市长")
    # No text yet: the message is next to the field and what was typed stays.
    qtbot.keyClick(dialog.inputs["leader_title"], Qt.Key.Key_Return)
    error = dialog.form.findChild(QLabel, "text_error")
    assert dialog.isVisible() and error.isVisibleTo(dialog) and "请填写批示内容" in error.text()
    assert dialog.inputs["leader"].text() == "张志强"
    type_text(qtbot, dialog.inputs["text"], "请市应急局连夜排查寒潮防范措施")
    dialog.has_due.setChecked(True)
    dialog.save_button.click()
    assert not dialog.isVisible()
    [given] = sqlite_services.instructions.list()
    assert (given.giver, given.text, given.status) == ("张志强（副市长）", "请市应急局连夜排查寒潮防范措施",
                                                       InstructionStatus.PENDING)
    assert given.due_at == given.given_at + timedelta(hours=4)
    page = next(p for p in window.pages if p.title == "领导批示")
    assert shown_column(page.table, 1) == ["张志强（副市长）"]


def test_esc_with_typed_text_asks_and_the_draft_survives(qtbot, officer, sqlite_services):
    page = open_page(qtbot, sqlite_services, officer)
    dialog = page.new_instruction()
    qtbot.waitUntil(dialog.isVisible)
    type_text(qtbot, dialog.inputs["text"], "做好节日值守")
    assert dialog.drafts.autosave()
    focus(qtbot, dialog.inputs["leader"])
    qtbot.keyClick(dialog.inputs["leader"], Qt.Key.Key_Escape)
    box = dialog.prompt
    assert isinstance(box, QMessageBox) and box.isVisible() and "还没有保存" in box.text()
    assert dialog.isVisible() and dialog.inputs["text"].toPlainText() == "做好节日值守"
    assert [d.key for d in sqlite_services.instructions.load_drafts(officer)] == ["instruction:new:free:"]
    box.button(QMessageBox.StandardButton.Cancel).click()  # 继续填写
    assert dialog.isVisible()


def test_pass_on_and_close_by_keyboard(qtbot, officer, sqlite_services, clock):
    given = sqlite_services.instructions.give(officer, InstructionRecord(
        "李海燕", "全力救治伤员", clock.now() - timedelta(hours=2), leader_title="市长",
        due_at=clock.now() - timedelta(hours=1)))
    page = open_page(qtbot, sqlite_services, officer)
    assert shown_column(page.table, 6) == ["▲ 待落实（已超期 1 小时）"]
    assert page.count_label.text() == "未落实 1 件，超期 1 件"
    focus(qtbot, page.table)
    qtbot.keyClick(page.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    passing = page.dialog
    qtbot.waitUntil(passing.isVisible)
    type_text(qtbot, passing.to_edit, "市卫健委")
    qtbot.keyClick(passing.to_edit, Qt.Key.Key_Return)
    assert not passing.isVisible()
    assert shown_column(page.table, 4) == ["市卫健委（电话）"]
    assert sqlite_services.instructions.get(given.id).status == InstructionStatus.IN_PROGRESS

    focus(qtbot, page.table)
    qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    closing = page.dialog
    qtbot.waitUntil(closing.isVisible)
    assert closing.done_check.isChecked()
    closing.save_button.click()  # no feedback yet: said next to the field, nothing closed
    assert closing.isVisible() and "请填写落实情况" in closing.errors["feedback"].text()
    type_text(qtbot, closing.feedback_edit, "伤员已全部送医")
    closing.save_button.click()
    assert not closing.isVisible()
    assert page.model.rowCount() == 0 and page.empty.isVisible()  # only open ones are listed
    focus(qtbot, page.open_only)
    qtbot.keyClick(page.open_only, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert shown_column(page.table, 6) == ["✓ 已落实"]
    assert not page.buttons["edit"].isEnabled() and page.buttons["sheet"].isEnabled()
    assert "伤员已全部送医" in page.detail.text()


def test_the_ledger_model_passes_the_model_tester(qtmodeltester, officer, sqlite_services, clock):
    for n in range(5):
        sqlite_services.instructions.give(officer, InstructionRecord("李市长", f"批示{n}", clock.now()))
    model = InstructionListModel(lambda after, limit: sqlite_services.instructions.list(after=after, limit=limit),
                                 clock.now, lambda: "Asia/Shanghai", page_size=2)
    model.reload()
    assert model.rowCount() == 2 and model.canFetchMore()
    qtmodeltester.check(model)
    assert QApplication.instance() is not None


def test_the_audit_log_says_an_instruction_in_words(officer, sqlite_services, clock, accounts):
    from dutyroom.gui.admin.audit_model import summarize
    from dutyroom.services.audit import ACTION_LABELS, ENTITY_LABELS

    given = sqlite_services.instructions.give(officer, InstructionRecord(
        "李海燕", "全力救治伤员", clock.now(), due_at=clock.now() + timedelta(hours=2)))
    sqlite_services.instructions.pass_on(officer, given.id, given.version, "市卫健委", PassOnChannel.FAX)
    entries = [e for e in sqlite_services.audit.page(accounts[0], 0, 10) if e.entity_kind == "instruction"]
    created = next(e for e in entries if e.action == "create")
    text = summarize(created, "Asia/Shanghai")
    assert "批示领导：李海燕" in text and "状态：待落实" in text and "事由：单独批示" in text
    assert "pending" not in text and "T" not in text.split("批示时间：")[1][:16]  # no ISO instant shown
    passed = next(e for e in entries if e.action == "pass_on")
    assert "转达方式：（空） → 传真" in summarize(passed, "Asia/Shanghai")
    assert (ACTION_LABELS["pass_on"], ENTITY_LABELS["instruction"]) == ("转达", "领导批示")


def test_a_leader_entering_an_instruction_finds_their_own_name_filled_in(qtbot, accounts, sqlite_services):
    from dataclasses import replace

    from dutyroom.services.records import PersonRecord

    admin, leader, officer = accounts
    person = sqlite_services.people.save(admin, PersonRecord(name="李带班", title="副主任"))
    account = sqlite_services.users.get(leader.user_id)
    sqlite_services.users.save(admin, replace(account, person_id=person.id))
    dialog = open_page(qtbot, sqlite_services, leader).new_instruction()
    qtbot.waitUntil(dialog.isVisible)
    assert (dialog.inputs["leader"].text(), dialog.inputs["leader_title"].text()) == ("李带班", "副主任")
    assert dialog.focusWidget() is dialog.inputs["text"]  # the name is there: type the instruction
    assert not dialog.has_typed()  # Esc on an untouched form does not ask
    focus(qtbot, dialog.inputs["text"])
    type_text(qtbot, dialog.inputs["text"], "加强夜间巡查")
    qtbot.keyClick(dialog.inputs["text"], Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # 保存批示(&S)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [given] = sqlite_services.instructions.list()
    assert (given.leader, given.leader_title, given.text) == ("李带班", "副主任", "加强夜间巡查")

    dialog = open_page(qtbot, sqlite_services, officer).new_instruction()  # an officer writes who gave it
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.inputs["leader"].text() == "" and dialog.focusWidget() is dialog.inputs["leader"]
