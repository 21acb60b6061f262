"""来电登记表: the calls of a shift, a day or a few days as a ruled list for printing, A4 landscape.

Title, the office and the period, then one row per call (序号, 时间, 来电人, 单位, 号码, 内容摘要,
处理情况, 值班员) with the column headers repeated on every page, a closing count and the lines on
which the officer and the leader on duty sign. A long summary wraps; a very long one is cut in print
with a note of its length (the log keeps it whole), so that every row fits on a page.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from dutyroom.domain.call_stats import reported_text
from dutyroom.domain.localtime import DEFAULT_ZONE, format_date_cn, to_local
from dutyroom.domain.vocabulary import CallDirection, CallOutcome, FollowUpStatus
from dutyroom.reports.page import build_document, text_width
from dutyroom.reports.styles import (
    EMPTY,
    LANDSCAPE_LIST_MARGINS,
    RULE,
    frame_width,
    get_styles,
    grid_commands,
    para,
)
from dutyroom.services.calls.records import CallRecord

TITLE = "来电登记表"
COLUMNS = ("序号", "时间", "来电人", "单位", "号码", "内容摘要", "处理情况", "值班员")
#: a printed summary or handling longer than this ends with a pointer to the full text in the program,
#: so every row fits on one page (rows are never split: reportlab's in-row splitting misplaces rows)
PRINTED_SUMMARY_MAX = 500
PRINTED_HANDLING_MAX = 300
_KEEP_LIMIT = 90 * mm  # the last calls kept on the page of the signatures take at most this much


def period_text(first: date, last: date) -> str:
    if first == last:
        return format_date_cn(first)
    end = f"{last.month}月{last.day}日" if last.year == first.year else format_date_cn(last)
    return f"{format_date_cn(first)}至{end}"


def _time_cell(call: CallRecord, zone: str, one_day: bool) -> str:
    local = to_local(call.started_at, zone)
    text = f"{local.hour:02d}:{local.minute:02d}"
    if call.ended_at is not None:
        end = to_local(call.ended_at, zone)
        next_day = "次日" if end.date() > local.date() else ""
        text += f"—{next_day}{end.hour:02d}:{end.minute:02d}"
    if not one_day:
        text = f"{local.month}月{local.day}日\n{text}"
    if call.direction == CallDirection.OUTGOING:
        text += "\n（去电）"
    return text


def handling_text(call: CallRecord) -> str:
    """What was done, in the words of the ledger: "转办区水务局（办理中，11月24日前反馈）"."""
    note = call.outcome_note.strip()
    if call.outcome == CallOutcome.ASSIGNED:
        text = f"转办{call.assigned_unit.strip()}"
        state = [call.follow_status.label] if call.follow_status else []
        if call.due_on and call.follow_status != FollowUpStatus.CLOSED:
            state.append(f"{call.due_on.month}月{call.due_on.day}日前反馈")
        text += f"（{'，'.join(state)}）" if state else ""
        if call.feedback.strip():
            text += f"\n反馈：{call.feedback.strip()}"
        if note:
            text += f"\n{note}"
    elif call.outcome == CallOutcome.REPORTED:
        text = reported_text(note)
    else:
        text = f"{call.outcome.label}：{note}" if note else call.outcome.label
    if call.leader_instruction.strip():
        text += f"\n领导批示：{call.leader_instruction.strip()}"
    flags = [label for flag, label in ((call.early_warning, "苗头性"), (call.widespread, "普遍性")) if flag]
    if flags:
        text += f"\n〔{'、'.join(flags)}问题〕"
    return text


def _cut(text: str, limit: int) -> str:
    text = text.strip()
    if len(text) > limit:
        text = text[:limit] + f"……（共 {len(text)} 字，全文见来电登记）"
    return text


def closing_text(calls: list[CallRecord]) -> str:
    incoming = sum(c.direction == CallDirection.INCOMING for c in calls)
    text = f"本时段共登记 {len(calls)} 件（来电 {incoming} 件，去电 {len(calls) - incoming} 件）"
    counts = [(sum(c.outcome == o for c in calls), o.label) for o in (CallOutcome.ASSIGNED, CallOutcome.REPORTED)]
    parts = [f"{label} {n} 件" for n, label in counts if n]
    return text + ("，其中" + "、".join(parts) if parts else "") + "。"


def _height(row: list, widths: list[float]) -> float:
    """The height a row of paragraphs takes (cell padding included)."""
    return max((cell.wrap(w - 8, 10_000)[1] for cell, w in zip(row, widths, strict=True) if hasattr(cell, "wrap")),
               default=0) + 7


def _fit(texts: list[str], style, low: float, high: float) -> float:
    """A column as wide as its longest line (measured in the font in use), within low..high mm."""
    widest = max((text_width(line, style.fontName, style.fontSize) for t in texts for line in t.splitlines()),
                 default=0)
    return min(max(widest + 9, low * mm), high * mm)


def calls_flowables(calls: list[CallRecord], *, first: date, last: date, office: str, zone: str = DEFAULT_ZONE,
                    number_text: Callable[[str], str] = str, width: float | None = None,
                    period: str | None = None) -> list[Flowable]:
    width = width or frame_width(True, LANDSCAPE_LIST_MARGINS)
    styles = get_styles(table_size=10.0)
    cell, center = styles.cell, styles.cell_center
    one_day = first == last
    story: list[Flowable] = [para(TITLE, styles.title),
                             para(f"{office}\u3000{period or period_text(first, last)}", styles.subtitle)]
    ordered = sorted(calls, key=lambda c: (c.started_at, c.id or 0))
    times = [_time_cell(call, zone, one_day) for call in ordered]
    numbers = [number_text(call.caller_number) for call in ordered]
    data: list[list] = [[para(label, styles.cell_head) for label in COLUMNS]]
    for n, (call, when, number) in enumerate(zip(ordered, times, numbers, strict=True), start=1):
        data.append([para(str(n), center), para(when, center), para(call.caller_name, center, empty=EMPTY),
                     para(call.caller_unit, cell, empty=EMPTY), para(number, center, empty=EMPTY),
                     para(_cut(call.summary, PRINTED_SUMMARY_MAX), cell),
                     para(_cut(handling_text(call), PRINTED_HANDLING_MAX), cell),
                     para(call.officer, center, empty=EMPTY)])
    if not ordered:
        data.append([para("本时段无来电登记", center), *[""] * (len(COLUMNS) - 1)])
    last_row = len(data) - 1
    # The ruled part ends with the calls; the count and the signatures follow inside the same table,
    # unruled, so they never stand alone on a last page: they keep the last two calls with them.
    commands = [(name, begin, (-1, last_row), *rest) if name in ("GRID", "BOX") else (name, begin, stop, *rest)
                for name, begin, stop, *rest in grid_commands(header_rows=1, padding=3)]
    commands.append(("VALIGN", (0, 1), (-1, -1), "TOP"))
    if not ordered:
        commands.append(("SPAN", (0, 1), (-1, 1)))
    signature = Table([[para("值班员（签字）：", styles.cell_head), "", para("带班领导（签字）：", styles.cell_head), ""]],
                      colWidths=[32 * mm, 55 * mm, 36 * mm, 55 * mm], hAlign="RIGHT",
                      style=[("LINEBELOW", (1, 0), (1, 0), 0.6, RULE), ("LINEBELOW", (3, 0), (3, 0), 0.6, RULE),
                             ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    data += [[para(closing_text(ordered), cell), *[""] * (len(COLUMNS) - 1)],
             [signature, *[""] * (len(COLUMNS) - 1)]]
    commands += [("SPAN", (0, -2), (-1, -2)), ("SPAN", (0, -1), (-1, -1)), ("TOPPADDING", (0, -2), (-1, -2), 3 * mm),
                 ("TOPPADDING", (0, -1), (-1, -1), 5 * mm), ("LEFTPADDING", (0, -2), (-1, -1), 0),
                 ("RIGHTPADDING", (0, -2), (-1, -1), 0), ("ALIGN", (0, -1), (-1, -1), "RIGHT")]
    widths = [10 * mm, _fit([*times, "时间"], center, 16, 30), 18 * mm, 30 * mm, _fit([*numbers, "号码"], center, 20, 40),
              0, 52 * mm, 17 * mm]
    widths[5] = width - sum(widths)
    # Kept together rows must fit on a page, or layout never ends: the last two calls join the closing
    # rows only when they are short enough, else the closing rows at least stay together.
    tail = data[max(1, last_row - 1):last_row + 1]
    keep_from = max(1, last_row - 1) if sum(_height(row, widths) for row in tail) < _KEEP_LIMIT else last_row + 1
    commands.append(("NOSPLIT", (0, keep_from), (-1, -1)))
    story.append(Table(data, colWidths=widths, style=commands, repeatRows=1, hAlign="CENTER"))
    return story


def build_calls_pdf(calls: list[CallRecord], out: str | os.PathLike | BinaryIO, *, first: date, last: date,
                    office_name: str, issuing_office: str = "", printed_on: date, zone: str = DEFAULT_ZONE,
                    number_text: Callable[[str], str] = str, period: str | None = None) -> None:
    """Write the 来电登记表 of `calls` (those of first..last) to a path or a binary file object.

    `number_text` shows a stored phone number readably (the program's own formatting); `period` names
    the calls' period when it is not a run of dates (one shift: "2026年11月20日全天班").
    """
    office = issuing_office.strip() or office_name
    build_document(
        out,
        calls_flowables(calls, first=first, last=last, office=office, zone=zone, number_text=number_text,
                        period=period),
        title=f"{TITLE}（{period or period_text(first, last)}）",
        author=office,
        subject=f"{office}{TITLE}",
        landscape=True,
        header_mark="内部资料",
        footer_text=f"{office}  印制于 {format_date_cn(printed_on)}",
    )
