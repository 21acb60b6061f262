"""The words of the audit log (操作日志) as an office reads them: every field of every record in Chinese,
every value in the form the screens show it (enums by their label, 是/否, instants in the office's zone).

The log stores plain identifiers (`completed_at`, `caller_kind: public`) so that it can be verified and
read back by any later program; this module is the one place that turns them into the glossary's words.
A field's meaning depends on what the record is (`title` is a person's 职务 but an incident's 标题), so
labels are looked up per entity kind first, then in the words every kind shares.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from enum import Enum

from dutyroom.domain.deadlines import CHANNEL_REQUIREMENTS
from dutyroom.domain.localtime import format_local
from dutyroom.domain.roster import LEADER_POLICIES, PERIODS
from dutyroom.domain.vocabulary import (
    AVQuality,
    CallDirection,
    CallerKind,
    CallOutcome,
    Channel,
    ClockStart,
    EmptyPostKind,
    EquipmentState,
    FollowUpStatus,
    HolidayKind,
    HolidayRule,
    IncidentCategory,
    IncidentLevel,
    IncidentStatus,
    InstructionStatus,
    InstructionSubject,
    ItemClosing,
    ItemSource,
    PassOnChannel,
    PositionKind,
    ReportKind,
    Role,
    RollCallKind,
    RollCallResult,
    RollCallStatus,
    UnitKind,
)
from dutyroom.gui.admin.models import HOLIDAY_SOURCES

EMPTY = "（空）"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
ZONE_NAMES = {"Asia/Shanghai": "北京时间", "Asia/Urumqi": "乌鲁木齐时间", "Asia/Hong_Kong": "香港时间",
              "Asia/Macau": "澳门时间", "Asia/Taipei": "台北时间"}
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
CASUALTIES = {"deaths": "死亡", "injured": "受伤", "missing": "失踪", "trapped": "被困"}
# The roster's words for how a cell was filled (services/roster/service.py SOURCE_LABELS), kept here so the
# audit tab does not import the roster service (and openpyxl with it) into the GUI's start-up.
ASSIGNMENT_SOURCES = {"manual": "手工排班", "import": "导入", "swap": "调班", "substitute": "代班", "generated": "自动排班"}
ROSTER_CHANGE_KINDS = {"swap": "调班", "substitute": "代班"}

# Shared by every kind, in the order a summary lists them: what identifies the record first.
FIELDS = {
    "name": "名称", "username": "用户名", "day": "日期", "display_name": "显示名", "kind": "类型",
    "role": "角色", "unit_id": "单位编号", "person_id": "人员编号", "title": "职务", "position_kind": "岗位",
    "position": "岗位", "duty_phone": "值班电话", "fax": "传真", "office_phone": "办公电话", "mobile": "手机",
    "address": "地址", "sort_order": "排序", "source": "来源", "active": "启用", "status": "状态",
    "office_name": "单位名称", "issuing_office": "发文机关", "time_zone": "时区", "handover_time": "交接班时间",
    "idle_lock_minutes": "无操作自动锁屏（分钟）", "backup_time": "每日备份时间", "backups_kept": "保留备份份数",
    "failed_attempts": "连续失败次数", "locked_until": "锁定至", "year": "年份", "days": "天数",
    "file": "文件", "rows": "行数", "created": "新增", "updated": "更新", "skipped": "跳过",
    "leader": "批示领导", "leader_title": "领导职务", "given_at": "批示时间", "text": "内容", "subject": "事由",
    "subject_id": "事由编号", "passed_to": "转达给", "pass_channel": "转达方式", "due_at": "期限",
    "feedback": "反馈", "at": "时间", "shift": "班次", "rostered": "在班人员", "detail": "情况",
    "explanation": "情况说明", "closed_by": "关闭人", "note": "说明", "reason": "原因", "incident_id": "事件编号",
    "report_id": "报告编号", "shift_id": "班次编号", "start_day": "开始日期", "end_day": "结束日期",
    "number": "期号", "issued_on": "印发日期", "unit": "单位", "units": "单位", "closed": "办结时间",
    "closed_at": "办结时间", "channel": "报送方式", "levels": "事件级别", "categories": "事件类别",
    # office settings (设置), as the 设置 tab names them
    "min_rest_hours": "两班之间最短休息（小时）", "max_shifts_per_month": "每人每月最多班次",
    "fairness_lookback_months": "均衡统计回溯（月）", "rest_day_weight": "休息日权重", "holiday_weight": "节假日权重",
    "swap_needs_approval": "调班/代班须领导批准", "reminder_time": "值班提醒时间（前一天）",
    "call_categories": "来电类别", "quick_texts": "常用语短码", "follow_up_days": "转办反馈时限（天）",
    "similar_days": "相似来电回溯（天）", "answer_limit_seconds": "点名应答时限（秒）", "rollcall_copy_to": "点名通报抄送",
    "rollcall_recipients": "点名通报主送", "document_recipients": "通报主送", "document_copy_to": "通报抄送",
    "imprint_office": "印发机关",
    "empty_post_checks": "检查空岗", "handover_confirm_minutes": "接班确认时限（分钟）",
    "presence_checks_per_night": "夜间在岗确认次数", "presence_night_start": "夜间开始", "presence_night_end": "夜间结束",
    "presence_answer_minutes": "在岗确认时限（分钟）", "no_officer_minutes": "无人登录时限（分钟）",
    "alert_minutes": "时限提醒（提前分钟）", "handover_before_minutes": "提前接班（分钟）",
    "handover_after_minutes": "交接班最迟（分钟）",
    # the night's presence-check draw: what an auditor needs to repeat it, except the secret itself
    "window": "时段", "count": "次数", "moments": "抽取时刻", "secret_fingerprint": "密钥指纹", "draw_method": "抽取方法",
}

# What a field means for one kind of record, where that differs from the shared word.
FIELDS_BY_KIND: dict[str, dict[str, str]] = {
    "call": {
        "started_at": "来电时间", "ended_at": "结束时间", "direction": "来电/去电", "caller_kind": "来电方类型",
        "caller_name": "来电人", "caller_number": "来电号码", "caller_unit": "来电单位", "category": "类别",
        "summary": "来电内容", "outcome": "办理方式", "outcome_note": "办理情况", "assigned_unit": "承办单位",
        "due_on": "反馈期限", "duty_date": "值班日期", "shift_name": "班次", "officer": "值班员",
        "early_warning": "苗头性问题", "widespread": "普遍性问题", "feedback": "办理反馈", "feedback_at": "反馈时间",
        "follow_status": "督办状态", "incident_id": "转为突发事件编号", "leader_instruction": "领导批示",
        "note": "督办说明", "closed_at": "办结时间",
        # one part of a large import (导入分批提交) and its undo
        "part": "批次", "first_id": "首条编号", "last_id": "末条编号", "complete": "全部导入完成",
    },
    "incident": {
        "title": "事件名称", "category": "事件类别", "sub_type": "事件类型", "level": "事件级别", "status": "状态",
        "occurred_at": "事发时间", "received_at": "接报时间", "place": "事发地点", "area_unit_id": "属地单位编号",
        "casualties": "人员伤亡", "losses": "损失情况", "scope": "影响范围", "cause": "原因", "trend": "发展趋势",
        "measures": "已采取措施", "leaders_informed": "已报告领导", "security_development": "敌情社情宗教动态",
        "source_channel": "接报方式", "source_person": "报告人", "source_phone": "报告人电话",
        "source_unit": "报告单位", "narrative": "事件经过",
    },
    "report": {
        "kind": "报告类型", "number": "续报序号", "channel": "报送方式", "content": "报告内容", "recipients": "报送对象",
        "sent_at": "报送时间", "sent_by": "报送人", "signer": "签发人",
    },
    "clock": {
        "rule_id": "时限规则编号", "rule_name": "时限规则", "limit_minutes": "时限（分钟）", "counted_from": "起算",
        "start_at": "起算时间", "due_at": "截止时间", "completed_at": "完成时间", "minutes_late": "完成情况",
        "channel": "报送方式要求", "report_kind": "报告类型要求", "reason": "原因", "start_report_id": "起算报告编号",
        "cancelled_at": "取消时间", "cancel_reason": "取消原因", "acknowledged_at": "确认时间",
        "acknowledged_by": "确认人",
    },
    "deadline_rule": {
        "name": "规则名称", "limit_minutes": "时限（分钟）", "counted_from": "起算", "channel": "报送方式要求",
        "report_kind": "报告类型要求", "repeating": "重复计时", "security_only": "仅敌情社情宗教动态",
    },
    "bulletin": {"kind": "文种", "title": "标题", "number": "期号"},
    "person": {"name": "姓名", "title": "职务"},
    "unit": {"name": "单位名称"},
    "user": {"person_id": "对应人员编号"},
    "holiday": {"name": "节日名称", "days": "天数"},
    "shift": {"name": "班次名称", "start_time": "开始时间", "duration_minutes": "时长（分钟）",
              "officer_count": "值班员人数", "standby_count": "备班人数", "leader_policy": "带班领导"},
    "rotation": {"member_ids": "轮班人员编号", "period": "轮换周期"},
    "leave": {"kind": "类型", "note": "备注"},
    "assignment": {"slot": "序位"},
    "roster": {"first": "起始日期", "last": "截止日期", "created": "新排", "kept": "保留", "kept_changed": "保留已调整",
               "replace": "覆盖已有排班", "replaced": "覆盖", "warnings": "提醒条数", "unknown_years": "节假日未知的年份",
               "cells": "排班格数"},
    "roster_change": {"kind": "类型", "assignment_id": "排班编号", "other_assignment_id": "对调排班编号",
                      "other_day": "对调日期", "person_before": "原人员编号", "person_after": "新人员编号",
                      "requested_by": "申请人编号", "approved_by": "批准人编号",
                      "undone": "已撤销", "person": "恢复为人员编号"},
    "log_entry": {"author": "记录人", "text": "记事内容"},
    "equipment": {"name": "设备名称"},
    "equipment_status": {"equipment": "设备", "state": "状态", "description": "情况说明"},
    "handover_item": {"title": "事项", "detail": "详情", "due_at": "办理期限", "source_id": "来源编号",
                      "closing": "结束方式", "closing_note": "结束说明"},
    "handover": {"handed_at": "交接时间", "outgoing": "交班人", "incoming": "接班人", "next_shift": "接班班次",
                 "entries": "记事条数", "items": "交接事项", "approved_by": "批准人", "outside_reason": "未按时交接原因",
                 "correction": "补正内容"},
    "review": {"comment": "审阅意见"},
    "instruction": {"text": "批示内容", "due_at": "落实期限"},
    "empty_post": {"kind": "空岗情形", "at": "发现时间"},
    "presence_check": {"at": "确认时间"},
    "rollcall": {
        "kind": "点名类型", "planned_at": "计划时间", "host": "主持人", "plan_id": "点名计划编号", "caller": "点名单位",
        "answerer": "应答人", "asked": "询问内容", "result": "结果", "checklist": "检查项", "draw_seed": "抽签随机数",
        "draw_candidates": "抽签候选单位", "first_id": "首条编号", "last_id": "末条编号", "rollcalls": "点名次数",
        "attempt": "呼叫次数", "called_at": "呼叫时间", "answered_at": "应答时间", "av": "音视频", "remarks": "备注",
        "position": "应答人岗位", "called": "点名单位数", "present": "在岗单位数", "narrative": "通报正文",
        "recipients": "主送", "notice": "通报编号", "bytes": "通报文件大小（字节）",
    },
    "rollcall_plan": {"name": "计划名称", "kind": "点名类型", "at_time": "时间", "weekday": "星期",
                      "anchor_day": "起始日期", "interval_days": "间隔（天）", "window": "抽查时段",
                      "spot_count": "抽查单位数", "holiday_rule": "遇节假日", "units": "被点名单位编号"},
    "rectification": {"requirement": "整改要求", "due_on": "整改期限", "closed": "整改完成时间", "feedback": "整改情况"},
    "database": {"file": "备份文件"},
}

_Words = type[Enum] | dict[str, str]
# How a value is shown: the glossary enum (or a word table) of a field, shared or per kind.
VALUES: dict[str, tuple[_Words, ...]] = {
    "role": (Role,), "position_kind": (PositionKind,), "position": (PositionKind,),
    "direction": (CallDirection,), "caller_kind": (CallerKind,), "outcome": (CallOutcome,),
    "follow_status": (FollowUpStatus,), "category": (IncidentCategory,), "categories": (IncidentCategory,),
    "level": (IncidentLevel,), "levels": (IncidentLevel,), "counted_from": (ClockStart,),
    "source_channel": (Channel,), "pass_channel": (PassOnChannel,), "subject": (InstructionSubject,),
    "state": (EquipmentState,), "closing": (ItemClosing,), "holiday_rule": (HolidayRule,), "av": (AVQuality,),
    "result": (RollCallResult,), "leader_policy": (LEADER_POLICIES,), "period": (PERIODS,),
    "report_kind": ({"any": "任意报告"}, ReportKind),
}
VALUES_BY_KIND: dict[str, dict[str, tuple[_Words, ...]]] = {
    "unit": {"kind": (UnitKind,)}, "holiday": {"kind": (HolidayKind,), "source": (HOLIDAY_SOURCES,)},
    "empty_post": {"kind": (EmptyPostKind,)}, "report": {"kind": (ReportKind,), "channel": (Channel,)},
    "clock": {"channel": (CHANNEL_REQUIREMENTS,)}, "deadline_rule": {"channel": (CHANNEL_REQUIREMENTS,)},
    "incident": {"status": (IncidentStatus,)}, "instruction": {"status": (InstructionStatus,)},
    "rollcall": {"kind": (RollCallKind,), "status": (RollCallStatus,)}, "rollcall_plan": {"kind": (RollCallKind,)},
    "handover_item": {"source": (ItemSource,)}, "assignment": {"source": (ASSIGNMENT_SOURCES,)},
    "roster_change": {"kind": (ROSTER_CHANGE_KINDS,)},
}
# An empty list of levels or categories in a rule means every one of them.
_ALL_WHEN_EMPTY = {"levels": "全部级别", "categories": "全部类别"}
_INSTANT = re.compile(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d|Z)?$")
_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
HIDDEN = {"id", "version"}


def entity_id_text(kind: str, entity_id: str | None) -> str:
    """The 编号 column: the office's settings are one record, a generated roster is named by its dates,
    a night's presence-check draw by its night (stored as "night:2026-11-20")."""
    if kind == "setting" and entity_id == "office":
        return "本单位设置"
    if entity_id and entity_id.startswith("night:"):
        return f"{entity_id.removeprefix('night:')} 夜间"
    if entity_id and "~" in entity_id:
        return " 至 ".join(entity_id.split("~"))
    return entity_id or ""


