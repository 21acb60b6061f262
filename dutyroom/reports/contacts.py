"""值班通讯录: the duty contact list, one ruled table per unit, A4 portrait."""

from __future__ import annotations

import os
import re
from typing import BinaryIO

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from dutyroom.domain.localtime import format_date_cn
from dutyroom.reports.page import build_document
from dutyroom.reports.styles import (
    BAND_FILL,
    EMPTY,
    HEAD_FILL,
    LIST_MARGINS,
    RULE,
    DocStyles,
    get_styles,
    para,
)
from dutyroom.services.records import ContactDirectory, ContactGroup

COLUMNS = ("姓名", "职务", "岗位", "办公电话", "手机")
# Fixed widths (mm) except 职务, which takes the rest of the text block.
_NAME_W, _KIND_W, _OFFICE_W, _MOBILE_W = 24 * mm, 20 * mm, 32 * mm, 28 * mm
_KEEP_WHOLE = 15  # units with at most this many people are never split across pages
_HEAD_ROWS = 3  # unit row, details row, column header row
_PHONE_SEPARATORS = re.compile(r"\s*[、,，;；/]\s*")


def _phones(text: str) -> str:
    """Several numbers in one field go one per line, so a number never breaks in the middle."""
    parts = [p for p in _PHONE_SEPARATORS.split((text or "").strip()) if p]
    return "\n".join(parts)


def _unit_table(group: ContactGroup, styles: DocStyles, width: float) -> Table:
    unit = group.unit
    cell, center = styles.cell, styles.cell_center
    duty_style = ParagraphStyle("dr-duty-phone", parent=styles.cell_head, alignment=TA_RIGHT)
    details = (
        f"类别：{unit.kind.label}　　传真：{unit.fax.strip() or EMPTY}　　"
        f"地址：{unit.address.strip() or EMPTY}"
    )
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
            para(_phones(person.office_phone), center, empty=EMPTY),
            para(_phones(person.mobile), center, empty=EMPTY),
        ])
    if not group.people:
        rows.append([para("暂无人员信息", center), "", "", "", ""])

    title_w = width - _NAME_W - _KIND_W - _OFFICE_W - _MOBILE_W
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
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        # Never leave a unit's heading alone at the foot of a page, nor one person alone on the next.
        ("NOSPLIT", (0, 0), (-1, min(last, _HEAD_ROWS + 2))),
        ("NOSPLIT", (0, max(_HEAD_ROWS, last - 1)), (-1, last)),
    ]
    if not group.people:
        commands.append(("SPAN", (0, 3), (4, 3)))
    return Table(
        rows,
        colWidths=[_NAME_W, title_w, _KIND_W, _OFFICE_W, _MOBILE_W],
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
    for group in directory.groups:
        table = _unit_table(group, styles, width)
        story.append(KeepTogether([table]) if len(group.people) <= _KEEP_WHOLE else table)
        story.append(Spacer(1, 5 * mm))
    return story


def build_contacts_pdf(directory: ContactDirectory, out: str | os.PathLike | BinaryIO, *,
                       header_mark: str | None = "内部资料") -> None:
    """Write the 值班通讯录 of `directory` to a path or a binary file object."""
    office = directory.issuing_office.strip() or directory.office_name
    margins = LIST_MARGINS
    width = 210 * mm - margins.left - margins.right
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
