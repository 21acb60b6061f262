"""Importing an office's call ledger (来电台账) and exporting the log to Excel, on both databases."""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from dutyroom.app import open_services
from dutyroom.domain.vocabulary import CallDirection, CallerKind, CallOutcome, FollowUpStatus
from dutyroom.errors import DutyRoomError, ImportRejected, PermissionDenied
from dutyroom.services.calls import importing as call_import
from dutyroom.services.calls.records import CallFilter, CallRecord
from dutyroom.services.records import SYSTEM_ACTOR
from dutyroom.store.call_search import SLOTS, sort_key_base
from tests.conftest import make_accounts
from tests.services.calls.helpers import expected_terms, indexed_terms, search_ids

OFFICE = ZoneInfo("Asia/Shanghai")
HEADER = ["序号", "来电时间", "来电人", "来电号码", "来电单位", "类别", "内容摘要", "处理情况", "承办单位", "状态",
          "反馈时限", "值班员"]


def xlsx(path, rows, *, title: str | None = "临江区人民政府值班室来电登记台账", header=HEADER):
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


GOOD_ROWS = [
    [1, "2026-11-03 14:05", "张三", "０５７１－８７０５１２３４", "城关街道", "求援", "幸福小区停水两天无人处理",
     "转区水务局办理", "区水务局", "办理中", "2026/11/6", "钱值班"],
    [2, datetime(2026, 11, 3, 15, 30), "李四", "13905711234", "", "信访", "反映拆迁补偿问题", "已告知信访渠道",
     "", "", "", ""],
    [3, 46329.5868, "", "", "", "咨询类", "询问居住证办理材料", "当场答复", "", "", "", "孙值班"],
    [4, "2026年11月4日9时10分", "王五", "", "区应急局", "突发事件", "临江路化工厂冒烟已报119", "报告领导", "", "", "",
     ""],
    [5, "2026.11.4 21:00", "", "", "", "其它", "对方未说话即挂断", "无效来电", "", "", "", ""],
]


def import_good(services, tmp_path, actor=SYSTEM_ACTOR) -> int:
    return services.calls.import_calls(actor, xlsx(tmp_path / "台账.xlsx", GOOD_ROWS))


def by_summary(services) -> dict[str, CallRecord]:
    rows = services.calls.page(CallFilter(), 0, 100)
    return {services.calls.get(r.id).summary.split("\n")[0]: services.calls.get(r.id) for r in rows}


def test_a_real_ledger_is_read_with_its_own_words(services, actors, tmp_path):
    assert import_good(services, tmp_path) == 5
    calls = by_summary(services)
    water = calls["幸福小区停水两天无人处理"]
    assert water.started_at == datetime(2026, 11, 3, 14, 5, tzinfo=OFFICE)
    assert (water.outcome, water.follow_status, water.assigned_unit) == (CallOutcome.ASSIGNED,
                                                                         FollowUpStatus.IN_PROGRESS, "区水务局")
    assert (water.category, water.due_on, water.officer) == ("求助", date(2026, 11, 6), "钱值班")
    assert water.caller_number == "057187051234" and water.outcome_note == "转区水务局办理"
    assert water.caller_kind == CallerKind.OTHER  # a caller who names a unit is not counted as 群众
    petition = calls["反映拆迁补偿问题"]
    assert petition.category == "其他" and petition.summary.endswith("（台账类别：信访）")
    assert (petition.outcome, petition.outcome_note) == (CallOutcome.ANSWERED, "已告知信访渠道")
    assert petition.officer == "系统" and petition.caller_kind == CallerKind.PUBLIC
    assert calls["询问居住证办理材料"].started_at == datetime(2026, 11, 3, 14, 5, tzinfo=OFFICE)  # Excel serial
    reported = calls["临江路化工厂冒烟已报119"]
    assert (reported.outcome, reported.outcome_note, reported.category) == (CallOutcome.REPORTED, "（台账未注明）",
                                                                          "突发事件报告")
    assert calls["对方未说话即挂断"].outcome == CallOutcome.INVALID


