"""The roster as an Excel workbook and as iCalendar files (RFC 5545), read back the way programs read them."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime, timezone

import pytest
from openpyxl import load_workbook

from dutyroom.domain.roster_sheet import parse_roster_file
from dutyroom.services.roster.export import fold, ics_escape, roster_to_ics, roster_to_xlsx
from dutyroom.services.roster.records import RosterPerson
from tests.reports.test_roster_pdf import LEADERS, OFFICERS, make_month

STAMP = datetime(2026, 9, 25, 1, 2, 3, tzinfo=timezone.utc)


# -- Excel ----------------------------------------------------------------------------------------
def _sheet(month):
    out = io.BytesIO()
    roster_to_xlsx(month, out)
    return load_workbook(io.BytesIO(out.getvalue())).active


def test_xlsx_has_title_header_real_dates_and_frozen_header():
    month = make_month()
    sheet = _sheet(month)
    assert sheet["A1"].value == "某某市人民政府2026年10月值班表"
    assert [c.value for c in sheet[2]] == ["日期", "星期", "带班领导", "值班员", "备班", "联系电话"]
    assert sheet.freeze_panes == "A3"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.column_dimensions["F"].width > sheet.column_dimensions["C"].width
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 31
    first = rows[0]
    assert isinstance(first[0], datetime) and first[0].date() == date(2026, 10, 1)
    assert 'm"月"d"日"' in sheet["A3"].number_format
    assert first[1:5] == ("星期四 国庆节 休", "王建国", "杨文静", "林海")  # the weekday beside the holiday
    assert first[5] == "王建国 139 0000 0001；杨文静 138 0000 0001；林海 137 0000 0001"  # the one phone format
    assert rows[9][1] == "星期六 班"  # 10月10日, a 调休上班 day
    assert rows[14][4] == "何平" and "何平" not in rows[14][5]  # no phone on file: not listed


def test_xlsx_shades_rest_days_only():
    sheet = _sheet(make_month())
    shaded = [row[0].value.day for row in sheet.iter_rows(min_row=3)
              if row[0].fill.fgColor.rgb.endswith("E0E0E0")]
    assert shaded == [1, 2, 3, 4, 5, 6, 7, 11, 17, 18, 24, 25, 31]


def test_xlsx_two_shifts_get_a_shift_column_and_a_row_each():
    sheet = _sheet(make_month(shifts="two", officers=2, special="防汛关键期"))
    header = [c.value for c in sheet[2]]
    assert header == ["日期", "星期", "班次", "带班领导", "值班员", "备班", "联系电话", "特殊时期"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 62
    assert [r[2] for r in rows[:2]] == ["白班", "夜班"]
    assert rows[0][0] == rows[1][0]  # each row carries its date, so the sheet sorts and filters
    assert rows[18][7] == "防汛关键期" and rows[0][7] in (None, "")


def test_exported_workbook_reads_back_as_an_office_roster(tmp_path):
    month = make_month(officers=2)
    path = tmp_path / "值班表.xlsx"
    roster_to_xlsx(month, path)
    rows = parse_roster_file(path)
    assert [r.day for r in rows] == [d.day for d in month.days]
    for row, day in zip(rows, month.days, strict=True):
        shift = day.shifts[0]
        assert row.leaders == [p.name for p in shift.leaders]
        assert row.officers == [p.name for p in shift.officers]
        assert row.standby == [p.name for p in shift.standby]


# -- iCalendar ------------------------------------------------------------------------------------
def _ics(shifts, **kw) -> tuple[bytes, int]:
    out = io.BytesIO()
    count = roster_to_ics(shifts, out, office_name="某某市人民政府", stamp=STAMP, **kw)
    return out.getvalue(), count


def _unfold(data: bytes) -> list[str]:
    """Content lines as a calendar program sees them: CRLF + one space or tab continues a line."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # no bare line feeds
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def _unescape(value: str) -> str:
    out, chars = [], iter(value)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars)
            out.append("\n" if nxt in "nN" else nxt)
        else:
            out.append(ch)
    return "".join(out)


def _events(data: bytes) -> list[dict[str, str]]:
    events, current = [], None
    for line in _unfold(data):
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current[name] = value
    return events


def _shifts(month):
    return [s for d in month.days for s in d.shifts]


