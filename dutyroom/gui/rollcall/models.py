"""Table models of the 视频点名 page: the roll-calls held (lazy, newest first), the plans, the 整改 items,
the ranked statistics by unit and one unit's history."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt

from dutyroom.domain import rollcall as rules
from dutyroom.domain.localtime import format_local
from dutyroom.domain.vocabulary import RollCallKind
from dutyroom.gui.common.paged_model import Index, PagedTableModel
from dutyroom.gui.common.table_model import Column, RecordTableModel
from dutyroom.services.rollcall.records import PlanRecord, RectificationRecord, RollCallRecord

WEEKDAYS = "一二三四五六日"
PAGE_SIZE = 100


def plan_when(plan: PlanRecord) -> str:
    if plan.kind == RollCallKind.HOST:
        day = f"每周{WEEKDAYS[plan.weekday]}" if plan.weekday is not None else "每周"
        return f"{day} {plan.at_time:%H:%M}"
    start = f"自 {plan.anchor_day:%Y-%m-%d} 起" if plan.anchor_day else ""
    if plan.kind == RollCallKind.UPPER:
        return f"{start}每 {plan.interval_days} 天 {plan.at_time:%H:%M}"
    window = (f"{plan.window_start:%H:%M}–{plan.window_end:%H:%M}" if plan.window_start and plan.window_end else "")
    return f"{start}每 {plan.interval_days} 天，{window} 间抽 {plan.spot_count} 个单位"


class PlanModel(RecordTableModel):
    columns = (
        Column("计划名称", lambda p: p.name),
        Column("类型", lambda p: p.kind.label),
        Column("时间", plan_when),
        Column("状态", lambda p: "启用" if p.active else "停用"),
        Column("节假日", lambda p: p.holiday_rule.label),
        # Last, so a long list of names runs off the edge instead of pushing 状态 out of sight.
        Column("单位", lambda p: f"{len(p.unit_ids)} 个：" + "、".join(p.unit_names[:3])
               + ("…" if len(p.unit_names) > 3 else "") if p.unit_ids else "—"),
    )

    def is_inactive(self, record) -> bool:
        return not record.active


def item_state(item: RectificationRecord) -> str:
    if item.closed_at is not None:
        return "✓ 已销号"
    return "⚠ 已逾期" if item.overdue else "整改中"


class RectificationModel(RecordTableModel):
    def __init__(self, zone: Callable[[], str], parent=None):
        super().__init__(parent)
        self.columns = (
            Column("点名时间", lambda i: format_local(i.rollcall_at, zone(), "%Y-%m-%d %H:%M")),
            Column("单位", lambda i: i.unit_name),
            Column("整改要求", lambda i: i.requirement.replace("\n", " ")),
            Column("期限", lambda i: f"{i.due_on:%Y-%m-%d}", sort_key=lambda i: i.due_on),
            Column("状态", item_state, bold=lambda i: i.overdue),
            Column("整改反馈", lambda i: i.feedback.replace("\n", " ")
                   + (f"（{i.closed_by} {format_local(i.closed_at, zone(), '%m-%d')}）" if i.closed_at else "")),
        )

    def is_inactive(self, record) -> bool:
        return record.closed_at is not None


def called_text(record: RollCallRecord) -> str:
    if record.kind == RollCallKind.UPPER:
        return record.upper_caller or "—"
    firsts = sum(1 for e in record.entries if e.attempt == 1)
    return f"{firsts} 个单位"


class HistoryModel(PagedTableModel):
    """The roll-calls held, newest first, a page at a time as the view scrolls."""

    headers = ("点名时间", "类型", "计划", "点名单位", "在岗率", "未在岗", "超时应答", "状态", "主持人")

    def __init__(self, fetch_page, zone: Callable[[], str], limit: Callable[[], int], parent=None):
        super().__init__(fetch_page, PAGE_SIZE, parent)
        self._zone, self._limit = zone, limit

    def record_key(self, record) -> int:
        return record.id

    def sort_key(self, record: RollCallRecord) -> tuple[float, int]:
        return -record.planned_at.timestamp(), -(record.id or 0)

    def prepare(self, record: RollCallRecord):
        t = rules.tally(record.attempts(), self._limit())
        missing = t.called - t.present - t.excused
        texts = (format_local(record.planned_at, self._zone(), "%Y-%m-%d %H:%M"), record.kind.label,
                 record.plan_name or "临时", called_text(record),
                 "—" if record.kind == RollCallKind.UPPER else rules.rate_text(t.presence_rate),
                 str(missing) if t.called else "", str(len(t.slow)) if t.slow else "", record.status.label,
                 record.host)
        return record, texts

    def record(self, row: int) -> RollCallRecord:
        return self._rows[row][0]

    def row_of(self, rollcall_id: int) -> int:
        return next((row for row, (r, _) in enumerate(self._rows) if r.id == rollcall_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][1][index.column()]
        return None


def _average(f: rules.UnitFigures) -> str:
    return "—" if f.average_seconds is None else f"{f.average_seconds:.0f} 秒"


class StatsModel(RecordTableModel):
    # The ranking figures first: at 1280 px the chart beside the table leaves room for about seven columns.
    columns = (
        Column("排名", lambda u: str(u.rank), sort_key=lambda u: u.rank, align="right"),
        Column("单位", lambda u: u.figures.unit),
        Column("在岗率", lambda u: rules.rate_text(u.figures.presence_rate),
               sort_key=lambda u: u.figures.presence_rate or 0, align="right"),
        Column("平均应答", lambda u: _average(u.figures), sort_key=lambda u: u.figures.average_seconds or 0,
               align="right"),
        Column("点名", lambda u: str(u.figures.called), sort_key=lambda u: u.figures.called, align="right"),
        Column("缺岗", lambda u: str(u.figures.called - u.figures.present - u.figures.excused),
               sort_key=lambda u: u.figures.called - u.figures.present - u.figures.excused, align="right"),
        Column("超时", lambda u: str(u.figures.slow), sort_key=lambda u: u.figures.slow, align="right"),
        Column("请假", lambda u: str(u.figures.excused), align="right"),
    )


class UnitHistoryModel(RecordTableModel):
    def __init__(self, zone: Callable[[], str], parent=None):
        super().__init__(parent)
        self.columns = (
            Column("点名时间", lambda h: format_local(h.planned_at, zone(), "%Y-%m-%d %H:%M"),
                   sort_key=lambda h: h.planned_at),
            Column("类型", lambda h: h.kind.label),
            Column("结果", lambda h: (h.result.label if h.result else "—") + ("（复呼）" if h.attempts > 1 else "")),
            Column("应答用时", lambda h: "—" if h.answer_seconds is None else
                   f"{h.answer_seconds} 秒" + (" ⚠超时" if h.slow else "")),
        )
