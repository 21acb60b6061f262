"""值班日志 of one shift, A4 portrait: who was on duty and who logged in, the calls, incidents and their
reporting clocks, roll-calls and open 整改, leaders' instructions, the officer's 值班记事, equipment,
handover items, then the handover and the leader's review with the signature lines.

Built from a DutyLogRecord only (services/handover/records.py), so a reprint is built from the same data.
The section builders are shared with the 交接班记录 (reports/handover.py).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import BinaryIO

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from dutyroom.domain.handover import login_summary
from dutyroom.domain.localtime import format_date_cn, to_local
from dutyroom.reports.page import build_document
from dutyroom.reports.styles import (
    EMPTY,
    LIST_MARGINS,
    DocStyles,
    frame_width,
    get_styles,
    grid_commands,
    para,
)
from dutyroom.services.handover.records import DutyLogRecord, HandoverRecord, ItemRecord

TITLE = "值班日志"
NUMERALS = "一二三四五六七八九十"
BLANK = "\u3000" * 4  # room to write a name by hand


def local(at, zone: str, fmt: str = "%H:%M") -> str:
    return to_local(at, zone).strftime(fmt) if at is not None else EMPTY


def when(at, zone: str) -> str:
    """"11月21日 08:30" — the day is printed because a shift runs past midnight."""
    if at is None:
        return EMPTY
    t = to_local(at, zone)
    return f"{t.month}月{t.day}日 {t:%H:%M}"


def period(log: DutyLogRecord) -> str:
    return f"{when(log.starts_at, log.time_zone)} 至 {when(log.ends_at, log.time_zone)}"


def table(rows: Sequence[Sequence[str]], head: Sequence[str], fractions: Sequence[float], styles: DocStyles,
          width: float, *, centre: Sequence[int] = ()) -> Table:
    """A ruled table: a header row and plain-text cells (empty ones show "—")."""
    data: list[list] = [[para(h, styles.cell_head) for h in head]]
    for row in rows:
        data.append([para(text, styles.cell_center if n in centre else styles.cell, empty=EMPTY)
                     for n, text in enumerate(row)])
    total = sum(fractions)
    widths = [width * f / total for f in fractions]
    out = Table(data, colWidths=widths, style=grid_commands(header_rows=1), repeatRows=1, hAlign="CENTER")
    out.spaceAfter = 3 * mm  # the line under a table does not touch it
    return out


class Sections:
    """Numbers the headings (一、二、…) in the order they are added."""

    def __init__(self, styles: DocStyles):
        self.style = ParagraphStyle("dr-log-heading", parent=styles.heading, spaceBefore=3 * mm)
        self.count = 0

    def heading(self, text: str) -> Flowable:
        self.count += 1
        return para(f"{NUMERALS[self.count - 1]}、{text}", self.style)


def title_block(title: str, log: DutyLogRecord, styles: DocStyles) -> list[Flowable]:
    office = ParagraphStyle("dr-log-office", parent=styles.body, firstLineIndent=0, alignment=TA_RIGHT)
    return [para(title, styles.title), para(f"{log.shift.label}（{period(log)}）", styles.subtitle),
            para(log.office_name, office), Spacer(1, 2 * mm)]


def people_rows(log: DutyLogRecord) -> list[list[str]]:
    duty = log.on_duty
    rows = [["带班领导", "、".join(duty.leaders)], ["值班员", "、".join(duty.officers)],
            ["备班", "、".join(duty.standby)]]
    if duty.changes:
        rows.append(["调班、代班", "；".join(duty.changes)])
    logins = "；".join(f"{x.name} {when(x.first_at, log.time_zone)}"
                      + (f"（共 {x.count} 次，最后 {when(x.last_at, log.time_zone)}）" if x.count > 1 else "")
                      for x in login_summary(log.logins))
    rows.append(["登录情况", logins or "本班无人登录"])
    return rows


def item_rows(items: Sequence[ItemRecord], zone: str) -> list[list[str]]:
    rows = []
    for n, item in enumerate(items, start=1):
        state = item.state_label + (f"：{item.closing_note}" if item.closing_note else "")
        held = "→".join(f"{k.day.month}月{k.day.day}日{k.name}" for k in item.holders)
        rows.append([str(n), item.title + (f"（{item.detail}）" if item.detail else ""), item.source.label,
                     when(item.due_at, zone), state, held])
    return rows


def items_table(items: Sequence[ItemRecord], zone: str, styles: DocStyles, width: float) -> Table:
    return table(item_rows(items, zone), ("序号", "事项", "来源", "期限", "状态", "经手班次"),
                 (0.75, 3.1, 1.55, 1.5, 1.1, 2.2), styles, width, centre=(0,))


def handover_lines(handover: HandoverRecord | None, zone: str) -> list[str]:
    if handover is None:
        return ["本班尚未办理交接。"]
    if handover.missed:
        lines = [f"本班未办理交接班（交接窗口至 {when(handover.window_closes, zone)} 结束，系统于 "
                 f"{when(handover.sealed_at, zone)} 记录）。"]
    else:
        lines = [f"{when(handover.handed_at, zone)}，{handover.outgoing}交班，{handover.incoming}接班。"]
    if handover.outside_window:
        lines.append(f"交接不在规定时间内，原因：{handover.outside_reason}。")
    if handover.approved_by:
        lines.append(f"接班人不在值班表上，经带班领导{handover.approved_by}批准。")
    taken = len(handover.acks) - len(handover.left_items)
    if handover.acks and not handover.missed:
        lines.append(f"交接事项 {len(handover.acks)} 项，接班人逐项确认接收 {taken} 项"
                     + (f"，未接收 {len(handover.left_items)} 项（仍由交班方负责）。" if handover.left_items else "。"))
    for a in handover.amendments:
        lines.append(f"补正（{a.by}，{when(a.at, zone)}）：{a.correction}（原因：{a.reason}）")
    return lines


def duty_log_flowables(log: DutyLogRecord) -> list[Flowable]:
    styles = get_styles(10.5)
    width = frame_width(margins=LIST_MARGINS)
    zone = log.time_zone
    body = ParagraphStyle("dr-log-body", parent=styles.body, fontSize=14, leading=24)
    sections = Sections(styles)
    act = log.activity
    story = title_block(TITLE, log, styles)
    story += [sections.heading("值班人员"),
              table(people_rows(log), ("岗位", "人员"), (1.2, 6.8), styles, width, centre=(0,))]

    story.append(sections.heading("来电情况"))
    if act.calls_total:
        counts = "，".join(f"{label} {n} 个" for label, n in act.call_counts)
        story.append(para(f"本班共登记来电 {act.calls_total} 个：{counts}。", body))
    else:
        story.append(para("本班未登记来电。", body))
    if act.notable_calls:
        rows = [[when(c.at, zone), c.caller, c.summary, c.outcome, c.marks] for c in act.notable_calls]
        story.append(table(rows, ("时间", "来电方", "内容摘要", "处理", "标注"), (2.0, 1.4, 3.7, 1.6, 1.0),
                           styles, width))

    story.append(sections.heading("突发事件和信息报送"))
    if act.incidents:
        for n, incident in enumerate(act.incidents, start=1):
            sent = "；已报送：" + "、".join(incident.reports) if incident.reports else ""
            story.append(para(f"{n}．{incident.title}（{incident.level}，{incident.status}，接报 "
                              f"{when(incident.received_at, zone)}{sent}）", body))
            if incident.clocks:
                rows = [[c.rule_name, when(c.due_at, zone), c.outcome] for c in incident.clocks]
                story.append(table(rows, ("报送时限", "截止时间", "结果"), (4.0, 2.0, 2.0), styles, width))
    else:
        story.append(para("本班未接报突发事件。", body))

    story.append(sections.heading("视频点名"))
    if act.rollcalls:
        story += [para(f"{when(r.at, zone)} {r.kind}（{r.status}）" + (f"：{r.result}" if r.result else ""), body)
                  for r in act.rollcalls]
    else:
        story.append(para("本班无视频点名。", body))
    if act.open_rectifications:
        rows = [[r.unit, r.requirement, f"{r.due_on.month}月{r.due_on.day}日" + ("（已超期）" if r.overdue else "")]
                for r in act.open_rectifications]
        story.append(table(rows, ("单位", "未完成的整改", "期限"), (2.0, 4.5, 1.8), styles, width))

    story.append(sections.heading("领导批示"))
    story += [para(line, body) for line in act.instructions] or [para("本班无领导批示。", body)]
    if act.empty_posts:
        story.append(sections.heading("空岗情况"))
        story += [para(line, body) for line in act.empty_posts]

    story.append(sections.heading("值班记事"))
    if log.entries:
        story.append(table([[when(e.at, zone), e.text, e.author] for e in log.entries], ("时间", "记事", "记录人"),
                           (2.0, 5.0, 1.2), styles, width, centre=(0, 2)))
    else:
        story.append(para("本班无值班记事。", body))

    story.append(sections.heading("设备运行情况"))
    rows = [[e.name, e.state.label if e.state else "未检查", e.description, e.checked_by] for e in log.equipment]
    story.append(table(rows, ("设备", "状态", "情况说明", "检查人"), (2.0, 1.0, 4.0, 1.2), styles, width,
                       centre=(1, 3)))

    story.append(sections.heading("交接事项"))
    story.append(items_table(log.items, zone, styles, width) if log.items else para("本班无交接事项。", body))

    # The signatures never stand alone on a page: they go over with the section they sign under.
    last = [sections.heading("交接班和领导审阅"), *[para(line, body) for line in handover_lines(log.handover, zone)]]
    last += [para(f"带班领导{r.reviewer}于 {when(r.at, zone)} 审阅" + (f"：{r.comment}" if r.comment else "。"), body)
             for r in log.reviews] or [para("带班领导尚未审阅。", body)]
    story.append(KeepTogether([*last, *signature_block(styles, log)]))
    return story


def signature_block(styles: DocStyles, log: DutyLogRecord) -> list[Flowable]:
    handover = log.handover
    outgoing = handover.outgoing if handover else ""
    incoming = handover.incoming if handover else ""
    reviewer = log.reviews[-1].reviewer if log.reviews else ""
    line = ParagraphStyle("dr-sign", parent=styles.body, firstLineIndent=0, fontSize=14, leading=30)
    return [Spacer(1, 6 * mm),
            para(f"交班人：{outgoing or BLANK}\u3000\u3000签名：____________", line),
            para(f"接班人：{incoming or BLANK}\u3000\u3000签名：____________", line),
            para(f"带班领导（审阅）：{reviewer or BLANK}\u3000\u3000签名：____________", line)]


def printed_line(log: DutyLogRecord) -> str:
    printed = f"打印于 {format_date_cn(to_local(log.printed_at, log.time_zone).date())}"
    if log.audit_head:  # the 64-digit anchor needs the line: the office is named in the title already
        return f"{printed}\u3000审计锚点 {log.audit_head}"
    return f"{log.office_name}\u3000{printed}"


def write_duty_log(log: DutyLogRecord, out: str | os.PathLike | BinaryIO) -> None:
    """Write the 值班日志 of one shift to a path or a binary file object."""
    build_document(out, duty_log_flowables(log), title=f"{TITLE}（{log.shift.label}）", author=log.office_name,
                   subject=f"{TITLE} {period(log)}", margins=LIST_MARGINS, footer_text=printed_line(log))
