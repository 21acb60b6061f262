"""The three lists beside the duty log (值班记事, equipment, handover items) and the 交班 summary line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from dutyroom.domain.localtime import format_local
from dutyroom.domain.vocabulary import EquipmentState
from dutyroom.services.handover.records import DutyLogRecord, EquipmentStatusRecord, ItemRecord

ROLE = Qt.ItemDataRole.UserRole


def fill_entries(lines: QListWidget, log: DutyLogRecord) -> None:
    lines.clear()
    for entry in log.entries:
        lines.addItem(f"{format_local(entry.at, log.time_zone, '%H:%M')}  {entry.text}（{entry.author}）")
    lines.scrollToBottom()


def fill_equipment(lines: QListWidget, statuses: list[EquipmentStatusRecord], zone: str) -> None:
    """A tick per piece of equipment: ticked = 正常; a fault says so in words, not only by the empty box."""
    lines.blockSignals(True)  # filling is not the officer ticking
    lines.clear()
    for status in statuses:
        if status.state is None:
            text = f"{status.name} · 未检查"
        else:
            text = f"{status.name} · {status.state.label}" + (f"：{status.description}" if status.description else "")
            text += f"（{format_local(status.checked_at, zone, '%H:%M')} {status.checked_by}）"
        line = QListWidgetItem(("⚠ " if status.state == EquipmentState.FAULT else "") + text)
        line.setFlags(line.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        line.setCheckState(Qt.CheckState.Checked if status.state == EquipmentState.OK else Qt.CheckState.Unchecked)
        line.setData(ROLE, status.name)
        lines.addItem(line)
    lines.blockSignals(False)


def fill_items(lines: QListWidget, items: list[ItemRecord], zone: str, keep_id: int | None) -> None:
    lines.clear()
    for item in items:
        due = f"（{format_local(item.due_at, zone, '%m-%d %H:%M')}前）" if item.due_at else ""
        flag = "⚠ " if item.overdue or item.left_behind else ""
        extra = " · 上一班未接" if item.left_behind else ""
        line = QListWidgetItem(f"{flag}{item.title}{due} · {item.state_label}{extra}")
        line.setData(ROLE, item)
        line.setToolTip("经手班次：" + "、".join(k.label for k in item.holders))
        lines.addItem(line)
        if item.id == keep_id:
            lines.setCurrentItem(line)
    if lines.currentRow() < 0 and lines.count():
        lines.setCurrentRow(0)


def summary_text(log: DutyLogRecord | None) -> str:
    """One paragraph for the 交班 dialog: what the shift did, and equipment not normal or not checked."""
    if log is None:
        return ""
    act = log.activity
    faults = [s.name for s in log.equipment if s.state == EquipmentState.FAULT]
    unchecked = [s.name for s in log.equipment if s.state is None]
    parts = [f"来电 {act.calls_total} 件", f"突发事件 {len(act.incidents)} 起", f"视频点名 {len(act.rollcalls)} 次",
             f"值班记事 {len(log.entries)} 条"]
    if faults:
        parts.append("设备异常：" + "、".join(faults))
    if unchecked:
        parts.append("未检查设备：" + "、".join(unchecked))
    return "本班：" + "；".join(parts) + "。"
