"""Spreadsheet rows as people really type them: headers with variants, cells in many spellings.

Pure functions: bytes or cell values in, text and typed values out. Reading files is the importer's job.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from dutyroom.errors import DutyRoomError

# Columns that spreadsheets carry for people's own bookkeeping; they hold nothing to import.
IGNORED_HEADERS = frozenset({"序号", "编号", "备注", "说明"})
_HEADER_NOISE = re.compile(r"\((必填|选填|可选|必须)\)|[*:：]")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    def names(self) -> set[str]:
        return {normalize_header(n) for n in (self.label, *self.aliases)}


@dataclass
class Sheet:
    """The header row and the non-blank rows under it, numbered as the spreadsheet numbers them."""

    header: list[str]
    header_row: int
    rows: list[tuple[int, list[str]]]


def cell_text(value: object) -> str:
    """One cell as the text a person sees in it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value).strip()


def sheet_from_rows(rows: Iterable[Sequence[object]], columns: Sequence[Column] = ()) -> Sheet:
    """The header is the first non-blank row, or, when a title row sits above it (“临江区值班人员名单”),
    the first of the top rows that names a required column. Blank rows are skipped; numbers are kept."""
    numbered = [(n, [cell_text(v) for v in raw]) for n, raw in enumerate(rows, start=1)]
    numbered = [(n, cells) for n, cells in numbered if any(cells)]
    if not numbered:
        raise DutyRoomError("文件是空的：没有表头，也没有数据")
    required = set().union(*(c.names() for c in columns if c.required)) if columns else set()
    start = 0
    for index, (_, cells) in enumerate(numbered[:10]):
        if required & {normalize_header(c) for c in cells}:
            start = index
            break
    header_row, header = numbered[start]
    return Sheet(header=header, header_row=header_row, rows=numbered[start + 1:])


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030 as Excel in China saves it."""
    if data.startswith(b"PK\x03\x04"):
        raise DutyRoomError("文件扩展名是 .csv，但内容是 Excel 工作簿，请把扩展名改为 .xlsx 后再导入")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DutyRoomError("无法识别文件的文字编码，请在 Excel 中另存为“CSV UTF-8”或普通 CSV 后再导入")


def parse_csv(text: str) -> list[list[str]]:
    if "\x00" in text:
        raise DutyRoomError("这不是文本格式的 CSV 文件（含有二进制内容）")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", "\t", ";"), key=first.count) if first else ","
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise DutyRoomError(f"CSV 文件格式有误：{exc}") from None


def normalize_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = _HEADER_NOISE.sub("", text)
    return re.sub(r"\s+", "", text)


def map_headers(header: list[str], columns: Sequence[Column]) -> dict[str, int]:
    """column key -> index in the row. One clear error naming what was found and what is expected."""
    by_name = {name: col for col in columns for name in col.names()}
    mapping: dict[str, int] = {}
    unknown: list[str] = []
    twice: list[str] = []
    for index, raw in enumerate(header):
        name = normalize_header(raw)
        if not name or name in IGNORED_HEADERS:
            continue
        col = by_name.get(name)
        if col is None:
            unknown.append(raw.strip())
        elif col.key in mapping:
            twice.append(col.label)
        else:
            mapping[col.key] = index
    missing = [c.label for c in columns if c.required and c.key not in mapping]
    if missing or unknown or twice:
        problems = []
        if missing:
            problems.append("缺少" + "、".join(f"“{m}”" for m in missing))
        if unknown:
            problems.append("无法识别" + "、".join(f"“{u}”" for u in unknown))
        if twice:
            problems.append("重复的列" + "、".join(f"“{t}”" for t in twice))
        found = "、".join(h.strip() for h in header if h.strip()) or "（无）"
        expected = "、".join(c.label + ("（必填）" if c.required else "") for c in columns)
        raise DutyRoomError(f"表头不对：{'；'.join(problems)}。文件中的表头：{found}；可用的表头：{expected}")
    return mapping


def row_values(cells: list[str], header: list[str],
               mapping: dict[str, int]) -> tuple[dict[str, str], list[str]]:
    """The row's text per column key, and the contents of cells that sit under no header at all."""
    values = {key: (cells[i].strip() if i < len(cells) else "") for key, i in mapping.items()}
    stray = [c for i, c in enumerate(cells) if c.strip() and (i >= len(header) or not header[i].strip())]
    return values, stray


