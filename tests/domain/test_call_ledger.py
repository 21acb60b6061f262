from datetime import date, datetime, time

import pytest

from dutyroom.domain import call_ledger as ledger
from dutyroom.domain.vocabulary import CallDirection, CallerKind, CallOutcome, FollowUpStatus

CATEGORIES = ["咨询", "求助", "投诉", "举报", "突发事件报告", "通知", "其他"]


@pytest.mark.parametrize(("text", "outcome", "note"), [
    ("当场答复/告知", CallOutcome.ANSWERED, ""),
    ("已告知。", CallOutcome.ANSWERED, ""),
    ("转办", CallOutcome.ASSIGNED, ""),
    ("已办结", CallOutcome.CLOSED, ""),
    ("报告领导", CallOutcome.REPORTED, ""),
    ("无效", CallOutcome.INVALID, ""),
    ("invalid", CallOutcome.INVALID, ""),
    ("已转区水务局办理", CallOutcome.ASSIGNED, "已转区水务局办理"),
    ("转城关街道核实处理", CallOutcome.ASSIGNED, "转城关街道核实处理"),
    ("已向带班领导李主任报告", CallOutcome.REPORTED, "已向带班领导李主任报告"),
    ("对方打错电话", CallOutcome.INVALID, "对方打错电话"),
    ("已转告来电人拨打12345", None, "已转告来电人拨打12345"),  # 转告 is telling, not handing on
    ("", None, ""),
])
def test_outcome_words_of_a_ledger(text, outcome, note):
    assert ledger.read_outcome(text) == (outcome, note)


@pytest.mark.parametrize(("text", "unit"), [
    ("转办水务集团", "水务集团"),
    ("已转水务集团", "水务集团"),
    ("转水务集团处理", "水务集团"),
    ("已转区水务局办理", "区水务局"),
    ("转城关街道核实处理", "城关街道"),
    ("转交区城管局，要求3日内反馈", "区城管局"),
    ("交办市场监管所落实", "市场监管所"),
    ("转至东城街道", "东城街道"),
    ("转办", ""), ("转办理", ""), ("已转交", ""),
    ("已转告来电人拨打12345", ""),  # telling the caller, no unit handed the matter
    ("转为突发事件", ""),
    ("当场答复", ""),
])
def test_a_transfer_phrase_names_its_unit(text, unit):
    assert ledger.unit_in_outcome(text) == unit
    if unit:
        assert ledger.read_outcome(text)[0] == CallOutcome.ASSIGNED


def test_free_text_and_empty_outcomes_are_read_with_the_rest_of_the_row():
    resolve = ledger.resolve_outcome
    assert resolve(None, "已解释政策", None, "", "") == (CallOutcome.ANSWERED, None)
    assert resolve(None, "请其等待", None, "区城管局", "") == (CallOutcome.ASSIGNED, FollowUpStatus.PENDING)
    assert resolve(None, "", FollowUpStatus.IN_PROGRESS, "", "") == (CallOutcome.ASSIGNED, FollowUpStatus.IN_PROGRESS)
    assert resolve(None, "", FollowUpStatus.CLOSED, "", "") == (CallOutcome.CLOSED, None)
    assert resolve(CallOutcome.CLOSED, "", None, "区水务局", "") == (CallOutcome.ASSIGNED, FollowUpStatus.CLOSED)
    assert resolve(CallOutcome.ASSIGNED, "", None, "区水务局", "已修复") == (
        CallOutcome.ASSIGNED, FollowUpStatus.IN_PROGRESS)
    assert resolve(CallOutcome.ANSWERED, "", FollowUpStatus.CLOSED, "", "") == (CallOutcome.ANSWERED, None)
    with pytest.raises(ValueError, match="请填写处理情况"):
        resolve(None, "", None, "", "")
    with pytest.raises(ValueError, match="只用于转办"):
        resolve(CallOutcome.ANSWERED, "", FollowUpStatus.PENDING, "", "")


def test_statuses_kinds_and_directions():
    assert ledger.read_status("未办结") == FollowUpStatus.PENDING
    assert ledger.read_status("在办") == FollowUpStatus.IN_PROGRESS
    assert ledger.read_status("已反馈") == FollowUpStatus.CLOSED
    assert ledger.read_status("") is None
    with pytest.raises(ValueError):
        ledger.read_status("看情况")
    assert ledger.read_kind("市民", False) == CallerKind.PUBLIC
    assert ledger.read_kind("", False) == CallerKind.PUBLIC
    assert ledger.read_kind("", True) == CallerKind.OTHER
    assert ledger.read_kind("乡镇", True) == CallerKind.SUBORDINATE
    with pytest.raises(ValueError):
        ledger.read_kind("外星人", False)
    assert ledger.read_direction("") == CallDirection.INCOMING
    assert ledger.read_direction("呼出") == CallDirection.OUTGOING
    with pytest.raises(ValueError):
        ledger.read_direction("横向")


def test_categories_through_variants_then_other_with_the_ledger_word():
    assert ledger.read_category("咨询类", CATEGORIES) == ("咨询", "")
    assert ledger.read_category("其它", CATEGORIES) == ("其他", "")
    assert ledger.read_category("求援", CATEGORIES) == ("求助", "")
    assert ledger.read_category("突发事件", CATEGORIES) == ("突发事件报告", "")
    assert ledger.read_category("信访", CATEGORIES) == ("其他", "信访")
    assert ledger.read_category("", CATEGORIES) == ("其他", "")
    with pytest.raises(ValueError):
        ledger.read_category("信访", ["咨询", "求助"])  # the office dropped 其他: nothing to put it under


@pytest.mark.parametrize("text", ["2026-11-03 14:05", "2026/11/3 14:05", "2026年11月3日14时05分", "46329.5868",
                                  "2026-11-03 14:05:00", "2026.11.3 14:05"])
def test_the_date_formats_people_really_type(text):
    assert ledger.read_moment(text) == datetime(2026, 11, 3, 14, 5)


def test_a_time_of_day_takes_the_date_column():
    assert ledger.read_moment("14:05", "2026/11/3") == datetime(2026, 11, 3, 14, 5)
    assert ledger.read_moment("9时5分", "2026年11月3日") == datetime(2026, 11, 3, 9, 5)
    assert ledger.read_time_of_day("23:59:30") == time(23, 59, 30)
    with pytest.raises(ValueError):
        ledger.read_moment("14:05")  # no date anywhere
    with pytest.raises(ValueError):
        ledger.read_moment("下午两点", "2026-11-03")
    assert ledger.read_day("2026-11-05 17:00") == date(2026, 11, 5)
    assert ledger.read_day("46331") == date(2026, 11, 5)
