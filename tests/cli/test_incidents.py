"""`dutyroom report incident|bulletin|timeliness|daily` and `dutyroom import incidents`, as at the shell.

The commands read the time from the system clock; here it is the FakeClock of the tests (2026-11-21
09:00 office time), so the demo incidents and the bulletin year are the same on every run.
"""

from __future__ import annotations

import csv
from dataclasses import replace

import pytest
from pypdf import PdfReader

import dutyroom.app
from dutyroom.services.records import InstructionRecord


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch, clock):
    monkeypatch.setattr(dutyroom.app, "SystemClock", lambda: clock)
    return clock


def pdf_text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def incident_ids(open_db, path) -> dict[str, int]:
    return {i.title: i.id for i in open_db(path).incidents.list()}


def test_incident_report_prints_the_latest_sent_report_or_the_one_asked_for(cli, demo_db, tmp_path, open_db):
    path, _ = demo_db
    blast = incident_ids(open_db, path)["临江工业园化工厂仓库爆炸"]
    out = tmp_path / "报告.pdf"
    result = cli("--db", path, "report", "incident", blast, "-o", out)
    assert result.code == 0, result.err
    assert result.out.strip() == f"已生成突发事件信息报告（续报一）：{out}"
    text = pdf_text(out)
    for expected in ("突发事件信息报告", "续报一", "临江工业园化工厂仓库爆炸", "临江区临江工业园纬三路6号", "张局长"):
        assert expected in text
    first = cli("--db", path, "report", "incident", blast, "--report", "0", "-o", out, "--force")
    assert first.code == 0, first.err
    assert "（首报）" in pdf_text(out) and "首报" in first.out


@pytest.mark.parametrize(("args", "message"), [
    (("abc",), "错误：事件编号“abc”无效"),
    (("999",), "错误：没有编号为 999 的事件"),
    (("1", "--report", "7"), "错误：该事件没有第 7 份已报送的报告"),
    (("1", "--report", "x"), "错误：--report 的“x”无效"),
])
def test_incident_report_mistakes_are_one_line(cli, demo_db, tmp_path, args, message):
    path, _ = demo_db
    result = cli("--db", path, "report", "incident", *args, "-o", tmp_path / "x.pdf")
    assert result.code == 1 and len(result.err_lines) == 1
    assert result.err.startswith(message), result.err
    assert not (tmp_path / "x.pdf").exists()


def test_bulletin_is_reprinted_with_its_number_and_new_numbers_only_with_new(cli, demo_db, tmp_path, open_db):
    path, _ = demo_db
    blast = incident_ids(open_db, path)["临江工业园化工厂仓库爆炸"]
    first, again, second = tmp_path / "快报1.pdf", tmp_path / "重印.pdf", tmp_path / "快报2.pdf"
    one = cli("--db", path, "report", "bulletin", blast, "-o", first)
    assert one.code == 0, one.err
    assert one.out.strip() == f"已编发值班快报（2026）第1期“临江工业园化工厂仓库爆炸”：{first}"
    text = pdf_text(first)
    for expected in ("内部资料", "（2026）第1期", "2026年11月21日", "临江工业园化工厂仓库爆炸",
                     "据临江区应急管理局报告", "青川市人民政府总值班室"):
        assert expected in text, expected
    svc = open_db(path)  # the incident moves on after the bulletin was issued
    incident = svc.incidents.get(int(blast))
    svc.incidents.save(_officer(svc, demo_db), replace(incident, place="临江区临江工业园经五路1号"))
    reprint = cli("--db", path, "report", "bulletin", blast, "-o", again)
    assert reprint.code == 0, reprint.err
    assert reprint.out.strip() == (f"已重印值班快报（2026）第1期“临江工业园化工厂仓库爆炸”：{again}"
                                   "（编发新的一期请加 --new）")
    assert pdf_text(again) == text  # as issued: its number, and not the incident as it is now
    two = cli("--db", path, "report", "bulletin", blast, "--new", "-o", second)
    assert two.code == 0, two.err
    assert "已编发值班快报（2026）第2期" in two.out and "（2026）第2期" in pdf_text(second)
    assert "经五路1号" in pdf_text(second)
    assert [b.number for b in open_db(path).bulletins.list(2026)] == [2, 1]
    bad = cli("--db", path, "report", "bulletin", "12x", "-o", first, "--force")
    assert bad.code == 1 and bad.err_lines == ["错误：事件编号“12x”无效，应为数字（见程序的“突发事件”页面）"]


