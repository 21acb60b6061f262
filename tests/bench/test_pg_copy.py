"""bench/pg_copy.py: the calls it COPYs into PostgreSQL are the ones bench/synth.py INSERTs, and the
program's own search finds them as it finds calls it saved itself, through RUM and through GIN.

The issue-14 figures at a million calls are measured on what this generator writes; they mean
something only if its rows, search terms and indexes are the program's.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bench import pg_copy, synth
from dutyroom.app import open_services
from dutyroom.domain.vocabulary import CallOutcome
from dutyroom.services.calls.records import CallFilter, CallRecord
from dutyroom.store import call_search
from tests.bench.test_synth_calls import _containing, _found
from tests.conftest import make_accounts, pg_database_copy
from tests.services.calls.helpers import term_count_errors

N = 300
# An index by name, method and columns, and whether it is partial: re-running a partial index's definition
# prints its condition with the casts in other places.
INDEXES = ("SELECT indexname, split_part(indexdef, ' WHERE ', 1), indexdef LIKE '% WHERE %' FROM pg_indexes"
           " WHERE schemaname = current_schema() ORDER BY indexname")


def _rows(services, sql: str) -> list[tuple]:
    with services.db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def _all_calls(services):
    first, last = synth.SYNTH_NOW - synth.HISTORY, synth.SYNTH_NOW
    return services.calls.between(first.date(), last.date())


def test_copied_calls_are_the_inserted_ones(pg_services, pg_template, clock, tmp_path):
    info = pg_copy.generate(pg_services, N)
    assert info["calls"] == N and info["index"] == "rum"
    with pg_database_copy(pg_template) as url:
        inserted = open_services(url, clock=clock, backup_folder=tmp_path / "inserted")
        try:
            synth.generate(inserted, {"units": pg_copy.UNITS, "people": pg_copy.PEOPLE, "calls": N},
                           seed=pg_copy.SEED)
            for sql in ('SELECT * FROM "call" ORDER BY id',
                        "SELECT call_id, kind, at, note, by FROM call_follow_up ORDER BY id",
                        "SELECT subject_id, text, given_at, created_at, created_by, status, version"
                        " FROM instruction ORDER BY id",
                        "SELECT sort_key, terms::text FROM call_search ORDER BY sort_key",
                        "SELECT name, duty_phone FROM unit ORDER BY id", "SELECT name, mobile FROM person ORDER BY id",
                        INDEXES):
                copied, expected = _rows(pg_services, sql), _rows(inserted, sql)
                assert copied == expected and copied, sql
            # The search-term counts (store/call_counts.py): filled after the load as saves keep them.
            assert term_count_errors(pg_services) == [] and term_count_errors(inserted) == []
            assert _rows(pg_services, "SELECT count(*) FROM call_term_count") != [(0,)]
        finally:
            inserted.db.dispose()
    assert _rows(pg_services, "SELECT count(*) FROM instruction") != [(0,)], "some calls carry a 领导批示"


@pytest.mark.parametrize("index", ["rum", "gin"])
def test_the_programs_search_finds_copied_calls_as_saved_ones(pg_services, index):
    before = _rows(pg_services, INDEXES)
    assert pg_copy.generate(pg_services, N, index=index)["index"] == index
    after = _rows(pg_services, INDEXES)
    # The same indexes as the migrated schema had (call_search's by the kind asked for), built after the load.
    assert [r for r in after if "call_search" not in r[0]] == [r for r in before if "call_search" not in r[0]]
    wanted = call_search.RUM_INDEX if index == "rum" else call_search.GIN_INDEX
    assert [r[0] for r in after if "call_search" in r[0] and r[0] != "call_search_pkey"] == [wanted]
    with pg_services.db.session() as s:
        assert bool(call_search.rum_operator_schema(s)) == (index == "rum")
        assert ("RUM" if index == "rum" else "GIN") in call_search.index_description(s)
    records = _all_calls(pg_services)
    assert len(records) == N
    person = next(r.caller_name for r in records if len(r.caller_name) >= 2)
    digits = next(r.caller_number for r in records if r.caller_number.startswith("1"))[-4:]
    for word in ("停水", "噪音扰民", "反馈", person, digits):
        assert _found(pg_services, word) == _containing(records, word), word
    # A generated call's search document is the one the store writes for the same fields.
    sample = next(r for r in records if r.leader_instruction)
    with pg_services.db.session() as s:
        call_search.index(s, -1, call_search.searchable_texts(sample))
        same = s.execute(text('SELECT a.terms = b.terms FROM "call" c JOIN call_search a ON a.sort_key = c.sort_key,'
                              " call_search b WHERE c.id = :i AND b.sort_key = -1"), {"i": sample.id}).scalar()
        s.rollback()
    assert same is True
    # The sequences moved past the copied ids: the program saves the next call, and search finds it first.
    _admin, leader, officer = make_accounts(pg_services)
    saved = pg_services.calls.create(officer, CallRecord(
        started_at=pg_services.clock.now(), summary="城东花园停水两天，请求尽快恢复供水", outcome=CallOutcome.ANSWERED,
        outcome_note="已一次性告知", caller_number="13900001111"))
    assert saved.id == max(r.id for r in records) + 1
    assert pg_services.calls.page(CallFilter(text="停水"), 0, 5)[0].id == saved.id
    victim = next(r for r in records if r.id in _containing(records, "停水"))
    pg_services.calls.delete(leader, victim.id, victim.version)
    assert victim.id not in _found(pg_services, "停水")
