"""值班表: the monthly duty roster, A4 landscape, one row per day (one per shift when a day has several).

Made to be posted on the wall and handed to leaders: a one-shift office's month fits on one page
(the type shrinks a step at a time until it does), rest days and holidays are shaded and also
say so in words (休/班 and the holiday name), and warnings are never printed.
"""

from __future__ import annotations

import math
import os
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from dutyroom.domain.localtime import format_date_cn
from dutyroom.reports.fonts import font_for, markup, text_runs
from dutyroom.reports.page import build_document, text_width
from dutyroom.reports.styles import EMPTY, SIZE_S4, Margins, get_styles, grid_commands, page_size, para
from dutyroom.services.roster.records import (
    RosterDay,
    RosterMonth,
    RosterShift,
    date_label,
    day_label,
    duty_lines,
    is_rest_day,
    names,
    phone_entries,
    roster_title,
    weekday_text,
)

# The bottom margin leaves room for the page number and the footer line drawn under it.
ROSTER_MARGINS = Margins(top=15 * mm, bottom=22 * mm, left=15 * mm, right=15 * mm)
REST_FILL = colors.Color(0.90, 0.90, 0.90)
LEGEND = "说明：“休”为法定节假日，“班”为调休上班日；灰底为休息日。"
UNSCHEDULED = "未排班"  # a day nobody is rostered for says so, rather than dashes that read as "nobody needed"
SIGNATURE_LABELS = ("制表：", "审核：", "签发：")
_SIGN_SPACE = 26 * mm  # room to sign after each label
# (type size, leading, padding above, padding below) of the cells, roomiest first: the first that gives
# the fewest pages is used. The last gives 13.5 pt rows, as a printed Excel roster has.
_SIZES = ((12.0, 15.0, 3.0, 3.5), (11.0, 13.5, 2.5, 3.0), (10.5, 12.5, 2.0, 2.5), (10.5, 12.5, 1.0, 1.5),
          (10.0, 11.5, 0.8, 1.2))
_PAD = 4  # cell padding left and right (pt)
_PHONE_GAP = "\u3000"