# -- cell values --------------------------------------------------------------------------------
_TRUE = {"启用", "是", "1", "正常", "在用", "有效", "true", "yes", "y", "√", "✓"}
_FALSE = {"停用", "否", "0", "禁用", "无效", "false", "no", "n", "×", "✗"}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")


def parse_bool(text: str) -> bool:
    value = unicodedata.normalize("NFKC", text).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(text)


def parse_int(text: str) -> int:
    value = unicodedata.normalize("NFKC", text).strip()
    number = float(value)
    if not number.is_integer():
        raise ValueError(text)
    return int(number)


#: the years a duty record can belong to; 0000 or 9999 is a typing slip, and near the ends of the
#: calendar a shift or a time zone would step outside what a date can hold
YEARS = range(1900, 3000)


def _plausible(year: int, text: str) -> None:
    if year not in YEARS:
        raise ValueError(f"{text}（年份应在 {YEARS.start}—{YEARS.stop - 1} 之间）")


def parse_date(text: str) -> date:
    value = unicodedata.normalize("NFKC", text).strip()
    if re.fullmatch(r"\d{8}", value):
        _plausible(int(value[:4]), text)
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    match = _DATE.match(value)
    if not match:
        raise ValueError(text)
    _plausible(int(match.group(1)), text)
    return date(*(int(g) for g in match.groups()))


_DATETIME = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?\s*[T ]?\s*"
                       r"(\d{1,2})\s*[:时點点]\s*(\d{1,2})\s*分?\s*(?:[:]?\s*(\d{1,2})\s*秒?)?$")
_EXCEL_EPOCH = datetime(1899, 12, 30)


def parse_datetime(text: str) -> datetime:
    """A wall-clock date and time as typed (naive): 2026-11-03 14:05, 2026/11/3 14:05,
    2026年11月3日14时05分, or an Excel serial number such as 46329.5868."""
    value = unicodedata.normalize("NFKC", str(text)).strip()
    if re.fullmatch(r"\d{5}(\.\d+)?", value):
        serial = float(value)
        if not 20000 <= serial <= 80000:
            raise ValueError(text)
        moment = _EXCEL_EPOCH + timedelta(days=serial)
        return (moment + timedelta(seconds=30)).replace(second=0, microsecond=0)  # Excel stores minutes inexactly
    match = _DATETIME.match(value)
    if not match:
        raise ValueError(text)
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    _plausible(year, text)
    return datetime(year, month, day, hour, minute, second)


Choice = TypeVar("Choice")


def parse_choice(text: str, choices: Mapping[str, Choice]) -> Choice:
    """`choices` maps every accepted spelling to its value."""
    value = unicodedata.normalize("NFKC", text).strip()
    if value in choices:
        return choices[value]
    raise ValueError(text)


def read_table_rows(path) -> list[tuple]:
    """Cell values of a .csv file, or of the first worksheet of an .xlsx file, top row first.

    Every importer reads files through here, so they all refuse the same things with the same words.
    """
    from pathlib import Path

    path = Path(path)
    if not path.exists():
        raise DutyRoomError(f"找不到文件：{path}")
    if path.is_dir():
        raise DutyRoomError(f"这是一个文件夹，不是文件：{path}")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [tuple(row) for row in parse_csv(decode_csv(path.read_bytes()))]
    if suffix in (".xls", ".et", ".wps"):
        raise DutyRoomError(f"不支持旧版 {suffix} 格式，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入")
    if suffix not in (".xlsx", ".xlsm"):
        raise DutyRoomError(f"只能导入 .xlsx 或 .csv 文件：{path.name}")
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and key errors for damaged or encrypted files
        raise DutyRoomError(f"无法读取 Excel 文件 {path.name}（文件损坏、加密或不是 .xlsx）：{exc}") from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some programs write a wrong size into the file; this sees every row
        return list(sheet.iter_rows(min_row=1, values_only=True))
    finally:
        book.close()


@dataclass(frozen=True)
class Refused:
    """The rows an import with skip_invalid left out, and the file they were written to (beside the source)."""

    rows: tuple[tuple[int, str], ...] = ()
    file: str = ""
    header_row: int = 0  # the source's header row, to show a preview of the file

    def summary(self) -> str:
        if not self.rows:
            return ""
        where = f"，这些行和原因已写入 {self.file}" if self.file else ""
        return f"；跳过有误的 {len(self.rows)} 行{where}"
