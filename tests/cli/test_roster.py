"""`dutyroom roster generate|show` and `dutyroom import roster|holidays` as an administrator at the shell uses them."""

from __future__ import annotations

import csv
from dataclasses import replace

from openpyxl import Workbook

from dutyroom.domain.vocabulary import PositionKind
from dutyroom.services.records import SYSTEM_ACTOR, PersonRecord
from dutyroom.services.roster.records import RotationRecord

STAFF = {PositionKind.LEADER: ["陈建国", "李文华"], PositionKind.OFFICER: ["孙明", "周晓梅", "吴磊", "郑佳"],
         PositionKind.STANDBY: ["许浩", "韩静", "黄斌", "高建军"]}


def office(svc, officers: int = 4) -> None:
    shift = svc.roster.save_shift(SYSTEM_ACTOR, replace(svc.roster.list_shifts()[0], standby_count=1))
    number = 0
    for kind, names in STAFF.items():
        ids = []
        for name in names[:officers] if kind == PositionKind.OFFICER else names:
            number += 1
            ids.append(svc.people.save(SYSTEM_ACTOR, PersonRecord(name=name, position_kind=kind,
                                                                  mobile=f"139000000{number:02d}")).id)
        svc.roster.save_rotation(SYSTEM_ACTOR, RotationRecord(kind, shift.id, ids,
                                                              "week" if kind == PositionKind.LEADER else "day"))


def prepared(cli, tmp_path, open_db, officers: int = 4):
    db = tmp_path / "duty.sqlite3"
    assert cli("--db", db, "migrate").code == 0
    office(open_db(db), officers)
    return db


def test_generate_prints_counts_and_then_show_lists_the_day_with_phones(cli, tmp_path, open_db):
    db = prepared(cli, tmp_path, open_db)
    result = cli("--db", db, "roster", "generate", "--from", "2026-12-01", "--to", "2026/12/31")
    assert result.code == 0, result.err
    assert result.out.splitlines() == ["已生成 2026-12-01 至 2026-12-31 的值班表：新排 70 个班位，保留 0 个；没有冲突"]

    shown = cli("--db", db, "roster", "show", "--date", "2026/12/5")
    assert shown.code == 0, shown.err
    lines = shown.out.splitlines()
    assert lines[0] == "值班：全天班  2026-12-05 星期六 08:30 至 2026-12-06 08:30"
    assert lines[1:4] == ["  带班领导：陈建国 13900000001", "  值班员：孙明 13900000003", "  备班：许浩 13900000007"]
    assert lines[4] == "下一班：全天班  2026-12-06 星期日 08:30 至 2026-12-07 08:30"


def test_generate_prints_every_warning_with_date_and_name(cli, tmp_path, open_db):
    db = prepared(cli, tmp_path, open_db, officers=2)
    result = cli("--db", db, "roster", "generate", "--from", "2026-12-01", "--to", "2026-12-04")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "已生成 2026-12-01 至 2026-12-04 的值班表：新排 8 个班位，保留 0 个；2 条提醒",
        "2026-12-03 孙明：距上一班（12-01全天班）结束只隔 24 小时，少于规定的 48 小时",
        "2026-12-04 周晓梅：距上一班（12-02全天班）结束只隔 24 小时，少于规定的 48 小时",
    ]


def test_an_unknown_holiday_year_is_refused_until_allowed(cli, tmp_path, open_db):
    db = prepared(cli, tmp_path, open_db)
    refused = cli("--db", db, "roster", "generate", "--from", "2027-01-01", "--to", "2027-01-31")
    assert refused.code == 1 and refused.out == ""
    assert refused.err_lines == [
        "错误：节假日日历中没有 2027 年的放假安排（法定节假日和调休上班日），直接生成会把节假日当成普通日子。"
        "请先在“管理 → 节假日”中录入或导入该年安排，再生成值班表。"]
    allowed = cli("--db", db, "roster", "generate", "--from", "2027-01-01", "--to", "2027-01-31",
                  "--allow-unknown-years")
    assert allowed.code == 0
    assert allowed.out.splitlines()[1] == "注意：节假日日历缺少 2027 年的安排，这些年份的节假日按普通日子排班"


def test_bad_dates_and_ranges_are_one_line_errors(cli, tmp_path, open_db):
    db = prepared(cli, tmp_path, open_db)
    bad = cli("--db", db, "roster", "generate", "--from", "2026-13-01", "--to", "2026-12-31")
    assert (bad.code, bad.err_lines) == (1, ["错误：--from 的日期“2026-13-01”无法识别，请写成 2026-12-01 或 2026/12/1"])
    backwards = cli("--db", db, "roster", "generate", "--from", "2026-12-31", "--to", "2026-12-01")
    assert (backwards.code, backwards.err_lines) == (1, ["错误：结束日期不能早于开始日期"])
    both = cli("--db", db, "roster", "show", "--now", "--date", "2026-12-01")
    assert both.code == 2 and both.err.startswith("错误：参数 --date 不能和 --now 同时使用")
    missing = cli("--db", tmp_path / "nope.sqlite3", "roster", "show", "--now")
    assert missing.code == 1 and missing.err.startswith("错误：数据库文件不存在")


