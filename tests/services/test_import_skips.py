"""--skip-invalid on every import: the good rows go in, the bad ones are written beside the source with
a 原因 column, the counts are reported; without it one bad row still refuses the whole file."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from dutyroom.domain.vocabulary import PositionKind
from dutyroom.errors import ImportRejected
from dutyroom.services import importing
from dutyroom.services.calls.records import CallFilter
from dutyroom.services.records import SYSTEM_ACTOR, PersonRecord, UnitRecord


def xlsx(path, header, rows, title=None):
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows([header, *rows])
    return path


def rejected_xlsx(path) -> list[list]:
    book = load_workbook(path.with_name(path.stem + ".rejected.xlsx"))
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def rejected_csv(path) -> list[list[str]]:
    text = path.with_name(path.stem + ".rejected.csv").read_text(encoding="utf-8-sig")
    return list(csv.reader(text.splitlines()))


def test_units_skip_bad_rows_and_write_them_beside_the_source(services, tmp_path):
    path = xlsx(tmp_path / "单位.xlsx", ["单位名称", "类型", "值班电话"],
                [["东城街道", "下级单位", "0571-87051234"], ["西城街道", "外星机构", ""], ["南湖镇", "", ""]],
                title="临江区单位名单")
    with pytest.raises(ImportRejected):
        importing.import_units(services, SYSTEM_ACTOR, path)
    assert "东城街道" not in {u.name for u in services.units.list()}
    assert not (tmp_path / "单位.rejected.xlsx").exists()

    result = importing.import_units(services, SYSTEM_ACTOR, path, skip_invalid=True)
    assert (result.total, result.created) == (2, 2)
    assert {u.name for u in services.units.list()} >= {"东城街道", "南湖镇"}
    assert "西城街道" not in {u.name for u in services.units.list()}
    assert "跳过有误的 1 行" in result.summary() and "单位.rejected.xlsx" in result.summary()
    header, *rows = rejected_xlsx(path)
    assert header == ["单位名称", "类型", "值班电话", "原因"]
    assert rows == [["西城街道", "外星机构", None, rows[0][3]]]
    assert rows[0][3].startswith("第 4 行：") and "类型“外星机构”无法识别" in rows[0][3]


def test_people_and_holidays_skip_bad_rows(services, tmp_path):
    services.units.save(SYSTEM_ACTOR, UnitRecord(name="东城街道"))
    people = write_csv(tmp_path / "人员.csv", ["姓名", "单位", "岗位"],
                       [["张三", "东城街道", "值班员"], ["李四", "火星站", "值班员"], ["王五", "东城街道", "天使"]])
    result = importing.import_people(services, SYSTEM_ACTOR, people, skip_invalid=True)
    assert (result.total, result.created, len(result.refused.rows)) == (1, 1, 2)
    assert [p.name for p in services.people.list()] == ["张三"]
    header, *rows = rejected_csv(people)
    assert header == ["姓名", "单位", "岗位", "原因"]
    assert [r[:3] for r in rows] == [["李四", "火星站", "值班员"], ["王五", "东城街道", "天使"]]
    assert "火星站" in rows[0][3] and "岗位“天使”" in rows[1][3]

    holidays = write_csv(tmp_path / "节假日.csv", ["日期", "类型", "名称"],
                         [["2027-01-01", "休", "元旦"], ["2027-13-01", "休", "元旦"], ["2027-02-06", "班", "春节"]])
    result = importing.import_holidays(services, SYSTEM_ACTOR, holidays, skip_invalid=True)
    assert (result.total, result.year, len(result.refused.rows)) == (2, 2027, 1)
    assert [h.day for h in services.holidays.list(2027)] == [date(2027, 1, 1), date(2027, 2, 6)]
    assert rejected_csv(holidays)[1][:3] == ["2027-13-01", "休", "元旦"]


CALL_HEADER = ["来电时间", "内容摘要", "处理情况", "承办单位"]


def test_calls_skip_bad_and_already_logged_rows(services, tmp_path):
    first = xlsx(tmp_path / "台账一.xlsx", CALL_HEADER, [["2026-11-03 14:05", "停水", "当场答复", ""]])
    services.calls.import_ledger(SYSTEM_ACTOR, first)
    path = xlsx(tmp_path / "台账.xlsx", CALL_HEADER, [
        ["2026-11-03 14:05", "停水", "当场答复", ""],  # already logged by the first file
        ["2026-11-03 15:00", "路灯不亮", "转办供电公司", ""],
        ["昨天下午", "噪音扰民", "当场答复", ""],
    ])
    with pytest.raises(ImportRejected) as info:
        services.calls.import_ledger(SYSTEM_ACTOR, path)
    assert [n for n, _ in info.value.rejected] == [4]
    result = services.calls.import_ledger(SYSTEM_ACTOR, path, skip_invalid=True)
    assert (result.imported, [n for n, _ in result.refused.rows]) == (1, [2, 4])
    assert services.calls.count(CallFilter()) == 2
    header, *rows = rejected_xlsx(path)
    assert header == [*CALL_HEADER, "原因"]
    assert [r[1] for r in rows] == ["停水", "噪音扰民"]
    assert "可能已导入过" in rows[0][4] and "来电时间“昨天下午”无法识别" in rows[1][4]


def test_incidents_roster_and_rollcall_skip_bad_rows(services, actors, tmp_path):
    incidents = write_csv(tmp_path / "事件.csv", ["事件标题", "事发时间", "接报时间", "事发地点"], [
        ["化工厂爆炸", "2026-11-03 14:05", "2026-11-03 14:20", "临江工业园"],
        ["山体滑坡", "某天", "2026-11-05 23:00", "青山镇"]])
    result = services.incidents.import_file(SYSTEM_ACTOR, incidents, skip_invalid=True)
    assert (result.total, len(result.refused.rows)) == (1, 1)
    assert [i.title for i in services.incidents.list()] == ["化工厂爆炸"]
    assert rejected_csv(incidents)[1][0] == "山体滑坡"

    admin = actors[0]
    services.people.save(SYSTEM_ACTOR, PersonRecord(name="孙明", position_kind=PositionKind.OFFICER))
    roster = xlsx(tmp_path / "值班表.xlsx", ["日期", "值班员"],
                  [["2026-12-01", "孙明"], ["2026-12-02", "查无此人"], ["12月40日", "孙明"]], title="2026年12月值班表")
    with pytest.raises(ImportRejected) as info:
        services.roster.import_file(admin, roster)
    assert [n for n, _ in info.value.rejected] == [5]  # the dates are read first; names are matched later
    result = services.roster.import_file(admin, roster, skip_invalid=True)
    assert (result.total, [n for n, _ in result.refused.rows]) == (1, [4, 5])
    assert [c.person_name for c in services.roster.cells(date(2026, 12, 1), date(2026, 12, 2))] == ["孙明"]
    header, *rows = rejected_xlsx(roster)
    assert header == ["日期", "值班员", "原因"] and [r[1] for r in rows] == ["查无此人", "孙明"]

    services.units.save(SYSTEM_ACTOR, UnitRecord(name="东城街道"))
    rollcall = write_csv(tmp_path / "点名.csv", ["点名时间", "单位", "结果"],
                         [["2026-11-02 09:30", "东城街道", "在岗"], ["2026-11-02 09:30", "火星站", "在岗"]])
    result = services.rollcall.import_rollcalls(SYSTEM_ACTOR, rollcall, skip_invalid=True)
    assert (result.rollcalls, len(result.rejected)) == (1, 1)
    assert result.rejected_file.endswith("点名.rejected.csv")
    assert rejected_csv(rollcall)[1][:2] == ["2026-11-02 09:30", "火星站"]


def test_every_rejected_row_is_refused_and_nothing_is_written(services, tmp_path):
    path = write_csv(tmp_path / "单位.csv", ["单位名称", "类型"], [["甲", "外星"], ["乙", "火星"]])
    result = importing.import_units(services, SYSTEM_ACTOR, path, skip_invalid=True)
    assert (result.total, len(result.refused.rows)) == (0, 2)
    assert "已导入 0 行" in result.summary()
    assert len(rejected_csv(path)) == 3