def test_whole_roster_calendar_has_one_event_per_shift():
    month = make_month(shifts="two", officers=2)
    data, count = _ics(_shifts(month))
    lines = _unfold(data)
    assert lines[:7] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//DutyRoom//DutyRoom Roster//ZH",
                         "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:某某市人民政府值班表",
                         "X-WR-TIMEZONE:Asia/Shanghai"]
    assert lines[-1] == "END:VCALENDAR"
    events = _events(data)
    assert count == len(events) == 62
    assert len({e["UID"] for e in events}) == 62
    first = events[0]
    assert first["UID"] == "2026-10-01-1-all@dutyroom"
    assert first["DTSTAMP"] == "20260925T010203Z"
    assert first["DTSTART"] == "20261001T003000Z" and first["DTEND"] == "20261001T093000Z"  # 08:30–17:30
    assert _unescape(first["SUMMARY"]) == "值班：白班 杨文静、黄国庆（带班：王建国）"
    description = _unescape(first["DESCRIPTION"])
    assert description.splitlines() == [
        "班次：白班",
        "接班：10月1日 08:30　交班：10月1日 17:30",
        "带班领导：王建国 13900000001",
        "值班员：杨文静 13800000001、黄国庆 13800000002",
        "备班：林海 13700000001",
    ]
    night = events[1]
    assert night["DTSTART"] == "20261001T093000Z" and night["DTEND"] == "20261002T003000Z"


def test_person_calendar_holds_only_that_persons_shifts():
    month = make_month()
    shifts = _shifts(month)
    leader = LEADERS[0]
    data, count = _ics(shifts, person_id=leader.person_id)
    events = _events(data)
    expected = [s for s in shifts if leader in s.leaders]
    assert count == len(events) == len(expected) == 8
    assert [e["DTSTART"] for e in events] == [s.starts_at.strftime("%Y%m%dT%H%M%SZ") for s in expected]
    assert all(_unescape(e["SUMMARY"]) == "带班：全天" for e in events)
    assert all(e["UID"].endswith(f"-{leader.person_id}@dutyroom") for e in events)
    assert all(e["TRANSP"] == "OPAQUE" for e in events)
    assert "X-WR-CALNAME:某某市人民政府值班表（王建国）" in _unfold(data)
    # An officer's own events say 值班 and still list the leader to call.
    officer = OFFICERS[0]
    data, count = _ics(shifts, person_id=officer.person_id)
    events = _events(data)
    assert count == len([s for s in shifts if officer in s.officers]) > 0
    assert all(_unescape(e["SUMMARY"]) == "值班：全天" for e in events)
    assert all("带班领导：" in _unescape(e["DESCRIPTION"]) for e in events)


def test_person_without_shifts_gets_an_empty_but_valid_calendar():
    data, count = _ics(_shifts(make_month()), person_id=12345)
    assert count == 0 and _events(data) == []
    assert _unfold(data)[-1] == "END:VCALENDAR"


def test_uids_are_stable_across_exports_and_stamps_are_not():
    shifts = _shifts(make_month())
    first, _ = _ics(shifts)
    out = io.BytesIO()
    roster_to_ics(shifts, out, office_name="某某市人民政府", stamp=datetime(2026, 10, 3, tzinfo=timezone.utc))
    again = _events(out.getvalue())
    assert [e["UID"] for e in _events(first)] == [e["UID"] for e in again]
    assert {e["DTSTAMP"] for e in again} == {"20261003T000000Z"}


def test_text_is_escaped_and_reads_back_unchanged():
    odd = RosterPerson(77, "张,三;李\\四", "139,0000")
    month = make_month(days=2)
    shift = replace(month.days[0].shifts[0], shift_name="白班;A,B\\C", officers=(odd,))
    data, _ = _ics([shift])
    event = _events(data)[0]
    assert "白班\\;A\\,B\\\\C" in event["SUMMARY"]
    assert _unescape(event["SUMMARY"]) == "值班：白班;A,B\\C 张,三;李\\四（带班：王建国）"
    assert "\\n" in event["DESCRIPTION"] and "\n" not in event["DESCRIPTION"]
    assert "值班员：张,三;李\\四 139,0000" in _unescape(event["DESCRIPTION"]).splitlines()
    assert ics_escape("a\r\nb") == "a\\nb"


def test_lines_are_folded_at_75_octets_without_splitting_characters(tmp_path):
    month = make_month(officers=3)
    path = tmp_path / "roster.ics"
    count = roster_to_ics(_shifts(month), path, office_name="某某市人民政府办公室应急值守与信息报送科",
                          stamp=STAMP)
    data = path.read_bytes()
    assert count == 31
    physical = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in physical) <= 75
    assert any(len(line) >= 73 for line in physical)  # long lines really were folded
    for line in physical:
        line.decode("utf-8")  # each physical line is whole UTF-8: no character cut in two
    continued = [line for line in physical if line.startswith(b" ")]
    assert len(continued) > 31  # every description is long enough to fold


@pytest.mark.parametrize("text", ["", "a" * 75, "a" * 76, "值" * 30, "a" + "值" * 40, "值班：" * 50])
def test_fold_round_trips(text):
    folded = fold(text).encode("utf-8")
    lines = folded.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert all(line.startswith(b" ") for line in lines[1:])
    assert folded.decode("utf-8").replace("\r\n ", "").removesuffix("\r\n") == text


def test_naive_times_are_refused():
    shift = _shifts(make_month(days=1))[0]
    with pytest.raises(ValueError):
        roster_to_ics([shift], io.BytesIO(), office_name="x", stamp=datetime(2026, 9, 25))
