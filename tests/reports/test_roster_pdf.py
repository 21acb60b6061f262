"""值班表 PDF: what a leader reads on the wall — names, phones, holidays, one page a month."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from dutyroom.domain.localtime import weekday_name
from dutyroom.domain.phones import format_number
from dutyroom.reports import build_roster_pdf, fonts
from dutyroom.reports.roster import _SIZES, REST_FILL, _Layout
from dutyroom.services.roster.records import RosterDay, RosterMonth, RosterPerson, RosterShift
from tests.reports.test_contacts_pdf import _font_problems

ZONE = ZoneInfo("Asia/Shanghai")
LEADERS = [RosterPerson(i, n, f"1390000{i:04d}") for i, n in enumerate(("王建国", "李海燕", "张志强", "刘丽华"), 1)]
OFFICERS = [RosterPerson(10 + i, n, f"1380000{i:04d}")
            for i, n in enumerate(("杨文静", "黄国庆", "赵春梅", "吴子豪", "周雨萱", "欧阳娜娜"), 1)]
STANDBY = [RosterPerson(30 + i, n, f"1370000{i:04d}") for i, n in enumerate(("林海", "罗丹", "高山"), 1)]
NO_PHONE = RosterPerson(99, "何平", "")
# 2026: 国庆节 10月1日—7日 off, Saturday 10月10日 a 调休上班 day.
HOLIDAYS = {date(2026, 10, d): "国庆节" for d in range(1, 8)}
WORKDAYS = {date(2026, 10, 10): "国庆节"}
SHIFTS = {
    "one": [(1, "全天", time(8, 30), timedelta(hours=24))],
    "two": [(1, "白班", time(8, 30), timedelta(hours=9)), (2, "夜班", time(17, 30), timedelta(hours=15))],
}


def make_month(*, shifts: str = "one", officers: int = 1, special: str = "", year: int = 2026,
               month: int = 10, days: int = 31) -> RosterMonth:
    out = []
    for n in range(days):
        day = date(year, month, 1) + timedelta(days=n)
        rows = []
        for k, (shift_id, name, start, length) in enumerate(SHIFTS[shifts]):
            starts = datetime.combine(day, start, ZONE).astimezone(timezone.utc)
            crew = tuple(OFFICERS[(2 * n + k + j) % len(OFFICERS)] for j in range(officers))
            standby = (NO_PHONE,) if n == 14 else (STANDBY[n % len(STANDBY)],)
            leaders = (LEADERS[n % 4],)
            rows.append(RosterShift(day, shift_id, name, starts, starts + length, leaders, crew, standby))
        marker = "休" if day in HOLIDAYS else "班" if day in WORKDAYS else ""
        out.append(RosterDay(day, weekday_name(day), HOLIDAYS.get(day) or WORKDAYS.get(day, ""), marker,
                             special if 10 <= day.day <= 20 else "", tuple(rows),
                             warnings=(f"{day.month}月{day.day}日 休息不足48小时：王建国",)))
    return RosterMonth("某某市人民政府", "某某市人民政府办公室", year, month, date(2026, 9, 25), "Asia/Shanghai",
                       tuple(out))


def _squash(text: str) -> str:
    return "".join(text.split())


def _build(month: RosterMonth) -> tuple[PdfReader, list[str]]:
    out = io.BytesIO()
    build_roster_pdf(month, out)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    return reader, [page.extract_text() for page in reader.pages]


def _rows(pages: list[str]) -> dict[str, str]:
    """Date label ("10月1日") → the text of that day's row(s), squashed; the table reads row by row."""
    rows: dict[str, str] = {}
    current = None
    for line in "\n".join(pages).splitlines():
        line = line.strip()
        if re.fullmatch(r"\d{1,2}月\d{1,2}日", line):
            current = line
            assert current not in rows, f"{current} printed twice"
            rows[current] = ""
        elif current and not re.fullmatch(r"— \d+ —", line):
            rows[current] += _squash(line)
    return rows


@pytest.fixture(scope="module")
def october():
    month = make_month()
    return month, *_build(month)


def test_one_shift_month_is_one_landscape_page_with_every_day(october):
    month, reader, pages = october
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert round(float(page.mediabox.width)) == round(A4[1]) and float(page.mediabox.width) > float(
        page.mediabox.height)
    text = _squash(pages[0])
    assert "某某市人民政府2026年10月值班表" in text
    for label in ("日期", "星期", "带班领导", "值班员", "备班", "联系电话"):
        assert label in text
    assert "班次" not in text and "特殊时期" not in text  # one shift a day, no special period
    rows = _rows(pages)
    assert list(rows) == [f"10月{d}日" for d in range(1, 32)]
    for day in month.days:
        row = rows[f"10月{day.day.day}日"]
        shift = day.shifts[0]
        for person in (*shift.leaders, *shift.officers, *shift.standby):
            assert person.name in row
            if person.phone:
                assert f"{person.name}{person.phone}" in row  # a number stands beside its owner
    assert reader.metadata.title == "某某市人民政府2026年10月值班表"
    assert reader.metadata.author == "某某市人民政府办公室"


def test_holidays_show_their_name_and_markers(october):
    _, _, pages = october
    rows = _rows(pages)
    for d in range(1, 8):  # the weekday stays beside the holiday's name
        day = date(2026, 10, d)
        assert rows[f"10月{d}日"].startswith(f"{weekday_name(day)}国庆节休"), rows[f"10月{d}日"]
    assert rows["10月10日"].startswith("星期六班")  # the working Saturday keeps its weekday
    assert rows["10月8日"].startswith("星期四")
    assert rows["10月11日"].startswith("星期日")
    assert "说明：“休”为法定节假日，“班”为调休上班日" in _squash(pages[0])


