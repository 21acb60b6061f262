"""报送时限 tab: the administrator's deadline rules, and their editor.

Editing or deleting a rule moves only the clocks still running; a completed clock keeps the rule's
name, limit and outcome as they were, and the note above the table says so.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QLabel

from dutyroom.domain.deadlines import ANY, CHANNEL_REQUIREMENTS, DeadlineRule, rule_problems
from dutyroom.domain.vocabulary import ClockStart, IncidentCategory, IncidentLevel, ReportKind
from dutyroom.errors import NotFound, ValidationError
from dutyroom.gui.common.editor import EditDialog
from dutyroom.gui.common.forms import child
from dutyroom.gui.common.inputs import fill_combo, fill_enum, select_data
from dutyroom.gui.common.prompts import mark
from dutyroom.gui.common.table_model import Column, RecordTableModel
from dutyroom.gui.common.table_tab import TableTab

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

NOTE = "修改或删除规则只影响仍在计时的时限；已完成的计时保留当时的规则名称、时限和结果，不会改变。"


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def _labels(values: tuple[str, ...], enum) -> str:
    return "、".join(enum(v).label for v in values) if values else "全部"


class RuleModel(RecordTableModel):
    columns = (
        Column("名称", lambda r: r.name),
        Column("适用类别", lambda r: _labels(r.categories, IncidentCategory)),
        Column("适用级别", lambda r: _labels(r.levels, IncidentLevel)),
        Column("仅敌社情宗教动态", lambda r: _yes(r.security_only), align="center"),
        Column("起算", lambda r: r.counted_from.label),
        Column("时限（分钟）", lambda r: str(r.limit_minutes), sort_key=lambda r: r.limit_minutes, align="right"),
        Column("完成方式", lambda r: r.requirement),
        Column("循环", lambda r: _yes(r.repeating), align="center"),
        Column("启用", lambda r: _yes(r.active), align="center"),
    )


class RuleEditor(EditDialog):
    form_name = "admin_rule_form"
    title_new, title_edit = "新增报送时限", "修改报送时限"
    fields = {"name": "name_edit", "categories": "categories_box", "levels": "levels_box",
              "security_only": "security_only_check", "counted_from": "counted_from_combo",
              "limit_minutes": "limit_minutes_spin", "report_kind": "report_kind_combo",
              "channel": "channel_combo", "repeating": "repeating_check", "sort_order": "sort_order_spin"}

    def prepare(self) -> None:
        mark(child(self.form, QLabel, "scope_hint"), "hint")
        fill_enum(self.input("counted_from"), ClockStart)
        fill_combo(self.input("report_kind"), [("任一报告", ANY)] + [(k.label, k.value) for k in ReportKind])
        fill_combo(self.input("channel"), [(text, key) for key, text in CHANNEL_REQUIREMENTS.items()])
        self.fill(DeadlineRule(name="", limit_minutes=60))

    def _box(self, prefix: str, value: str) -> QCheckBox:
        return child(self.form, QCheckBox, f"{prefix}_{value}")

    def fill(self, rule: DeadlineRule) -> None:
        self.input("name").setText(rule.name)
        for category in IncidentCategory:
            self._box("category", category.value).setChecked(category.value in rule.categories)
        for level in IncidentLevel:
            self._box("level", level.value).setChecked(level.value in rule.levels)
        self.input("security_only").setChecked(rule.security_only)
        select_data(self.input("counted_from"), ClockStart(rule.counted_from))
        self.input("limit_minutes").setValue(rule.limit_minutes)
        select_data(self.input("report_kind"), rule.report_kind, rule.report_kind)
        select_data(self.input("channel"), rule.channel, rule.channel)
        self.input("repeating").setChecked(rule.repeating)
        self.input("sort_order").setValue(rule.sort_order)
        child(self.form, QCheckBox, "active_check").setChecked(rule.active)

    def collect(self) -> DeadlineRule:
        base = self.record or DeadlineRule(name="", limit_minutes=60)
        rule = replace(
            base, name=self.input("name").text(),
            categories=tuple(c.value for c in IncidentCategory if self._box("category", c.value).isChecked()),
            levels=tuple(v.value for v in IncidentLevel if self._box("level", v.value).isChecked()),
            security_only=self.input("security_only").isChecked(),
            counted_from=self.input("counted_from").currentData(),
            limit_minutes=self.input("limit_minutes").value(),
            report_kind=self.input("report_kind").currentData(), channel=self.input("channel").currentData(),
            repeating=self.input("repeating").isChecked(), sort_order=self.input("sort_order").value(),
            active=child(self.form, QCheckBox, "active_check").isChecked())
        # Every problem at once, next to its field, before the service sees it.
        problems = rule_problems(replace(rule, name=rule.name.strip()))
        if problems:
            raise ValidationError(problems)
        return rule

    def submit(self, rule: DeadlineRule) -> DeadlineRule:
        return self.services.incidents.save_rule(self.actor, rule)

    def fetch(self, rule_id: int) -> DeadlineRule:
        for rule in self.services.incidents.rules(include_inactive=True):
            if rule.id == rule_id:
                return rule
        raise NotFound("找不到该时限规则，可能已被删除")


class RulesTab(TableTab):
    filter_hint = "筛选：名称、类别、级别或完成方式"
    noun = "时限规则"

    def __init__(self, services: Services, actor, parent=None):
        super().__init__(services, actor, RuleModel(), parent)
        self.setObjectName("rules_tab")
        self.note = QLabel(NOTE, self)
        self.note.setObjectName("rules_note")
        self.note.setWordWrap(True)
        mark(self.note, "hint")
        self.above_table.addWidget(self.note)

    def read(self):
        return self.services.incidents.rules(include_inactive=True)

    def new_record(self) -> DeadlineRule:
        orders = [r.sort_order for r in self.model.records()]
        return DeadlineRule(name="", limit_minutes=60, sort_order=(max(orders) + 1) if orders else 1)

    def editor(self, record):
        return RuleEditor(self.services, self.actor, record, self)

    def remove(self, rule: DeadlineRule) -> None:
        self.services.incidents.delete_rule(self.actor, rule.id)