class _Layout:
    """Columns, styles and rows of one roster at one type size."""

    def __init__(self, month: RosterMonth, width: float, size: float, leading: float, pad_top: float,
                 pad_bottom: float):
        self.month = month
        self.padding = (pad_top, pad_bottom)
        styles = get_styles(table_size=size)
        self.center = ParagraphStyle("dr-roster-center", parent=styles.cell_center, leading=leading)
        self.left = ParagraphStyle("dr-roster-left", parent=styles.cell, leading=leading)
        self.head = ParagraphStyle("dr-roster-head", parent=styles.cell_head, leading=leading)
        self.note = ParagraphStyle("dr-roster-note", parent=self.center, fontSize=size - 1.5,
                                   leading=leading - 1.5)
        self.phone = self.left
        self.shift_column = any(len(d.shifts) > 1 for d in month.days)
        self.special_column = any(d.special_period.strip() for d in month.days)
        labels = ["日期", "星期"]
        if self.shift_column:
            labels.append("班次")
        labels += ["带班领导", "值班员", "备班", "联系电话"]
        if self.special_column:
            labels.append("特殊时期")
        self.labels = labels
        self.widths = self._widths(width)
        self.phone_width = self.widths[labels.index("联系电话")] - 2 * _PAD

    def _measure(self, text: str, style: ParagraphStyle) -> float:
        return text_width(text, style.fontName, style.fontSize)

    def _fit(self, texts: list[str], style: ParagraphStyle, low: float, high: float) -> float:
        natural = max(self._measure(t, style) for t in [*texts, EMPTY])
        return min(max(natural + 2 * _PAD + 2, low * mm), high * mm)

    def _widths(self, width: float) -> dict:
        days = self.month.days
        shifts = [s for d in days for s in d.shifts]
        widths = {
            "日期": self._fit(["12月31日"], self.center, 15, 24),
            "星期": self._fit([weekday_text(d) for d in days] + ["星期三"], self.center, 16, 40),
            "班次": self._fit([s.shift_name for s in shifts], self.center, 10, 26),
            "带班领导": self._fit([names(s.leaders) for s in shifts], self.center, 14, 50),
            "值班员": self._fit([names(s.officers) for s in shifts], self.center, 14, 70),
            "备班": self._fit([names(s.standby) for s in shifts], self.center, 14, 50),
            "特殊时期": self._fit([d.special_period for d in days], self.note, 14, 36),
        }
        for label, value in widths.items():
            widths[label] = max(value, self._measure(label, self.head) + 2 * _PAD + 2)
        # 联系电话 takes the rest. When the busiest row's numbers do not fit on one line they are set up
        # to 2.5 pt smaller (Latin fallback fonts set digits wider than a CJK font's half-width ones); what they do not need goes to the name columns, so names stand in roomy cells
        # rather than leaving a blank band at the right of the numbers.
        fixed = sum(widths[label] for label in self.labels if label != "联系电话")
        needed = self._phones_width(shifts)
        for smaller in (1.0, 1.5, 2.0, 2.5, 3.0, 3.5):
            if needed <= width - fixed:
                break
            size = self.left.fontSize - smaller
            self.phone = ParagraphStyle("dr-roster-phone", parent=self.left, fontSize=size)
            needed = self._phones_width(shifts)
        spare = max(0.0, width - fixed - needed)
        shared = ("带班领导", "值班员", "备班")
        for label in shared:
            widths[label] += min(spare / len(shared), 18 * mm)
        fixed = sum(widths[label] for label in self.labels if label != "联系电话")
        widths["联系电话"] = width - fixed
        return [widths[label] for label in self.labels]

    def _phones_width(self, shifts: list[RosterShift]) -> float:
        gap = self._measure(_PHONE_GAP, self.phone)
        return max((sum(self._measure(e, self.phone) for e in entries) + gap * (len(entries) - 1)
                    for entries in map(phone_entries, shifts)), default=0) + 2 * _PAD + 4

    def cell(self, text: str, style: ParagraphStyle, column: int, *, empty: str = "") -> Paragraph | str:
        """Plain text drawn straight by the table when it is one font and fits its column on its lines
        (the table's own FONTNAME/FONTSIZE/ALIGN set it as the paragraph would): a month has some 500
        cells, and breaking each as a paragraph was most of the roster's build time."""
        text = text.strip() or empty
        room = self.widths[column] - 2 * _PAD
        lines = text.split("\n")
        if all(text_runs(line, style.fontName) in ([], [(line, style.fontName)]) and self._measure(line, style) <= room
               for line in lines):
            return text
        return para(text, style)

    def weekday_cell(self, day: RosterDay) -> Paragraph | str:
        style = self.center
        if not day.marker:
            return self.cell(day_label(day), style, 1)
        text = markup(day_label(day), style.fontName)
        if day.marker:
            # The marker is set in 黑体 like the badge on a Chinese calendar, so it reads without colour.
            heading = font_for("heading")
            text += "\u00a0" + f'<font face="{heading}">{markup(day.marker, heading)}</font>'
        return Paragraph(text, style)

    def phone_cell(self, shift: RosterShift | None) -> Paragraph:
        """Entries packed into lines that fit, so a name is never parted from its number."""
        lines: list[str] = []
        for entry in phone_entries(shift):
            joined = f"{lines[-1]}{_PHONE_GAP}{entry}" if lines else entry
            if lines and self._measure(joined, self.phone) <= self.phone_width:
                lines[-1] = joined
            else:
                lines.append(entry)
        column = self.labels.index("联系电话")
        return self.cell("\n".join(lines), self.phone, column) if lines else para(EMPTY, self.center)

    def rows(self) -> tuple[list[list], list[tuple]]:
        rows: list[list] = [[para(label, self.head) for label in self.labels]]
        commands: list[tuple] = []
        for day in self.month.days:
            first = len(rows)
            shifts: tuple[RosterShift | None, ...] = day.shifts or (None,)
            for index, shift in enumerate(shifts):
                row: list = ([self.cell(date_label(day.day), self.center, 0), self.weekday_cell(day)] if index == 0
                             else ["", ""])
                if self.shift_column:
                    row.append(self.cell(shift.shift_name if shift else "", self.center, len(row), empty=EMPTY))
                if shift is None or not (shift.leaders or shift.officers or shift.standby):
                    names_at = len(row)  # a shift nobody is assigned to is not rostered: say so
                    row += [UNSCHEDULED, "", "", ""]
                    commands.append(("SPAN", (names_at, len(rows)), (names_at + 3, len(rows))))
                else:
                    groups = (shift.leaders, shift.officers, shift.standby)
                    row += [self.cell(names(people), self.center, len(row) + n, empty=EMPTY)
                            for n, people in enumerate(groups)]
                    row.append(self.phone_cell(shift))
                if self.special_column:
                    row.append(para(day.special_period, self.note) if index == 0 else "")
                rows.append(row)
            last = len(rows) - 1
            if last > first:
                # A day's shifts share its date cell and are never parted by a page break.
                commands += [("SPAN", (0, first), (0, last)), ("SPAN", (1, first), (1, last)),
                             ("NOSPLIT", (0, first), (-1, last))]
                if self.special_column:
                    commands.append(("SPAN", (-1, first), (-1, last)))
            if is_rest_day(day):
                commands.append(("BACKGROUND", (0, first), (-1, last), REST_FILL))
        return rows, commands

    def table(self) -> Table:
        rows, extra = self.rows()
        phone = self.labels.index("联系电话")
        commands = grid_commands(header_rows=1) + [
            # Cells left as plain text are set like the paragraphs would set them.
            ("FONTNAME", (0, 1), (-1, -1), self.center.fontName), ("FONTSIZE", (0, 1), (-1, -1), self.center.fontSize),
            ("LEADING", (0, 1), (-1, -1), self.center.leading), ("ALIGN", (0, 1), (-1, -1), "CENTER"),
            ("FONTSIZE", (phone, 1), (phone, -1), self.phone.fontSize), ("LEADING", (phone, 1), (phone, -1), self.phone.leading),
            ("ALIGN", (phone, 1), (phone, -1), "LEFT"),
            ("LEFTPADDING", (0, 0), (-1, -1), _PAD), ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
            ("TOPPADDING", (0, 0), (-1, -1), self.padding[0]),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.padding[1]),
        ]
        return Table(rows, colWidths=self.widths, repeatRows=1, style=commands + extra, hAlign="CENTER")


