"""The roll-call commands: registered through the CLI's registry, run for real on a SQLite file."""

from __future__ import annotations

import csv
import io
from datetime import date, time

import pytest
from pypdf import PdfReader

from dutyroom.app import open_services
from dutyroom.cli import build_parser
from dutyroom.cli import rollcall as rollcall_module
from dutyroom.domain.vocabulary import RollCallKind, RollCallResult
from dutyroom.errors import DutyRoomError, ImportRejected
from dutyroom.services.rollcall.records import PlanRecord
from tests.conftest import PASSWORD, make_accounts
from tests.services.rollcall.helpers import make_units


@pytest.fixture
def rollcall_cli():
    return rollcall_module


@pytest.fixture
def office(tmp_path, clock):
    path = tmp_path / "office.sqlite3"
    services = open_services(path, clock=clock)
    admin, leader, officer = make_accounts(services)
    ids = make_units(services, admin)
    services.rollcall.save_plan(leader, PlanRecord("每周一点名", RollCallKind.HOST, at_time=time(9, 30), weekday=0,
                                                   unit_ids=tuple(ids)))
    services.rollcall.save_plan(leader, PlanRecord("夜间抽查", RollCallKind.SPOT, anchor_day=date(2026, 11, 1),
                                                   window_start=time(21, 0), window_end=time(6, 0), spot_count=2,
                                                   unit_ids=tuple(ids)))
    yield services, officer, str(path)
    services.db.dispose()


def run(rollcall_cli, db, argv):
    """Parse with the real command line (the area registered through AREAS) and call the handler, so a
    mistake arrives as the exception main() would turn into one line."""
    args = build_parser().parse_args(["--db", db, *argv])
    assert args.handler.__module__ == rollcall_cli.__name__
    return args.handler(args)


def test_plans_and_a_reproducible_draw(rollcall_cli, office, capsys):
    services, _, db = office
    assert run(rollcall_cli, db, ["rollcall", "plans"]) == 0
    out = capsys.readouterr().out
    assert "每周一点名" in out and "每周一 09:30" in out and "21:00—06:00 间抽 2 个单位" in out
    assert run(rollcall_cli, db, ["rollcall", "draw", "--date", "2026-11-25", "--seed", "77"]) == 0
    first = capsys.readouterr().out
    assert "种子 77" in first and "从 5 个单位中抽 2 个" in first and "从未抽查" in first
    run(rollcall_cli, db, ["rollcall", "draw", "--date", "2026-11-25", "--seed", "77", "--record"])
    recorded = capsys.readouterr().out
    assert recorded.startswith(first) and "已记为随机抽查" in recorded
    with pytest.raises(DutyRoomError, match="--date"):
        run(rollcall_cli, db, ["rollcall", "draw", "--date", "明天"])


HEADER = ["点名时间", "单位", "结果", "应答用时（秒）"]


def test_import_report_and_export(rollcall_cli, office, tmp_path, capsys, monkeypatch):
    services, officer, db = office
    as_admin = ["--user", "admin", "--password-stdin"]  # an import is an administrator's
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n" * 3))
    good = tmp_path / "good.csv"
    with open(good, "w", newline="", encoding="gbk") as f:
        csv.writer(f).writerows([HEADER, ["2026-11-02 09:30", "东城街道", "在岗", "12"],
                                 ["2026-11-02 09:30", "西城街道", "离岗", "30"],
                                 ["2026-11-09 09:30", "东城街道", "未应答", ""]])
    assert run(rollcall_cli, db, ["import", "rollcall", str(good), *as_admin]) == 0
    assert "已导入 2 次视频点名（3 行）" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    with open(bad, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([HEADER, ["2026-11-16 09:30", "东城街道", "在岗", "5"],
                                 ["2026-11-16 09:30", "火星站", "在岗", ""]])
    with pytest.raises(ImportRejected) as info:
        run(rollcall_cli, db, ["import", "rollcall", str(bad), *as_admin])
    assert info.value.rejected == [(3, "单位“火星站”不在单位名单中，请先在单位管理中添加")]
    assert run(rollcall_cli, db, ["import", "rollcall", str(bad), "--skip-invalid", *as_admin]) == 0
    captured = capsys.readouterr()
    assert "第 3 行" in captured.err and "跳过有误的 1 行" in captured.out

    pdf = tmp_path / "stats.pdf"
    assert run(rollcall_cli, db, ["report", "rollcall-stats", "--quarter", "2026-Q4", "-o", str(pdf)]) == 0
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "2026年第四季度视频点名情况统计" in "".join(text.split())
    [one] = services.rollcall.rollcalls_between(*services.rollcall._day_bounds(date(2026, 11, 2), date(2026, 11, 2)))
    notice = tmp_path / "notice.pdf"
    assert run(rollcall_cli, db, ["report", "rollcall", str(one.id), "-o", str(notice)]) == 0
    assert "视频点名情况通报" in "".join(PdfReader(notice).pages[0].extract_text().split())
    assert "尚未编发" in capsys.readouterr().out
    assert run(rollcall_cli, db, ["report", "rollcall", str(one.id), "--issue", "-o", str(notice), "--force"]) == 0
    assert "已编发，编发时间" in capsys.readouterr().out
    reprint = tmp_path / "notice-again.pdf"
    assert run(rollcall_cli, db, ["report", "rollcall", str(one.id), "-o", str(reprint)]) == 0
    assert "按编发时的内容重印" in capsys.readouterr().out
    assert reprint.read_bytes() == notice.read_bytes() == services.rollcall.issued_notice(one.id).pdf
    xlsx = tmp_path / "out.xlsx"
    assert run(rollcall_cli, db, ["export", "rollcall", "--month", "2026-11", "-o", str(xlsx)]) == 0
    assert "4 行" in capsys.readouterr().out
    with pytest.raises(DutyRoomError, match="季度"):
        run(rollcall_cli, db, ["export", "rollcall", "--quarter", "2026-Q5", "-o", str(xlsx), "--force"])
    assert RollCallResult.ABSENT.label in {r.result.label for r in services.rollcall.get(one.id).entries}


def test_quarter_words(rollcall_cli):
    assert rollcall_cli.quarter_arg("2026-Q4") == (2026, 4)
    assert rollcall_cli.quarter_arg("2026年第三季度") == (2026, 3)
