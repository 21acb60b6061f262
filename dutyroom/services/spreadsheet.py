"""The one way the program writes an Excel workbook: text cleaned, never a formula, written whole.

Every export (calls, roster, roll-call results) passes its cell values through `cell_text` or its
finished sheets through `guard_sheet`, and saves with `save_workbook`:
- characters XML 1.0 cannot carry (control characters, U+FFFE/U+FFFF, lone surrogates) are dropped,
  since one of them makes the whole .xlsx unreadable while the export still "succeeds";
- text beginning with "=" stays text: a name typed as "=HYPERLINK(…)" must not become a live formula;
- the file is written beside the target and renamed into place (dutyroom.outputs.replacing).
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

from dutyroom.outputs import replacing

#: the widest date and time the exports write, as Excel and WPS show them
WIDEST_DATE = "2026年12月31日"
WIDEST_DAY = "2026-12-31"
WIDEST_MINUTE = "2026-12-31 23:59"
# Column widths are counted in the default font's "0". A Chinese character is about two of them in Excel's
# 等线/Calibri and WPS's 宋体, a little more at some zoom levels; a margin keeps "####" away.
_WIDE, _NARROW, _MARGIN = 2.2, 1.15, 2

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def display_width(text: str) -> float:
    """How many "0"-widths a spreadsheet needs to show `text` on one line."""
    return sum(_WIDE if unicodedata.east_asian_width(ch) in "WF" else _NARROW for ch in text)


def column_width(*texts: str, at_least: float = 0, at_most: float = 60) -> float:
    """A column width that shows the widest of `texts` whole (a long text past `at_most` wraps instead)."""
    return min(at_most, max(at_least, math.ceil(max((display_width(t) for t in texts), default=0)) + _MARGIN))


def page_for_print(sheet, *, title_rows: str) -> None:
    """A4 landscape, all columns on one page wide, `title_rows` (e.g. "1:1") printed on every page.
    On a write-only sheet call it before the first row: the sheet's properties are written with it."""
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = title_rows


def cell_text(value):
    """A value ready for a cell: strings cleaned of what XML cannot hold; other values unchanged."""
    return _NOT_IN_XML.sub("", value) if isinstance(value, str) else value


def guard_sheet(sheet) -> None:
    """Clean every string cell of a (not write-only) sheet and keep text that looks like a formula as text."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                text = cell_text(cell.value)
                if text != cell.value:
                    cell.value = text
                if text.startswith("="):
                    cell.data_type = "s"


def save_workbook(book, path: Path) -> None:
    for sheet in getattr(book, "worksheets", []):
        if hasattr(sheet, "iter_rows") and not getattr(book, "write_only", False):
            guard_sheet(sheet)
    with replacing(Path(path)) as temp:
        book.save(temp)