def _closing(width: float) -> Table:
    """The legend at the left and the signature line (制表 审核 签发, room to sign) at the right."""
    styles = get_styles(table_size=SIZE_S4)
    legend = ParagraphStyle("dr-roster-legend", parent=styles.cell_note, alignment=TA_LEFT)
    cells: list = [para(LEGEND, legend)]
    widths = []
    for label in SIGNATURE_LABELS:
        cells += [para(label, styles.cell), ""]
        widths += [text_width(label, styles.cell.fontName, styles.cell.fontSize) + 1, _SIGN_SPACE]
    table = Table([cells], colWidths=[width - sum(widths), *widths], hAlign="CENTER")
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
    return table


def _heading(month: RosterMonth, title_style: ParagraphStyle, width: float) -> Flowable:
    """The title, with when duty runs at its left and the duty room's phone and fax at its right, small and
    on the title's own lines: a month of one shift a day still fits on one page."""
    title = para(roster_title(month), title_style)
    hours, reach = duty_lines(month)
    if not hours and not reach:
        return title
    side = ParagraphStyle("dr-roster-side", parent=get_styles(table_size=SIZE_S4).cell, fontSize=9.5, leading=12)
    right = ParagraphStyle("dr-roster-side-right", parent=side, alignment=TA_RIGHT)
    title_width = min(width * 0.62, text_width(roster_title(month), title_style.fontName, title_style.fontSize) + 12)
    cells = [[para("\n".join(hours), side), title, para("\n".join(reach), right)]]
    return Table(cells, colWidths=[(width - title_width) / 2, title_width, (width - title_width) / 2],
                 style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0)], hAlign="CENTER")


