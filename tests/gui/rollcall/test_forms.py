"""The 视频点名 forms: bad input of a plan answered next to its field with the text kept; every dialog asks
before Esc or the close button throws away what was typed, and closes at once when nothing was typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from dutyroom.domain.vocabulary import RollCallKind, RollCallResult
from dutyroom.gui.rollcall.dialogs import AmendDialog, CloseItemDialog, UnitsDialog
from dutyroom.gui.rollcall.notice import NoticeDialog
from dutyroom.gui.rollcall.plan_form import PlanDialog
from dutyroom.gui.rollcall.upper_form import UpperDialog
from tests.gui.helpers import focus, type_text
from tests.gui.rollcall.helpers import make_units, open_page


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


def error_of(dialog, name: str) -> str:
    label = dialog.error_labels[name]
    return label.text() if label.isVisibleTo(dialog) else ""


def test_a_plan_with_no_units_and_an_impossible_time_is_answered_next_to_the_fields(qtbot, sqlite_services,
                                                                                     accounts):
    svc = sqlite_services
    make_units(svc, accounts[0])
    page = open_page(qtbot, svc, accounts[1])  # the leader on duty keeps the plans
    page.tabs.setCurrentWidget(page.plans)
    focus(qtbot, page.plans.view)
    qtbot.keyClick(page.plans.view, Qt.Key.Key_Insert)
    dialog = page.plans.dialog
    qtbot.waitUntil(dialog.isVisible)
    type_text(qtbot, dialog.input("name"), "每周一本级视频点名")
    type_text(qtbot, dialog.input("at_time"), "25:00")
    focus(qtbot, dialog.input("at_time"))
    qtbot.keyClick(dialog.input("at_time"), Qt.Key.Key_Return)
    assert dialog.isVisible(), dialog.message.text()
    assert "点名时间无效" in error_of(dialog, "at_time") and "请选择要点名的单位" in error_of(dialog, "units")
    assert dialog.input("name").text() == "每周一本级视频点名" and dialog.input("at_time").text() == "25:00"

    kinds = dialog.input("kind")
    kinds.setCurrentIndex(kinds.findData(RollCallKind.SPOT))  # a spot check in a window of zero length
    assert dialog.input("window").isVisibleTo(dialog) and not dialog.input("weekday").isVisibleTo(dialog)
    type_text(qtbot, dialog.input("window"), "21:00")
    type_text(qtbot, dialog.window_end, "21:00")
    units = dialog.input("units")
    for row in range(3):
        units.item(row).setCheckState(Qt.CheckState.Checked)
    dialog.input("spot_count").setValue(2)
    dialog.save()
    assert "时段长度为零" in error_of(dialog, "window") and not error_of(dialog, "units")
    dialog.window_end.setText("06:00")
    dialog.save()
    assert not dialog.isVisible()
    plan = next(p for p in svc.rollcall.plans() if p.name == "每周一本级视频点名")
    assert plan.kind == RollCallKind.SPOT and plan.spot_count == 2 and len(plan.unit_ids) == 3
    assert "每周一本级视频点名" in [page.plans.model.record(r).name for r in range(page.plans.model.rowCount())]


def finished_rollcall(svc, actor):
    ids = make_units(svc, actor)[:2]
    rc = svc.rollcall.create_rollcall(actor, RollCallKind.HOST, svc.clock.now(), ids)
    for entry in rc.entries:
        svc.rollcall.mark_result(actor, entry.id, RollCallResult.ABSENT)
    svc.rollcall.add_rectification(actor, rc.id, rc.entries[0].unit_name, "落实在岗值守", svc.rollcall.today())
    return svc.rollcall.finish(actor, rc.id)


def dialogs(svc, admin, page):
    """Each dialog of the page with one of its fields and text to type in it."""
    rc = finished_rollcall(svc, admin)
    item = svc.rollcall.open_rectifications()[0]
    yield AmendDialog(svc, admin, rc.entries[0], page), "reason"
    yield CloseItemDialog(svc, admin, item, page), "feedback"
    yield UpperDialog(svc, admin, None, page), "caller"
    yield NoticeDialog(svc, admin, rc.id, page), "recipients"
    yield UnitsDialog(svc, admin, RollCallKind.HOST, page), None
    yield PlanDialog(svc, admin, None, page), "name"


@pytest.mark.parametrize("how", ["esc", "close"])
def test_every_dialog_asks_before_esc_or_close_loses_typed_text(qtbot, sqlite_services, accounts, how):
    svc, admin = sqlite_services, accounts[0]
    page = open_page(qtbot, svc, admin)
    for dialog, name in dialogs(svc, admin, page):
        dialog.open()
        qtbot.waitUntil(dialog.isVisible)
        if name is None:  # the unit list: ticking a unit is what the officer "typed"
            dialog.units.item(0).setCheckState(Qt.CheckState.Checked)
            widget = dialog.units
        else:
            widget = getattr(dialog, name, None) if not isinstance(dialog, PlanDialog) else dialog.input(name)
            type_text(qtbot, widget, "城西")
        if how == "esc":
            qtbot.keyClick(widget, Qt.Key.Key_Escape)
        else:
            dialog.close()  # the window's close button
        box = dialog.prompt
        assert isinstance(box, QMessageBox) and box.isVisible(), type(dialog).__name__
        assert dialog.isVisible(), type(dialog).__name__
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)  # 继续填写
        assert dialog.isVisible()
        if name is not None:
            text = widget.toPlainText() if hasattr(widget, "toPlainText") else widget.text()
            assert "城西" in text
        dialog.close()  # asked again; this time 放弃
        box = dialog.prompt
        qtbot.waitUntil(box.isVisible)
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda d=dialog: not d.isVisible())


def test_an_untouched_dialog_closes_on_esc_at_once(qtbot, sqlite_services, accounts):
    svc, admin = sqlite_services, accounts[0]
    page = open_page(qtbot, svc, admin)
    for dialog, _name in dialogs(svc, admin, page):
        dialog.open()
        qtbot.waitUntil(dialog.isVisible)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible(), type(dialog).__name__
