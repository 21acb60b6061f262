"""Importing units, people and holidays from the files an office really has: Excel, GBK and UTF-8 CSV."""

from __future__ import annotations

import csv
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from dutyroom.domain.vocabulary import HolidayKind, PositionKind, UnitKind
from dutyroom.errors import DutyRoomError, ImportRejected, PermissionDenied
from dutyroom.services.events import Change
from dutyroom.services.importing import import_holidays, import_people, import_units
from dutyroom.services.records import PersonRecord, UnitRecord


def write_csv(path, rows, encoding="utf-8-sig"):
    with open(path, "w", encoding=encoding, newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def write_xlsx(path, rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def audit_count(services, admin) -> int:
    return services.audit.count(admin)


UNITS = [
    ["序号", "单位名称", "类型", "值班电话", "传真", "地址", "是否启用"],
    ["1", "区应急管理局", "下级单位", "0123-82200110", "0123-82200119", "临江区人民路 12 号", "是"],
    ["2", "区政府办公室秘书科", "部门", "０１２３－８２１１０１１０", "", "", ""],
    ["3", "青川市人民政府总值班室", "上级机关", "0123-61000110", "", "", "启用"],
    ["4", "白石镇人民政府", "", "0123-83400110", "", "白石镇白石街 8 号", "停用"],
]


def test_units_from_utf8_bom_csv_are_created_with_one_audit_record_each(services, actors, tmp_path):
    admin, _, _ = actors
    services.units.save(admin, UnitRecord(name="临江区人民政府总值班室", kind=UnitKind.OWN, sort_order=50))
    before = audit_count(services, admin)
    seen: list[Change] = []
    services.bus.subscribe(seen.append)

    result = import_units(services, admin, write_csv(tmp_path / "单位.csv", UNITS))

    assert (result.total, result.created, result.updated) == (4, 4, 0)
    assert result.summary() == "已导入 4 行（新增 4，更新 0，无变化 0）"
    units = {u.name: u for u in services.units.list()}
    assert units["区应急管理局"].kind == UnitKind.SUBORDINATE
    assert units["区应急管理局"].fax == "0123-82200119"
    assert units["区政府办公室秘书科"].kind == UnitKind.DEPARTMENT
    assert units["区政府办公室秘书科"].duty_phone == "0123-82110110"  # full-width digits normalised
    assert units["青川市人民政府总值班室"].kind == UnitKind.UPPER
    assert units["白石镇人民政府"].kind == UnitKind.SUBORDINATE and not units["白石镇人民政府"].active
    # New units follow the existing list in the file's order.
    assert [u.name for u in services.units.list()][:2] == ["临江区人民政府总值班室", "区应急管理局"]
    assert audit_count(services, admin) == before + 5  # four rows and the import itself
    assert seen == [Change(kind="unit", op="bulk")]


def test_same_unit_name_updates_in_place_and_blank_cells_keep_values(services, actors, tmp_path):
    admin, _, _ = actors
    old = services.units.save(admin, UnitRecord(name="区水务局", duty_phone="0123-82600110",
                                                 address="临江区沿江路 21 号", sort_order=70))
    services.units.save(admin, UnitRecord(name="区交通运输局", duty_phone="0123-82700110"))
    rows = [["名称", "电话", "传真", "地址"],
            ["区水务局", "0123-82609999", "0123-82600119", ""],
            ["区交通运输局", "0123-82700110", "", ""]]
    result = import_units(services, admin, write_csv(tmp_path / "u.csv", rows))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    water = services.units.get(old.id)
    assert (water.duty_phone, water.fax, water.address, water.sort_order) == (
        "0123-82609999", "0123-82600119", "临江区沿江路 21 号", 70)
    assert water.version == old.version + 1
    assert len(services.units.list()) == 2


def test_every_bad_row_is_reported_and_nothing_is_imported(services, actors, tmp_path):
    admin, _, _ = actors
    before = audit_count(services, admin)
    rows = [["单位名称", "类型", "值班电话", "排序"],
            ["区卫生健康局", "下级单位", "0123-82500110", "10"],
            ["区公安分局", "公安", "0123-82300110", "20"],
            ["", "", "12", "三十"],
            ["区卫生健康局", "", "", ""]]
    with pytest.raises(ImportRejected) as info:
        import_units(services, admin, write_csv(tmp_path / "bad.csv", rows))
    rejected = dict(info.value.rejected)
    assert sorted(rejected) == [3, 4, 5]
    assert "类型“公安”无法识别" in rejected[3]
    assert "请填写单位名称" in rejected[4]
    assert "排序“三十”应为整数" in rejected[4]
    assert "值班电话：电话号码太短" in rejected[4]
    assert "与第 2 行的单位名称重复" in rejected[5]
    assert info.value.total == 4
    assert info.value.message == "3 行有误（共 4 行），未导入任何数据"
    assert services.units.list() == []
    assert audit_count(services, admin) == before


def test_people_from_gbk_csv_as_excel_in_china_saves_it(services, actors, tmp_path):
    admin, _, _ = actors
    office = services.units.save(admin, UnitRecord(name="临江区人民政府总值班室", kind=UnitKind.OWN))
    rows = [["姓名", "单位", "职务", "岗位", "办公电话", "手机号码"],
            ["刘振华", "临江区人民政府总值班室", "区政府办公室主任", "带班领导", "0123-82100005", "13900000005"],
            ["吴磊", "临江区人民政府总值班室", "科员", "值班员", "", "13800000009"],
            ["韩静", "临江区人民政府总值班室", "科员", "备班", "", ""]]
    path = write_csv(tmp_path / "人员.csv", rows, encoding="gbk")
    assert path.read_bytes().decode("gbk")  # really GBK, not UTF-8
    result = import_people(services, admin, path)
    assert result.created == 3
    people = {p.name: p for p in services.people.list()}
    assert people["刘振华"].position_kind == PositionKind.LEADER
    assert people["刘振华"].unit_id == office.id and people["刘振华"].unit_name == "临江区人民政府总值班室"
    assert people["吴磊"].mobile == "13800000009"
    assert people["韩静"].position_kind == PositionKind.STANDBY


def test_people_from_xlsx_with_title_row_and_numeric_cells(services, actors, tmp_path):
    admin, _, _ = actors
    unit = services.units.save(admin, UnitRecord(name="区应急管理局"))
    existing = services.people.save(admin, PersonRecord(name="杨军", unit_id=unit.id, title="副局长",
                                                        mobile="13900000001"))
    rows = [["区应急管理局值班人员名单"], [],
            ["姓名", "单位", "职务", "岗位", "手机", "状态"],
            ["杨军", "区应急管理局", "局长", "领导", None, None],
            ["朱婷", "区应急管理局", "值班员", "值班员", 13800000002, 1],
            [],
            ["何雪", "", "科员", "", "138 0000 0003", "停用"]]
    result = import_people(services, admin, write_xlsx(tmp_path / "人员.xlsx", rows))
    assert (result.total, result.created, result.updated) == (3, 2, 1)
    updated = services.people.get(existing.id)
    assert (updated.title, updated.position_kind) == ("局长", PositionKind.LEADER)
    assert updated.mobile == "13900000001"  # blank cell: kept
    people = {p.name: p for p in services.people.list()}
    assert people["朱婷"].mobile == "13800000002" and people["朱婷"].active
    assert people["何雪"].unit_id is None and not people["何雪"].active
    assert people["何雪"].position_kind == PositionKind.OFFICER


def test_xlsx_rows_are_numbered_as_in_the_spreadsheet(services, actors, tmp_path):
    admin, _, _ = actors
    services.units.save(admin, UnitRecord(name="城关街道办事处"))
    rows = [[], ["姓名", "单位", "手机"],
            ["石磊", "城关街道办事处", "13900000031"],
            [],
            ["姜楠", "城关街道", "13800000032"],
            ["", "城关街道办事处", "手机坏了"]]
    with pytest.raises(ImportRejected) as info:
        import_people(services, admin, write_xlsx(tmp_path / "p.xlsx", rows))
    assert info.value.rejected == [
        (5, "单位“城关街道”不存在，请先在单位中添加或导入该单位（名称要完全一致）"),
        (6, "请填写姓名；手机：电话号码只能包含数字、“-”、括号、“转”和分隔符"),
    ]
    assert services.people.list() == []


def test_a_comma_inside_an_unquoted_csv_cell_is_caught(services, actors, tmp_path):
    admin, _, _ = actors
    path = tmp_path / "u.csv"
    path.write_text("单位名称,值班电话,地址\n区水务局,0123-82600110,沿江路21号,2楼\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as info:
        import_units(services, admin, path)
    (row, reason), = info.value.rejected
    assert row == 2 and "表头以外的列里有内容（2楼）" in reason


def test_only_an_administrator_may_import(services, actors, tmp_path):
    _, leader, officer = actors
    path = write_csv(tmp_path / "u.csv", UNITS)
    for actor in (leader, officer):
        with pytest.raises(PermissionDenied):
            import_units(services, actor, path)
    assert services.units.list() == []


@pytest.mark.parametrize(("rows", "expected"), [
    ([["单位", "岗位"], ["x", "y"]], "缺少“姓名”"),
    ([["姓名", "手机好"], ["张伟", "13900000000"]], "无法识别“手机好”"),
    ([["姓名", "手机", "手机号"], ["张伟", "1", "2"]], "重复的列“手机”"),
])
def test_wrong_headers_are_one_clear_error(services, actors, tmp_path, rows, expected):
    admin, _, _ = actors
    with pytest.raises(DutyRoomError) as info:
        import_people(services, admin, write_csv(tmp_path / "p.csv", rows))
    assert expected in info.value.message
    assert "文件中的表头：" in info.value.message and "可用的表头：姓名（必填）、单位" in info.value.message


def test_empty_files_and_wrong_formats_are_refused_clearly(services, actors, tmp_path):
    admin, _, _ = actors
    cases = {
        "empty.csv": ("", "文件是空的"),
        "header.csv": ("单位名称,值班电话\n", "只有表头"),
        "old.xls": ("x", "另存为 .xlsx 或 CSV"),
        "notes.txt": ("x", "只能导入 .xlsx 或 .csv"),
        "broken.xlsx": ("not a zip", "无法读取 Excel 文件"),
    }
    for name, (content, expected) in cases.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
        with pytest.raises(DutyRoomError) as info:
            import_units(services, admin, tmp_path / name)
        assert expected in info.value.message, name
    with pytest.raises(DutyRoomError, match="找不到文件"):
        import_units(services, admin, tmp_path / "missing.csv")
    write_xlsx(tmp_path / "disguised.csv", [["单位名称"], ["区水务局"]])
    with pytest.raises(DutyRoomError, match="改为 .xlsx"):
        import_units(services, admin, tmp_path / "disguised.csv")
    assert services.units.list() == []


def test_holiday_schedule_replaces_that_year(services, actors, tmp_path):
    admin, _, _ = actors
    rows = [["日期", "类型", "名称"],
            ["2031-01-01", "休", "元旦"],
            ["2031/2/1", "法定节假日", "春节"],
            [datetime(2031, 2, 2), "休", "春节"],
            ["2031年1月26日", "班", "春节"]]
    result = import_holidays(services, admin, write_xlsx(tmp_path / "2031.xlsx", rows))
    assert (result.year, result.total, result.replaced) == (2031, 4, 0)
    days = {h.day: h for h in services.holidays.list(2031)}
    assert days[date(2031, 1, 26)].kind == HolidayKind.WORKDAY
    assert days[date(2031, 2, 2)].kind == HolidayKind.HOLIDAY

    again = import_holidays(services, admin, write_csv(tmp_path / "2031.csv", rows[:2]), year=2031)
    assert again.replaced == 4
    assert [h.day for h in services.holidays.list(2031)] == [date(2031, 1, 1)]


def test_holiday_rows_are_checked_before_anything_is_replaced(services, actors, tmp_path):
    admin, _, _ = actors
    services.holidays.replace_year(admin, 2031, [])
    rows = [["日期", "类型", "名称"],
            ["2031-01-01", "休", "元旦"],
            ["2031-13-01", "休", "元旦"],
            ["2031-01-06", "班", "元旦"],  # a Monday cannot be an adjusted workday
            ["2032-01-01", "休", "元旦"],
            ["2031-01-01", "放假", "元旦"]]
    with pytest.raises(ImportRejected) as info:
        import_holidays(services, admin, write_csv(tmp_path / "h.csv", rows), year=2031)
    reasons = dict(info.value.rejected)
    assert sorted(reasons) == [3, 4, 5, 6]
    assert "日期“2031-13-01”无法识别" in reasons[3]
    assert "调休上班日应是周六或周日" in reasons[4]
    assert "不属于 2031 年" in reasons[5]
    assert "与第 2 行的日期重复" in reasons[6]
    with pytest.raises(DutyRoomError, match="跨了多个年份"):
        import_holidays(services, admin, write_csv(tmp_path / "two.csv", [rows[0], rows[1], rows[4]]))