def test_imported_calls_are_indexed_and_keyed_like_typed_ones(services, actors, tmp_path):
    admin = actors[0]
    audits = services.audit.count(admin)
    import_good(services, tmp_path)
    assert services.audit.count(admin) == audits + 1  # one "import" record for the batch
    assert indexed_terms(services) == expected_terms(services)
    assert len(search_ids(services, "停水")) == 1 and len(search_ids(services, "信访")) == 1
    assert len(search_ids(services, "8705")) == 1  # a piece of the normalised number
    rows = services.calls.page(CallFilter(oldest_first=True), 0, 10)
    for row in rows:
        base = sort_key_base(int(row.started_at.timestamp()))
        assert base <= row.sort_key < base + SLOTS
    same_second = [r.sort_key for r in rows if r.started_at == datetime(2026, 11, 3, 14, 5, tzinfo=OFFICE)]
    assert len(same_second) == 2 and same_second[1] == same_second[0] + 1  # the file's order within the second
    entry = services.audit.page(admin, 0, 1)[0]
    assert (entry.action, entry.entity_kind) == ("import", "call")


def test_a_transfer_phrase_without_a_unit_column_is_a_transfer_to_that_unit(services, tmp_path):
    rows = [[i, f"2026-11-03 1{i}:05", "", "", "", "求助", f"第{i}户停水", outcome, "", "", "", ""]
            for i, outcome in enumerate(("转办水务集团", "已转水务集团", "转水务集团处理"), start=1)]
    assert services.calls.import_calls(SYSTEM_ACTOR, xlsx(tmp_path / "转办.xlsx", rows)) == 3
    calls = by_summary(services)
    for i, outcome in enumerate(("转办水务集团", "已转水务集团", "转水务集团处理"), start=1):
        call = calls[f"第{i}户停水"]
        assert (call.outcome, call.assigned_unit, call.follow_status) == (
            CallOutcome.ASSIGNED, "水务集团", FollowUpStatus.PENDING)
        assert outcome in call.outcome_note  # the ledger's own words are kept


def test_every_bad_row_is_reported_and_nothing_is_imported(services, actors, tmp_path):
    rows = [
        GOOD_ROWS[0],
        [2, "2026-11-31 14:05", "", "", "", "咨询", "日期不存在", "当场答复", "", "", "", ""],
        [3, "2026-11-05", "", "", "", "咨询", "只有日期", "当场答复", "", "", "", ""],
        [4, "2027-01-01 08:00", "", "", "", "咨询", "将来的来电", "当场答复", "", "", "", ""],
        [5, "2026-11-05 08:00", "", "", "", "咨询", "", "当场答复", "", "", "", ""],
        [6, "2026-11-05 08:00", "", "", "", "咨询", "没有处理情况", "", "", "", "", ""],
        [7, "2026-11-05 08:00", "", "", "", "咨询", "状态矛盾", "当场答复", "", "待办", "", ""],
        [8, "2026-11-05 08:00", "", "", "", "咨询", "转办无单位", "转办", "", "", "", ""],
        [9, "2026-11-05 08:00", "", "", "", "咨询", "时限早于来电", "转办", "区水务局", "", "2026-11-01", ""],
        [10, "2026-11-05 08:00", "", "abc", "", "咨询", "号码不对", "当场答复", "", "", "", ""],
        [11, "2026-11-05 08:00", "", "", "", "咨询", "很长" * 3000, "当场答复", "", "", "", ""],
        [12, "2026-11-05 08:00", "", "", "", "咨询", "状态写错", "转办", "区水务局", "看情况", "", ""],
        [13, "2026-11-03 14:05", "张三", "0571-87051234", "城关街道", "求助", "幸福小区停水两天无人处理", "转办",
         "区水务局", "", "", ""],
    ]
    with pytest.raises(ImportRejected) as caught:
        services.calls.import_calls(SYSTEM_ACTOR, xlsx(tmp_path / "bad.xlsx", rows))
    reasons = dict(caught.value.rejected)
    assert sorted(reasons) == list(range(4, 16))  # row 1 is the title, row 2 the header, row 3 the good row
    assert "来电时间“2026-11-31 14:05”无法识别" in reasons[4]
    assert "没有写明几点几分" in reasons[5]
    assert "不能晚于现在" in reasons[6]
    assert "请填写内容摘要" in reasons[7]
    assert "请填写处理情况" in reasons[8]
    assert "只用于转办" in reasons[9]
    assert "承办单位" in reasons[10]
    assert "反馈期限不能早于来电日期" in reasons[11]
    assert "电话号码" in reasons[12]
    assert "内容摘要太长（6000 字" in reasons[13]
    assert "状态“看情况”无法识别" in reasons[14]
    assert "与第 3 行重复" in reasons[15]
    assert caught.value.total == 13
    assert services.calls.count(CallFilter()) == 0


