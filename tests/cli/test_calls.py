"""`dutyroom import|search|export calls` and `dutyroom report calls|call-stats`, as at the shell.

The commands read the time from the system clock; here it is the FakeClock of the tests (2026-11-21
09:00 office time).
"""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

import dutyroom.app

LEDGER = [
    ["序号", "来电时间", "来电人", "来电号码", "来电单位", "类别", "内容摘要", "处理情况", "承办单位", "状态", "值班员"],
    ["1", "2026-11-03 14:05", "张三", "0571-87051234", "城关街道", "求助", "幸福小区停水两天无人处理", "转区水务局办理",
     "区水务局", "待办", "钱值班"],
    ["2", "2026/11/3 15:30", "李四", "13905711234", "", "咨询", "询问居住证办理材料", "当场答复", "", "", ""],
    ["3", "2026年11月21日8时10分", "王五", "", "区应急局", "突发事件报告", "临江路化工厂冒烟", "已向带班领导报告", "", "",
     ""],
]


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch, clock):
    monkeypatch.setattr(dutyroom.app, "SystemClock", lambda: clock)
    return clock


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        csv.writer(out).writerows(rows)
    return path


def pdf_text(path) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(path).pages)


@pytest.fixture
def ledger_db(cli, tmp_path):
    db = tmp_path / "duty.sqlite3"
    assert cli("--db", db, "migrate").code == 0
    result = cli("--db", db, "import", "calls", write_csv(tmp_path / "台账.csv", LEDGER))
    assert result.code == 0, result.err
    assert result.out.strip() == "已导入 3 条来电记录"
    return db


def test_a_ledger_with_bad_rows_is_refused_row_by_row(cli, tmp_path):
    db = tmp_path / "duty.sqlite3"
    cli("--db", db, "migrate")
    rows = [*LEDGER[:2], ["2", "昨天下午", "李四", "", "", "咨询", "询问", "当场答复", "", "", ""],
            ["3", "2026-11-03 16:00", "", "", "", "咨询", "", "当场答复", "", "", ""]]
    result = cli("--db", db, "import", "calls", write_csv(tmp_path / "bad.csv", rows))
    assert result.code == 1
    assert result.err_lines == ["第 3 行：来电时间“昨天下午”无法识别，请写成 2026-11-03 14:05 这样的格式",
                                "第 4 行：请填写内容摘要", "错误：2 行有误（共 3 行），未导入任何数据"]
    assert "没有找到" in cli("--db", db, "search", "calls", "停水").out  # the good row was not imported either


def test_search_prints_one_line_per_call_newest_first(cli, ledger_db):
    result = cli("--db", ledger_db, "search", "calls", "停水", "--count")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "2026-11-03 14:05  城关街道 张三  0571-8705 1234  求助  幸福小区停水两天无人处理  转办区水务局（待办）", "共 1 条"]
    many = cli("--db", ledger_db, "search", "calls", "区", "--limit", "1").out.splitlines()  # one character
    assert many[0] == "2026-11-21 08:10  区应急局 王五  —  突发事件报告  临江路化工厂冒烟  报告领导"
    assert len(many) == 2 and "只显示最新的 1 条" in many[1]
    assert cli("--db", ledger_db, "search", "calls", "8705").out.count("\n") == 1  # part of a number
    assert cli("--db", ledger_db, "search", "calls", "下雪").out.strip() == "没有找到包含“下雪”的来电"


@pytest.mark.parametrize(("args", "message"), [
    (("search", "calls", "！？"), "错误：搜索内容“！？”中没有可以搜索的文字、字母或数字"),
    (("search", "calls", "水", "--limit", "0"), "错误：--limit 应在 1 到 1000 之间"),
    (("export", "calls", "-o", "x.csv"), "错误：Excel 文件的扩展名应为 .xlsx：x.csv"),
    (("export", "calls", "-o", "x.xlsx", "--from", "2026-11-31"), "错误：--from 的日期“2026-11-31”无法识别"),
    (("report", "calls", "--from", "2026-11-05", "--to", "2026-11-01", "-o", "x.pdf"),
     "错误：--from 的日期 2026-11-05 晚于 --to 的日期 2026-11-01"),
    (("report", "call-stats", "--month", "2026-13", "-o", "x.pdf"), "错误：--month 的月份“2026-13”无法识别"),
    (("report", "calls", "--shift", "2026-11-03", "--to", "2026-11-04", "-o", "x.pdf"),
     "错误：--shift 打印一个值班日的来电，不能与 --to 同用"),
])
def test_mistakes_are_one_line(cli, ledger_db, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = cli("--db", ledger_db, *args)
    assert result.code == 1 and len(result.err_lines) == 1
    assert result.err.startswith(message), result.err


def test_export_writes_the_chosen_calls_to_excel(cli, ledger_db, tmp_path):
    out = tmp_path / "来电.xlsx"
    result = cli("--db", ledger_db, "export", "calls", "-o", out, "--from", "2026-11-03", "--to", "2026/11/3",
                 "--search", "小区")
    assert result.code == 0, result.err
    assert result.out.strip() == f"已导出 1 条来电记录：{out}"
    book = load_workbook(out, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert rows[0][0] == "来电时间" and rows[1][8] == "幸福小区停水两天无人处理" and len(rows) == 2
    everything = cli("--db", ledger_db, "export", "calls", "-o", out, "--force")
    assert everything.out.strip() == f"已导出 3 条来电记录：{out}"


def test_the_register_and_the_month_statistics_print(cli, ledger_db, tmp_path):
    register = tmp_path / "登记表.pdf"
    result = cli("--db", ledger_db, "report", "calls", "--from", "2026-11-03", "-o", register)
    assert result.code == 0, result.err
    assert result.out.strip() == f"已生成2026年11月3日来电登记表：{register}（2 条）"
    text = pdf_text(register)
    assert "来电登记表" in text and "幸福小区停水两天无人处理" in text and "钱值班" in text
    assert "0571-87051234" in text and "临江路化工厂" not in text  # another day's call

    shift = tmp_path / "本班.pdf"
    result = cli("--db", ledger_db, "report", "calls", "--shift", "2026-11-03", "-o", shift)
    assert result.code == 0, result.err
    assert result.out.strip().startswith(f"已生成2026年11月3日值班来电登记表：{shift}（")
    assert "2026年11月3日" in pdf_text(shift) and "来电登记表" in pdf_text(shift)

    stats = tmp_path / "统计.pdf"
    result = cli("--db", ledger_db, "report", "call-stats", "--month", "2026-11", "-o", stats)
    assert result.code == 0, result.err
    # 3 calls need handling: answered and reported are handled, the open 转办 is not
    assert result.out.strip() == f"已生成2026年11月来电情况统计：{stats}（来电 3 件，办理率 66.7%，逾期未办结 1 件）"
    text = pdf_text(stats)
    assert "2026年11月来电情况统计" in text and "办理率66.7%" in text
    assert "统计期尚未结束" in text and "未达到95%" not in text  # printed on 11月21日: not judged yet


def test_the_daily_digest_lists_the_notable_calls(cli, ledger_db, tmp_path):
    out = tmp_path / "要情.pdf"
    result = cli("--db", ledger_db, "report", "daily", "--date", "2026-11-21", "-o", out)
    assert result.code == 0, result.err
    text = pdf_text(out)
    assert "二、其他值得关注的来电" in text
    assert "08:10区应急局王五反映临江路化工厂冒烟（已向带班领导报告）" in text
    assert "11月3日14:05城关街道张三反映幸福小区停水两天无人处理（转办区水务局，反馈时限11月6日，已逾期15天）" in text
