"""The telephone log as an Excel workbook, written row by row (write-only mode: memory stays flat): oldest
first as a ledger reads, a filter on every column, printed landscape one page wide with the header on each page.

The headers are the import's own first names (services/call_import.py), so an exported file imports
again; numbers are shown readably and times in the office's zone, as real Excel dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from dutyroom.domain.phones import format_number
from dutyroom.domain.vocabulary import CallDirection, CallerKind, CallOutcome, FollowUpStatus
from dutyroom.errors import DutyRoomError
from dutyroom.services.spreadsheet import (
    WIDEST_DAY,
    WIDEST_MINUTE,
    cell_text,
    column_width,
    page_for_print,
    save_workbook,
)
from dutyroom.store.models import Call

#: what the export writes, in order
EXPORT_HEADERS = ("来电时间", "结束时间", "方向", "来电人", "来电号码", "来电单位", "来电人类别", "类别", "内容摘要",
                  "处理情况", "处理说明", "承办单位", "反馈时限", "状态", "反馈情况", "反馈时间", "办结时间", "领导批示",
                  "苗头性", "普遍性", "值班员")
_WIDTHS = (17, 17, 6, 10, 16, 20, 10, 10, 60, 14, 30, 18, 12, 8, 30, 17, 17, 24, 7, 7, 10)
#: what the widest value of a column looks like, where that is more than its header: times and dates
_WIDEST = {"来电时间": WIDEST_MINUTE, "结束时间": WIDEST_MINUTE, "反馈时间": WIDEST_MINUTE, "办结时间": WIDEST_MINUTE,
           "反馈时限": WIDEST_DAY, "来电号码": "0571-8705 1234-123"}
#: the long texts, wrapped in their cells
_WRAPPED = frozenset(EXPORT_HEADERS.index(h) for h in ("内容摘要", "处理说明", "反馈情况", "领导批示"))


def _local(instant: datetime | None, office) -> datetime | None:
    """A naive office-local time: Excel has no time zones, and shows it as the office reads it."""
    return instant.astimezone(office).replace(tzinfo=None, second=0, microsecond=0) if instant else None


def export_values(row: Call, office, instruction: str = "") -> list:
    return [_local(row.started_at, office), _local(row.ended_at, office), CallDirection(row.direction).label,
            row.caller_name, format_number(row.caller_number), row.caller_unit, CallerKind(row.caller_kind).label,
            row.category, row.summary, CallOutcome(row.outcome).label, row.outcome_note, row.assigned_unit,
            row.due_on, FollowUpStatus(row.follow_status).label if row.follow_status else "", row.feedback,
            _local(row.feedback_at, office), _local(row.closed_at, office), instruction,
            "是" if row.early_warning else "", "是" if row.widespread else "", row.officer]


def write_xlsx(path: Path, pages: Iterable[list[tuple[Call, str]]], office) -> int:
    """Write the calls of `pages` (lists of detached rows, each with its 领导批示) to `path`; returns how many."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    if path.suffix.lower() != ".xlsx":
        raise DutyRoomError(f"只能导出为 .xlsx 文件：{path.name}")
    book = Workbook(write_only=True)
    sheet = book.create_sheet("来电登记")
    for index, (label, width) in enumerate(zip(EXPORT_HEADERS, _WIDTHS, strict=True), start=1):
        # The header in one line (with the filter's arrow), every time and date whole: never "####".
        sheet.column_dimensions[get_column_letter(index)].width = column_width(label + "▼", _WIDEST.get(label, ""),
                                                                              at_least=width)
    sheet.freeze_panes = "A2"
    page_for_print(sheet, title_rows="1:1")  # before the first row: a write-only sheet writes its properties then
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    head = []
    for label in EXPORT_HEADERS:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    count = 0
    for page in pages:
        for row, instruction in page:
            values = export_values(row, office, instruction)
            sheet.append([_cell(sheet, index, value, wrap) for index, value in enumerate(values)])
            count += 1
    # A filter on every column, over exactly the rows written (known only now; written when the book is saved).
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(EXPORT_HEADERS))}{count + 1}"
    save_workbook(book, path)
    return count


def _cell(sheet, index: int, value, wrap):
    """Plain text as it is (cheap); a cell object where it needs a format, wrapping or protection."""
    value = cell_text(value)
    formula_like = isinstance(value, str) and value.startswith("=")
    if isinstance(value, str) and not formula_like and index not in _WRAPPED:
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if formula_like:
        cell.data_type = "s"  # text typed as "=…" stays text, never a formula Excel would run
    elif isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif value is not None and not isinstance(value, str):
        cell.number_format = "yyyy-mm-dd"
    if index in _WRAPPED:
        cell.alignment = wrap
    return cell
