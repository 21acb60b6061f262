"""值班通讯录: the duty contact list, one ruled table per unit, A4 portrait."""

from __future__ import annotations

import os
import re
from typing import BinaryIO

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from dutyroom.domain.localtime import format_date_cn
from dutyroom.domain.phones import format_number
from dutyroom.reports.page import build_document, text_width
from dutyroom.reports.styles import (
    BAND_FILL,
    EMPTY,
    HEAD_FILL,
    LIST_MARGINS,
    RULE,
    DocStyles,
    frame_width,
    get_styles,
    para,
)
from dutyroom.services.records import ContactDirectory, ContactGroup

COLUMNS = ("姓名", "职务", "岗位", "办公电话", "手机")
_PAD = 5  # cell padding left and right (pt)
# Columns other than 职务 are as wide as their longest entry, between these bounds (mm);
# 职务 takes the rest. One set of widths for the whole list keeps the columns aligned page to page.
_BOUNDS = {0: (18, 26), 2: (16, 24), 3: (26, 38), 4: (24, 32)}
_KEEP_WHOLE = 15  # units with at most this many people are never split across pages
_HEAD_ROWS = 3  # unit row, details row, column header row
_PHONE_SEPARATORS = re.compile(r"\s*[、,，;；/]\s*")


def _phones(text: str) -> str:
    """Several numbers in one field go one per line, so a number never breaks in the middle."""
    parts = [p for p in _PHONE_SEPARATORS.split((text or "").strip()) if p]
    # One phone format everywhere (domain/phones.py), its spaces no-break: a number never breaks.
    return "\n".join(format_number(p).replace(" ", "\u00a0") for p in parts)


def _phone_cell(text: str, style: ParagraphStyle, width: float) -> Paragraph:
    """A phone cell; an extension ("转8001") that does not fit goes on its own line."""
    lines = []
    for line in _phones(text).splitlines():
        if text_width(line, style.fontName, style.fontSize) > width - 2 * _PAD and "转" in line[1:]:
            head, _, ext = line.partition("转")
            lines += [head, "转" + ext]
        else:
            lines.append(line)
    return para("\n".join(lines), style, empty=EMPTY)


def column_widths(directory: ContactDirectory, styles: DocStyles, width: float) -> list[float]:
    """Widths of 姓名, 职务, 岗位, 办公电话, 手机 measured with the fonts in use (digits differ a lot)."""
    people = [p for g in directory.groups for p in g.people]
    entries = {
        0: [p.name for p in people],
        2: [p.position_kind.label for p in people],
        3: [line for p in people for line in _phones(p.office_phone).splitlines()],
        4: [line for p in people for line in _phones(p.mobile).splitlines()],
    }
    widths = [0.0] * len(COLUMNS)
    for col, (low, high) in _BOUNDS.items():
        texts = [*entries[col], EMPTY]
        natural = max(text_width(t, styles.cell.fontName, styles.cell.fontSize) for t in texts)
        head = text_width(COLUMNS[col], styles.cell_head.fontName, styles.cell_head.fontSize)
        widths[col] = min(max(natural, head) + 2 * _PAD + 1, high * mm)
        widths[col] = max(widths[col], low * mm)
    widths[1] = width - sum(widths)
    return widths


def _unit_table(group: ContactGroup, styles: DocStyles, widths: list[float]) -> Table:
    unit = group.unit
    cell, center = styles.cell, styles.cell_center
    duty_style = ParagraphStyle("dr-duty-phone", parent=styles.cell_head, alignment=TA_RIGHT)
    gap = "\u00a0" * 6  # no-break spaces: a Paragraph would collapse ordinary ones
    # The unit's kind (上级/本级/部门/下级) is the program's own sorting, not something a reader dials.
    details = gap.join([f"传真：{_phones(unit.fax) or EMPTY}", f"地址：{unit.address.strip() or EMPTY}"])
    rows: list[list] = [
        [para(unit.name, styles.cell_group), "", "",
         para(f"值班电话：{_phones(unit.duty_phone) or EMPTY}", duty_style), ""],
        [para(details, styles.cell_note), "", "", "", ""],
        [para(label, styles.cell_head) for label in COLUMNS],
    ]
    for person in group.people:
        rows.append([
            para(person.name, center, empty=EMPTY),
            para(person.title, cell, empty=EMPTY),
            para(person.position_kind.label, center),
            _phone_cell(person.office_phone, center, widths[3]),
            _phone_cell(person.mobile, center, widths[4]),
        ])
    if not group.people:
        rows.append([para("暂无人员信息", center), "", "", "", ""])

    last = len(rows) - 1
    commands: list[tuple] = [
        ("SPAN", (0, 0), (2, 0)),
        ("SPAN", (3, 0), (4, 0)),
        ("SPAN", (0, 1), (4, 1)),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("BACKGROUND", (0, 2), (-1, 2), BAND_FILL),
        ("BOX", (0, 0), (-1, -1), 1.0, RULE),
        ("LINEBELOW", (0, 0), (-1, 1), 0.5, RULE),
        ("INNERGRID", (0, 2), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
        # Never leave a unit's heading alone at the foot of a page, nor one person alone on the next.
        ("NOSPLIT", (0, 0), (-1, min(last, _HEAD_ROWS + 2))),
        ("NOSPLIT", (0, max(_HEAD_ROWS, last - 1)), (-1, last)),
    ]
    if not group.people:
        commands.append(("SPAN", (0, 3), (4, 3)))
    return Table(
        rows,
        colWidths=widths,
        repeatRows=(0, 2),  # a continued unit repeats its name and the column headers
        style=commands,
        hAlign="CENTER",
    )


def contacts_flowables(directory: ContactDirectory, styles: DocStyles, width: float) -> list[Flowable]:
    story: list[Flowable] = [
        para(f"{directory.office_name}值班通讯录", styles.title),
        para(f"（{format_date_cn(directory.printed_on)}）", styles.subtitle),
    ]
    if not directory.groups:
        story.append(para("暂无通讯录数据", styles.notice))
        return story
    widths = column_widths(directory, styles, width)
    tables = [_unit_table(group, styles, widths) for group in directory.groups]
    small = [len(group.people) <= _KEEP_WHOLE for group in directory.groups]
    # The last unit never stands alone on the last page: when it is small it goes with the one before.
    tail = 2 if len(tables) >= 2 and small[-1] and small[-2] else 0
    for table, whole in zip(tables[:len(tables) - tail], small, strict=False):
        story += [KeepTogether([table]) if whole else table, Spacer(1, 5 * mm)]
    if tail:
        story.append(KeepTogether([tables[-2], Spacer(1, 5 * mm), tables[-1]]))
    return story


def build_contacts_pdf(directory: ContactDirectory, out: str | os.PathLike | BinaryIO, *,
                       header_mark: str | None = "内部资料") -> None:
    """Write the 值班通讯录 of `directory` to a path or a binary file object."""
    office = directory.issuing_office.strip() or directory.office_name
    margins = LIST_MARGINS
    width = frame_width(False, margins)
    title = f"{directory.office_name}值班通讯录"
    build_document(
        out,
        contacts_flowables(directory, get_styles(table_size=11.0), width),
        title=title,
        author=office,
        subject=f"{title}（{format_date_cn(directory.printed_on)}）",
        margins=margins,
        header_mark=header_mark,
        footer_text=f"{office}  印制于 {format_date_cn(directory.printed_on)}",
    )
