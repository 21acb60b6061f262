"""`dutyroom import units|people` and `dutyroom report contacts` as an administrator at the shell uses them."""

from __future__ import annotations

import csv

from openpyxl import Workbook
from pypdf import PdfReader


def write_csv(path, rows, encoding):
    with open(path, "w", encoding=encoding, newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def test_import_units_from_gbk_csv_and_people_from_xlsx(cli, tmp_path, open_db):
    db = tmp_path / "duty.sqlite3"
    assert cli("--db", db, "migrate").code == 0  # an import never creates the database
    units = write_csv(tmp_path / "单位.csv", [
        ["单位名称", "类型", "值班电话", "传真"],
        ["临江区人民政府总值班室", "本机关", "0123-82100110", "0123-82100119"],
        ["区应急管理局", "下级单位", "0123-82200110", ""],
    ], encoding="gbk")
    result = cli("--db", db, "import", "units", units)
    assert result.code == 0, result.err
    assert result.out.strip() == "已导入 2 行（新增 2，更新 0，无变化 0）"

    book = Workbook()
    for row in (["姓名", "单位", "职务", "岗位", "手机号"],
                ["孙明", "临江区人民政府总值班室", "值班科科长", "值班员", 13900000007],
                ["杨军", "区应急管理局", "局长", "带班领导", 13800000020]):
        book.active.append(row)
    book.save(tmp_path / "人员.xlsx")
    people = cli("--db", db, "import", "people", tmp_path / "人员.xlsx")
    assert people.code == 0 and people.out.startswith("已导入 2 行")
    svc = open_db(db)
    assert {(p.name, p.unit_name, p.mobile) for p in svc.people.list()} == {
        ("孙明", "临江区人民政府总值班室", "13900000007"), ("杨军", "区应急管理局", "13800000020")}


def test_a_file_with_two_bad_rows_reports_both_and_imports_nothing(cli, tmp_path, open_db):
    db = tmp_path / "duty.sqlite3"
    assert cli("--db", db, "migrate").code == 0
    path = write_csv(tmp_path / "单位.csv", [
        ["单位名称", "类型", "值班电话"],
        ["区水务局", "下级单位", "0123-82600110"],
        ["区交通运输局", "交通", "0123-82700110"],
        ["区卫生健康局", "下级单位", "电话待定"],
        ["区公安分局", "", "0123-82300110"],
    ], encoding="utf-8-sig")
    result = cli("--db", db, "import", "units", path)
    assert result.code == 1
    assert result.err_lines == [
        "第 3 行：类型“交通”无法识别，应为上级机关、本机关、下级单位、部门",
        "第 4 行：值班电话：电话号码只能包含数字、“-”、括号、“转”和分隔符",
        "错误：2 行有误（共 4 行），未导入任何数据",
    ]
    assert result.out == ""
    assert open_db(db).units.list() == []


def test_import_file_mistakes_are_one_line(cli, tmp_path):
    db = tmp_path / "duty.sqlite3"
    assert cli("--db", db, "migrate").code == 0
    missing = cli("--db", db, "import", "people", tmp_path / "没有这个文件.xlsx")
    assert missing.code == 1
    assert missing.err_lines == [f"错误：找不到要导入的文件：{tmp_path / '没有这个文件.xlsx'}"]
    (tmp_path / "list.txt").write_text("姓名\n张伟\n", encoding="utf-8")
    wrong = cli("--db", db, "import", "people", tmp_path / "list.txt")
    assert wrong.err_lines == ["错误：只能导入 .xlsx 或 .csv 文件：list.txt"]
    headers = write_csv(tmp_path / "p.csv", [["名字呢", "电话"], ["张伟", "1"]], encoding="utf-8")
    bad_header = cli("--db", db, "import", "people", headers)
    assert len(bad_header.err_lines) == 1 and bad_header.err.startswith("错误：表头不对：缺少“姓名”")


def test_report_contacts_writes_a_pdf_with_the_units(cli, demo_db, tmp_path):
    path, _ = demo_db
    out = tmp_path / "通讯录.pdf"
    result = cli("--db", path, "report", "contacts", "-o", out)
    assert result.code == 0, result.err
    assert result.out.strip() == f"已生成值班通讯录：{out}（18 个单位，45 人）"
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    for expected in ("区应急管理局", "白石镇人民政府", "0123-8220 0110"):  # as domain/phones.py writes it
        assert expected in text


def test_every_import_takes_skip_invalid_and_writes_the_refused_rows(cli, tmp_path, open_db):
    db = tmp_path / "duty.sqlite3"
    assert cli("--db", db, "migrate").code == 0  # import no longer creates a database (issue 12 item 12)
    units = write_csv(tmp_path / "单位.csv", [["单位名称", "类型"], ["区应急管理局", "下级单位"], ["区水务局", "外星"]],
                      encoding="gbk")
    refused = cli("--db", db, "import", "units", units)
    assert refused.code == 1 and "第 3 行" in refused.err and "未导入任何数据" in refused.err
    done = cli("--db", db, "import", "units", units, "--skip-invalid")
    assert done.code == 0, done.err
    assert done.out.strip().startswith("已导入 1 行（新增 1，更新 0，无变化 0）；跳过有误的 1 行")
    assert done.out.strip().endswith("单位.rejected.csv")
    assert "跳过第 3 行：类型“外星”无法识别" in done.err
    rows = list(csv.reader((tmp_path / "单位.rejected.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["单位名称", "类型", "原因"] and rows[1][:2] == ["区水务局", "外星"]
    assert [u.name for u in open_db(db).units.list()] == ["区应急管理局"]
    for kind in ("calls", "incidents", "people", "units", "holidays", "roster", "rollcall"):
        shown = cli("import", kind, "-h")
        assert "--skip-invalid" in shown.out, kind
