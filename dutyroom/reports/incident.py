"""突发事件信息报告: the report form as faxed upward (首报 / 续报N / 终报), A4 portrait.

The sending block (报送单位, 签发人, 报送时间, 报送方式, 报送对象) sits above one ruled table of every
recorded fact, then the text of the report as sent. The row with the event's name is the table's
heading: a report that runs onto a second page repeats it, so a faxed page is never anonymous.
A draft (not yet sent) says so at the top, so it cannot pass for the sent report.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from dutyroom.domain.bulletin_text import (
    casualty_cells,
    category_text,
    format_datetime_cn,
    level_text,
    narrative_paragraphs,
)
from dutyroom.domain.localtime import DEFAULT_ZONE
from dutyroom.reports.page import build_document
from dutyroom.reports.styles import (
    BAND_FILL,
    EMPTY,
    HEAD_FILL,
    LIST_MARGINS,
    RULE,
    SIZE_S4,
    DocStyles,
    frame_width,
    get_styles,
    para,
)
from dutyroom.services.incidents.records import IncidentRecord, ReportRecord

FORM_TITLE = "突发事件信息报告"
DRAFT_MARK = "草稿（未报送）"
_LABEL_W = 25 * mm
_PAD = 4.5
_TEXT_PAD = 12  # the report text sits a little in from the frame, as typed on a form


def report_heading(report: ReportRecord) -> str:
    """"（续报二）"."""
    return f"（{report.title}）"


def _sender_block(report: ReportRecord, issuing_office: str, styles: DocStyles, zone: str,
                  width: float) -> Table:
    """Two columns without rules, as on a fax cover: who sends, who signed, when, how, to whom."""
    sent = format_datetime_cn(report.sent_at, zone, spaced=True) if report.sent_at else "（未报送）"
    cell = styles.cell
    rows = [
        [para(f"报送单位：{issuing_office}", cell), para(f"签发人：{report.signer.strip() or EMPTY}", cell)],
        [para(f"报送时间：{sent}", cell), para(f"报送方式：{report.channel.label}", cell)],
    ]
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
    if report.recipients.strip():
        rows.append([para(f"报送对象：{report.recipients.strip()}", cell), ""])
        commands.append(("SPAN", (0, 2), (1, 2)))
    return Table(rows, colWidths=[width * 0.62, width * 0.38], style=commands, hAlign="CENTER")


def _instructions(incident: IncidentRecord, zone: str) -> str:
    lines = []
    if incident.leaders_informed.strip():
        lines.append(f"已报告领导：{incident.leaders_informed.strip()}")
    for item in sorted(incident.instructions, key=lambda i: i.given_at):
        lines.append(f"{item.leader.strip()}（{format_datetime_cn(item.given_at, zone)}）：{item.text.strip()}")
    return "\n".join(lines)


class _Piece(Paragraph):
    """A Paragraph whose pieces draw. reportlab marks a piece cut from a mixed-font paragraph (digits in
    the Latin fallback font) as single-font when the piece happens to be, then cannot draw its lines,
    which are still per-font fragments; such a piece is put back to the mixed-font kind here."""

    def _get_split_blParaFunc(self):  # noqa: N802 - reportlab's hook
        # reportlab joins the lines of a mixed-font piece with a space, right for Latin text and a hole
        # in the middle of a Chinese sentence; keep a space only between two Latin letters or digits.
        return _join_lines if self.blPara.kind else super()._get_split_blParaFunc()

    def wrap(self, avail_width, avail_height):
        size = super().wrap(avail_width, avail_height)
        lines = self.blPara.lines
        if self.blPara.kind == 0 and lines and not isinstance(lines[0], (list, tuple)):
            self.blPara.kind = 1
        return size


def _join_lines(bl_para, start: int, stop: int) -> list:
    frags: list = []
    for line in bl_para.lines[start:stop]:
        words = [w for w in line.words if getattr(w, "text", None) is not None]
        if frags and words and frags[-1].text[-1:].isascii() and frags[-1].text[-1:].isalnum() \
                and words[0].text[:1].isascii() and words[0].text[:1].isalnum():
            frags[-1].text += " "
        frags.extend(line.words)
    return frags


_CHUNK_LINES = 8  # a long fact is cut into pieces of this many lines, so it can break across pages


def split_lines(paragraph: Paragraph, width: float, lines: int = 1) -> list[Paragraph]:
    """`paragraph` cut into pieces of at most `lines` lines each, as it would be set at `width`.

    A table row never breaks inside itself cleanly (reportlab's in-row splitting loses the repeated
    heading), so long text becomes several rows that break between lines."""
    # A piece of one line must be allowed. Set flush left: reportlab justifies a mixed-font CJK line by
    # widening the gaps between font runs, which leaves holes in the middle of Chinese text.
    style = ParagraphStyle(f"{paragraph.style.name}-lines", parent=paragraph.style, allowWidows=1, allowOrphans=1,
                           alignment=TA_LEFT)
    paragraph = _Piece(paragraph.text, style)  # split() makes its pieces of the same class
    pieces, rest = [], paragraph
    height = lines * paragraph.style.leading + 0.5
    while True:
        if rest.wrap(width, 10_000)[1] <= height:
            return [*pieces, rest]
        parts = rest.split(width, height)
        if len(parts) < 2:
            return [*pieces, rest]
        pieces.append(parts[0])
        rest = parts[1]



def _row(cells: list, widths: list[float], labels: tuple[int, ...], extra: tuple = ()) -> Table:
    """One row of the form: label cells shaded, a rule between the cells (the frame draws the rest)."""
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD), ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBEFORE", (1, 0), (-1, -1), 0.5, RULE),
        *[("BACKGROUND", (col, 0), (col, -1), HEAD_FILL) for col in labels],
        *extra,
    ]
    return Table(cells, colWidths=widths, style=commands)


def _fact_rows(incident: IncidentRecord, styles: DocStyles, zone: str, width: float) -> list[list[Table]]:
    """Each fact as a list of row tables: one, or several for a text long enough to break a page."""
    cell, label = styles.cell, styles.cell_head
    half = (width - 2 * _LABEL_W) / 2
    one = [_LABEL_W, width - _LABEL_W]
    two = [_LABEL_W, half, _LABEL_W, half]

    def value(text: str):
        return para(text, cell, empty=EMPTY)

    def wide(name: str, text: str) -> list[Table]:
        pieces = split_lines(value(text), one[1] - 2 * _PAD, _CHUNK_LINES)
        # Continued pieces keep the label column shaded but empty, and no padding between them.
        return [_row([[para(name, label) if i == 0 else "", piece]], one, (0,),
                     (("TOPPADDING", (0, 0), (-1, -1), 3 if i == 0 else 0),
                      ("BOTTOMPADDING", (0, 0), (-1, -1), 4 if i == len(pieces) - 1 else 0)))
                for i, piece in enumerate(pieces)]

    def pair(a: str, a_text: str, b: str, b_text: str) -> list[Table]:
        return [_row([[para(a, label), value(a_text), para(b, label), value(b_text)]], two, (0, 2))]

    # 信息来源 takes two lines: its label spans both, each value says what it is.
    source = _row(
        [[para("信息来源", label), value(f"单位：{incident.source_unit.strip() or EMPTY}"),
          value(f"报告人：{incident.source_person.strip() or EMPTY}")],
         ["", value(f"电话：{incident.source_phone.strip() or EMPTY}"),
          value(f"方式：{incident.source_channel.label}")]],
        [_LABEL_W, half + _LABEL_W * 0.4, half + _LABEL_W * 0.6], (0,),
        (("SPAN", (0, 0), (0, 1)), ("LINEBELOW", (1, 0), (-1, 0), 0.5, RULE)))
    gap = "\u00a0" * 4  # no-break spaces: a Paragraph collapses ordinary and ideographic ones
    toll = gap.join(f"{name}：{text}" for name, text in casualty_cells(incident.casualties))
    return [
        wide("事件名称", incident.title),
        pair("事发时间", format_datetime_cn(incident.occurred_at, zone, spaced=True),
             "接报时间", format_datetime_cn(incident.received_at, zone, spaced=True)),
        wide("事发地点", incident.place),
        pair("事件类别", category_text(incident), "事件级别", level_text(incident.level)),
        [source],
        wide("伤亡情况", toll),
        wide("损失程度", incident.losses),
        wide("涉及范围", incident.scope),
        wide("事件原因", incident.cause),
        wide("已采取措施", incident.measures),
        wide("发展趋势", incident.trend),
        wide("领导批示", _instructions(incident, zone)),
    ]


def _form_table(incident: IncidentRecord, report: ReportRecord, contact: str, styles: DocStyles, zone: str,
                width: float) -> Table:
    """One column: a row per fact (each its own small table), a band, then the report text.

    The report text is one row per printed line, without rules: it reads as one block and breaks at
    any line at the foot of a page. The event's name (row 0) heads every page; the contact closes
    the form, never alone on a page.
    """
    rows: list[list] = []
    commands: list[tuple] = []
    for pieces in _fact_rows(incident, styles, zone, width):
        rows += [[piece] for piece in pieces]
        commands.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.5, RULE))
    band = len(rows)
    rows.append([para(f"报告内容（{report.title}）", styles.cell_head)])
    inner = width - 2 * _TEXT_PAD
    first = len(rows)
    for text in narrative_paragraphs(report.content) or [EMPTY]:
        rows += [[line] for line in split_lines(para(text, styles.body), inner)]
    who = contact.strip() or report.sent_by.strip() or EMPTY
    rows.append([para(f"联系人及电话：{who}", styles.cell)])
    last = len(rows) - 2
    commands += [
        ("LINEABOVE", (0, -1), (-1, -1), 0.5, RULE),
        ("TOPPADDING", (0, -1), (-1, -1), 4), ("BOTTOMPADDING", (0, -1), (-1, -1), 5),
        ("LEFTPADDING", (0, -1), (-1, -1), _PAD),
        ("BOX", (0, 0), (-1, -1), 1.0, RULE),
        ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 1.0, RULE),  # close the frame at a page break
        ("LINEBELOW", (0, band), (-1, band), 0.5, RULE),
        ("BACKGROUND", (0, band), (-1, band), BAND_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, band - 1), 0), ("RIGHTPADDING", (0, 0), (-1, band - 1), 0),
        ("TOPPADDING", (0, 0), (-1, band - 1), 0), ("BOTTOMPADDING", (0, 0), (-1, band - 1), 0),
        ("TOPPADDING", (0, band), (-1, band), 4), ("BOTTOMPADDING", (0, band), (-1, band), 5),
        ("LEFTPADDING", (0, first), (-1, last), _TEXT_PAD), ("RIGHTPADDING", (0, first), (-1, last), _TEXT_PAD),
        ("TOPPADDING", (0, first), (-1, last), 0), ("BOTTOMPADDING", (0, first), (-1, last), 0),
        ("TOPPADDING", (0, first), (-1, first), 6), ("BOTTOMPADDING", (0, last), (-1, last), 10),
        # The band never stands alone at the foot of a page, nor a last line alone at the top of one.
        ("NOSPLIT", (0, band), (0, min(first + 1, last))),
        ("NOSPLIT", (0, max(first, last - 1)), (0, -1)),
    ]
    return Table(rows, colWidths=[width], style=commands, repeatRows=1, hAlign="CENTER")


def incident_report_flowables(incident: IncidentRecord, report: ReportRecord, *, issuing_office: str,
                              contact: str = "", zone: str = DEFAULT_ZONE, width: float | None = None
                              ) -> list[Flowable]:
    width = width or frame_width(False, LIST_MARGINS)
    styles = get_styles(table_size=SIZE_S4)
    title = para(FORM_TITLE, styles.title)
    return [
        title,
        para(report_heading(report), styles.subtitle),
        _sender_block(report, issuing_office, styles, zone, width),
        Spacer(1, 3 * mm),
        _form_table(incident, report, contact, styles, zone, width),
    ]


def build_incident_report_pdf(incident: IncidentRecord, report: ReportRecord,
                              out: str | os.PathLike | BinaryIO, *, office_name: str, issuing_office: str,
                              contact: str = "", zone: str = DEFAULT_ZONE) -> None:
    """Write the 突发事件信息报告 `report` about `incident` to a path or a binary file object."""
    office = issuing_office.strip() or office_name
    build_document(
        out,
        incident_report_flowables(incident, report, issuing_office=office, contact=contact, zone=zone),
        title=f"{FORM_TITLE}（{report.title}）：{incident.title}",
        author=office,
        subject=f"{incident.title} {report.title}",
        margins=LIST_MARGINS,  # a form, not a letter: the list margins leave room for one more fact
        header_mark=None if report.sent_at else DRAFT_MARK,
        count_pages=True,  # faxed upward: the receiving room sees at once when a page is missing
    )

