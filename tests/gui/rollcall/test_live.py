"""The live roll-call driven by the keyboard alone: a whole roll-call with 复呼 and a slow answer, a crash in
the middle and the page opened again on the same database, and the 更正 of a finished one."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from dutyroom.app import open_services
from dutyroom.domain.vocabulary import RollCallKind, RollCallResult, RollCallStatus
from tests.gui.helpers import focus, type_text
from tests.gui.rollcall.helpers import make_units, open_page, press_yes
from tests.services.rollcall.helpers import OFFICE

P, A, F, E, N = (RollCallResult.PRESENT, RollCallResult.ABSENT, RollCallResult.EQUIPMENT_FAULT,
                 RollCallResult.EXCUSED, RollCallResult.NO_ANSWER)


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


@pytest.fixture
def officer(accounts):
    return accounts[2]


def key(qtbot, widget, k, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(widget, k, modifier)


def call(qtbot, clock, live, seconds, result_key, *, with_c=False):
    """Space (or C) calls the current unit, the clock runs `seconds`, a number key records the result."""
    key(qtbot, live.table, Qt.Key.Key_C if with_c else Qt.Key.Key_Space)
    clock.advance(timedelta(seconds=seconds))
    key(qtbot, live.table, result_key)


def start_ad_hoc(qtbot, page):
    """Ctrl+N on today's list, Ctrl+A ticks every unit, Enter starts: the live screen is open."""
    focus(qtbot, page.start.table)
    key(qtbot, page.start.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    qtbot.waitUntil(dialog.isVisible)
    key(qtbot, dialog.units, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, dialog.units, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.today_stack.currentWidget() is page.live)
    return page.live


def test_a_whole_roll_call_by_keys_with_recall_and_a_slow_answer(qtbot, sqlite_services, accounts, officer, clock):
    svc = sqlite_services
    make_units(svc, accounts[0])
    page = open_page(qtbot, svc, officer)
    live = start_ad_hoc(qtbot, page)
    assert live.model.rowCount() == 5 and live.model.current == 0
    assert live.model.text(live.model.entries[0], 2) == "0571-88000001"  # the duty phone beside the name

    call(qtbot, clock, live, 12, Qt.Key.Key_1)
    key(qtbot, live.table, Qt.Key.Key_Return)
    key(qtbot, live.table, Qt.Key.Key_Space)
    clock.advance(timedelta(seconds=75))  # over the 60 s answer limit while it rings
    live.tick()
    assert live.flag.isVisible() and "西城街道" in live.flag.text() and "超时" in live.flag.text()
    key(qtbot, live.table, Qt.Key.Key_1)
    key(qtbot, live.table, Qt.Key.Key_Return)
    call(qtbot, clock, live, 30, Qt.Key.Key_5)
    key(qtbot, live.table, Qt.Key.Key_Return)
    call(qtbot, clock, live, 20, Qt.Key.Key_3, with_c=True)
    key(qtbot, live.table, Qt.Key.Key_Tab)  # the quick fields: who answered
    assert live.details.answerer.hasFocus()
    type_text(qtbot, live.details.answerer, "张明")
    key(qtbot, live.details.answerer, Qt.Key.Key_Return)  # saves the name and goes on
    assert live.model.current == 4 and live.table.hasFocus()
    call(qtbot, clock, live, 8, Qt.Key.Key_4)
    assert "在岗 2" in live.counts.text() and "超时应答 1（西城街道）" in live.counts.text()
    key(qtbot, live.table, Qt.Key.Key_Return)  # after the last unit: 复呼 of 南湖镇 (未应答) and 北山镇 (设备故障)
    assert [live.model.text(e, 0) + e.unit_name for e in live.model.entries[5:]] == ["复呼南湖镇", "复呼北山镇"]
    assert live.model.current == 5 and "开始复呼" in live.message.text()
    call(qtbot, clock, live, 15, Qt.Key.Key_1)
    key(qtbot, live.table, Qt.Key.Key_Return)
    call(qtbot, clock, live, 5, Qt.Key.Key_3)
    key(qtbot, live.table, Qt.Key.Key_Return)
    assert "全部单位已点完" in live.message.text()
    assert "在岗率 60.0%" in live.counts.text()  # 东城, 西城, 南湖 (复呼) of five
    key(qtbot, live.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    press_yes(qtbot, live.prompt)
    qtbot.waitUntil(lambda: live.record.frozen)

    record = svc.rollcall.get(live.record.id)
    assert record.status == RollCallStatus.FINISHED
    by = {(e.unit_name, e.attempt): e for e in record.entries}
    assert len(record.entries) == 7  # both attempts kept
    assert by[("南湖镇", 1)].result == N and by[("南湖镇", 2)].result == P
    assert by[("北山镇", 1)].result == F and by[("北山镇", 1)].answerer == "张明"
    assert by[("东城街道", 1)].answer_seconds == 12 and by[("西城街道", 1)].answer_seconds == 75
    summary = svc.rollcall.summary(record.id)
    assert summary.tally.slow == ("西城街道",) and summary.tally.present == 3 and summary.tally.recalled == 2
    assert not live.buttons["call"].isEnabled() and live.buttons["amend"].isEnabled()
    key(qtbot, live.table, Qt.Key.Key_1)  # frozen: a number key changes nothing
    assert "已固定" in live.message.text()
    assert svc.rollcall.get(record.id).entries == record.entries


def test_a_crash_mid_way_keeps_every_result_and_a_fresh_page_resumes(qtbot, sqlite_services, accounts, officer,
                                                                     clock, tmp_path):
    svc = sqlite_services
    ids = make_units(svc, accounts[0])
    first = open_page(qtbot, svc, officer)
    live = start_ad_hoc(qtbot, first)
    call(qtbot, clock, live, 9, Qt.Key.Key_1)
    key(qtbot, live.table, Qt.Key.Key_Return)
    call(qtbot, clock, live, 14, Qt.Key.Key_2)
    key(qtbot, live.table, Qt.Key.Key_Return)
    key(qtbot, live.table, Qt.Key.Key_Space)  # the third unit is ringing when the program dies
    rollcall_id = live.record.id
    first.hide()
    first.deleteLater()  # no leave(), no pause: as if the process were killed
    svc.db.dispose()

    # The program started again: new connections to the same database file, a fresh page.
    svc = open_services(svc.db.url.database, clock=clock, backup_folder=tmp_path / "backups-2")
    page = open_page(qtbot, svc, officer)
    qtbot.waitUntil(lambda: page.today_stack.currentWidget() is page.live)
    live = page.live
    assert live.record.id == rollcall_id and live.record.status == RollCallStatus.RUNNING
    shown = [live.model.text(e, 3) for e in live.model.entries]
    assert shown[:2] == ["在岗", "离岗"] and shown[2].startswith("● 呼叫中")
    assert live.model.current == 2 and "已记录 2 个单位" in live.message.text()
    clock.advance(timedelta(seconds=6))
    key(qtbot, live.table, Qt.Key.Key_1)  # the stopwatch ran on from the call before the crash
    entry = next(e for e in svc.rollcall.get(rollcall_id).entries if e.unit_id == ids[2])
    assert entry.result == P and entry.answer_seconds == 6

    key(qtbot, live.table, Qt.Key.Key_Escape)  # Esc leaves: paused, nothing lost
    assert page.today_stack.currentWidget() is page.start
    assert svc.rollcall.get(rollcall_id).status == RollCallStatus.PAUSED
    assert page.start.model.rowCount() == 1
    key(qtbot, page.start.table, Qt.Key.Key_Return)  # Enter resumes it
    qtbot.waitUntil(lambda: page.today_stack.currentWidget() is page.live)
    assert page.live.model.current == 3
    page.live.timer.stop()
    svc.db.dispose()


def test_a_finished_roll_call_is_corrected_by_amendment_with_a_reason(qtbot, sqlite_services, accounts, officer):
    svc = sqlite_services
    ids = make_units(svc, accounts[0])[:2]
    rc = svc.rollcall.create_rollcall(officer, RollCallKind.HOST, svc.clock.now(), ids)
    for entry, result in zip(rc.entries, (P, A), strict=True):
        svc.rollcall.mark_result(officer, entry.id, result)
    svc.rollcall.finish(officer, rc.id)
    page = open_page(qtbot, svc, officer)
    assert page.run(rc.id)
    live = page.live
    live.go_to(1)
    live.table.setFocus()
    key(qtbot, live.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = live.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert "西城街道" in dialog.windowTitle() and "更正人" in dialog.findChildren(type(dialog.message))[-1].text()
    dialog.result.setCurrentIndex(dialog.result.findData(E))
    key(qtbot, dialog.remarks, Qt.Key.Key_Return)  # no reason yet: said next to the field, the choice kept
    assert dialog.isVisible() and "更正原因" in dialog.errors._fields["reason"][0].text()
    assert dialog.result.currentData() == E
    type_text(qtbot, dialog.reason, "该单位补报请假审批单，当时已报备")
    dialog.save()
    assert not dialog.isVisible()
    record = svc.rollcall.get(rc.id)
    assert [e.result for e in record.entries] == [P, E]
    assert record.amendments[0].by == "赵值班" and "补报请假" in record.amendments[0].reason
    assert live.model.text(live.model.entries[1], 3) == E.label


def test_p_pauses_and_resumes_and_the_paused_time_is_not_counted(qtbot, sqlite_services, accounts, officer, clock):
    svc = sqlite_services
    ids = make_units(svc, accounts[0])[:2]
    rc = svc.rollcall.create_rollcall(officer, RollCallKind.HOST, clock.now(), ids)
    page = open_page(qtbot, svc, officer)
    assert page.run(rc.id)
    live = page.live
    call(qtbot, clock, live, 30, Qt.Key.Key_1)
    key(qtbot, live.table, Qt.Key.Key_P)
    assert live.record.status == RollCallStatus.PAUSED and live.buttons["pause"].text() == "继续（P）"
    clock.advance(timedelta(minutes=10))
    live.tick()
    assert live.running.text() == "用时 0:30"  # the ten paused minutes are left out
    key(qtbot, live.table, Qt.Key.Key_P)
    assert svc.rollcall.get(rc.id).status == RollCallStatus.RUNNING
    clock.advance(timedelta(seconds=15))
    live.tick()
    assert live.running.text() == "用时 0:45"


def test_a_planned_upper_level_roll_call_gets_its_checklist_ticked(qtbot, sqlite_services, accounts, officer, clock):
    svc = sqlite_services
    planned = svc.rollcall.create_rollcall(officer, RollCallKind.UPPER, datetime(2026, 11, 21, 15, 0, tzinfo=OFFICE),
                                           [])
    page = open_page(qtbot, svc, officer)
    assert page.start.model.rowCount() == 1 and page.start.model.index(0, 3).data() == "准备 0/3 项"
    focus(qtbot, page.start.table)
    key(qtbot, page.start.table, Qt.Key.Key_Return)
    dialog = page.dialog
    qtbot.waitUntil(dialog.isVisible)
    first, second, _third = dialog.checks.values()
    focus(qtbot, first)
    key(qtbot, first, Qt.Key.Key_Space)
    second.setFocus()
    key(qtbot, second, Qt.Key.Key_Space)
    dialog.save()
    assert not dialog.isVisible()
    record = svc.rollcall.get(planned.id)
    assert record.checklist == ("带班领导在岗", "视频设备已调试") and not record.frozen
    qtbot.waitUntil(lambda: page.start.model.index(0, 3).data() == "准备 2/3 项")


def test_a_save_the_service_refuses_is_said_beside_the_unit_and_the_mark_stays(qtbot, sqlite_services, accounts,
                                                                               officer, clock):
    svc = sqlite_services
    ids = make_units(svc, accounts[0])[:2]
    rc = svc.rollcall.create_rollcall(officer, RollCallKind.HOST, clock.now(), ids)
    page = open_page(qtbot, svc, officer)
    assert page.run(rc.id)
    live = page.live
    call(qtbot, clock, live, 10, Qt.Key.Key_1)
    # Another workstation corrects the same unit in between: this screen's next save is a conflict.
    svc.rollcall.update_details(accounts[1], rc.entries[0].id, answerer="王五",
                                version=svc.rollcall.get(rc.id).entries[0].version)
    key(qtbot, live.table, Qt.Key.Key_2)
    shown = live.model.text(live.model.entries[0], 3)
    assert shown.startswith("离岗") and "未保存" in shown  # the key's mark kept, and said to be unsaved
    assert "东城街道的记录没有保存" in live.message.text() and "已被其他人修改" in live.message.text()
    key(qtbot, live.table, Qt.Key.Key_Escape)  # a refused save keeps the officer on the screen, told why
    assert page.today_stack.currentWidget() is live and "再按一次结果键" in live.message.text()
    assert svc.rollcall.get(rc.id).entries[0].result == P
    key(qtbot, live.table, Qt.Key.Key_2)  # pressed again, having seen the message: saved over the other change
    assert "未保存" not in live.model.text(live.model.entries[0], 3)
    assert svc.rollcall.get(rc.id).entries[0].result == A
    key(qtbot, live.table, Qt.Key.Key_Escape)
    assert page.today_stack.currentWidget() is page.start
