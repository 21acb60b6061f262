"""Page furniture per GB/T 9704: marks inside the printable area, page numbers on the outer side,
"共 N 页" on multi-page faxed documents. Positions are read back from the PDF itself."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from dutyroom.reports import build_bulletin_pdf, build_contacts_pdf, build_roster_pdf, build_timeliness_pdf
from dutyroom.reports.call_stats import build_call_stats_pdf
from dutyroom.reports.rollcall import build_notice_pdf
from tests.reports.conftest import make_big_directory
from tests.reports.test_call_pdfs import a_call, month_stats, register
from tests.reports.test_incident_bulletin_pdf import make_bulletin
from tests.reports.test_incident_timeliness_pdf import LATE, ROWS
from tests.reports.test_rollcall_pdf import summary
from tests.reports.test_roster_pdf import make_month

INSET = 7 * mm


def placed_text(data: bytes) -> list[list[tuple[float, float, float, str]]]:
    """Per page: (x, y, font size, text) of every line of text drawn, in page coordinates."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        runs: list[tuple[float, float, float, str]] = []

        def visit(text, cm, tm, _font, size, runs=runs):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                if runs and runs[-1][:2] == (x, y):  # one line drawn in several fonts
                    runs[-1] = (x, y, runs[-1][2], runs[-1][3] + text)
                else:
                    runs.append((x, y, size * (tm[3] or 1) * (cm[3] or 1), text))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def _bytes(build) -> bytes:
    out = io.BytesIO()
    build(out)
    return out.getvalue()


def _long_bulletin():
    bulletin = make_bulletin()
    return replace(bulletin, narrative=bulletin.narrative + "\n" + "\n".join([bulletin.narrative] * 2))


DOCUMENTS = {
    "roster": lambda out: build_roster_pdf(make_month(), out),
    "bulletin": lambda out: build_bulletin_pdf(_long_bulletin(), out),
    "rollcall": lambda out: build_notice_pdf(summary(), out, printed_on=date(2026, 11, 21)),
    "timeliness": lambda out: build_timeliness_pdf(
        ROWS, out, office_name="某某市人民政府", issuing_office="某某市人民政府办公室", year=2026, month=11,
        late_list=LATE, printed_on=date(2026, 12, 2)),
    "calls": lambda out: out.write(register([a_call(n) for n in range(40)])),
    "contacts": lambda out: build_contacts_pdf(make_big_directory(), out),
    "call_stats": lambda out: build_call_stats_pdf(month_stats(), out, office_name="某某市人民政府",
                                                   issuing_office="某某市人民政府办公室", printed_on=date(2026, 12, 2)),
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_mark_is_inside_the_printable_area(name):
    data = _bytes(DOCUMENTS[name])
    width, height = (float(v) for v in PdfReader(io.BytesIO(data)).pages[0].mediabox.upper_right)
    for number, runs in enumerate(placed_text(data), start=1):
        for x, y, size, text in runs:
            where = f"page {number}: {text!r} at x={x / mm:.1f} mm, y={y / mm:.1f} mm"
            assert x >= INSET and x <= width - INSET, where
            assert y - 0.25 * size >= INSET, where  # the descenders too
            assert y + 0.9 * size <= height - INSET, where


def _page_numbers(data: bytes) -> dict[int, tuple[float, str]]:
    """Page → (x of the run holding "— N —", its text)."""
    found = {}
    for number, runs in enumerate(placed_text(data), start=1):
        for x, _y, _size, text in runs:
            if f"— {number} —" in text:
                found[number] = (x, text)
    return found


def test_page_numbers_stand_on_the_outer_side_and_a_fax_says_how_many_pages():
    data = _bytes(DOCUMENTS["bulletin"])
    width = float(PdfReader(io.BytesIO(data)).pages[0].mediabox.upper_right[0])
    numbers = _page_numbers(data)
    assert len(numbers) >= 2
    total = len(numbers)
    for page, (x, text) in numbers.items():
        assert f"共 {total} 页" in text
        if page % 2:
            assert x > width / 2, f"odd page {page} number not on the right"
        else:
            assert x < width / 3, f"even page {page} number not on the left"


def test_a_one_page_notice_has_its_number_on_the_right_without_a_page_count():
    data = _bytes(DOCUMENTS["timeliness"])
    reader = PdfReader(io.BytesIO(data))
    numbers = _page_numbers(data)
    width = float(reader.pages[0].mediabox.upper_right[0])
    assert numbers[1][0] > width / 2
    assert "共" not in numbers[1][1]


def _lines(data: bytes) -> list[list[str]]:
    return [["".join(text.split()) for _x, _y, _size, text in runs] for runs in placed_text(data)]


@pytest.mark.parametrize("name", ["rollcall", "timeliness", "call_stats"])
def test_notices_and_statistics_have_recipients_official_margins_and_an_imprint(name):
    data = _bytes(DOCUMENTS[name])
    pages = _lines(data)
    first = pages[0]
    assert any(line.endswith("：") and line.startswith("各") for line in first[:6]), first[:6]  # 主送
    last = "".join(pages[-1])
    if name != "rollcall":  # the roll-call's 抄送 is what the officer entered (none in this sample)
        assert last.index("抄送：本办领导") < last.rindex("某某市人民政府办公室") < last.index("2026年12月2日印发")
    assert "印发" in last and "印发" not in "".join("".join(p) for p in pages[:-1])
    # GB/T 9704: the text block starts 28 mm from the left edge and 37 mm from the top.
    runs = placed_text(data)[0]
    height = float(PdfReader(io.BytesIO(data)).pages[0].mediabox.upper_right[1])
    body = [(x, y, size) for x, y, size, text in runs if text.strip() != "内部资料"]
    assert min(x for x, _y, _s in body) == pytest.approx(28 * mm, abs=0.5 * mm)
    top = max(y + 0.9 * size for _x, y, size in body)
    assert height - top >= 36 * mm


def test_a_bulletins_imprint_never_stands_alone_on_its_page():
    bulletin = make_bulletin()
    for extra in range(0, 6):  # narratives ending at every point of a page
        text = bulletin.narrative + "\n" + "\n".join(["事态得到有效控制，现场秩序良好，无次生灾害发生。"] * extra)
        data = _bytes(lambda out, text=text: build_bulletin_pdf(replace(make_bulletin(), narrative=text), out))
        pages = _lines(data)
        last = pages[-1]
        at = next(i for i, line in enumerate(last) if line.startswith("报："))
        words = [line for line in last[:at] if "—" not in line]
        assert words, f"{extra}: the 版记 stands alone on page {len(pages)}"
