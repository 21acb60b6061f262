"""What every import does with its bad rows: refuse the file (the default), or, with skip_invalid,
import the good rows and write the refused ones beside the source file with a 原因 column.

The refused rows are copied from the source as they were typed (same header, same cells), so the
officer can correct FILE.rejected.xlsx (or .csv) and import it again; it holds only rows that were
not imported, so importing the corrected file adds nothing twice.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from dutyroom.domain.tabular import Refused, cell_text, read_table_rows
from dutyroom.errors import ImportRejected
from dutyroom.outputs import replacing
from dutyroom.services.spreadsheet import cell_text as xml_safe
from dutyroom.services.spreadsheet import save_workbook

REASON = "原因"


class Checked(Exception):  # noqa: N818 - not an error: how a dry run leaves the import's transaction
    """A dry run's answer: every row checked, nothing written (raised to roll back what was read)."""

    def __init__(self, refused: Refused, total: int):
        super().__init__(f"{len(refused.rows)} of {total} rows refused")
        self.refused = refused
        self.total = total


def check_only(run) -> Checked:
    """Run an import with dry_run=True and return what it found: which rows would be refused, and why."""
    try:
        run()
    except Checked as checked:
        return checked
    raise RuntimeError("the import did not check its rows")  # pragma: no cover - every importer settles


def settle(source: str | Path, header_row: int, rejected: Sequence[tuple[int, str]], total: int,
           skip_invalid: bool, dry_run: bool = False) -> Refused:
    """Raise ImportRejected for bad rows unless skip_invalid; else write them out and say where.
    A dry run raises Checked instead, before anything is written."""
    rows = tuple(sorted(rejected))
    if dry_run:
        raise Checked(Refused(rows=rows, header_row=header_row), total)
    if not rows:
        return Refused()
    if not skip_invalid:
        raise ImportRejected(list(rows), total)
    return Refused(rows=rows, file=str(write_rejected(Path(source), header_row, rows)), header_row=header_row)


def rejected_path(source: Path) -> Path:
    suffix = ".csv" if source.suffix.lower() == ".csv" else ".xlsx"
    return source.with_name(f"{source.stem}.rejected{suffix}")


def write_rejected(source: Path, header_row: int, rows: Sequence[tuple[int, str]]) -> Path:
    """FILE.rejected.xlsx/.csv: the source's header plus 原因, then each refused row with its reason."""
    raw = read_table_rows(source)
    header = [cell_text(v) for v in raw[header_row - 1]] if 0 < header_row <= len(raw) else []
    while header and not header[-1]:
        header.pop()
    width = max([len(header), *(len(_trimmed(raw[n - 1])) for n, _ in rows if 0 < n <= len(raw))])
    table: list[list[object]] = [[*header, *[""] * (width - len(header)), REASON]]
    for number, reason in rows:
        cells = list(_trimmed(raw[number - 1])) if 0 < number <= len(raw) else []
        table.append([*cells, *[None] * (width - len(cells)), f"第 {number} 行：{reason}"])
    target = rejected_path(source)
    if target.suffix == ".csv":
        text = io.StringIO()
        csv.writer(text).writerows([[cell_text(v) for v in row] for row in table])
        with replacing(target) as temp:
            temp.write_text(text.getvalue(), encoding="utf-8-sig")  # BOM: Excel in China opens it as UTF-8
        return target
    from openpyxl import Workbook  # heavy, and only needed when rows were refused
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.worksheets[0]
    for row in table:
        sheet.append([xml_safe(v) for v in row])
    sheet.column_dimensions[get_column_letter(len(table[0]))].width = 60  # the reason is read in full
    save_workbook(book, target)
    return target


def _trimmed(cells) -> tuple:
    cells = tuple(cells)
    while cells and (cells[-1] is None or cell_text(cells[-1]) == ""):
        cells = cells[:-1]
    return cells