def test_show_now_names_the_current_and_next_shift(cli, tmp_path, open_db):
    db = prepared(cli, tmp_path, open_db)
    result = cli("--db", db, "roster", "show", "--now")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("当前值班：全天班  ") and "（还剩 " in lines[0]
    assert lines[1] == "  值班员：（未排班）"
    assert any(line.startswith("下一班：全天班  ") for line in lines)


def test_import_roster_from_excel_and_every_rejected_row(cli, tmp_path, open_db):
    db = prepared(cli, tmp_path, open_db)
    book = Workbook()
    for values in (["日期", "带班领导", "值班员", "备班"], ["2026-12-05", "陈建国", "孙明", "许浩"],
                   ["2026-12-06", "", "周晓梅", ""]):
        book.active.append(values)
    book.save(tmp_path / "值班表.xlsx")
    result = cli("--db", db, "import", "roster", tmp_path / "值班表.xlsx")
    assert result.code == 0, result.err
    assert result.out.strip() == "已导入 2 行值班安排（2026-12-05 至 2026-12-06，共 4 个班位）"

    book = Workbook()
    for values in (["日期", "带班领导", "值班员"], ["2026-12-07", "", "孙明"], ["2026-12-08", "", "张三"]):
        book.active.append(values)
    book.save(tmp_path / "有错.xlsx")
    bad = cli("--db", db, "import", "roster", tmp_path / "有错.xlsx")
    assert bad.code == 1
    assert bad.err_lines == ["第 3 行：值班员“张三”不在人员名单中或已停用（姓名须完全一致）",
                             "错误：1 行有误（共 2 行），未导入任何数据"]


def test_report_and_export_a_month(cli, tmp_path, open_db):
    from pypdf import PdfReader

    db = prepared(cli, tmp_path, open_db)
    assert cli("--db", db, "roster", "generate", "--from", "2026-10-01", "--to", "2026-10-31").code == 0

    pdf = tmp_path / "十月值班表.pdf"
    result = cli("--db", db, "report", "roster", "--month", "2026-10", "-o", pdf)
    assert result.code == 0, result.err
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "2026年10月值班表" in text and "国庆节" in text and "陈建国" in text

    xlsx = tmp_path / "roster.xlsx"
    assert cli("--db", db, "roster", "export", "--month", "2026年10月", "-o", xlsx).code == 0
    assert xlsx.stat().st_size > 0

    ics = tmp_path / "孙明.ics"
    result = cli("--db", db, "roster", "export", "--month", "2026-10", "--person", "孙明", "-o", ics)
    assert result.code == 0, result.err
    body = ics.read_text(encoding="utf-8")
    events = body.count("BEGIN:VEVENT")
    assert f"已导出 {events} 个班次" in result.out and 5 <= events <= 10  # a quarter of 31 days, give or take


def test_bad_month_person_or_format_is_one_line(cli, tmp_path, open_db):
    db = prepared(cli, tmp_path, open_db)
    for args, words in ((("report", "roster", "--month", "2026-13", "-o", tmp_path / "x.pdf"), "月份"),
                        (("roster", "export", "--month", "2026-10", "--person", "无此人", "-o", tmp_path / "x.ics"),
                         "找不到人员"),
                        (("roster", "export", "--month", "2026-10", "-o", tmp_path / "x.doc"), ".xlsx 或 .ics")):
        result = cli("--db", db, *args)
        assert result.code == 1 and words in result.err
        assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err


def test_import_holidays_for_a_year(cli, tmp_path, open_db):
    db = tmp_path / "duty.sqlite3"
    path = tmp_path / "2031年放假安排.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([["日期", "类型", "名称"], ["2031-01-01", "休", "元旦"], ["2031-01-26", "班", "春节"]])
    assert cli("--db", db, "migrate").code == 0  # an import never creates the database
    result = cli("--db", db, "import", "holidays", path, "--year", "2031")
    assert result.code == 0, result.err
    assert result.out.strip() == "已导入 2 行：2031 年的节假日安排（替换了原有的 0 天）"
    assert [h.name for h in open_db(db).holidays.list(2031)] == ["元旦", "春节"]


def test_a_calendar_with_a_reminder_and_a_bad_reminder(cli, tmp_path, open_db):
    db = prepared(cli, tmp_path, open_db)
    assert cli("--db", db, "roster", "generate", "--from", "2026-10-01", "--to", "2026-10-31").code == 0
    ics = tmp_path / "孙明.ics"
    result = cli("--db", db, "roster", "export", "--month", "2026-10", "--person", "孙明", "--remind", "30", "-o", ics)
    assert result.code == 0, result.err
    body = ics.read_text(encoding="utf-8")
    assert body.count("TRIGGER:-PT30M") == body.count("BEGIN:VEVENT") > 0 and "SEQUENCE:" in body
    for value, words in (("0", "1 到 10080 分钟"), ("99999", "1 到 10080 分钟")):
        result = cli("--db", db, "roster", "export", "--month", "2026-10", "--remind", value, "-o", tmp_path / "x.ics")
        assert result.code == 1 and words in result.err and len(result.err.strip().splitlines()) == 1
    result = cli("--db", db, "roster", "export", "--month", "2026-10", "--remind", "30", "-o", tmp_path / "x.xlsx")
    assert result.code == 1 and "只用于导出日历" in result.err