def test_a_ledger_imported_twice_is_refused_the_second_time(services, actors, tmp_path):
    import_good(services, tmp_path)
    with pytest.raises(ImportRejected) as caught:
        import_good(services, tmp_path)
    assert len(caught.value.rejected) == 5 and "可能已导入过" in caught.value.rejected[0][1]
    assert services.calls.count(CallFilter()) == 5


def test_csv_with_separate_date_and_time_columns_in_gbk(services, actors, tmp_path):
    path = tmp_path / "台账.csv"
    with path.open("w", newline="", encoding="gbk") as out:
        writer = csv.writer(out)
        writer.writerow(["日期", "时间", "姓名", "电话", "来电内容", "办理结果", "方向", "来电人类别", "苗头性"])
        writer.writerow(["2026/11/3", "14:05", "赵六", "138 0013 8000", "询问供暖时间", "已答复", "来电", "市民", "是"])
        writer.writerow(["2026年11月3日", "23:59", "", "", "通知区水务局派员", "已办结", "去电", "部门", ""])
    assert services.calls.import_calls(SYSTEM_ACTOR, path) == 2
    calls = by_summary(services)
    assert calls["询问供暖时间"].started_at == datetime(2026, 11, 3, 14, 5, tzinfo=OFFICE)
    assert calls["询问供暖时间"].early_warning and calls["询问供暖时间"].caller_number == "13800138000"
    outgoing = calls["通知区水务局派员"]
    assert (outgoing.direction, outgoing.outcome, outgoing.caller_kind) == (
        CallDirection.OUTGOING, CallOutcome.CLOSED, CallerKind.DEPARTMENT)


def test_headers_and_permissions(services, actors, tmp_path):
    _admin, leader, officer = actors
    with pytest.raises(PermissionDenied):
        import_good(services, tmp_path, officer)
    assert import_good(services, tmp_path, leader) == 5
    with pytest.raises(DutyRoomError, match="缺少“来电时间”"):
        services.calls.import_calls(leader, xlsx(tmp_path / "no-time.xlsx", [["询问"]], header=["内容摘要"]))
    with pytest.raises(DutyRoomError, match="无法识别“心情”"):
        services.calls.import_calls(leader, xlsx(tmp_path / "odd.xlsx", [["x", "2026-11-03 14:05", "好"]],
                                                 header=["内容摘要", "来电时间", "心情"]))


# -- export -----------------------------------------------------------------------------------------
def sheet_rows(path) -> list[tuple]:
    book = load_workbook(path, read_only=True)
    try:
        return list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def test_export_streams_every_call_with_readable_values(services, actors, tmp_path, monkeypatch):

    monkeypatch.setattr(call_import, "EXPORT_PAGE", 2)  # several pages, so paging itself is tested
    import_good(services, tmp_path)
    services.calls.create(actors[2], CallRecord(started_at=datetime(2026, 11, 5, 8, 0, tzinfo=OFFICE),
                                                summary="=HYPERLINK(\"http://x\",\"点我\")", outcome=CallOutcome.ANSWERED))
    out = tmp_path / "导出.xlsx"
    assert services.calls.export_calls(CallFilter(), out) == 6
    rows = sheet_rows(out)
    assert rows[0][:3] == ("来电时间", "结束时间", "方向") and len(rows) == 7
    assert rows[-1][0] == datetime(2026, 11, 5, 8, 0) and rows[-1][8].startswith("=HYPERLINK")  # text, not formula
    water = next(r for r in rows if r[8] == "幸福小区停水两天无人处理")
    assert water[4] == "0571-8705 1234" and water[9] == "转办" and water[13] == "办理中"
    assert water[12] == datetime(2026, 11, 6) and water[20] == "钱值班"
    assert [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:])  # oldest first, as a ledger is read
    oldest = tmp_path / "oldest.xlsx"
    assert services.calls.export_calls(CallFilter(text="停水", oldest_first=True), oldest) == 1
    assert services.calls.export_calls(CallFilter(date_from=date(2026, 11, 4), oldest_first=True), oldest) == 3
    assert [r[8] for r in sheet_rows(oldest)[1:]][0] == "临江路化工厂冒烟已报119"


