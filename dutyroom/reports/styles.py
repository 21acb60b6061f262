"""The shared official-document look (GB/T 9704 where it applies): page sizes, margins, type styles.

Sizes use the Chinese type scale: 二号 22 pt (titles), 三号 16 pt (body), 四号 14 pt (page numbers),
小四 12 pt and 五号 10.5 pt (tables).

Text in 三号 (body, headings) stands on the GB/T 9704 grid: 28 characters to the 156 mm line and 22
lines to the 225 mm page. 28 glyphs of 16 pt are 158 mm, so, as Word's 文档网格 does, the characters
keep their size and are set 0.2 pt closer (`CHAR_PITCH`); the lines are 28.99 pt apart (`LINE_PITCH`).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors, textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, paragraph
from reportlab.platypus.paragraph import ParaLines

from dutyroom.reports import linebreak  # installs the Chinese line-breaking rules on import
from dutyroom.reports.fonts import font_for, markup

SIZE_2 = 22.0  # 二号
SIZE_3 = 16.0  # 三号
SIZE_4 = 14.0  # 四号
SIZE_S4 = 12.0  # 小四
SIZE_5 = 10.5  # 五号

RULE = colors.black
HEAD_FILL = colors.Color(0.90, 0.90, 0.90)
BAND_FILL = colors.Color(0.96, 0.96, 0.96)
EMPTY = "—"  # shown for a missing value, so a blank cell never looks like a printing fault


# reportlab's CJK line breaking keeps a closing mark from starting a line (it hangs in the margin
# instead), but its list is Japanese: add the Chinese marks (GB/T 15834), so "，" never starts a line.
_CHINESE_CANNOT_START = "，；：！？）》〉〗”’…％·．"
for _module in (textsplit, paragraph):  # single-font and mixed-font paragraphs
    _module.ALL_CANNOT_START += "".join(c for c in _CHINESE_CANNOT_START if c not in _module.ALL_CANNOT_START)


@dataclass(frozen=True)
class Margins:
    top: float
    bottom: float
    left: float
    right: float


# GB/T 9704: text block 156 mm × 225 mm on A4, 37 mm from the top, 28 mm from the left edge.
OFFICIAL_MARGINS = Margins(top=37 * mm, bottom=35 * mm, left=28 * mm, right=26 * mm)
TEXT_BLOCK = (156 * mm, 225 * mm)
CHARS_PER_LINE, LINES_PER_PAGE = 28, 22
CHAR_PITCH = TEXT_BLOCK[0] / CHARS_PER_LINE  # 15.79 pt from one 三号 character to the next
LINE_PITCH = int(TEXT_BLOCK[1] / LINES_PER_PAGE * 100) / 100  # 28.99 pt: rounded down, so 22 lines fit
# Lists and tables: a little tighter, same proportions.
LIST_MARGINS = Margins(top=30 * mm, bottom=28 * mm, left=25 * mm, right=23 * mm)
LANDSCAPE_LIST_MARGINS = Margins(top=22 * mm, bottom=24 * mm, left=20 * mm, right=20 * mm)


def page_size(is_landscape: bool = False) -> tuple[float, float]:
    return landscape(A4) if is_landscape else A4


def frame_width(is_landscape: bool = False, margins: Margins | None = None) -> float:
    margins = margins or (LANDSCAPE_LIST_MARGINS if is_landscape else OFFICIAL_MARGINS)
    return page_size(is_landscape)[0] - margins.left - margins.right


@dataclass(frozen=True)
class DocStyles:
    title: ParagraphStyle  # 二号小标宋, centred
    subtitle: ParagraphStyle  # 三号楷体, centred (date line, issue number)
    heading: ParagraphStyle  # 三号黑体 (一、)
    subheading: ParagraphStyle  # 三号楷体 (（一）)
    body: ParagraphStyle  # 三号仿宋, 28 pt leading, two-character first-line indent
    notice: ParagraphStyle  # a centred line in body type, e.g. "暂无数据"
    cell: ParagraphStyle  # table text, left
    cell_center: ParagraphStyle
    cell_head: ParagraphStyle  # table column header, 黑体
    cell_group: ParagraphStyle  # a group row inside a table (unit name), 黑体
    cell_note: ParagraphStyle  # small secondary text inside a table


def get_styles(table_size: float = 11.0) -> DocStyles:
    """Build the styles with the fonts of this machine (cheap; call once per document)."""
    title, heading, body, kai = (font_for(r) for r in ("title", "heading", "body", "kai"))
    cjk = {"wordWrap": "CJK", "allowWidows": 0, "allowOrphans": 0}
    grid = {"gridPitch": CHAR_PITCH}  # inherited by derived styles; on the grid only while in 三号

    def style(name: str, font: str, size: float, leading: float, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, **{**cjk, **kw})

    cell_leading = table_size * 1.35
    return DocStyles(
        title=style("dr-title", title, SIZE_2, 32, alignment=TA_CENTER, spaceAfter=6),
        subtitle=style("dr-subtitle", kai, SIZE_3, 26, alignment=TA_CENTER, spaceAfter=10),
        heading=style("dr-heading", heading, SIZE_3, LINE_PITCH, keepWithNext=1, **grid),
        subheading=style("dr-subheading", kai, SIZE_3, LINE_PITCH, keepWithNext=1, **grid),
        body=style("dr-body", body, SIZE_3, LINE_PITCH, alignment=TA_JUSTIFY, firstLineIndent=2 * CHAR_PITCH,
                   **grid),
        notice=style("dr-notice", body, SIZE_3, LINE_PITCH, alignment=TA_CENTER, spaceBefore=LINE_PITCH, **grid),
        cell=style("dr-cell", body, table_size, cell_leading, alignment=TA_LEFT),
        cell_center=style("dr-cell-center", body, table_size, cell_leading, alignment=TA_CENTER),
        cell_head=style("dr-cell-head", heading, table_size, cell_leading, alignment=TA_CENTER),
        cell_group=style("dr-cell-group", heading, table_size + 1.5, (table_size + 1.5) * 1.35),
        cell_note=style("dr-cell-note", body, SIZE_5 - 0.5, (SIZE_5 - 0.5) * 1.4),
    )


class _Paragraph(Paragraph):
    """A Paragraph that breaks its lines once per width.

    A table measures each cell several times (column widths, row heights, each trial split at a page
    foot, drawing), and breaking CJK lines is the bulk of a roster's build time; the result depends on
    the width alone (Paragraph.wrap ignores the height), so it is kept for the last width asked."""

    _wrapped: tuple | None = None

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        if self._wrapped is not None and self._wrapped[0] == availWidth:
            _, self.width, self.height, self.blPara, self._wrapWidths = self._wrapped
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        if hasattr(self, "blPara"):
            self._wrapped = (availWidth, self.width, self.height, self.blPara, self._wrapWidths)
        return size


def grid_space(style: ParagraphStyle) -> float:
    """The character spacing that puts `style`'s characters on the grid: 0 for a style off it."""
    pitch = getattr(style, "gridPitch", 0.0)
    return pitch - style.fontSize if pitch and style.fontSize == SIZE_3 else 0.0


