"""Page furniture and the document builder every printed document uses.

`build_document()` lays out flowables on A4 with the official margins, embeds the fonts, draws the
page number "— N —" below the text block (GB/T 9704: 四号, 7 mm below the block; on a portrait page
on the outer side, one character in from the block's edge: odd pages right, even pages left; centred
on a landscape list), "共 N 页" beside it when `count_pages` is set (a faxed document of several
pages: the receiver sees at once that a page is missing), an optional mark such as "内部资料" at the
top left of the first page, and an optional footer line (issuing office and print date of a list)
under the page number. Every mark stays inside the printable area: ≥ 7 mm from each edge, where
printers and fax machines lose what is printed.

Put text in through `styles.para()` (it escapes and picks a font per character) and draw on the
canvas with `draw_text()`; table cells left as plain strings are switched to the body font here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache, partial
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import standardFonts, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table

from dutyroom.outputs import replacing
from dutyroom.reports import fonts
from dutyroom.reports.fonts import font_for, text_runs
from dutyroom.reports.styles import (
    LANDSCAPE_LIST_MARGINS,
    OFFICIAL_MARGINS,
    SIZE_3,
    SIZE_4,
    SIZE_5,
    Margins,
    page_size,
)

CREATOR = "DutyRoom 值班室"
FOOTER_GREY = colors.Color(0.25, 0.25, 0.25)
PRINTABLE_INSET = 7 * mm  # what printers and faxes keep: nothing is drawn closer to an edge


def text_width(text: str, font_name: str, size: float) -> float:
    return _text_width(text, font_name, size, fonts.generation)


@lru_cache(maxsize=8192)  # layouts measure the same names and numbers at each trial size
def _text_width(text: str, font_name: str, size: float, _generation: int) -> float:
    return sum(stringWidth(chunk, name, size) for chunk, name in text_runs(text, font_name))


def draw_text(canvas: Canvas, x: float, y: float, text: str, font_name: str, size: float,
              align: str = "left") -> None:
    """Draw one line on the canvas with per-character font fallback. align: left, center, right."""
    width = text_width(text, font_name, size)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    line = canvas.beginText(x, y)  # one text object, so the line is copied and extracted as one
    for chunk, name in text_runs(text, font_name):
        line.setFont(name, size)
        line.textOut(chunk)
    canvas.drawText(line)


def _embed_table_fonts(items, font_name: str) -> None:
    """Plain-string table cells (even empty ones under a SPAN) are drawn in Helvetica unless a
    FONTNAME says otherwise: give them the body font, so no unembedded font enters the PDF."""
    for item in items if isinstance(items, (list, tuple)) else [items]:
        if isinstance(item, Table):
            for row in item._cellStyles:
                for cell_style in row:
                    if cell_style.fontname in standardFonts:
                        cell_style.fontname = font_name
            for row in item._cellvalues:
                _embed_table_fonts([c for c in row if isinstance(c, (Flowable, list, tuple))], font_name)
        elif isinstance(getattr(item, "_content", None), list):  # KeepTogether and friends
            _embed_table_fonts(item._content, font_name)
        elif hasattr(item, "contained"):  # our own containers (imprint.FootBlock)
            _embed_table_fonts(item.contained(), font_name)


def page_number_text(number: int) -> str:
    return f"— {number} —"


def page_count_text(total: int) -> str:
    return f"共 {total} 页"


class _CountingCanvas(Canvas):
    """Holds every page back until the end, so each can say how many pages the document has."""

    def __init__(self, *args, decorate: _Decorations, **kwargs):
        super().__init__(*args, **kwargs)
        self._decorate = decorate
        self._held: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for state in self._held:
            self.__dict__.update(state)
            self._decorate.number(self, self._pageNumber, len(self._held))
            super().showPage()
        super().save()


class _Decorations:
    """The onPage callback (first-page mark, footer line) and the page number, drawn by `number()`: at
    once, or at the end of the build when the page count is printed beside it."""

    def __init__(self, margins: Margins, header_mark: str | None, footer_text: str | None,
                 page_numbers: bool, count_pages: bool, pagesize: tuple[float, float]):
        self.margins = margins
        self.header_mark = header_mark
        self.footer_text = footer_text
        self.page_numbers = page_numbers
        self.count_pages = count_pages
        self.pagesize = pagesize
        # Page number: its top 7 mm below the text block, its foot inside the printable area.
        self.number_y = max(margins.bottom - 7 * mm - SIZE_4 * 0.8, PRINTABLE_INSET + SIZE_4 * 0.25)

    def __call__(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = doc.pagesize
        m = self.margins
        canvas.saveState()
        canvas.setFillColor(colors.black)
        if self.header_mark and doc.page == 1:
            size = SIZE_3 - 2
            # 8 mm above the text block, but never closer to the top edge than the printable inset.
            from_top = max(m.top - 8 * mm, PRINTABLE_INSET + size)
            draw_text(canvas, m.left, height - from_top, self.header_mark, font_for("heading"), size)
        if self.page_numbers and not self.count_pages:
            self.number(canvas, doc.page, 0)
        if self.footer_text:
            canvas.setFillColor(FOOTER_GREY)
            size = SIZE_5 - 1.5
            draw_text(canvas, width / 2, max(self.number_y - 6.5 * mm, PRINTABLE_INSET + size * 0.25),
                      self.footer_text, font_for("body"), size, align="center")
        canvas.restoreState()

    def number(self, canvas: Canvas, page: int, total: int) -> None:
        """"— N —" (and "共 T 页" when `total` > 1): portrait pages on the outer side, one character in
        from the text block (GB/T 9704 7.5), landscape lists centred."""
        width, height = self.pagesize
        m, font = self.margins, font_for("body")
        text = page_number_text(page)
        canvas.saveState()
        canvas.setFillColor(colors.black)
        if width > height:
            if total > 1:
                text = f"{text}\u3000{page_count_text(total)}"
            draw_text(canvas, width / 2, self.number_y, text, font, SIZE_4, align="center")
        elif page % 2:
            if total > 1:
                text = f"{page_count_text(total)}\u3000{text}"
            draw_text(canvas, width - m.right - SIZE_4, self.number_y, text, font, SIZE_4, align="right")
        else:
            if total > 1:
                text = f"{text}\u3000{page_count_text(total)}"
            draw_text(canvas, m.left + SIZE_4, self.number_y, text, font, SIZE_4)
        canvas.restoreState()


def build_document(
    out: str | os.PathLike | BinaryIO,
    flowables: Sequence[Flowable],
    *,
    title: str,
    author: str = "",
    subject: str = "",
    landscape: bool = False,
    margins: Margins | None = None,
    header_mark: str | None = None,
    footer_text: str | None = None,
    page_numbers: bool = True,
    count_pages: bool = False,
) -> None:
    """Lay out `flowables` on A4 and write the PDF to a path or a binary file object.

    `author` is the issuing office (PDF metadata). `header_mark` (e.g. "内部资料") is printed at the
    top left of the first page; `footer_text` under the page number of every page. `count_pages`
    prints "共 N 页" beside the number when the document has more than one page (faxed documents).
    """
    if isinstance(out, (str, os.PathLike)):
        with replacing(Path(out)) as temp:  # a failed or interrupted build leaves no half PDF behind
            _build(os.fspath(temp), flowables, title=title, author=author, subject=subject, landscape=landscape,
                   margins=margins, header_mark=header_mark, footer_text=footer_text, page_numbers=page_numbers,
                   count_pages=count_pages)
        return
    _build(out, flowables, title=title, author=author, subject=subject, landscape=landscape, margins=margins,
           header_mark=header_mark, footer_text=footer_text, page_numbers=page_numbers,
                   count_pages=count_pages)


def _build(target, flowables, *, title, author, subject, landscape, margins, header_mark, footer_text,
           page_numbers, count_pages) -> None:
    margins = margins or (LANDSCAPE_LIST_MARGINS if landscape else OFFICIAL_MARGINS)
    size = page_size(landscape)
    doc = BaseDocTemplate(
        target,
        pagesize=size,
        leftMargin=margins.left,
        rightMargin=margins.right,
        topMargin=margins.top,
        bottomMargin=margins.bottom,
        title=title,
        author=author,
        subject=subject,
        creator=CREATOR,
        lang="zh-CN",
        displayDocTitle=True,
        # A TrueType initial font keeps the standard Helvetica out of every page's resources.
        initialFontName=font_for("body"),
        initialFontSize=SIZE_3,
    )
    frame = Frame(margins.left, margins.bottom, size[0] - margins.left - margins.right,
                  size[1] - margins.top - margins.bottom, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, id="text")
    decorate = _Decorations(margins, header_mark, footer_text, page_numbers, page_numbers and count_pages, size)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate)])
    story = list(flowables)
    _embed_table_fonts(story, font_for("body"))
    if decorate.count_pages:
        doc.build(story, canvasmaker=partial(_CountingCanvas, decorate=decorate))
    else:
        doc.build(story)
