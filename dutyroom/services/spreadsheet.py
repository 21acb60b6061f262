"""The one way the program writes an Excel workbook: text cleaned, never a formula, written whole.

Every export (calls, roster, roll-call results) passes its cell values through `cell_text` or its
finished sheets through `guard_sheet`, and saves with `save_workbook`:
- characters XML 1.0 cannot carry (control characters, U+FFFE/U+FFFF, lone surrogates) are dropped,
  since one of them makes the whole .xlsx unreadable while the export still "succeeds";
- text beginning with "=" stays text: a name typed as "=HYPERLINK(…)" must not become a live formula;
- the file is written beside the target and renamed into place (dutyroom.outputs.replacing).
"""

from __future__ import annotations

import re
from pathlib import Path

from dutyroom.outputs import replacing

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


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