def _height(flowable: Flowable, width: float) -> float:
    return flowable.wrap(width, 10_000)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def _pages(table: Table, width: float, first: float, rest: float, closing: float) -> int:
    """Pages the table takes (the closing lines included), splitting as the frame will."""
    pages, room, part = 1, first, table
    while part.wrap(width, room)[1] > room:
        pieces = part.split(width, room)
        if len(pieces) < 2:  # nothing fits in the room left: the whole part moves to a new page
            if room == rest:
                break
            pages, room = pages + 1, rest
            continue
        part, pages, room = pieces[1], pages + 1, rest
    if part.wrap(width, room)[1] + closing > room:
        pages += 1
    return pages


def roster_flowables(month: RosterMonth, width: float, height: float) -> list[Flowable]:
    """The title, the table at the roomiest type that takes the fewest pages, legend and signatures."""
    title_style = ParagraphStyle("dr-roster-title", parent=get_styles().title, leading=26, spaceAfter=4)
    heading: list[Flowable] = [_heading(month, title_style, width)]
    gap = Spacer(1, 2 * mm)
    closing = _closing(width)
    first = height - sum(_height(f, width) for f in heading) - 2  # rounding slack
    after = _height(gap, width) + _height(closing, width)
    rest = height - 2
    rows = 1 + sum(max(1, len(d.shifts)) for d in month.days)

    def least_pages(table_height: float) -> int:  # no page break wastes room, no header repeats
        return 1 + max(0, math.ceil((table_height + after - first) / rest))

    # Every row is at least one line high: sizes that cannot fit are skipped without laying them out.
    floors = [rows * (leading + top + bottom) for _size, leading, top, bottom in _SIZES]
    tables: dict[int, Table] = {}

    def table_at(index: int) -> Table:
        if index not in tables:
            tables[index] = _Layout(month, width, *_SIZES[index]).table()
        return tables[index]

    for index in range(len(_SIZES)):
        if floors[index] + after <= first and table_at(index).wrap(width, 10_000)[1] + after <= first:
            return [*heading, table_at(index), gap, closing]  # one page: the roomiest size that fits
    # Several pages even at the smallest size: the roomiest size that takes no more pages than it.
    counted: dict[int, int] = {}

    def pages(index: int) -> int:
        if index not in counted:
            counted[index] = _pages(table_at(index), width, first, rest, after)
        return counted[index]

    # No size takes fewer pages than the smallest size's floor allows: the roomiest size that reaches that
    # floor is the answer without laying out the smallest size at all.
    floor = least_pages(floors[-1])
    for index in range(len(_SIZES) - 1):
        if least_pages(floors[index]) <= floor and pages(index) <= floor:
            return [*heading, table_at(index), gap, closing]
    fewest = pages(len(_SIZES) - 1)
    best = next(i for i in range(len(_SIZES)) if least_pages(floors[i]) <= fewest and pages(i) <= fewest)
    table = table_at(best)
    return [*heading, table, gap, closing]


def build_roster_pdf(month: RosterMonth, out: str | os.PathLike | BinaryIO, *,
                     header_mark: str | None = "内部资料") -> None:
    """Write the 值班表 of `month` to a path or a binary file object."""
    office = month.issuing_office.strip() or month.office_name
    margins = ROSTER_MARGINS
    page_width, page_height = page_size(True)
    width = page_width - margins.left - margins.right
    height = page_height - margins.top - margins.bottom
    title = roster_title(month)
    printed = format_date_cn(month.printed_on)
    build_document(
        out,
        roster_flowables(month, width, height),
        title=title,
        author=office,
        subject=f"{title}（印制于 {printed}）",
        landscape=True,
        margins=margins,
        header_mark=header_mark,
        footer_text=f"{office}  印制于 {printed}",
    )
