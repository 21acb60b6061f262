"""The shared page and type styles: Chinese line breaking, landscape pages, the document builder."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from dutyroom.reports import build_document, fonts
from dutyroom.reports.styles import frame_width, get_styles, para

TEXT = "值班室接到某某区报告某某街道某某路发生一起燃气泄漏事件，无人员伤亡。接报后，值班员立即向带班领导报告，" * 6
CLOSING_MARKS = "，。、；：！？）》”"


def _line_texts(paragraph) -> list[str]:
    texts = []
    for line in paragraph.blPara.lines:
        if isinstance(line, tuple):  # one font: (extra space, [text])
            texts.append("".join(line[1]))
        else:  # several fonts: a line of fragments
            texts.append("".join(getattr(w, "text", "") for w in line.words))
    return texts


@pytest.mark.parametrize("only_bundled", [False, True])
def test_no_line_starts_with_a_closing_mark(fresh_fonts, only_bundled):
    if only_bundled:  # the bundled font lacks digits: the paragraph mixes two fonts
        fresh_fonts.setattr(fonts, "system_font_dirs", lambda: [])
    style = get_styles().body
    for text in (TEXT, "电话0571-87051234。" + TEXT):
        paragraph = para(text, style)
        paragraph.wrap(frame_width(), 10_000)
        lines = _line_texts(paragraph)
        assert len(lines) > 5
        assert not [line for line in lines[1:] if line[:1] in CLOSING_MARKS]


def test_landscape_document_with_footer_and_no_page_numbers():
    out = io.BytesIO()
    styles = get_styles()
    build_document(out, [para("值班表", styles.title), para(TEXT, styles.body)], title="值班表",
                   author="某某市人民政府办公室", landscape=True, footer_text="某某市人民政府办公室  印制于 2026年3月1日",
                   page_numbers=False)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    assert round(float(page.mediabox.width)) == round(A4[1])
    text = page.extract_text()
    assert "印制于" in text and "— 1 —" not in text
    assert reader.metadata.author == "某某市人民政府办公室"
