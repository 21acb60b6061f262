"""An office's own roster spreadsheet (值班表.xlsx / .csv) read into one row per day, names per position.

Offices keep the roster in Excel in many shapes: a title row above the header ("2026年12月值班表"),
日期 as a real Excel date or typed as 2026-12-01, 2026/12/1 or just 12月1日, several names in one
cell (王建国、李海燕), a weekday or phone column, notes and signature lines under the table. Every
bad row is collected and reported at once (ImportRejected); matching names to people is the
importing service's job.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dutyroom.domain.tabular import (
    Column,
    cell_text,
    map_headers,
    parse_date,
    read_table_rows,
    row_values,
    sheet_from_rows,
)
from dutyroom.errors import DutyRoomError, ImportRejected

POSITIONS = ("leaders", "officers", "standby")
COLUMNS = (
    Column("day", "日期", ("值班日期", "时间"), required=True),
    Column("leaders", "带班领导", ("带班", "领导", "值班领导", "带班领导姓名")),
    Column("officers", "值班员", ("值班人员", "值班", "值班人", "值班员姓名")),
    Column("standby", "备班", ("备勤", "备班人员", "备勤人员")),
    Column("shift", "班次", ("班别",)),
    # Columns a printed roster carries beside the names; nothing in them is imported.
    Column("weekday", "星期", ("周", "星期几")),
    Column("phone", "联系电话", ("电话", "手机", "联系方式", "值班电话", "手机号码")),
    Column("special", "特殊时期", ()),
)
_NAME_SEPARATORS = re.compile(r"[、，,/／;；\s]+")
_PLACEHOLDERS = {"", "-", "—", "——", "－", "无", "空", "/"}
_PHONE = re.compile(r"[\d\-()（）]{5,}")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[月/\-]\s*(\d{1,2})\s*日?$")
_WEEKDAY_SUFFIX = re.compile(r"[\s(（]*(星期|周|礼拜)[一二三四五六日天][)）]?\s*$")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# A row whose first filled cell starts like this is a note or a signature line under the table.
_NOTE_STARTS = ("注", "备注", "说明", "附", "制表", "审核", "签发", "联系", "值班电话", "值班室")


@dataclass(frozen=True)
class SheetRow:
    row_number: int  # as the spreadsheet numbers it
    day: date
    leaders: list[str]
    officers: list[str]
    standby: list[str]


@dataclass(frozen=True)
class RosterSheet:
    """The day rows that could be read, the rows that could not (number, reason), and where the header is."""

    rows: list[SheetRow]
    rejected: list[tuple[int, str]]
    header_row: int
    total: int


def split_names(text: str) -> list[str]:
    """Names in one cell: separated by 、，, / ; or spaces; phone numbers typed beside them dropped."""
    text = unicodedata.normalize("NFKC", text or "")
    names = []
    for token in _NAME_SEPARATORS.split(text):
        token = _PHONE.sub("", token).strip()
        if token not in _PLACEHOLDERS and token not in names:
            names.append(token)
    return names


def sheet_year(title_rows: Sequence[Sequence[object]], file_name: str = "") -> int | None:
    """The year of a title above the header ("2026年12月值班表"), else of the file's name."""
    for row in title_rows:
        for value in row:
            if match := _TITLE_YEAR.search(cell_text(value)):
                return int(match.group(1))
    match = _TITLE_YEAR.search(file_name)
    return int(match.group(1)) if match else None


def parse_day(text: str, year: int | None) -> date:
    """2026-12-01, 2026/12/1, 2026年12月1日, 20261201, or 12月1日 / 12/1 in `year`; a weekday after
    the date ("12月1日（星期二）") is allowed. ValueError with the Chinese reason otherwise."""
    value = _WEEKDAY_SUFFIX.sub("", unicodedata.normalize("NFKC", text).strip())
    try:
        return parse_date(value)
    except ValueError:
        pass
    match = _MONTH_DAY.match(value)
    if match is None:
        raise ValueError(f"日期“{text}”无法识别（可写作 2026-12-01、2026/12/1 或 12月1日）")
    if year is None:
        raise ValueError(f"日期“{text}”没有年份：请写成 2026-12-01，或在表头上方加一行“2026年12月值班表”")
    try:
        return date(year, int(match.group(1)), int(match.group(2)))
    except ValueError:
        raise ValueError(f"日期“{text}”不存在") from None


