"""Reading an office's own Excel/CSV roster: header variants, dates in many spellings, every bad row named."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import Workbook

from dutyroom.domain.roster_sheet import SheetRow, parse_roster_file, split_names
from dutyroom.errors import DutyRoomError, ImportRejected


def _xlsx(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _csv(path, rows, encoding="utf-8-sig"):
    path.write_bytes("\r\n".join(",".join(row) for row in rows).encode(encoding))
    return path


def test_office_workbook_with_title_notes_and_variant_headers(tmp_path):
    path = _xlsx(tmp_path / "值班表.xlsx", [
        ["市应急管理局2026年12月值班表"],
        [],
        ["序号", "日期", "星期", "带班", "值班人员", "备勤", "联系电话", "备注"],
        [1, "12月1日", "星期二", "王建国", "杨文静、黄国庆", "林海", "13900000001", ""],
        [2, datetime(2026, 12, 2), "星期三", "李海燕", "赵春梅/吴子豪", "—", "", "调班"],
        [3, "2026/12/3", "星期四", "张志强", "周雨萱 徐明", None, None, None],
        [4, "2026-12-04", "星期五", "刘丽华", "孙芳，马建军", "罗丹,高山", None, None],
        [5, "12月5日（星期六）", None, "陈晓东13900000005", "朱晓燕 13800000009", "", None, None],
        [],
        ["注：如需调班，请提前报值班室备案。"],
        ["制表：张三", None, None, None, "审核：李四"],
    ])
    rows = parse_roster_file(path)
    assert rows == [
        SheetRow(4, date(2026, 12, 1), ["王建国"], ["杨文静", "黄国庆"], ["林海"]),
        SheetRow(5, date(2026, 12, 2), ["李海燕"], ["赵春梅", "吴子豪"], []),
        SheetRow(6, date(2026, 12, 3), ["张志强"], ["周雨萱", "徐明"], []),
        SheetRow(7, date(2026, 12, 4), ["刘丽华"], ["孙芳", "马建军"], ["罗丹", "高山"]),
        SheetRow(8, date(2026, 12, 5), ["陈晓东"], ["朱晓燕"], []),
    ]


def test_every_bad_row_is_reported_with_its_number(tmp_path):
    path = _xlsx(tmp_path / "roster.xlsx", [
        ["2026年2月值班表"],
        ["日期", "带班领导", "值班员"],
        ["2月1日", "王建国", "杨文静"],
        ["2月30日", "李海燕", "赵春梅"],
        ["2026-02-31", "张志强", "周雨萱"],
        ["2月1日", "刘丽华", "孙芳"],
        [None, "陈晓东", "朱晓燕"],
        ["明天", "王建国", "黄国庆"],
        ["2月6日", "李海燕", "吴子豪"],
    ])
    with pytest.raises(ImportRejected) as caught:
        parse_roster_file(path)
    rejected = dict(caught.value.rejected)
    assert sorted(rejected) == [4, 5, 6, 7, 8]
    assert "不存在" in rejected[4]
    assert "2026-02-31" in rejected[5] and "无法识别" in rejected[5]
    assert "重复" in rejected[6] and "第 3 行" in rejected[6]
    assert "没有日期" in rejected[7]
    assert "明天" in rejected[8]
    assert caught.value.total == 7
    assert "5 行有误（共 7 行）" in caught.value.message


def test_gbk_csv_as_excel_in_china_saves_it(tmp_path):
    path = _csv(tmp_path / "roster.csv", [
        ["日期", "带班领导", "值班员", "备班"],
        ["2026/12/1", "王建国", "杨文静、黄国庆", "林海"],
        ["2026/12/2", "李海燕", "赵春梅", ""],
    ], encoding="gbk")
    rows = parse_roster_file(path)
    assert [(r.row_number, r.day, r.officers) for r in rows] == [
        (2, date(2026, 12, 1), ["杨文静", "黄国庆"]), (3, date(2026, 12, 2), ["赵春梅"])]


def test_month_and_day_need_a_year_from_title_file_name_or_caller(tmp_path):
    rows = [["日期", "值班员"], ["12月1日", "杨文静"], ["12月2日", "黄国庆"]]
    plain = _csv(tmp_path / "roster.csv", rows)
    with pytest.raises(ImportRejected) as caught:
        parse_roster_file(plain)
    assert [n for n, _ in caught.value.rejected] == [2, 3]
    assert all("没有年份" in reason for _, reason in caught.value.rejected)
    assert parse_roster_file(plain, default_year=2027)[0].day == date(2027, 12, 1)
    named = _csv(tmp_path / "2026年12月值班表.csv", rows)
    assert [r.day for r in parse_roster_file(named)] == [date(2026, 12, 1), date(2026, 12, 2)]


def test_header_without_any_position_column_is_refused(tmp_path):
    path = _csv(tmp_path / "roster.csv", [["日期", "星期"], ["2026-12-01", "星期二"]])
    with pytest.raises(DutyRoomError) as caught:
        parse_roster_file(path)
    assert "带班领导" in caught.value.message and "值班员" in caught.value.message


def test_unknown_column_is_named_in_the_error(tmp_path):
    path = _csv(tmp_path / "roster.csv", [["日期", "值班员", "值班司机"], ["2026-12-01", "杨文静", "老王"]])
    with pytest.raises(DutyRoomError) as caught:
        parse_roster_file(path)
    assert "值班司机" in caught.value.message


def test_day_and_night_rosters_are_refused_with_a_reason(tmp_path):
    path = _csv(tmp_path / "roster.csv", [
        ["日期", "班次", "值班员"], ["2026-12-01", "白班", "杨文静"], ["2026-12-01", "夜班", "黄国庆"]])
    with pytest.raises(DutyRoomError) as caught:
        parse_roster_file(path)
    assert "白班、夜班" in caught.value.message


def test_file_problems_are_clear(tmp_path):
    with pytest.raises(DutyRoomError, match="找不到文件"):
        parse_roster_file(tmp_path / "missing.xlsx")
    old = tmp_path / "roster.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(DutyRoomError, match=r"\.xls"):
        parse_roster_file(old)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(DutyRoomError, match="无法读取"):
        parse_roster_file(broken)
    only_header = _csv(tmp_path / "header.csv", [["日期", "值班员"]])
    with pytest.raises(DutyRoomError, match="没有带日期的值班行"):
        parse_roster_file(only_header)


@pytest.mark.parametrize(("cell", "names"), [
    ("王建国、李海燕", ["王建国", "李海燕"]),
    ("王建国，李海燕,张志强", ["王建国", "李海燕", "张志强"]),
    ("王建国 / 李海燕／张志强", ["王建国", "李海燕", "张志强"]),
    ("王建国\u3000李海燕\n张志强", ["王建国", "李海燕", "张志强"]),
    ("王建国（13900000001）", ["王建国"]),
    ("—", []),
    ("", []),
    ("王建国、王建国", ["王建国"]),
])
def test_split_names(cell, names):
    assert split_names(cell) == names
