"""The GB/T 9704 body grid: 三号 text, 28 characters to a line and 22 lines to a page, in the 156 mm × 225 mm
text block of every official document."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.lib.units import mm

from dutyroom.reports import build_bulletin_pdf
from dutyroom.reports.page import build_document
from dutyroom.reports.styles import SIZE_3, get_styles, para
from tests.reports.test_incident_bulletin_pdf import make_bulletin

# No punctuation and no digits: every line break falls exactly where the grid puts it.
_WORDS = "值班室接报后立即核实情况并报告带班领导按照预案要求通知有关单位赶赴现场处置同时做好信息续报工作"


def _paragraph(chars: int, shift: int = 0) -> str:
    return ((_WORDS * 10)[shift:])[:chars]


def _lines(page) -> list[str]:
    """The page's lines of text, whitespace removed, without the page number."""
    lines = ["".join(line.split()) for line in page.extract_text().split("\n")]
    return [line for line in lines if line and not line.startswith("—")]


def _glyph_positions(page) -> list[tuple[float, float, float]]:
    """(x, y, font size) of every text run the page draws."""
    runs: list[tuple[float, float, float]] = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            runs.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], size * tm[0]))

    page.extract_text(visitor_text=visit)
    return runs


def test_a_page_of_body_text_holds_22_lines_of_28_characters():
    styles = get_styles()
    # 204 characters: 26 after the two-character indent, six full lines, and 10; the third paragraph
    # goes over to the next page after six lines (no line is left alone at either side of the break).
    story = [para(_paragraph(204, n), styles.body) for n in range(8)]
    out = io.BytesIO()
    build_document(out, story, title="grid")
    reader = PdfReader(io.BytesIO(out.getvalue()))
    first = _lines(reader.pages[0])
    assert len(first) == 22
    assert [len(line) for line in first[:8]] == [26, 28, 28, 28, 28, 28, 28, 10]
    assert [len(line) for line in first[8:16]] == [26, 28, 28, 28, 28, 28, 28, 10]
    assert [len(line) for line in first[16:]] == [26, 28, 28, 28, 28, 28]
    # 三号 glyphs, the block's left edge 28 mm from the paper's, the first line two characters in.
    runs = _glyph_positions(reader.pages[0])
    body = [r for r in runs if abs(r[2] - SIZE_3) < 0.01]
    assert body, runs
    lefts = sorted({round(x / mm, 1) for x, _y, _s in body})
    assert lefts[0] == 28.0
    assert any(abs(x - (28 + 2 * 156 / 28)) < 0.2 for x in lefts)


def test_every_page_of_a_long_bulletin_is_on_the_grid():
    paragraphs = [_paragraph(400, n) for n in range(5)]  # 15 lines each
    bulletin = make_bulletin(narrative="\n".join(paragraphs))
    out = io.BytesIO()
    build_bulletin_pdf(bulletin, out)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    assert len(reader.pages) >= 3
    # The second page is all text: 22 lines, each paragraph 26, 28 × 13 and 10 characters.
    middle = _lines(reader.pages[1])
    assert len(middle) == 22
    full = [line for line in middle if len(line) not in (26, 10)]
    assert full and all(len(line) == 28 for line in full), [len(line) for line in middle]
    every = [len(line) for page in reader.pages for line in _lines(page) if line in "".join(paragraphs)]
    assert max(every) == 28
