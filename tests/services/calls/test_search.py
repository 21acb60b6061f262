"""The call log's search box: two-character words, digits and Latin, and an index that stays right."""

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import text

from dutyroom.services.calls.records import CallFilter
from tests.services.calls.helpers import call, expected_terms, indexed_terms, search_ids


def _index_matches_the_calls(services) -> None:
    held = {k: v for k, v in indexed_terms(services).items() if v}
    wanted = {k: v for k, v in expected_terms(services).items() if v}
    assert held == wanted
    if services.db.kind == "sqlite":
        with services.db.engine.begin() as conn:  # FTS5's own check of its b-trees (raises when corrupt)
            conn.execute(text("INSERT INTO call_fts (call_fts, rank) VALUES ('integrity-check', 0)"))


def test_two_character_words_digits_latin_and_single_characters_are_found(services, actors, clock):
    _, _, officer = actors
    c = services.calls
    water = c.create(officer, call(clock, minutes_ago=50, summary="幸福小区停水三天了", caller_number="0123-8260 0110"))
    plate = c.create(officer, call(clock, minutes_ago=40, summary="车牌京A·12345的货车占道", caller_name="Zhang Wei"))
    heat = c.create(officer, call(clock, minutes_ago=30, summary="暖气不热，要求供暖公司上门",
                                  caller_unit="阳光供暖公司", outcome_note="已告知供暖热线"))
    assert search_ids(services, "停水") == [water.id]
    assert search_ids(services, "小区停水三天") == [water.id] and search_ids(services, "停电") == []
    assert search_ids(services, "82600110") == [water.id] and search_ids(services, "0123-8260") == [water.id]
    assert search_ids(services, "京a") == [plate.id] and search_ids(services, "12345") == [plate.id]
    assert search_ids(services, "zhang") == [plate.id] and search_ids(services, "ZHANG WEI") == [plate.id]
    assert search_ids(services, "供暖") == [heat.id] and search_ids(services, "热线") == [heat.id]
    assert search_ids(services, "暖") == [heat.id]  # one character: every call containing it
    assert search_ids(services, "水") == [water.id] and search_ids(services, "了") == [water.id]
    assert search_ids(services, "停水 幸福") == [water.id] and search_ids(services, "停水 暖气") == []
    assert search_ids(services, "的") == [plate.id]
    # Nothing searchable in the box: the text is ignored, not an error.
    assert search_ids(services, " ，。！ ") == [heat.id, plate.id, water.id]
    assert search_ids(services, "'; DROP TABLE call; --") == [] and c.count(CallFilter()) == 3
    assert search_ids(services, '"停水" OR 暖气*') == []  # the query syntax is never passed through


def test_search_combines_with_filters_and_counts_on_demand(services, actors, clock):
    _, _, officer = actors
    c = services.calls
    for i in range(12):
        c.create(officer, call(clock, minutes_ago=(i + 1) * 24 * 60 // 3, summary=f"江北路第{i}处积水",
                               category="求助" if i % 2 else "咨询"))
    assert c.count(CallFilter(text="积水")) == 12
    assert c.count(CallFilter(text="积水", categories=("求助",))) == 6
    since = c.count(CallFilter(text="积水", date_from=date(2026, 11, 20)))
    assert since == len(c.page(CallFilter(text="积水", date_from=date(2026, 11, 20)))) == 4  # every 8 h back to 11-20 01:00
    assert c.count(CallFilter(text="江北 第3处")) == 1 and c.count(CallFilter(text="江南")) == 0


def test_the_index_follows_edits_and_deletes(services, actors, clock):
    admin, leader, officer = actors
    c = services.calls
    first = c.create(officer, call(clock, minutes_ago=60, summary="反映幸福小区停水", caller_name="刘女士"))
    other = c.create(officer, call(clock, minutes_ago=30, summary="幸福小区也停水了", caller_name="陈先生"))
    _index_matches_the_calls(services)

    edited = c.update(officer, replace(first, summary="反映光明街路灯不亮", caller_name="刘阿姨"))
    assert search_ids(services, "路灯") == [first.id] and search_ids(services, "停水") == [other.id]
    assert search_ids(services, "刘女士") == [] and search_ids(services, "刘阿姨") == [first.id]
    _index_matches_the_calls(services)

    moved = c.update(officer, replace(edited, started_at=clock.now() - timedelta(days=2)))
    assert search_ids(services, "路灯") == [first.id]
    assert search_ids(services, "路灯", date_from=date(2026, 11, 21)) == []
    _index_matches_the_calls(services)

    same_words = c.update(officer, replace(moved, early_warning=True))  # not re-indexed: nothing searchable changed
    assert search_ids(services, "路灯") == [first.id]
    c.update(officer, replace(same_words, outcome_note="已转告城管", leader_instruction="请城管局今日修复"))
    assert search_ids(services, "城管局") == [first.id]
    _index_matches_the_calls(services)

    c.delete(leader, other.id, other.version)
    assert search_ids(services, "停水") == [] and search_ids(services, "幸福") == []
    c.delete(admin, first.id, c.get(first.id).version)
    assert search_ids(services, "路灯") == [] and c.count(CallFilter(text="城管")) == 0
    _index_matches_the_calls(services)
    assert not any(indexed_terms(services).values())


def test_many_edits_leave_a_consistent_index(services, actors, clock):
    _, leader, officer = actors
    c = services.calls
    saved = [c.create(officer, call(clock, minutes_ago=i + 1, summary=f"第{i}次反映噪音扰民")) for i in range(8)]
    for round_ in range(3):
        for i, rec in enumerate(saved):
            saved[i] = c.update(officer, replace(rec, summary=f"第{i}次反映噪音扰民，已处理{round_}次",
                                                 started_at=rec.started_at - timedelta(seconds=round_ % 2)))
    for rec in saved[::3]:
        c.delete(leader, rec.id, rec.version)
    _index_matches_the_calls(services)
    assert c.count(CallFilter(text="已处理2次")) == len(saved) - len(saved[::3])
    assert c.count(CallFilter(text="已处理1次")) == 0
