"""The audit log as a lazy table: it grows without bound, so rows are fetched a page at a time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt

from dutyroom.domain.localtime import format_local
from dutyroom.domain.vocabulary import (
    EmptyPostKind,
    HolidayKind,
    InstructionStatus,
    InstructionSubject,
    PassOnChannel,
    PositionKind,
    Role,
    UnitKind,
)
from dutyroom.gui.admin.models import HOLIDAY_SOURCES
from dutyroom.gui.common.paged_model import Index, PagedTableModel
from dutyroom.services.audit import ACTION_LABELS, ENTITY_LABELS
from dutyroom.services.records import AuditEntry

PAGE_SIZE = 200
SUMMARY_LIMIT = 160

# In the order a summary lists them: what identifies the record first.
FIELD_LABELS = {
    "name": "名称", "username": "用户名", "day": "日期", "display_name": "显示名", "kind": "类型",
    "role": "角色", "unit_id": "单位编号", "person_id": "人员编号", "title": "职务", "position_kind": "岗位",
    "duty_phone": "值班电话", "fax": "传真", "office_phone": "办公电话", "mobile": "手机", "address": "地址",
    "sort_order": "排序", "source": "来源", "active": "启用",
    "office_name": "单位名称", "issuing_office": "发文机关", "time_zone": "时区", "handover_time": "交接班时间",
    "idle_lock_minutes": "自动锁屏（分钟）", "backup_time": "每日备份时间", "backups_kept": "保留备份份数",
    "failed_attempts": "连续失败次数", "locked_until": "锁定至", "year": "年份", "days": "天数",
    "file": "文件", "rows": "行数", "created": "新增", "updated": "更新",
    # leader instructions and empty posts
    "leader": "批示领导", "leader_title": "领导职务", "given_at": "批示时间", "text": "批示内容", "subject": "事由",
    "subject_id": "事由编号", "passed_to": "转达给", "pass_channel": "转达方式", "due_at": "落实期限",
    "status": "状态", "feedback": "反馈", "at": "时间", "shift": "班次", "rostered": "在班人员", "detail": "情况",
    "explanation": "情况说明", "closed_by": "关闭人",
    # the night's presence-check draw: what an auditor needs to repeat it, except the secret itself
    "window": "时段", "count": "次数", "moments": "抽取时刻", "secret_fingerprint": "密钥指纹", "draw_method": "抽取方法",
}
_ORDER = {key: i for i, key in enumerate(FIELD_LABELS)}
_INSTANTS = {"locked_until", "given_at", "due_at", "at"}
_VALUE_LABELS = {"kind": (UnitKind, HolidayKind, EmptyPostKind), "position_kind": (PositionKind,), "role": (Role,),
                 "status": (InstructionStatus,), "subject": (InstructionSubject,), "pass_channel": (PassOnChannel,)}


def _value(key: str, value, zone_name: str) -> str:
    if value is None or value == "":
        return "（空）"
    if key == "source":
        return HOLIDAY_SOURCES.get(value, str(value))
    if key in _INSTANTS and isinstance(value, str):
        try:
            return format_local(datetime.fromisoformat(value), zone_name)
        except ValueError:
            return value
    if isinstance(value, bool):
        return "是" if value else "否"
    for enum in _VALUE_LABELS.get(key, ()):
        try:
            return enum(value).label
        except ValueError:
            continue
    return str(value)


def summarize(entry: AuditEntry, zone_name: str) -> str:
    """One line a person can read: changed fields as 旧 → 新, or the values of a new/deleted record."""
    before, after = entry.before or {}, entry.after or {}
    keys = sorted((k for k in {*before, *after} if k != "id"), key=lambda k: (_ORDER.get(k, len(_ORDER)), k))
    parts = []
    for key in keys:
        label = FIELD_LABELS.get(key, key)
        if key in before and key in after:
            if before[key] != after[key]:
                old, new = _value(key, before[key], zone_name), _value(key, after[key], zone_name)
                parts.append(f"{label}：{old} → {new}")
        else:
            parts.append(f"{label}：{_value(key, after[key] if key in after else before[key], zone_name)}")
    return "；".join(parts)


class AuditModel(PagedTableModel):
    """Newest first. rowCount grows as the view asks for more (canFetchMore/fetchMore)."""

    headers = ("时间", "操作人", "操作", "对象", "编号", "内容摘要")

    def __init__(self, fetch_page: Callable[[AuditEntry | None, int], list[AuditEntry]], zone_name: Callable[[], str],
                 page_size: int = PAGE_SIZE, parent=None):
        super().__init__(fetch_page, page_size, parent)
        self._zone = zone_name

    def record_key(self, record: AuditEntry) -> int:
        return record.seq

    def sort_key(self, record: AuditEntry) -> int:
        return -record.seq

    def prepare(self, record: AuditEntry) -> tuple[AuditEntry, str]:
        return record, summarize(record, self._zone())

    def entry(self, row: int) -> AuditEntry:
        return self._rows[row][0]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        entry, summary = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 5 and len(summary) > SUMMARY_LIMIT:
                return summary[:SUMMARY_LIMIT] + "…"
            return self._text(entry, summary, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._text(entry, summary, column)
        return None

    def _text(self, entry: AuditEntry, summary: str, column: int) -> str | None:
        if column == 0:
            return format_local(entry.at, self._zone(), "%Y-%m-%d %H:%M:%S")
        if column == 1:
            return entry.actor_name
        if column == 2:
            return ACTION_LABELS.get(entry.action, entry.action)
        if column == 3:
            return ENTITY_LABELS.get(entry.entity_kind, entry.entity_kind)
        if column == 4:
            return entry.entity_id
        if column == 5:
            return summary
        return None
