"""Statistics by unit with rank, one unit's history, and the import of past results (all or nothing)."""

import csv
from datetime import date

import pytest

from dutyroom.domain.vocabulary import RollCallKind, RollCallResult
from dutyroom.errors import ImportRejected
from dutyroom.services.records import SYSTEM_ACTOR
from tests.services.rollcall.helpers import make_units

HEADER = ["点名时间", "点名类型", "单位", "结果", "应答人", "应答用时（秒）", "画面声音", "备注", "整改要求", "整改期限"]
GOOD = [
    ["2026-11-02 09:30", "本级点名", "东城街道", "在岗", "张三", "15", "良好", "", "", ""],
    ["2026-11-02 09:30", "本级点名", "西城街道", "离岗", "", "", "", "值班员外出", "严格落实在岗值守", "2026-11-09"],
    ["2026-11-02 09:30", "本级点名", "南湖镇", "在岗", "李四", "90", "异常", "声音断续", "", ""],
    ["2026-11-09 09:30", "", "东城街道", "在岗", "张三", "20", "良好", "", "", ""],
    ["2026-11-09 09:30", "", "西城街道", "在岗", "王五", "30", "良好", "", "", ""],
    ["2026-11-09 09:30", "", "南湖镇", "请假", "", "", "", "", "", ""],
]


def write_csv(path, rows, encoding="utf-8"):
    with open(path, "w", newline="", encoding=encoding) as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def test_import_then_month_statistics_rank_units(services, actors, tmp_path):
    admin, leader, _ = actors
    make_units(services, admin)
    result = services.rollcall.import_rollcalls(leader, write_csv(tmp_path / "old.csv", GOOD, "gbk"))
    assert (result.rollcalls, result.rows) == (2, 6)
    stats = services.rollcall.month_statistics(2026, 11)
    assert stats.period == "2026年11月" and stats.rollcalls == 2
    by_unit = {u.figures.unit: u for u in stats.units}
    assert by_unit["东城街道"].rank == 1 and by_unit["东城街道"].figures.presence_rate == 1.0
    assert by_unit["南湖镇"].figures.slow == 1 and by_unit["南湖镇"].figures.excused == 1
    assert by_unit["西城街道"].figures.absent == 1
    assert stats.totals.called == 6 and stats.totals.present == 4
    assert services.rollcall.quarter_statistics(2026, 4).totals.called == 6
    [item] = services.rollcall.open_rectifications()
    assert item.unit_name == "西城街道" and item.due_on == date(2026, 11, 9)
    east = services.units.find_by_name("东城街道")
    history = services.rollcall.unit_history(east.id)
    assert [h.result for h in history] == [RollCallResult.PRESENT] * 2 and history[0].answer_seconds == 20
    # The same file again is refused: nothing doubled.
    with pytest.raises(ImportRejected) as info:
        services.rollcall.import_rollcalls(leader, tmp_path / "old.csv")
    assert all("可能已导入过" in reason for _, reason in info.value.rejected)


BAD = [
    ["2026-11-16 09:30", "本级点名", "东城街道", "在岗", "", "12", "", "", "", ""],
    ["2026-11-16 09:30", "本级点名", "不存在镇", "在岗", "", "", "", "", "", ""],
    ["2026-11-16 09:30", "本级点名", "西城街道", "睡觉", "", "", "", "", "", ""],
    ["2026-11-16 09:30", "本级点名", "南湖镇", "在岗", "", "-5", "", "", "", ""],
    ["2026-11-16 09:30", "本级点名", "东城街道", "在岗", "", "", "", "", "", ""],
    ["2026-11-16 09:30", "夜查", "北山镇", "在岗", "", "", "", "", "", ""],
]


def test_every_rejected_row_has_its_number_and_reason(services, actors, tmp_path):
    admin, _, _ = actors
    make_units(services, admin)
    path = write_csv(tmp_path / "bad.csv", BAD)
    with pytest.raises(ImportRejected) as info:
        services.rollcall.import_rollcalls(SYSTEM_ACTOR, path)
    reasons = dict(info.value.rejected)
    assert sorted(reasons) == [3, 4, 5, 6, 7]
    assert "不在单位名单中" in reasons[3] and "睡觉" in reasons[4] and "早于点名时间" in reasons[5]
    assert "出现了两次" in reasons[6] and "点名类型" in reasons[7]
    assert services.rollcall.month_statistics(2026, 11).rollcalls == 0  # nothing imported
    skipped = services.rollcall.import_rollcalls(SYSTEM_ACTOR, path, skip_invalid=True)
    assert (skipped.rollcalls, skipped.rows, len(skipped.rejected)) == (1, 1, 5)
    assert "跳过有误的 5 行" in skipped.summary()
    assert services.rollcall.month_statistics(2026, 11).by_kind[0] == (RollCallKind.HOST, 1)


def test_export_imports_again(services, actors, tmp_path, db_target):
    from openpyxl import load_workbook

    from dutyroom.app import open_services

    admin, leader, _ = actors
    make_units(services, admin)
    services.rollcall.import_rollcalls(leader, write_csv(tmp_path / "old.csv", GOOD))
    out = tmp_path / "out" / "点名.xlsx"
    assert services.rollcall.export_results(date(2026, 11, 1), date(2026, 11, 30), out, "2026年11月") == 6
    book = load_workbook(out)
    results = list(book["点名结果"].iter_rows(values_only=True))
    assert results[0][:4] == ("点名时间", "点名类型", "单位", "结果")
    assert ("西城街道", "离岗") in {(r[2], r[3]) for r in results[1:]}
    ranks = list(book["单位统计"].iter_rows(values_only=True))
    assert ranks[2][:2] == (1, "东城街道")
    # Into a fresh office database with the same units, the exported file imports as it was.
    other = open_services(tmp_path / "other.sqlite3", clock=services.clock)
    try:
        other_admin = other.users.create_first_admin("admin", "duty2026pass", "王管理")
        make_units(other, other_admin)
        assert other.rollcall.import_rollcalls(SYSTEM_ACTOR, out).rows == 6
    finally:
        other.db.dispose()
