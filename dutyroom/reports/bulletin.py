"""值班快报 / 信息专报: the duty office's bulletin in the GB/T 9704 layout of an information brief.

版头: "内部资料" at the top left, the bulletin's name large and centred in the title font (dark red,
as a 红头 is printed; its size and weight carry it on a black-and-white fax too), "（2026）第3期",
the issuing office and the date on one line over a red rule. Then the title and the narrative in
仿宋 三号 with a two-character indent. 版记 at the foot of the last page: 报/送/抄送 between rules,
then 编辑 and 签发.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from dutyroom.domain.bulletin_text import narrative_paragraphs
from dutyroom.domain.localtime import format_date_cn
from dutyroom.reports.imprint import FootBlock
from dutyroom.reports.page import build_document, text_width
from dutyroom.reports.styles import (
    OFFICIAL_MARGINS,
    RULE,
    SIZE_4,
    DocStyles,
    frame_width,
    get_styles,
    para,
)
from dutyroom.services.incidents.records import BulletinRecord

HEADER_MARK = "内部资料"
RED = colors.Color(0.70, 0.04, 0.04)  # the 红头 red, dark enough to photocopy as near-black
MASTHEAD_SIZE = 40.0


def issue_number(bulletin: BulletinRecord) -> str:
    """"（2026）第3期"."""
    return f"（{bulletin.year}）第{bulletin.number}期"


def _masthead(bulletin: BulletinRecord, styles: DocStyles, width: float) -> list[Flowable]:
    name = ParagraphStyle("dr-bulletin-masthead", parent=styles.title, fontSize=MASTHEAD_SIZE,
                          leading=MASTHEAD_SIZE * 1.25, textColor=RED, spaceAfter=4)
    number = ParagraphStyle("dr-bulletin-number", parent=styles.body, alignment=TA_CENTER, firstLineIndent=0)
    left = ParagraphStyle("dr-bulletin-office", parent=number, alignment=TA_LEFT)
    right = ParagraphStyle("dr-bulletin-date", parent=number, alignment=TA_RIGHT)
    # The name is spaced out as printed mastheads are: a no-break space between the characters.
    spaced = "\u00a0".join(bulletin.kind.strip() or "值班快报")
    line = Table([[para(bulletin.issuing_office, left), para(format_date_cn(bulletin.issued_on), right)]],
                 colWidths=[width * 0.62, width * 0.38], hAlign="CENTER",
                 style=[("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 6), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                        ("LINEBELOW", (0, 0), (-1, 0), 1.5, RED)])
    return [para(spaced, name), para(issue_number(bulletin), number), Spacer(1, 2 * mm), line]


def _closing_block(bulletin: BulletinRecord, styles: DocStyles, width: float) -> Table:
    """版记: 报/送/抄送 between full-width rules, then 编辑 and 签发 on one line."""
    note = ParagraphStyle("dr-bulletin-note", parent=styles.body, fontSize=SIZE_4, leading=SIZE_4 * 1.6,
                          firstLineIndent=0, alignment=TA_LEFT)
    # Names that wrap line up under the first name, not under the label (GB/T 9704 版记).
    label_width = text_width("抄送：", note.fontName, note.fontSize) + 4 * mm + 2
    rows: list[list] = []
    for label, names in (("报：", bulletin.to_upper), ("送：", bulletin.to_peers), ("抄送：", bulletin.copy_to)):
        if names.strip():
            rows.append([para(label, note), para(names.strip(), note), ""])
    distribution = len(rows)
    # Nobody named is left blank to be filled in by hand, not printed as a dash.
    rows.append([para(f"编辑：{bulletin.editor.strip()}", note), "",
                 para(f"签发：{bulletin.signer.strip()}", note)])
    commands: list[tuple] = [
        ("LEFTPADDING", (0, 0), (0, -1), 4 * mm), ("LEFTPADDING", (1, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEABOVE", (0, 0), (-1, 0), 1.0, RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 1.0, RULE),
        ("SPAN", (0, distribution), (1, distribution)),
        *[("SPAN", (1, r), (2, r)) for r in range(distribution)],
    ]
    if distribution:
        commands.append(("LINEBELOW", (0, distribution - 1), (-1, distribution - 1), 0.5, RULE))
    return Table(rows, colWidths=[label_width, width * 0.55 - label_width, width * 0.45], style=commands,
                 hAlign="CENTER")


def bulletin_flowables(bulletin: BulletinRecord, width: float | None = None) -> list[Flowable]:
    width = width or frame_width(False, OFFICIAL_MARGINS)
    styles = get_styles()
    story: list[Flowable] = [*_masthead(bulletin, styles, width), Spacer(1, 8 * mm)]
    story.append(para(bulletin.title, styles.title))
    story.append(Spacer(1, 2 * mm))
    paragraphs = narrative_paragraphs(bulletin.narrative) or ["（无正文）"]
    body = [para(text, styles.body) for text in paragraphs]
    # The 版记 at the foot of the last page, with the last lines of the text: never alone on a page.
    story += [*body[:-1], FootBlock(body[-1:], _closing_block(bulletin, styles, width), gap=6 * mm)]
    return story


def build_bulletin_pdf(bulletin: BulletinRecord, out: str | os.PathLike | BinaryIO) -> None:
    """Write the 值班快报 / 信息专报 `bulletin` to a path or a binary file object."""
    kind = bulletin.kind.strip() or "值班快报"
    build_document(
        out,
        bulletin_flowables(bulletin),
        title=f"{kind}{issue_number(bulletin)}：{bulletin.title}",
        author=bulletin.issuing_office,
        subject=bulletin.title,
        header_mark=HEADER_MARK,
        count_pages=True,  # faxed upward: the receiving room sees at once when a page is missing
    )

