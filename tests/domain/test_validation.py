from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dutyroom.domain.audit_chain import GENESIS, record_hash
from dutyroom.domain.clock import FakeClock
from dutyroom.domain.holidays import missing_years
from dutyroom.domain.localtime import format_local, weekday_name
from dutyroom.domain.validation import clean_text, normalize_phone, phone_problem
from dutyroom.domain.vocabulary import PositionKind, UnitKind


@pytest.mark.parametrize("typed, stored", [
    ("０２８－８６１２３４５６", "028-86123456"),
    ("  138 0000   1111 ", "138 0000 1111"),
    ("（028）86123456转801", "(028)86123456转801"),
])
def test_phone_normalisation(typed, stored):
    assert normalize_phone(typed) == stored
    assert phone_problem(stored) is None


@pytest.mark.parametrize("bad", ["abc", "12", "1234567'; DROP TABLE unit;--"])
def test_bad_phones_get_a_chinese_message(bad):
    assert phone_problem(normalize_phone(bad))


@given(st.text())
def test_clean_text_never_keeps_control_characters_or_newlines(text):
    cleaned = clean_text(text)
    assert "\n" not in cleaned and "\x00" not in cleaned
    assert cleaned == cleaned.strip()


@given(st.text(max_size=80))
def test_phone_check_never_crashes(text):
    message = phone_problem(normalize_phone(text))
    assert message is None or isinstance(message, str)


def test_labels_round_trip():
    assert UnitKind.from_label("下级单位") is UnitKind.SUBORDINATE
    assert PositionKind.from_label("leader") is PositionKind.LEADER
    with pytest.raises(ValueError):
        PositionKind.from_label("司机")


def test_fake_clock_moves_only_when_told():
    clock = FakeClock(datetime(2026, 11, 21, 1, 0, tzinfo=timezone.utc))
    assert clock.now() == clock.now()
    clock.advance(minutes=90)
    assert clock.now() == datetime(2026, 11, 21, 2, 30, tzinfo=timezone.utc)


def test_local_display_and_weekday():
    instant = datetime(2026, 11, 20, 16, 30, tzinfo=timezone.utc)
    assert format_local(instant, "Asia/Shanghai") == "2026-11-21 00:30"
    assert weekday_name(date(2026, 11, 21)) == "星期六"


def test_hash_depends_on_every_field_and_the_previous_hash():
    at = datetime(2026, 11, 21, 1, 0, tzinfo=timezone.utc)
    base = dict(seq=1, at=at, actor_name="王", action="create", entity_kind="unit", entity_id="1",
                before=None, after='{"name":"甲"}')
    first = record_hash(prev_hash=GENESIS, **base)
    assert record_hash(prev_hash=GENESIS, **{**base, "after": '{"name":"乙"}'}) != first
    assert record_hash(prev_hash="1" * 64, **base) != first
    assert record_hash(prev_hash=GENESIS, **{**base, "at": at + timedelta(microseconds=5)}) == first


def test_missing_years():
    assert missing_years({2026}, date(2026, 12, 1), date(2027, 2, 1)) == [2027]
