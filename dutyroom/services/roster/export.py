"""The duty roster as files for other programs: an Excel workbook and iCalendar (.ics) files.

Pure functions over the plain roster records: no database, no clock (the caller passes the instant
an export is made). The wording it shares with the printed roster is in roster/records.py.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import BinaryIO

from dutyroom.domain.localtime import to_local
from dutyroom.outputs import replacing
from dutyroom.services.roster.records import (
    ChangeRecord,
    RosterDay,
    RosterMonth,
    RosterShift,
    everyone,
    is_rest_day,
    names,
    phone_entries,
    roster_title,
    weekday_text,
)
from dutyroom.services.spreadsheet import WIDEST_DATE, column_width, guard_sheet, page_for_print

PRODID = "-//DutyRoom//DutyRoom Roster//ZH"  # ASCII: some calendar importers choke on more
PHONE_SEPARATOR = "；"
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)


@contextmanager
def _binary(out: str | os.PathLike | BinaryIO):
    """A file object to write to: a path is written beside itself and renamed into place when done."""
    if isinstance(out, (str, os.PathLike)):
        with replacing(Path(out)) as temp, open(temp, "wb") as fh:
            yield fh
    else:
        yield out


# -- Excel ----------------------------------------------------------------------------------------
_XLSX_WIDTHS = {"日期": 12, "星期": 12, "班次": 8, "带班领导": 12, "值班员": 18, "备班": 12, "联系电话": 48,
                "特殊时期": 14}


def _width(sheet, index: int, column: str) -> float:
    """Wide enough for the header, every date (2026年12月31日) and the longest name list; the phone list wraps."""
    if column == "日期":
        return column_width(column, WIDEST_DATE)
    texts = [str(row[0].value or "") for row in sheet.iter_rows(min_row=2, min_col=index, max_col=index)]
    return column_width(*texts, at_least=_XLSX_WIDTHS[column], at_most=_XLSX_WIDTHS[column] if column == "联系电话" else 40)


def xlsx_columns(month: RosterMonth) -> list[str]:
    columns = ["日期", "星期"]
    if any(len(d.shifts) > 1 for d in month.days):
        columns.append("班次")
    columns += ["带班领导", "值班员", "备班", "联系电话"]
    if any(d.special_period.strip() for d in month.days):
        columns.append("特殊时期")
    return columns


def _xlsx_row(columns: list[str], day: RosterDay, shift: RosterShift | None) -> list:
    values = {
        "日期": day.day,
        "星期": weekday_text(day),
        "班次": shift.shift_name if shift else "",
        "带班领导": names(shift.leaders) if shift else "",
        "值班员": names(shift.officers) if shift else "",
        "备班": names(shift.standby) if shift else "",
        "联系电话": PHONE_SEPARATOR.join(e.replace("\u00a0", " ") for e in phone_entries(shift)),
        "特殊时期": day.special_period,
    }
    return [values[c] for c in columns]


def roster_to_xlsx(month: RosterMonth, out: str | os.PathLike | BinaryIO) -> None:
    """The month as an Excel sheet: the printed roster's columns under a title row, one row per shift.

    Every row carries its date (a real Excel date), so the sheet sorts and filters; rest days and
    holidays are shaded and say 休/班 in the 星期 column. The sheet prints landscape on one page wide.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    columns = xlsx_columns(month)
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook always has its one worksheet active
    sheet.title = f"{month.year}年{month.month}月"
    sheet.append([roster_title(month)])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    sheet.append(columns)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="E6E6E6")
    rest_fill = PatternFill("solid", fgColor="E0E0E0")
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = head_fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center")
    left_aligned = {"联系电话"}
    for day in month.days:
        for shift in day.shifts or (None,):
            sheet.append(_xlsx_row(columns, day, shift))
            for column, cell in zip(columns, sheet[sheet.max_row], strict=True):
                cell.border = border
                cell.alignment = Alignment(horizontal="left" if column in left_aligned else "center",
                                           vertical="center", wrap_text=True)
                if column == "日期":
                    cell.number_format = 'yyyy"年"m"月"d"日"'
                if is_rest_day(day):
                    cell.fill = rest_fill
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(sheet, index, column)
    sheet.freeze_panes = "A3"
    page_for_print(sheet, title_rows="2:2")
    guard_sheet(sheet)
    with _binary(out) as fh:
        book.save(fh)


# -- iCalendar (RFC 5545) -------------------------------------------------------------------------
def ics_escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold one content line into lines of at most 75 octets of UTF-8 (RFC 5545 §3.1), each
    continuation starting with a space; a multi-byte character is never split. CRLF-terminated."""
    parts: list[str] = []
    current, size, limit = "", 0, 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = " ", 1, 75  # the leading space counts toward the 75
        current += ch
        size += width
    parts.append(current)
    return "".join(p + "\r\n" for p in parts)


def ics_time(instant: datetime) -> str:
    if instant.tzinfo is None:
        raise ValueError("iCalendar times need an aware datetime")
    return instant.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _role_of(shift: RosterShift, person_id: int) -> str | None:
    for label, people in (("带班", shift.leaders), ("值班", shift.officers), ("备班", shift.standby)):
        if any(p.person_id == person_id for p in people):
            return label
    return None


def _local(instant: datetime, zone: str) -> str:
    local = to_local(instant, zone)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def _description(shift: RosterShift, zone: str) -> str:
    lines = [
        f"班次：{shift.shift_name}",
        f"接班：{_local(shift.starts_at, zone)}　交班：{_local(shift.ends_at, zone)}",
    ]
    for label, people in (("带班领导", shift.leaders), ("值班员", shift.officers), ("备班", shift.standby)):
        if people:
            listed = "、".join(f"{p.name} {p.phone.strip()}" if p.phone.strip() else p.name for p in people)
            lines.append(f"{label}：{listed}")
    return "\n".join(lines)


def _summary(shift: RosterShift, role: str | None) -> str:
    if role is not None:  # the person's own calendar: what they do
        return f"{role}：{shift.shift_name}"
    officers = names(shift.officers) or "（未排）"
    leader = f"（带班：{names(shift.leaders)}）" if shift.leaders else ""
    return f"值班：{shift.shift_name} {officers}{leader}"


def uid_domain(office_name: str) -> str:
    """The right-hand side of every UID, one per office: two offices' rosters in one calendar never collide.
    ASCII (calendar programs mangle more), derived from the office's name so every export agrees."""
    return f"{hashlib.sha1(office_name.strip().encode('utf-8')).hexdigest()[:12]}.dutyroom.invalid"