def test_rest_days_and_holidays_are_shaded_and_workdays_are_not():
    month = make_month()
    layout = _Layout(month, 700, *_SIZES[-1])
    _, commands = layout.rows()
    shaded = {start[1] for op, start, _end, *fill in commands if op == "BACKGROUND" and fill == [REST_FILL]}
    shaded_days = {month.days[row - 1].day.day for row in shaded}  # row 0 is the header
    assert shaded_days == {1, 2, 3, 4, 5, 6, 7, 11, 17, 18, 24, 25, 31}  # not Saturday the 10th (班)


def test_footer_signature_line_and_page_number_but_no_warnings(october):
    _, reader, pages = october
    text = _squash(pages[0])
    assert "— 1 —" in pages[0]
    assert "某某市人民政府办公室印制于2026年9月25日" in text
    for label in ("制表：", "审核：", "签发："):
        assert label in text
    assert "内部资料" in text
    assert "休息不足" not in text  # warnings are for the administrator, not the wall


def test_person_without_a_phone_is_named_but_has_no_number(october):
    _, _, pages = october
    row = _rows(pages)["10月15日"]
    assert "何平" in row
    assert "何平1" not in row


def test_every_font_is_embedded(october):
    _, reader, _ = october
    assert _font_problems(reader) == []


@pytest.mark.parametrize(("officers", "special"), [(2, "防汛关键期"), (3, "")])
def test_a_busy_one_shift_month_still_fits_on_one_page(officers, special):
    month = make_month(officers=officers, special=special)
    reader, pages = _build(month)
    assert len(reader.pages) == 1
    rows = _rows(pages)
    assert len(rows) == 31
    for day in month.days:
        for person in day.shifts[0].officers:
            assert f"{person.name}{person.phone}" in rows[f"10月{day.day.day}日"]


def test_special_period_is_named_on_its_days():
    reader, pages = _build(make_month(special="主汛期"))
    assert "特殊时期" in _squash(pages[0])
    rows = _rows(pages)
    assert [d for d in range(1, 32) if "主汛期" in rows[f"10月{d}日"]] == list(range(10, 21))


def test_day_and_night_shifts_get_a_row_each_under_one_date():
    month = make_month(shifts="two", officers=2)
    reader, pages = _build(month)
    assert 1 < len(reader.pages) <= 2
    for number, page in enumerate(pages, start=1):
        assert f"— {number} —" in page
        assert "带班领导" in page and "班次" in page  # the header repeats on every page
    rows = _rows(pages)
    assert len(rows) == 31  # each date printed once, spanning its two shifts
    for day in month.days:
        row = rows[f"10月{day.day.day}日"]
        assert "白班" in row and "夜班" in row
        for shift in day.shifts:
            for person in shift.officers:
                assert person.name in row
    assert "制表：" in _squash(pages[-1]) and "制表：" not in _squash(pages[0])


def test_days_without_a_roster_say_unscheduled():
    month = make_month(month=2, days=28)
    month = replace(month, days=tuple(replace(d, shifts=()) if d.day.day > 20 else d for d in month.days))
    reader, pages = _build(month)
    assert len(reader.pages) == 1
    rows = _rows(pages)
    assert len(rows) == 28
    assert rows["2月21日"] == "星期六未排班"  # not dashes, which read as "nobody needed"
    assert "2026年2月值班表" in _squash(pages[0])


def test_bundled_font_only_still_prints_names_and_digits(fresh_fonts):
    fresh_fonts.setattr(fonts, "system_font_dirs", lambda: [])
    assert fonts.current_fonts().roles["body"].bundled
    reader, pages = _build(make_month())
    assert len(reader.pages) == 1
    row = _rows(pages)["10月1日"]
    assert "王建国13900000001" in row
    assert _font_problems(reader) == []


def test_the_heading_gives_duty_hours_phone_and_fax_and_an_empty_day_says_unscheduled():
    from dataclasses import replace

    month = make_month()
    days = list(month.days)
    days[20] = replace(days[20], shifts=())  # 10月21日: nobody rostered yet
    month = replace(month, days=tuple(days), duty_hours="08:30—次日08:30", duty_phone="0571-8525 1110",
                    duty_fax="0571-8525 1119")
    _, pages = _build(month)
    text = _squash(pages[0])
    assert "值班时间：08:30—次日08:30" in text and "值班室电话：0571-85251110传真：0571-85251119" in text
    rows = _rows(pages)
    assert rows["10月21日"] == "星期三未排班"
    assert "未排班" not in rows["10月22日"]


def test_new_years_eve_is_marked_beside_its_weekday():
    month = make_month(year=2026, month=2, days=28)
    _, pages = _build(month)
    rows = _rows(pages)
    assert rows["2月16日"].startswith("星期一除夕")  # 春节 2026 is 2月17日
    assert rows["2月15日"].startswith("星期日") and "除夕" not in rows["2月15日"]


def test_phones_print_in_the_one_format_of_every_other_document(october):
    month, _reader, pages = october
    text = " ".join(pages).replace("\u00a0", " ")
    first = month.days[0].shifts[0]
    for person in (*first.leaders, *first.officers):
        assert format_number(person.phone) in text  # "139 0000 0001", as the contact list prints it
    assert re.search(r"\b1[3-9]\d{9}\b", text) is None  # no ungrouped mobile number anywhere


def test_a_shift_nobody_is_assigned_to_says_unscheduled_not_dashes():
    month = make_month()
    days = list(month.days)
    empty = replace(days[4].shifts[0], leaders=(), officers=(), standby=())
    days[4] = replace(days[4], shifts=(empty,))
    _, pages = _build(replace(month, days=tuple(days)))
    rows = _rows(pages)
    assert "未排班" in rows["10月5日"]
    assert "未排班" not in rows["10月6日"]