def _is_note(cells: list[str]) -> bool:
    """A note or a signature line under the table, whichever column it was typed in."""
    first = next((c.strip() for c in cells if c.strip()), "")
    return unicodedata.normalize("NFKC", first).startswith(_NOTE_STARTS)


def parse_roster_rows(rows: Sequence[Sequence[object]], *, file_name: str = "",
                      default_year: int | None = None) -> list[SheetRow]:
    """The day rows of a roster sheet given as cell values, top row first (see parse_roster_file)."""
    sheet = read_roster_rows(rows, file_name=file_name, default_year=default_year)
    if sheet.rejected:
        raise ImportRejected(sheet.rejected, sheet.total)
    if not sheet.rows:
        raise DutyRoomError(f"文件中只有表头（第 {sheet.header_row} 行），没有带日期的值班行")
    return sheet.rows


def read_roster_rows(rows: Sequence[Sequence[object]], *, file_name: str = "",
                     default_year: int | None = None) -> RosterSheet:
    """Like parse_roster_rows, but the rows it cannot read are returned with their reasons, not raised."""
    sheet = sheet_from_rows(rows, COLUMNS)
    mapping = map_headers(sheet.header, COLUMNS)
    if not any(key in mapping for key in POSITIONS):
        found = "、".join(h.strip() for h in sheet.header if h.strip())
        raise DutyRoomError(f"表头不对：没有“带班领导”“值班员”或“备班”列。文件中的表头：{found}")
    year = sheet_year(rows[: sheet.header_row - 1], file_name) or default_year
    if "shift" in mapping:
        column = mapping["shift"]
        named = (cells[column].strip() for _, cells in sheet.rows if column < len(cells))
        shifts = [name for name in dict.fromkeys(named) if name]
        if len(shifts) > 1:
            raise DutyRoomError(f"这份值班表每天分几个班次（{'、'.join(shifts)}），目前只能导入每天一班的值班表")
    result: list[SheetRow] = []
    rejected: list[tuple[int, str]] = []
    first_row_of: dict[date, int] = {}
    total = 0
    for number, cells in sheet.rows:
        values, _stray = row_values(cells, sheet.header, mapping)
        text = values["day"]
        people = {key: split_names(values.get(key, "")) for key in POSITIONS}
        has_people = any(people.values())
        if _is_note(cells) or (not has_people and not _looks_like_a_date(text)):
            continue  # a note, a signature line, or an empty row
        total += 1
        if not text:
            rejected.append((number, "有值班人员但没有日期"))
            continue
        try:
            day = parse_day(text, year)
        except ValueError as exc:
            rejected.append((number, str(exc)))
            continue
        if day in first_row_of:
            rejected.append((number, f"日期 {day.isoformat()} 重复（第 {first_row_of[day]} 行已有这一天）"))
            continue
        first_row_of[day] = number
        result.append(SheetRow(number, day, people["leaders"], people["officers"], people["standby"]))
    return RosterSheet(result, rejected, sheet.header_row, total)


def _looks_like_a_date(text: str) -> bool:
    """Digits in the 日期 cell: a date, perhaps a mistyped one, never a note (notes are skipped)."""
    return any(ch.isdigit() for ch in unicodedata.normalize("NFKC", text))


def parse_roster_file(path: str | Path, *, default_year: int | None = None) -> list[SheetRow]:
    """Read an office's roster (.xlsx or .csv): one SheetRow per dated row, in the file's order.

    The year of a 12月1日-style date comes from a title above the header, else from the file's
    name, else `default_year`. Raises DutyRoomError for an unreadable file or header, and
    ImportRejected listing every bad row (unreadable or missing date, a date given twice).
    """
    path = Path(path)
    return parse_roster_rows(read_table_rows(path), file_name=path.stem, default_year=default_year)


def read_roster_file(path: str | Path, *, default_year: int | None = None) -> RosterSheet:
    path = Path(path)
    return read_roster_rows(read_table_rows(path), file_name=path.stem, default_year=default_year)
