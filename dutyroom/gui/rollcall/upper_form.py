"""上级点名: the checklist the officer ticks 15 minutes before (带班领导在岗, 设备已调试, 值班日志已更新), then
when the upper level called, who called, who of ours answered, what was asked or criticised and the
result announced. A planned 上级点名 is filled in and, once over, closed; one happening unannounced is
recorded as it happened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QDateTimeEdit, QLineEdit, QVBoxLayout, QWidget

from dutyroom.gui.common.inputs import from_qdatetime, to_qdatetime
from dutyroom.gui.rollcall.dialogs import AskingDialog, text_box
from dutyroom.services.rollcall.records import UPPER_CHECKLIST, RollCallRecord, UpperRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services


class UpperDialog(AskingDialog):
    save_text = "保存"

    def __init__(self, services: Services, actor, planned: RollCallRecord | None = None, parent: QWidget | None = None,
                 *, zone: str | None = None):
        """`zone`: the office's, as the page read it with today's roll-calls (else read here)."""
        super().__init__(parent)
        self.services, self.actor, self.planned = services, actor, planned
        self.zone = zone or services.settings.get().time_zone
        self.setWindowTitle("上级点名登记" if planned is None else "上级点名：点名前检查与点名情况")
        checks = QWidget(self)
        column = QVBoxLayout(checks)
        column.setContentsMargins(0, 0, 0, 0)
        self.checks: dict[str, QCheckBox] = {}
        for n, item in enumerate(UPPER_CHECKLIST, start=1):
            box = QCheckBox(f"&{n} {item}", checks)
            box.setChecked(planned is not None and item in planned.checklist)
            column.addWidget(box)
            self.checks[item] = box
        self.field("checklist", "点名前检查（提前15分钟）", checks)
        self.at = self.field("at", "点名时间(&T)", QDateTimeEdit(self))
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at.setCalendarPopup(True)
        self.at.setDateTime(to_qdatetime(planned.planned_at if planned else services.clock.now(), self.zone))
        self.at.setEnabled(planned is None)  # a planned one keeps its planned time
        self.caller = self.field("caller", "点名单位（人）(&C)", QLineEdit(planned.upper_caller if planned else "", self))
        self.caller.setPlaceholderText("如：市政府总值班室 张科长")
        self.answerer = self.field("answerer", "我方应答人(&A)",
                                   QLineEdit(planned.upper_answerer if planned else "", self))
        self.answerer.setPlaceholderText("如：李带班（带班领导）")
        self.asked = self.field("asked", "询问或批评内容(&Q)", text_box(self))
        self.asked.setPlainText(planned.upper_asked if planned else "")
        self.result = self.field("result", "通报结果(&R)", text_box(self, 70))
        self.result.setPlainText(planned.upper_result if planned else "")
        self.finished_check = QCheckBox("上级点名已结束（保存后记录固定）", self)
        self.finished_check.setObjectName("upperDone")
        if planned is not None:
            self.form.addRow("", self.finished_check)
        else:
            self.finished_check.hide()  # recorded as it happened: finished on saving
        self.setMinimumWidth(600)
        self.remember()
        (next(iter(self.checks.values())) if planned is not None else self.caller).setFocus()

    def typed(self) -> tuple:
        return (tuple(b.isChecked() for b in self.checks.values()), self.at.dateTime(), self.caller.text(),
                self.answerer.text(), self.asked.toPlainText(), self.result.toPlainText(), self.finished_check.isChecked())

    def collect(self) -> UpperRecord:
        return UpperRecord(caller=self.caller.text(), answerer=self.answerer.text(), asked=self.asked.toPlainText(),
                           result=self.result.toPlainText(),
                           checklist=tuple(item for item, box in self.checks.items() if box.isChecked()))

    def request(self):
        rc, actor, record = self.services.rollcall, self.actor, self.collect()
        if self.planned is None:
            at = from_qdatetime(self.at.dateTime(), self.zone)
            return lambda: rc.record_upper(actor, at, record)
        planned_id, finishing = self.planned.id, self.finished_check.isChecked()

        def work():
            saved = rc.save_upper(actor, planned_id, record)
            return rc.finish(actor, saved.id) if finishing else saved

        return work
