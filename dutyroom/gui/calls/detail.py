"""The selected call in full: who called, what about, what was done, the 督办 log; and what to do next."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from dutyroom.domain.localtime import to_local
from dutyroom.domain.phones import format_number
from dutyroom.domain.vocabulary import CallOutcome, FollowUpStatus, InstructionSubject
from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.buttons import button_bar
from dutyroom.gui.common.widgets import rich_text_area, set_role
from dutyroom.services.calls.records import CallRecord


def _when(record: CallRecord, zone: str) -> str:
    start = to_local(record.started_at, zone)
    text = f"{start.year}年{start.month}月{start.day}日 {start:%H:%M}"
    if record.ended_at is not None:
        end = to_local(record.ended_at, zone)
        text += f"—{end:%H:%M}" if end.date() == start.date() else f"—{end.month}月{end.day}日 {end:%H:%M}"
    return text


def caller_text(record: CallRecord) -> str:
    """"张三（群众）138 0013 8000": what the heading and other panels say about the caller."""
    name = record.caller_name or "（未留姓名）"
    parts = [f"{name}（{record.caller_kind.label}）"]
    if record.caller_unit:
        parts.append(record.caller_unit)
    if record.caller_number:
        parts.append(format_number(record.caller_number).replace(" ", "\u00a0"))  # a number never breaks a line
    return " ".join(parts)


def heading_text(record: CallRecord, zone: str) -> str:
    return f"{record.direction.label} · {_when(record, zone)} · {caller_text(record)}"


def _line(label: str, value: str) -> str:
    text = escape(value).replace("\n", "<br>")
    return f"<tr><td style='white-space:nowrap; padding-right:8px'><b>{label}</b></td><td>{text}</td></tr>"


def facts_html(record: CallRecord, zone: str, today=None) -> str:
    """Every field that has something to say, then the 督办 log oldest first."""
    rows = [_line("类别", record.category), _line("内容摘要", record.summary),
            _line("处理结果", record.outcome.label)]
    if record.outcome_note:
        rows.append(_line("处理情况", record.outcome_note))
    if record.outcome == CallOutcome.ASSIGNED or record.follow_status is not None:
        status = record.follow_status or FollowUpStatus.PENDING
        due = f"{record.due_on.month}月{record.due_on.day}日" if record.due_on else "未定"
        late = ""
        if today is not None and record.due_on is not None and status != FollowUpStatus.CLOSED \
                and today > record.due_on:
            late = f"（⚠ 逾期 {(today - record.due_on).days} 天）"
        rows.append(_line("转办", f"{record.assigned_unit or '（未填承办单位）'} · 反馈期限 {due} · "
                                  f"{status.label}{late}"))
        if record.feedback:
            at = to_local(record.feedback_at, zone).strftime("%m-%d %H:%M ") if record.feedback_at else ""
            rows.append(_line("反馈", at + record.feedback))
    if record.leader_instruction:
        rows.append(_line("领导批示", record.leader_instruction))
    marks = "、".join(word for word, on in (("苗头性问题", record.early_warning), ("普遍性问题", record.widespread))
                     if on)
    if marks:
        rows.append(_line("标记", marks))
    if record.incident_id is not None:
        rows.append(_line("突发事件", f"已转为突发事件（编号 {record.incident_id}）"))
    shift = f"{record.duty_date.month}月{record.duty_date.day}日{record.shift_name}" if record.duty_date else ""
    rows.append(_line("值班员", " · ".join(p for p in (record.officer, shift) if p)))
    for entry in record.follow_ups:
        at = to_local(entry.at, zone).strftime("%m-%d %H:%M")
        who = f"（{entry.by}）" if entry.by else ""
        rows.append(_line(f"{entry.kind.label} {at}", f"{entry.note}{who}"))
    return "<table cellspacing='0' cellpadding='1'>" + "".join(rows) + "</table>"


def instruction_html(instructions) -> str:
    """批示办理: each instruction about the call with its state (the first is also the form's 领导批示 field)."""
    rows = []
    for item in instructions:
        who = f"{item.giver}：" if item.giver else ""
        to = f"，已转{item.passed_to}" if item.passed_to else ""
        rows.append(_line("批示办理", f"{who}{item.text}（{item.status.label}{to}）"))
    return "<table cellspacing='0' cellpadding='1'>" + "".join(rows) + "</table>" if rows else ""


class CallDetail(QWidget):
    """Shows one CallRecord; the page connects the buttons (actions.py)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.record: CallRecord | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("callDetailTitle")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts, scroll = rich_text_area(self, "callFacts")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.buttons = button_bar(self, (("edit", "修改…", "修改这条来电记录（Enter）"),
                                         ("escalate", "转为突发事件…", "把这条来电的情况带入一份新的突发事件登记"),
                                         ("instruction", "领导批示…", "记录领导对这条来电的批示：转达、期限、落实情况在“领导批示”页办理"),
                                         ("delete", "删除", "删除这条来电记录（带班领导或管理员）")),
                                  suffix="CallButton", row=row)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        layout.addLayout(row)
        self.show_record(None, "")

    def show_record(self, record: CallRecord | None, zone: str, today=None, *, message: str = "",
                    instructions=()) -> None:
        """`instructions`: the call's 领导批示 from the ledger, shown with how far each has got."""
        self.record = record
        if record is None:
            self.heading.setText(message or "请在上方选择一条来电。")
            set_role(self.heading, "error" if message else "hint")
            self.facts.clear()
        else:
            set_role(self.heading, "")
            self.heading.setText(f"<b>{escape(heading_text(record, zone))}</b>")
            self.facts.setText(facts_html(record, zone, today) + instruction_html(instructions))
        for button in self.buttons.values():
            button.setEnabled(record is not None)


def read_detail(services, call_id: int):
    """What the detail pane shows of one call, read off the GUI thread: (record or None, the office's zone,
    today, its instructions, a message). A call deleted meanwhile is said in the pane, not as a failure."""
    zone = services.settings.get().time_zone
    try:
        record = services.calls.get(call_id)
    except DutyRoomError as exc:
        return None, zone, None, [], "⚠ " + exc.message
    try:
        instructions = services.instructions.list(subject=InstructionSubject.CALL, subject_id=call_id)
    except DutyRoomError:
        instructions = []
    return record, zone, services.calls.today(), instructions, ""