def test_an_exported_file_imports_into_another_database(services, actors, tmp_path, clock):
    import_good(services, tmp_path)
    out = tmp_path / "导出.xlsx"
    services.calls.export_calls(CallFilter(), out)
    other = open_services(tmp_path / "other.sqlite3", clock=clock, backup_folder=tmp_path / "b")
    try:
        assert other.calls.import_calls(SYSTEM_ACTOR, out) == 5
        fields = ("started_at", "summary", "outcome", "category", "caller_number", "follow_status", "due_on",
                  "officer", "outcome_note", "caller_kind")
        mine, theirs = by_summary(services), by_summary(other)
        assert mine.keys() == theirs.keys()
        for key, call in mine.items():
            assert {f: getattr(call, f) for f in fields} == {f: getattr(theirs[key], f) for f in fields}
    finally:
        other.db.dispose()


def test_export_rows_writes_the_listed_calls_in_their_order(services, actors, tmp_path):
    import_good(services, tmp_path)
    rows = services.calls.page(CallFilter(oldest_first=True), 0, 3)
    out = tmp_path / "similar.xlsx"
    assert services.calls.export_rows(list(reversed(rows)), out) == 3
    assert [r[0] for r in sheet_rows(out)[1:]] == [r.started_at.astimezone(OFFICE).replace(tzinfo=None)
                                                    for r in reversed(rows)]
    with pytest.raises(DutyRoomError, match=r"只能导出为 \.xlsx"):
        services.calls.export_calls(CallFilter(), tmp_path / "x.csv")


def test_times_are_office_local_whatever_the_machine(services, actors, tmp_path):
    path = xlsx(tmp_path / "t.xlsx", [[1, datetime(2026, 11, 3, 0, 30), "", "", "", "咨询", "凌晨来电", "当场答复",
                                       "", "", "", ""]])
    services.calls.import_calls(SYSTEM_ACTOR, path)
    call = by_summary(services)["凌晨来电"]
    assert call.started_at == datetime(2026, 11, 2, 16, 30, tzinfo=timezone.utc)
    assert call.started_at.astimezone(OFFICE).time() == time(0, 30)


_CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(_CELL, _CELL, _CELL, _CELL, _CELL, _CELL), min_size=1, max_size=4))
def test_any_cell_text_is_imported_or_refused_with_reasons(fresh_services, tmp_path, cells):
    """Whatever a ledger's cells hold: rows come in cleaned, or every bad row is named. Nothing else."""
    with fresh_services() as services:
        make_accounts(services)
        path = tmp_path / "random.csv"
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["来电时间", "内容摘要", "处理情况", "状态", "类别", "来电号码"])
            for started, summary, outcome, status, category, number in cells:
                writer.writerow([f"2026-11-0{len(started) % 9 + 1} 10:{len(summary) % 60:02d}" if len(started) % 2 else
                                 started, summary, outcome, status, category, number])
        before = services.calls.count(CallFilter())
        try:
            added = services.calls.import_calls(SYSTEM_ACTOR, path)
        except ImportRejected as exc:
            assert exc.rejected and all(isinstance(n, int) and reason for n, reason in exc.rejected)
            assert services.calls.count(CallFilter()) == before
        except DutyRoomError as exc:  # a file that is not a ledger at all (no data rows, unreadable)
            assert exc.message and services.calls.count(CallFilter()) == before
        else:
            assert services.calls.count(CallFilter()) == before + added