def sequence(stamp: datetime) -> int:
    """SEQUENCE (RFC 5545 §3.8.7.4) as the minute of the export since 2020: it only grows, so a calendar
    takes every new export (after a 调班: other people, or the shift cancelled) as the newer version."""
    return max(0, int((stamp - SEQUENCE_EPOCH).total_seconds() // 60))


def released_shifts(person_name: str, changes: list[ChangeRecord], shifts: list[RosterShift],
                    person_id: int) -> list[RosterShift]:
    """The shifts `person_name` was moved out of by a 调班/代班 that still stands, and no longer holds:
    their calendar gets these as cancelled, so the old event disappears instead of staying beside the new."""
    by_cell = {(s.day, s.shift_name): s for s in shifts}
    out: dict[tuple, RosterShift] = {}
    for change in changes:
        if change.undone_at is not None:
            continue
        cells = [(change.day, change.person_before)]
        if change.other_day is not None:  # a swap: the other cell went the other way
            cells.append((change.other_day, change.person_after))
        for day, before in cells:
            shift = by_cell.get((day, change.shift_name))
            if before == person_name and shift is not None and _role_of(shift, person_id) is None:
                out[(shift.day, shift.shift_id)] = shift
    return sorted(out.values(), key=lambda s: (s.starts_at, s.shift_id))


def _alarm(minutes: int | None, summary: str) -> list[str]:
    if not minutes:
        return []
    return ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{ics_escape(summary)}", f"TRIGGER:-PT{int(minutes)}M",
            "END:VALARM"]


def roster_to_ics(shifts: list[RosterShift], out: str | os.PathLike | BinaryIO, *, office_name: str,
                  stamp: datetime, person_id: int | None = None, time_zone: str = "Asia/Shanghai",
                  prodid: str = PRODID, remind_minutes: int | None = None,
                  released: Sequence[RosterShift] = ()) -> int:
    """Write an iCalendar file of the shifts (those `person_id` holds, when given); return the event count.

    `stamp` is the instant of the export (DTSTAMP, and SEQUENCE so a new export updates the old one).
    Times are written in UTC, which every calendar program shows in its own zone; the description gives
    the handover times in the office's zone (`time_zone`). UIDs depend only on the office, the day, the
    shift and the person, so a new export of the same roster updates the events already imported instead
    of doubling them; `released` (see released_shifts) go out as cancelled. `remind_minutes` adds a
    reminder (VALARM) that long before each shift.
    """
    if person_id is None:
        mine = [(s, None) for s in shifts]
    else:
        mine = [(s, role) for s in shifts if (role := _role_of(s, person_id)) is not None]
    who = "all" if person_id is None else str(person_id)
    domain = uid_domain(office_name)
    calendar_name = f"{office_name}值班表"
    if person_id is not None:
        person = next((p for s, _ in mine for p in everyone(s) if p.person_id == person_id), None)
        if person is not None:
            calendar_name += f"（{person.name}）"
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{prodid}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(calendar_name)}", f"X-WR-TIMEZONE:{time_zone}",
    ]
    events = [(shift, role, False) for shift, role in mine]
    events += [(shift, None, True) for shift in (released if person_id is not None else ())]
    for shift, role, cancelled in sorted(events, key=lambda item: (item[0].starts_at, item[0].shift_id)):
        summary = f"已调出：{shift.shift_name}" if cancelled else _summary(shift, role)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{shift.day.isoformat()}-{shift.shift_id}-{who}@{domain}",
            f"DTSTAMP:{ics_time(stamp)}",
            f"SEQUENCE:{sequence(stamp)}",
            f"DTSTART:{ics_time(shift.starts_at)}",
            f"DTEND:{ics_time(shift.ends_at)}",
            f"SUMMARY:{ics_escape(summary)}",
        ]
        if cancelled:
            lines += ["STATUS:CANCELLED", "TRANSP:TRANSPARENT", "END:VEVENT"]
            continue
        lines += [
            f"DESCRIPTION:{ics_escape(_description(shift, time_zone))}",
            "STATUS:CONFIRMED",
            "TRANSP:OPAQUE" if role is not None else "TRANSP:TRANSPARENT",
            *_alarm(remind_minutes, summary),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    data = "".join(fold(line) for line in lines).encode("utf-8")
    with _binary(out) as fh:
        fh.write(data)
    return len(mine)


def calendar_shifts(roster, first: date, last: date, person_id: int | None,
                    person_name: str = "") -> tuple[list[RosterShift], list[RosterShift]]:
    """What a calendar export of `first`–`last` holds, read through the roster service: the shifts (of the
    person, when given) and, for a person, the shifts a standing 调班/代班 took away from them."""
    shifts = roster.shifts_between(first, last, person_id=person_id)
    if person_id is None or not person_name:
        return shifts, []
    everyone_shifts = roster.shifts_between(first, last)
    return shifts, released_shifts(person_name, roster.changes(first, last), everyone_shifts, person_id)