def field_label(kind: str, key: str) -> str:
    return FIELDS_BY_KIND.get(kind, {}).get(key) or FIELDS.get(key) or key


def _order(kind: str, key: str) -> tuple[int, int, str]:
    own = list(FIELDS_BY_KIND.get(kind, {}))
    if key in own:
        return 0, own.index(key), key
    shared = list(FIELDS)
    return 1, shared.index(key) if key in shared else len(shared), key


def _word(tables: tuple[_Words, ...], value) -> str | None:
    for table in tables:
        if isinstance(table, dict):
            if value in table:
                return table[value]
            continue
        try:
            return table(value).label  # type: ignore[attr-defined]
        except ValueError:
            continue
    return None


def show_instant(value: datetime, zone_name: str) -> str:
    return format_local(value, zone_name, TIME_FORMAT)


def _text(value: str, zone_name: str) -> str:
    if _INSTANT.match(value):
        try:
            instant = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        # A naive instant is one the log wrote in UTC (every stored instant is UTC).
        return show_instant(instant if instant.tzinfo else instant.replace(tzinfo=timezone.utc), zone_name)
    if _DAY.match(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return value
    return value


def show_value(kind: str, key: str, value, zone_name: str) -> str:
    """One value as the screens show it."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    tables = VALUES_BY_KIND.get(kind, {}).get(key) or VALUES.get(key, ())
    if isinstance(value, list):
        if not value:
            return _ALL_WHEN_EMPTY.get(key, "无")
        return "、".join(_element(kind, key, item, tables, zone_name) for item in value)
    if isinstance(value, dict):
        if key == "casualties":
            return "、".join(f"{CASUALTIES.get(k, k)} {n} 人" for k, n in value.items())
        return "；".join(f"{field_label(kind, k)}：{show_value(kind, k, v, zone_name)}" for k, v in value.items())
    if tables and (word := _word(tables, value)) is not None:
        return word
    return _special(kind, key, value, zone_name)


def _element(kind: str, key: str, item, tables: tuple[_Words, ...], zone_name: str) -> str:
    if isinstance(item, dict) and "title" in item:  # a handover item: its title, and whether it was taken over
        return item["title"] + ("（已接收）" if item.get("taken") else "")
    if isinstance(item, list):  # a draw candidate [unit id, name, days since checked]
        return str(item[1]) if len(item) > 1 else "、".join(map(str, item))
    return show_value(kind, key, item, zone_name) if not tables else (_word(tables, item) or str(item))


def _special(kind: str, key: str, value, zone_name: str) -> str:
    if key == "time_zone":
        return ZONE_NAMES.get(value, str(value))
    if key == "minutes_late" and isinstance(value, int):
        return "按时" if value == 0 else (f"提前 {-value} 分钟" if value < 0 else f"超时 {value} 分钟")
    if key == "weekday" and isinstance(value, int) and 0 <= value < 7:
        return WEEKDAYS[value]
    if key == "window" and isinstance(value, str):
        return "—".join(value.split("-")) if value.strip("-") else "不限"
    if isinstance(value, str):
        # One table row per record: a multi-line text (常用语, 情况说明) keeps its line breaks visible as ／.
        return " ／ ".join(_text(value, zone_name).splitlines())
    return str(value)


def summarize(kind: str, before: dict | None, after: dict | None, zone_name: str) -> str:
    """One line a person can read: changed fields as 旧 → 新, or the values of a new/deleted record."""
    before, after = before or {}, after or {}
    keys = sorted((k for k in {*before, *after} if k not in HIDDEN), key=lambda k: _order(kind, k))
    parts = []
    for key in keys:
        label = field_label(kind, key)
        if key in before and key in after:
            if before[key] != after[key]:
                old, new = show_value(kind, key, before[key], zone_name), show_value(kind, key, after[key], zone_name)
                parts.append(f"{label}：{old} → {new}")
        else:
            parts.append(f"{label}：{show_value(kind, key, after[key] if key in after else before[key], zone_name)}")
    # A sentence's own 。 before the separator would read "。；".
    return "；".join(part.removesuffix("。") for part in parts)
