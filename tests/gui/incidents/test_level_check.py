"""登记突发事件: the level chosen is checked against the deaths as they are typed (domain.incident_level), said
under 事件等级 and never set for the officer (found by hand: the demo graded 2 deaths as 重大)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox

from dutyroom.domain.vocabulary import IncidentLevel
from tests.gui.helpers import focus
from tests.gui.incidents.test_page import open_page


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


def test_the_level_is_checked_against_the_deaths_as_typed(qtbot, accounts, sqlite_services):
    page = open_page(qtbot, sqlite_services, accounts[2])
    page.new_incident()
    dialog = page.dialog
    note = dialog.error_labels["level"]
    level: QComboBox = dialog.input("level")
    assert not note.isVisible()  # 未定级, deaths 不详: nothing to say

    focus(qtbot, dialog.unknown["deaths"])
    qtbot.keyClicks(dialog.unknown["deaths"], "3")  # a digit on 不详 gives the number
    level.setCurrentIndex(level.findData(IncidentLevel.IV.value))
    assert note.isVisible() and note.text() == "⚠ 死亡 3 人，按规定至少为较大事件"
    assert level.currentData() == IncidentLevel.IV.value  # the officer's choice is kept

    level.setCurrentIndex(level.findData(IncidentLevel.III.value))
    assert not note.isVisible()

    spin = dialog.input("deaths")
    spin.setValue(2)
    level.setCurrentIndex(level.findData(IncidentLevel.II.value))
    assert note.isVisible() and note.text().startswith("⚠ 死亡 2 人按规定为一般事件；定为重大须有其他依据")
    dialog.drafts.discard()
