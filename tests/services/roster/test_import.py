"""Importing an Excel roster: names matched exactly, every bad row reported, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook

from dutyroom.domain.roster_sheet import SheetRow
from dutyroom.domain.vocabulary import PositionKind
from dutyroom.errors import ImportRejected, PermissionDenied
from dutyroom.services.records import SYSTEM_ACTOR, PersonRecord


def people(services, *names, active=True):
    for name in names:
        services.people.save(SYSTEM_ACTOR, PersonRecord(name=name, position_kind=PositionKind.OFFICER, active=active))


def row(n, day, leaders=(), officers=(), standby=()):
    return SheetRow(n, day, list(leaders), list(officers), list(standby))


def test_rows_become_cells_of_the_first_shift_with_one_audit_record(services, actors):
    admin, leader, _ = actors
    people(services, "陈建国", "孙明", "周晓梅", "许浩")
    with pytest.raises(PermissionDenied):
        services.roster.import_rows(leader, [row(2, date(2026, 12, 1), officers=["孙明"])])
    result = services.roster.import_rows(admin, [
        row(3, date(2026, 12, 5), ["陈建国"], ["孙明", "周晓梅"], ["许浩"]),
        row(4, date(2026, 12, 6), [], ["周晓梅"]),
    ], source_name="值班表.xlsx")
    assert result.summary() == "已导入 2 行值班安排（2026-12-05 至 2026-12-06，共 5 个班位）"
    cells = services.roster.cells(date(2026, 12, 5), date(2026, 12, 6))
    assert [(c.day.day, c.position.value, c.slot, c.person_name, c.source) for c in cells] == [
        (5, "leader", 0, "陈建国", "import"), (5, "officer", 0, "孙明", "import"),
        (5, "officer", 1, "周晓梅", "import"), (5, "standby", 0, "许浩", "import"),
        (6, "officer", 0, "周晓梅", "import")]
    [entry] = [e for e in services.audit.page(admin, 0, 5) if e.entity_kind == "roster"]
    assert (entry.action, entry.after["file"], entry.after["cells"]) == ("import", "值班表.xlsx", 5)

    # importing the same day again replaces that day: nothing doubles up
    services.roster.import_rows(admin, [row(2, date(2026, 12, 5), [], ["许浩"])])
    again = services.roster.cells(date(2026, 12, 5), date(2026, 12, 5))
    assert [(c.position.value, c.person_name) for c in again] == [("officer", "许浩")]


def test_every_bad_row_is_reported_and_nothing_is_imported(services, actors):
    admin = actors[0]
    people(services, "孙明", "周晓梅")
    people(services, "张伟", "张伟")
    people(services, "何雪", active=False)
    rows = [
        row(2, date(2026, 12, 1), [], ["孙明"]),
        row(3, date(2026, 12, 2), ["李四"], ["张伟"]),
        row(4, date(2026, 12, 1), [], ["周晓梅"]),
        row(5, date(2026, 12, 3), ["孙明"], ["孙明"]),
        row(6, date(2026, 12, 4), [], ["何雪"]),
        row(7, date(2026, 12, 5)),
    ]
    with pytest.raises(ImportRejected) as rejected:
        services.roster.import_rows(admin, rows)
    assert rejected.value.total == 6
    assert rejected.value.rejected == [
        (3, "带班领导“李四”不在人员名单中或已停用（姓名须完全一致）；值班员“张伟”有 2 名同名人员，无法确定是哪一位，请在程序中排班"),
        (4, "与第 2 行的日期 2026-12-01 重复"),
        (5, "“孙明”同一天既是带班领导又是值班员"),
        (6, "值班员“何雪”不在人员名单中或已停用（姓名须完全一致）"),
        (7, "没有填写任何人员"),
    ]
    assert services.roster.cells(date(2026, 12, 1), date(2026, 12, 31)) == []


def test_an_excel_file_is_read_with_the_roster_sheet_reader(services, actors, tmp_path):
    admin = actors[0]
    people(services, "陈建国", "孙明", "周晓梅")
    book = Workbook()
    for values in (["2026年12月值班表"], ["日期", "星期", "带班领导", "值班员", "备班"],
                   ["2026-12-05", "星期六", "陈建国", "孙明、周晓梅", ""], ["2026/12/7", "星期一", "", "孙明", ""]):
        book.active.append(values)
    book.save(tmp_path / "值班表.xlsx")
    result = services.roster.import_file(admin, tmp_path / "值班表.xlsx")
    assert (result.total, result.first, result.last, result.cells) == (2, date(2026, 12, 5), date(2026, 12, 7), 4)
