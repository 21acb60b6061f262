"""Chinese line breaking in the printed documents: a number stays with its unit, no paragraph ends on a
single character, no line starts with a space, "100.0%" is never split. Read back from the PDF."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table

from dutyroom.reports.page import build_document, text_width
from dutyroom.reports.styles import get_styles, para

SAMPLE = ("造成2人死亡、9人受伤、1人失踪，14时03分疏散群众约300人，直接经济损失12万元，"
          "按时报送率100.0%，仍在核实。")


def _lines(flowables) -> list[str]:
    out = io.BytesIO()
    build_document(out, flowables, title="断行", page_numbers=False)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(out.getvalue())).pages)
    return [line for line in text.split("\n") if line.strip()]


def test_a_number_keeps_its_unit_and_no_paragraph_ends_on_one_character():
    styles = get_styles()
    body = ParagraphStyle("flush", parent=styles.body, firstLineIndent=0)  # an indent reads back as spaces
    # Every shift of the text against the line ends: each break point of the sample is met once.
    paragraphs = [para("据" * shift + SAMPLE, body) for shift in range(0, 28)]
    lines = _lines(paragraphs)
    assert len(lines) > 60
    for before, after in zip(lines, lines[1:], strict=False):
        assert not (re.search(r"[0-9.]$", before) and re.match(r"[0-9.%\u4e00-\u9fff]", after)), (before, after)
    for line in lines:
        assert not line.startswith(" "), line
    # Each paragraph ends with "仍在核实。": its last line is never "实。" alone.
    ends = [line for line in lines if line.endswith("实。")]
    assert len(ends) == 28
    assert all(len(line) >= 3 for line in ends), ends


def test_a_percentage_in_a_tight_cell_is_never_split():
    styles = get_styles(table_size=10.5)
    width = text_width("100.0%", styles.cell.fontName, styles.cell.fontSize) + 8 - 2  # 2 pt too narrow
    table = Table([[para("100.0%", styles.cell_center)]], colWidths=[width],
                  style=[("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)])
    lines = _lines([table])
    assert "100.0%" in lines, lines


def _cell_lines(text: str, width: float) -> list[str]:
    """How a table cell of `width` points breaks `text` (the lines reportlab will draw)."""
    paragraph = para(text, get_styles(table_size=10.5).cell)
    paragraph.wrap(width, 10_000)
    lines = []
    for line in paragraph.blPara.lines:
        words = line[1] if isinstance(line, tuple) else [getattr(w, "text", "") for w in line.words]
        lines.append("".join(str(w) for w in words).strip())
    return lines


# (text, the pieces it may be parted into, and nowhere else)
_TOKENS = [("09:00", ["09:00"]), ("12:30:05", ["12:30:05"]), ("100.0%", ["100.0%"]), ("2026.12.03", ["2026.12.03"]),
           ("3.5小时", ["3.5小时"]), ("20人次", ["20人次"]), ("12万元", ["12万元"]), ("15分钟", ["15分钟"]),
           ("14时03分", ["14时", "03分"]), ("12月3日", ["12月", "3日"]), ("09:00—10:30", ["09:00", "—", "10:30"]),
           ("2026-12-03", ["2026-", "12-", "03"]), ("0571-87051234", ["0571-", "87051234"]),
           ("按时率100.0%", ["按", "时", "率", "100.0%"])]


def test_a_narrow_cell_never_breaks_inside_a_time_a_date_a_number_or_a_number_and_its_unit():
    """Found on paper: a narrow cell printed "09:" over "00" (the colon hung like a closing mark)."""
    styles = get_styles(table_size=10.5)
    for text, pieces in _TOKENS:
        full = text_width(text, styles.cell.fontName, styles.cell.fontSize)
        for width in [full * f / 20 for f in range(6, 31)]:  # 30 % to 150 % of the text's width
            lines = _cell_lines(text, width)
            assert "".join(lines) == text, (text, width, lines)
            # Each line is a run of whole pieces: no line ends inside one.
            rest = list(pieces)
            for line in lines:
                taken = ""
                while rest and len(taken) < len(line):
                    taken += rest.pop(0)
                assert taken == line, (text, round(width, 1), lines)
            if width >= full:
                assert lines == [text], (text, round(width, 1), lines)


def test_a_time_in_a_table_column_reads_back_whole():
    styles = get_styles(table_size=10.5)
    width = text_width("09:00", styles.cell.fontName, styles.cell.fontSize) * 0.6 + 8  # far too narrow
    rows = [[para(t, styles.cell)] for t in ("09:00", "100.0%", "2026.12.03", "3.5小时")]
    table = Table(rows, colWidths=[width], style=[("LEFTPADDING", (0, 0), (-1, -1), 4),
                                                  ("RIGHTPADDING", (0, 0), (-1, -1), 4)])
    lines = [line.strip() for line in _lines([table])]
    assert lines == ["09:00", "100.0%", "2026.12.03", "3.5小时"], lines