def test_a_sent_report_reprints_as_sent_after_the_incident_changed(cli, demo_db, tmp_path, open_db):
    path, _ = demo_db
    blast = incident_ids(open_db, path)["临江工业园化工厂仓库爆炸"]
    before, after = tmp_path / "首报.pdf", tmp_path / "首报重印.pdf"
    assert cli("--db", path, "report", "incident", blast, "--report", "0", "-o", before).code == 0
    svc = open_db(path)
    officer = _officer(svc, demo_db)
    incident = svc.incidents.get(int(blast))
    svc.incidents.save(officer, replace(incident, measures="现场已全部清理完毕", place="别处"))
    svc.incidents.add_instruction(officer, int(blast), InstructionRecord("王市长", "做好善后工作", svc.clock.now()))
    result = cli("--db", path, "report", "incident", blast, "--report", "0", "-o", after)
    assert result.code == 0, result.err
    assert pdf_text(after) == pdf_text(before)
    assert "现场已全部清理完毕" not in pdf_text(after) and "做好善后工作" not in pdf_text(after)


def _officer(svc, demo_db):
    """The demo's duty officer, logged in with the password the demo printed."""
    return svc.users.login("officer", demo_db[1]["officer"])


def test_timeliness_notice_for_a_month(cli, demo_db, tmp_path):
    path, _ = demo_db
    out = tmp_path / "通报.pdf"
    result = cli("--db", path, "report", "timeliness", "--month", "2026-11", "-o", out)
    assert result.code == 0, result.err
    assert result.out.startswith(f"已生成2026年11月突发事件信息报告情况通报：{out}")
    text = pdf_text(out)
    assert "2026年11月" in text and "临江区应急管理局" in text and "一、各单位报送情况" in text
    bad = cli("--db", path, "report", "timeliness", "--month", "2026-13", "-o", out, "--force")
    assert bad.code == 1 and bad.err_lines == ["错误：--month 的月份“2026-13”无法识别，请写成 2026-12"]


def test_daily_digest_lists_the_days_incidents(cli, demo_db, tmp_path):
    path, _ = demo_db
    out = tmp_path / "要情.pdf"
    result = cli("--db", path, "report", "daily", "--date", "2026-11-21", "-o", out)
    assert result.code == 0, result.err
    assert result.out.strip() == f"已生成2026年11月21日每日要情：{out}（突发事件 2 起）"
    text = pdf_text(out)
    for expected in ("每日要情", "11月20日18时至11月21日18时", "临江工业园化工厂仓库爆炸", "青山镇"):
        assert expected in text
    assert "城东街道一居民楼厨房起火" not in text  # received the day before
    quiet = cli("--db", path, "report", "daily", "--date", "2026/1/5", "-o", out, "--force")  # before the demo's calls
    assert quiet.code == 0 and "今日无重要情况" in pdf_text(out)
    bad = cli("--db", path, "report", "daily", "--date", "明天", "-o", out, "--force")
    assert bad.code == 1 and bad.err_lines == ["错误：--date 的日期“明天”无法识别，请写成 2026-12-01 或 2026/12/1"]


def test_daily_help_says_which_calls_it_lists(cli):
    result = cli("report", "daily", "-h")
    assert result.code == 0 and "值得关注的来电（转办、报告领导" in result.out


def write_ledger(path, rows):
    header = ["事件标题", "事发时间", "接报时间", "首报时间", "事发地点", "类别", "级别", "报告单位", "死亡", "受伤"]
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows([header, *rows])
    return path


def test_import_incidents_then_the_notice_counts_them(cli, tmp_path):
    db = tmp_path / "duty.sqlite3"
    assert cli("--db", db, "migrate").code == 0
    ledger = write_ledger(tmp_path / "台账.csv", [
        ["化工厂爆炸", "2026-11-03 14:05", "2026-11-03 14:20", "2026-11-03 14:40", "临江工业园", "事故灾难", "较大",
         "临江区应急管理局", "1", "3"],
        ["停水", "2026-11-07 08:00", "2026-11-07 08:30", "", "城东", "", "", "城东街道", "", ""],
    ])
    result = cli("--db", db, "import", "incidents", ledger)
    assert result.code == 0, result.err
    assert result.out.strip().startswith("已导入 2 起事件，其中 1 起有首报记录")
    out = tmp_path / "通报.pdf"
    assert cli("--db", db, "report", "timeliness", "--month", "2026-11", "-o", out).code == 0
    text = pdf_text(out)
    assert "城东街道" in text and "停水" in text  # missed: no first report


def test_import_incidents_bad_rows_are_listed_and_nothing_imported(cli, tmp_path, open_db):
    db = tmp_path / "duty.sqlite3"
    assert cli("--db", db, "migrate").code == 0
    ledger = write_ledger(tmp_path / "坏.csv", [
        ["好的", "2026-11-03 14:05", "2026-11-03 14:20", "", "某地", "", "", "", "", ""],
        ["", "昨天", "2026-11-03 14:20", "", "某地", "", "", "", "-1", ""],
    ])
    result = cli("--db", db, "import", "incidents", ledger)
    assert result.code == 1
    assert result.err_lines[0].startswith("第 3 行：") and "请填写事件标题" in result.err_lines[0]
    assert result.err_lines[-1].startswith("错误：")
    assert open_db(db).incidents.list() == []
