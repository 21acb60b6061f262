"""领导批示办理单 (one instruction, as a form with signature lines) and the ledger of instructions
(领导批示台账, open ones or all), built from InstructionRecords only."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date, datetime
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from dutyroom.domain.instruction_text import giver, overdue_words
from dutyroom.domain.localtime import format_date_cn, to_local
from dutyroom.reports.page import build_document
from dutyroom.reports.styles import EMPTY, LIST_MARGINS, frame_width, get_styles, grid_commands, para
from dutyroom.services.records import InstructionRecord

LIST_COLUMNS = ("序号", "批示时间", "批示领导", "批示内容", "事由", "转达", "落实期限", "状态")
_LIST_WIDTHS_MM = (10, 24, 26, 69, 38, 34, 24, 32)  # landscape frame: 258 mm


def _when(instant: datetime | None, zone: str) -> str:
    """"2026年12月1日 22:05": the date as every other document prints it (a narrow cell parts it at the space)."""
    if instant is None:
        return ""
    local = to_local(instant, zone)
    return f"{format_date_cn(local.date())} {local:%H:%M}"


def _about(item: InstructionRecord) -> str:
    return f"{item.subject.label}：{item.about}" if item.about else item.subject.label


def _passed(item: InstructionRecord, zone: str) -> str:
    if not item.passed_to:
        return "尚未转达"
    channel = f"（{item.pass_channel.label}）" if item.pass_channel else ""
    return f"{item.passed_to}{channel}\n{_when(item.passed_at, zone)}".strip()


def status_words(item: InstructionRecord, now: datetime) -> str:
    """The status as the ledger prints it; an overdue open instruction says so in words, not colour."""
    if item.is_overdue(now) and item.due_at is not None:
        return f"{item.status.label}（{overdue_words(item.due_at, now)}）"
    return item.status.label


def _sheet(item: InstructionRecord, office_name: str, zone: str, now: datetime) -> list[Flowable]:
    styles = get_styles(table_size=12.0)
    width = frame_width(False, LIST_MARGINS)
    head, cell = styles.cell_head, styles.cell

    def row(label: str, value: str) -> list:
        return [para(label, head), para(value, cell, empty=EMPTY)]

    rows = [
        row("批示领导", giver(item)), row("批示时间", _when(item.given_at, zone)), row("事由", _about(item)),
        row("批示内容", item.text), row("转达单位（人）", _passed(item, zone)),
        row("落实期限", _when(item.due_at, zone) or "未定期限"), row("办理状态", status_words(item, now)),
        row("落实情况", item.feedback), row("反馈时间", _when(item.feedback_at, zone)),
        row("办结时间", _when(item.done_at, zone)), row("登记人", item.created_by),
    ]
    table = Table(rows, colWidths=[34 * mm, width - 34 * mm], style=grid_commands(header_rows=0, padding=6))
    number = f"编号：{item.id}" if item.id is not None else ""
    return [para(f"{office_name}领导批示办理单", styles.title), para(number, styles.subtitle), table,
            Spacer(1, 14 * mm),
            para("经办人：" + "\u00a0" * 24 + "带班领导：" + "\u00a0" * 24 + "日期：", styles.cell)]


def build_instruction_sheet_pdf(item: InstructionRecord, out: str | os.PathLike | BinaryIO, *, office_name: str,
                                zone: str, now: datetime, printed_on: date) -> None:
    """The 办理单 of one instruction. An instruction carried out never changes, so its reprint is identical."""
    build_document(out, _sheet(item, office_name, zone, now), title=f"{office_name}领导批示办理单",
                   author=office_name, subject=f"领导批示办理单（编号 {item.id}）", margins=LIST_MARGINS,
                   header_mark="内部资料", footer_text=f"{office_name}  印制于 {format_date_cn(printed_on)}")


def _ledger(items: Sequence[InstructionRecord], title: str, zone: str, now: datetime) -> list[Flowable]:
    styles = get_styles(table_size=10.5)
    cell, center = styles.cell, styles.cell_center
    story: list[Flowable] = [para(title, styles.title),
                             para(f"（截至 {_when(now, zone)}，共 {len(items)} 件）",
                                  styles.subtitle)]
    if not items:
        story.append(para("暂无领导批示", styles.notice))
        return story
    rows: list[list] = [[para(label, styles.cell_head) for label in LIST_COLUMNS]]
    for number, item in enumerate(items, start=1):
        rows.append([para(str(number), center), para(_when(item.given_at, zone), center),
                     para(giver(item), center, empty=EMPTY), para(item.text, cell), para(_about(item), cell),
                     para(_passed(item, zone), cell), para(_when(item.due_at, zone), center, empty="未定"),
                     para(status_words(item, now), center)])
    story.append(Table(rows, colWidths=[w * mm for w in _LIST_WIDTHS_MM], repeatRows=1,
                       style=grid_commands(header_rows=1)))
    return story


def build_instruction_list_pdf(items: Sequence[InstructionRecord], out: str | os.PathLike | BinaryIO, *,
                               office_name: str, zone: str, now: datetime, open_only: bool) -> None:
    """领导批示台账: every instruction given (or only those not yet carried out), landscape."""
    title = f"{office_name}{'未落实领导批示清单' if open_only else '领导批示台账'}"
    build_document(out, _ledger(items, title, zone, now), title=title, author=office_name, subject=title,
                   landscape=True, header_mark="内部资料",
                   footer_text=f"{office_name}  印制于 {format_date_cn(to_local(now, zone).date())}")
