"""The alarm banner after a handover: it names the incoming officer at once (the handover's change), and 确认
pressed by the outgoing officer still logged in records for whom."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.services.handover.helpers import DAY1, at_handover_of, staff
from tests.services.incidents.helpers import incident


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


def test_the_alarm_addresses_the_incoming_officer_from_the_handover_on(qtbot, open_window, accounts, sqlite_services,
                                                                        clock):
    people = staff(sqlite_services, accounts[0])
    at_handover_of(clock, DAY1)  # 22 Nov 08:10
    saved = sqlite_services.incidents.save(people["sunming"], incident(clock, ago_minutes=200))  # 20 minutes late
    window = open_window(people["sunming"])
    banner = window.alarm
    qtbot.waitUntil(banner.isVisible)
    assert banner.more.text().startswith("当班：孙明　")  # the roster's officer, before the handover

    sqlite_services.handover.hand_over(people["sunming"], DAY1, "zhouxm", PASSWORD, [])
    qtbot.waitUntil(lambda: banner.more.text().startswith("当班：周晓梅（08:10 接班）"))
    assert banner.isVisible() and "超时" in banner.text.text()

    banner.button.click()  # the outgoing officer, still at the keyboard, confirms
    assert banner.isHidden()
    [acked] = sqlite_services.incidents.clocks(saved.id)
    assert acked.acknowledged_by == "孙明（代当班 周晓梅）"
