"""领导批示 from the call log: the shared dialog about the selected call; the detail shows how far it got."""

from __future__ import annotations

import pytest

from dutyroom.domain.vocabulary import InstructionSubject
from dutyroom.services.calls.records import CallRecord
from tests.gui.calls.test_page import call, open_page
from tests.gui.helpers import type_text


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


def test_an_instruction_on_a_call_is_in_the_ledger_and_the_detail(qtbot, sqlite_services, accounts, clock):
    officer = accounts[2]
    saved: CallRecord = sqlite_services.calls.create(officer, call(clock, 20, "城关片区停水，已持续两小时",
                                                                   caller_unit="城关街道"))
    page = open_page(qtbot, sqlite_services, officer)
    assert page.select_call(saved.id)
    page.detail.buttons["instruction"].click()
    dialog = page.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert "城关街道来电：城关片区停水" in dialog.about_label.text()
    type_text(qtbot, dialog.inputs["leader"], "陈建国")
    type_text(qtbot, dialog.inputs["text"], "请区水务局今天下午回复恢复时间")
    type_text(qtbot, dialog.inputs["passed_to"], "区水务局")
    dialog.save_button.click()
    assert not dialog.isVisible()
    [given] = sqlite_services.instructions.list(subject=InstructionSubject.CALL, subject_id=saved.id)
    assert given.text == "请区水务局今天下午回复恢复时间" and given.passed_to == "区水务局"
    assert "批示办理" in page.detail.facts.text() and "请区水务局今天下午回复恢复时间（落实中，已转区水务局）" in \
        page.detail.facts.text()
    # The call's 领导批示 field is its first instruction.
    assert sqlite_services.calls.get(saved.id).leader_instruction == "请区水务局今天下午回复恢复时间"
