"""The handover commands, run in-process on a SQLite file: items one line each, both PDFs, clear errors."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from dutyroom.app import open_services
from tests.conftest import PASSWORD, make_accounts
from tests.services.handover.helpers import DAY1, at_handover_of, staff


@pytest.fixture
def office(tmp_path, clock):
    """A shift with two items, one closed and one left with the outgoing shift, handed over late with a reason."""
    path = tmp_path / "office.sqlite3"
    services = open_services(path, clock=clock)
    admin, _, _ = make_accounts(services)
    people = staff(services, admin)
    ho = services.handover
    ho.add_item(people["sunming"], DAY1, "明早9时前向市政府报送寒潮防范情况")
    done = ho.add_item(people["sunming"], DAY1, "通知各街道做好防寒准备")
    ho.close_item(people["sunming"], done.id, "已电话通知 8 个街道")
    left = ho.add_item(people["sunming"], DAY1, "核实江北街道停电情况")
    at_handover_of(clock, DAY1, minutes=80)
    ticked = [i.id for i in ho.prepare(people["sunming"], DAY1).items if i.id != left.id]
    ho.hand_over(people["sunming"], DAY1, "zhouxm", PASSWORD, ticked, reason="接班人参加防汛会商")
    yield str(path)
    services.db.dispose()


def test_show_lists_each_item_on_one_line(cli, office):
    result = cli("--db", office, "handover", "show", "--shift", "2026-11-21")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("2026年11月21日 全天班：2026-11-22 09:50 孙明交班，周晓梅接班；审计链第 ")
    by_title = {line.split("\t")[2]: line for line in lines[1:]}
    assert by_title["明早9时前向市政府报送寒潮防范情况"].split("\t")[1] == "待办"
    assert by_title["通知各街道做好防寒准备"].split("\t")[1] == "已办结：已电话通知 8 个街道"
    assert "未被接班人接收" in by_title["核实江北街道停电情况"]
    assert "经手：2026年11月21日 全天班→2026年11月22日 全天班" in by_title["明早9时前向市政府报送寒潮防范情况"]
    nothing = cli("--db", office, "handover", "show", "--shift", "2026-11-25")
    assert nothing.code == 0 and nothing.out.splitlines() == ["2026年11月25日 全天班：尚未交接", "本班没有交接事项"]


def test_both_reports_are_written(cli, office, tmp_path):
    log = cli("--db", office, "report", "dutylog", "--shift", "2026-11-21", "-o", tmp_path / "log.pdf")
    assert log.code == 0, log.err and "已生成值班日志" in log.out
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "log.pdf").pages).replace("\n", "")
    assert "值班日志" in text and "接班人参加防汛会商" in text
    record = cli("--db", office, "report", "handover", "--shift", "2026-11-21", "-o", tmp_path / "ho.pdf")
    assert record.code == 0, record.err
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "ho.pdf").pages).replace("\n", "")
    assert "交接班记录" in text and "未在窗口内交接的原因" in text and "审计锚点" in text


@pytest.mark.parametrize("args, message", [
    (("handover", "show", "--shift", "昨天"), "--shift 的日期“昨天”无法识别，请写成 2026-12-01 或 2026/12/1"),
    (("handover", "show", "--shift", "2026-11-21", "--name", "夜班"), "没有名为“夜班”的班次（本日班次：全天班）"),
    (("report", "handover", "--shift", "2026-11-22", "-o", "x.pdf"),
     "2026年11月22日 全天班本班尚未办理交接，没有交接班记录可打印"),
])
def test_mistakes_are_one_chinese_line(cli, office, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("--db", office, *args)
    assert result.code != 0 and result.err_lines == ["错误：" + message] and "Traceback" not in result.err
    assert not (tmp_path / "x.pdf").exists()
