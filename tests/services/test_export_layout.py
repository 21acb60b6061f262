"""Exports an office opens in Excel or WPS (issue 13 item 20): every date and time whole (no "####"), every
header on one line, the telephone log oldest first with a filter and a print setup. Files are read back."""

from __future__ import annotations

from datetime import date, datetime

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from dutyroom.domain.vocabulary import CallOutcome
from dutyroom.services.calls.records import CallFilter, CallRecord
from dutyroom.services.roster.export import roster_to_xlsx
from dutyroom.services.spreadsheet import WIDEST_DATE, display_width
from tests.reports.test_roster_pdf import make_month
from tests.services.calls.test_import import OFFICE


# What Excel shows in a column of width w without "####" or cutting: w "0"-widths, less its own padding.
def fits(text: str, width: float) -> bool:
    return display_width(text) <= width - 1


def widths(sheet) -> dict[str, float]:
    return {get_column_letter(c): sheet.column_dimensions[get_column_letter(c)].width
            for c in range(1, sheet.max_column + 1)}


def test_roster_columns_fit_the_widest_date_and_every_header(tmp_path):
    path = tmp_path / "值班表.xlsx"
    roster_to_xlsx(make_month(shifts="two", officers=2, special="防汛关键期"), path)
    sheet = load_workbook(path).active
    width = widths(sheet)
    assert fits(WIDEST_DATE, width["A"]), width["A"]  # 2026年12月31日 in the 日期 column
    for cell in sheet[2]:
        assert fits(cell.value, width[cell.column_letter]), cell.value
    for row in sheet.iter_rows(min_row=3):
        for cell in row[1:]:
            if cell.value and cell.column_letter != "G":  # 联系电话 wraps in its cell
                assert fits(str(cell.value), width[cell.column_letter]), cell.value
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$2:$2"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1


def test_the_call_export_is_a_ledger_to_print_and_filter(services, actors, tmp_path):
    officer = actors[2]
    for day, text in ((20, "最新的一条"), (3, "最早的一条"), (11, "中间的一条")):
        services.calls.create(officer, CallRecord(started_at=datetime(2026, 11, day, 9, 30, tzinfo=OFFICE),
                                                  summary=text, outcome=CallOutcome.ANSWERED))
    out = tmp_path / "来电.xlsx"
    assert services.calls.export_calls(CallFilter(), out) == 3  # the screen's default order is newest first
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[8] for r in rows[1:]] == ["最早的一条", "中间的一条", "最新的一条"]  # oldest first
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(rows[0]))}4"
    assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.paperSize == 9
    width = widths(sheet)
    for cell in sheet[1]:  # every header on one line, with room for the filter's arrow
        assert fits(cell.value + "▼", width[cell.column_letter]), cell.value
    assert fits("2026-12-31 23:59", width["A"]) and fits(date(2026, 12, 31).isoformat(), width["M"])
