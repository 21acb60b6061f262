"""The 报送时限 table of an incident moves on the deadline strip's tick: the same instant, to the second,
and its deadlines are shown to the second like the countdown beside them (issue 15, item 7)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dutyroom.domain.vocabulary import IncidentLevel
from dutyroom.services.incidents.records import IncidentRecord


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


def table_row(page) -> list[str]:
    model = page.clock_model
    return [model.index(0, column).data() for column in range(4)]


def test_the_clock_table_says_what_the_strip_says_at_every_tick(qtbot, open_window, accounts, sqlite_services,
                                                                clock):
    officer = accounts[2]
    now = clock.now()  # 09:00:00 office time
    sqlite_services.incidents.save(officer, IncidentRecord(
        title="临江路燃气管道泄漏", occurred_at=now - timedelta(minutes=179, seconds=14),  # 3 h: due 09:00:46
        received_at=now - timedelta(minutes=30), place="临江区临江路88号", level=IncidentLevel.IV,
        source_unit="临江区应急管理局"))
    window = open_window(officer)
    strip = window.clock_strip
    window.show_incident(None)
    page = window.current_page()
    [chip] = strip.visible_chips()

    def strip_countdown() -> str:
        return chip.countdown.text().split("  ")[0]

    strip.tick()
    assert chip.countdown.text() == "剩余 00:00:46  截止 09:00:46"
    rule, due, _state, left = table_row(page)
    assert rule == "首报（事发后3小时内）" and due == "11-21 09:00:46" and left == strip_countdown()

    clock.advance(seconds=30)
    assert table_row(page)[3] == "剩余 00:00:46"  # no tick yet: the table waits for the strip, as the strip does
    strip.tick()
    assert table_row(page)[3] == strip_countdown() == "剩余 00:00:16"

    clock.advance(seconds=56)  # 40 seconds past the deadline
    strip.tick()
    assert table_row(page)[3] == strip_countdown() == "超时 00:00:40"
    assert "超时" in table_row(page)[2]
