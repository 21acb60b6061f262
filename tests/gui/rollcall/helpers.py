"""Units and an open 视频点名 page for the roll-call GUI tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from dutyroom.domain.vocabulary import UnitKind
from dutyroom.gui.changes import ChangeBridge
from dutyroom.gui.rollcall import RollCallPage
from dutyroom.services.records import UnitRecord

UNIT_NAMES = ("东城街道", "西城街道", "南湖镇", "北山镇", "应急管理局")


def make_units(services, admin, names=UNIT_NAMES) -> list[int]:
    return [services.units.save(admin, UnitRecord(name=name, kind=UnitKind.SUBORDINATE,
                                                  duty_phone=f"0571-8800{n:04d}", sort_order=n)).id
            for n, name in enumerate(names, start=1)]


def open_page(qtbot, services, actor, size=(1200, 720)) -> RollCallPage:
    page = RollCallPage(services, actor)
    qtbot.addWidget(page)
    ChangeBridge(services.bus, page).changed.connect(page.on_change)
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    return page


def press_yes(qtbot, box: QMessageBox) -> None:
    qtbot.waitUntil(box.isVisible)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