class _GridParagraph(_Paragraph):
    """A paragraph on the character grid: measured and drawn with the grid's character spacing."""

    def breakLinesCJK(self, maxWidths) -> ParaLines:  # noqa: N802, N803 (reportlab's names; wrap and split come here)
        with linebreak.on_grid(grid_space(self.style)):
            return super().breakLinesCJK(maxWidths)

    def beginText(self, x, y):  # noqa: N802 (reportlab's name)
        text = self.canv.beginText(x, y)
        text.grid_space = grid_space(self.style)  # what a justified line's own spacing goes back to
        text.setCharSpace(text.grid_space)
        return text


def paragraph_of(markup_text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of ready markup: on the character grid when its style is."""
    return (_GridParagraph if grid_space(style) else _Paragraph)(markup_text, style)


def para(text: str | None, style: ParagraphStyle, *, empty: str = "") -> Paragraph:
    """A Paragraph of plain text (escaped, with per-character font fallback). `empty` replaces ''."""
    # No line starts or ends with a stray space (typed text, imported ledgers): the indent is the style's.
    text = "\n".join(line.strip() for line in (text or "").strip().splitlines()) or empty
    return paragraph_of(markup(text, style.fontName), style)


def grid_commands(header_rows: int = 1, padding: float = 3.5) -> list[tuple]:
    """Table style of a ruled list: thin inner grid, stronger frame, shaded header rows."""
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), font_for("body")),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BOX", (0, 0), (-1, -1), 1.0, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding + 0.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_FILL))
    return commands
