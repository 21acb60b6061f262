"""What each cell of the call log says: the columns, their words and tips (gui/calls/log_window.py holds the rows)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from dutyroom.domain.localtime import to_local
from dutyroom.domain.phones import format_number
from dutyroom.domain.vocabulary import CallOutcome, FollowUpStatus
from dutyroom.services.calls.records import CallRow

#: what a cell shows while its row cannot be read (the call was deleted meanwhile, the database is away)
PLACEHOLDER = "…"
CALL_ROLE = Qt.ItemDataRole.UserRole + 2

HEADERS = ("时间", "方向", "来电人", "号码", "单位", "类别", "内容摘要", "处理结果", "承办/状态", "值班员", "标记")
TIME, DIRECTION, CALLER, NUMBER, UNIT, CATEGORY, SUMMARY, OUTCOME, FOLLOW, OFFICER, FLAGS = range(len(HEADERS))
TIME_TIP = "点击切换：最新的在前 / 最早的在前"
NOT_SORTABLE_TIP = "来电记录只按时间排序（记录可达百万条，不提供按此列排序）；请用上方的筛选和搜索"
FLAGS_TIP = "苗 = 苗头性问题；普 = 普遍性问题；事 = 已转为突发事件"


def follow_text(row: CallRow) -> str:
    """承办/状态 of a 转办 call: "⚠ 逾期 3 天 · 城建局"; the sign and the words say it without colour."""
    if row.outcome != CallOutcome.ASSIGNED and row.follow_status is None:
        return ""
    unit = row.assigned_unit or "（未填承办单位）"
    if row.overdue_days > 0:
        return f"⚠ 逾期 {row.overdue_days} 天 · {unit}"
    status = row.follow_status or FollowUpStatus.PENDING
    if status != FollowUpStatus.CLOSED and row.due_on is not None:
        return f"{status.label} {row.due_on:%m-%d}前 · {unit}"
    return f"{status.label} · {unit}"


def flags_text(row: CallRow) -> str:
    marks = [mark for mark, on in (("苗", row.early_warning), ("普", row.widespread), ("事", row.incident_id))
             if on]
    return " ".join(marks)


def cell_text(row: CallRow, column: int, zone: str, this_year: int) -> str:
    """The words of one cell; `this_year` (office-local) drops the year from this year's times."""
    if column == TIME:
        local = to_local(row.started_at, zone)
        return f"{local:%m-%d %H:%M}" if local.year == this_year else f"{local:%Y-%m-%d %H:%M}"
    if column == DIRECTION:
        return row.direction.label
    if column == CALLER:
        return row.caller_name
    if column == NUMBER:
        return format_number(row.caller_number)
    if column == UNIT:
        return row.caller_unit
    if column == CATEGORY:
        return row.category
    if column == SUMMARY:
        return " ".join(row.summary.split())
    if column == OUTCOME:
        return row.outcome.label
    if column == FOLLOW:
        return follow_text(row)
    if column == OFFICER:
        return row.officer
    return flags_text(row)
