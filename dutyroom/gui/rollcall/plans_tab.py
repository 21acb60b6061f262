"""点名计划: the recurring roll-calls (weekly host, biweekly upper-level, spot checks). Insert adds, Enter
edits, Ctrl+D stops or restarts one (a stopped plan creates nothing new), Delete removes it with the
occurrences not yet called. Plans are kept by the leader on duty or the administrator."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from dutyroom.domain.vocabulary import Role
from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.buttons import run_pressed
from dutyroom.gui.common.prompts import inform
from dutyroom.gui.common.table_tab import TableTab
from dutyroom.gui.rollcall.models import PlanModel
from dutyroom.gui.rollcall.plan_form import PlanDialog, plan_choices
from dutyroom.services.rollcall.records import PlanRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services


class PlansTab(TableTab):
    filter_hint = "筛选计划"
    noun = "点名计划"

    def __init__(self, services: Services, actor, parent=None):
        super().__init__(services, actor, PlanModel(), parent)
        self.setObjectName("plansTab")
        self.shortcut(("Ctrl+D",), self.toggle_active, widget=self)
        if actor.role not in (Role.LEADER, Role.ADMIN):
            for button in self.buttons.values():
                if button.text() != "刷新":
                    button.setEnabled(False)
                    button.setToolTip("点名计划由带班领导或管理员制定")

    def build_toolbar(self) -> None:
        self.add_button("新增计划…", "新增点名计划（Insert 或 Ctrl+N）", self.add)
        self.add_button("修改…", "修改选中的计划（Enter 或双击）", self.edit_current)
        self.add_button("停用/启用", "停用或重新启用选中的计划（Ctrl+D）", self.toggle_active)
        self.add_button("删除", "删除选中的计划及其尚未进行的点名（Delete）", self.delete_current)
        self.add_button("刷新", "重新读取（F5）", self.reload)

    def read(self):
        return self.services.rollcall.plans()

    def new_record(self):
        return None

    def choices_read(self):
        return plan_choices(self.services)

    def editor(self, record, choices=None):
        return PlanDialog(self.services, self.actor, record, self, choices=choices)

    def add(self) -> None:
        if self.buttons["新增计划…"].isEnabled():
            self.open_editor(None, self.buttons["新增计划…"])

    def remove(self, record: PlanRecord) -> None:
        self.services.rollcall.delete_plan(self.actor, record.id, record.version)

    TOGGLING = "正在保存…"

    def toggle_active(self) -> None:
        """Off the GUI thread (run_operation): a server that stops answering leaves the window running; the
        button says 正在保存… and is disabled, so Ctrl+D again sends nothing more."""
        record, button = self.current_record(), self.buttons["停用/启用"]
        if record is None or not button.isEnabled():
            return
        rollcall, actor = self.services.rollcall, self.actor
        run_pressed(self, button, self.TOGGLING, lambda: rollcall.save_plan(actor, replace(record, active=not record.active)),
                    lambda _: self._toggled(record.id), self._not_toggled)

    def _toggled(self, plan_id) -> None:
        self._select_after_reload = plan_id
        self.reload()

    def _not_toggled(self, exc: Exception) -> None:
        if not isinstance(exc, DutyRoomError):
            raise exc  # a fault of the program: the global handler reports it
        self.prompt = inform(self, "未能保存", exc.message)


__all__ = ["PlansTab"]
