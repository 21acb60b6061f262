"""The live roll-call screen from the keyboard: where the keyboard lands after Ctrl+5, and a result key
pressed again on a unit already marked (found by hand)."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dutyroom.domain.vocabulary import RollCallKind, RollCallResult
from tests.gui.rollcall.helpers import make_units, open_page
from tests.services.rollcall.helpers import OFFICE


def _running_rollcall(svc, accounts):
    admin, _, officer = accounts
    ids = make_units(svc, admin)
    call = svc.rollcall.create_rollcall(officer, RollCallKind.HOST, datetime(2026, 11, 21, 9, 30, tzinfo=OFFICE), ids)
    svc.rollcall.start(officer, call.id)
    return call


def test_ctrl_5_on_a_running_roll_call_puts_the_keyboard_in_its_unit_list(qtbot, open_window, sqlite_services,
                                                                          accounts):
    _running_rollcall(sqlite_services, accounts)
    window = open_window(accounts[2])
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    page = window.current_page()
    qtbot.waitUntil(lambda: page.today_stack.currentWidget() is page.live)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.live.table)
    # away and back again: still the unit list, and Space calls the current unit at once
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().title == "文件"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.live.table)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert page.live.model.entries[0].called_at is not None



def _live(qtbot, svc, accounts):
    call = _running_rollcall(svc, accounts)
    page = open_page(qtbot, svc, accounts[2])
    assert page.run(call.id)
    return page.live


def test_a_result_key_on_a_unit_already_marked_changes_it_and_goes_on_to_the_next_unmarked(
        qtbot, sqlite_services, accounts, clock):
    svc = sqlite_services
    live = _live(qtbot, svc, accounts)
    table = live.table
    for result_key in (Qt.Key.Key_1, Qt.Key.Key_1):  # 东城街道 and 西城街道 在岗
        qtbot.keyClick(table, Qt.Key.Key_Space)
        clock.advance(timedelta(seconds=10))
        qtbot.keyClick(table, result_key)
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert live.model.current == 2
    qtbot.keyClick(table, Qt.Key.Key_Up)
    qtbot.keyClick(table, Qt.Key.Key_Up)  # back to 东城街道: it was 离岗 after all
    assert live.model.current == 0
    qtbot.keyClick(table, Qt.Key.Key_2)
    assert live.model.current == 2 and live.model.entries[2].unit_name == "南湖镇"  # the next one still to call
    assert live.model.text(live.model.entries[0], 3) == "离岗"  # the change is on screen
    assert live.message.isVisible()
    assert live.message.text() == "已将东城街道由“在岗”改为“离岗”，转到下一个未点单位：南湖镇。"
    assert "离岗 1" in live.counts.text() and "在岗 1" in live.counts.text()
    qtbot.waitUntil(lambda: svc.rollcall.get(live.record.id).entries[0].result == RollCallResult.ABSENT)


def test_a_unit_marked_without_being_called_shows_no_answer_time(qtbot, sqlite_services, accounts, clock):
    svc = sqlite_services
    live = _live(qtbot, svc, accounts)
    clock.advance(timedelta(seconds=30))
    qtbot.keyClick(live.table, Qt.Key.Key_4)  # 请假（已报备）: known before the call, never called
    assert live.model.text(live.model.entries[0], 4) == "—"
    qtbot.waitUntil(lambda: svc.rollcall.get(live.record.id).entries[0].result == RollCallResult.EXCUSED)
    saved = svc.rollcall.get(live.record.id).entries[0]
    assert saved.called_at is None and saved.answer_seconds is None  # not "0 秒"
