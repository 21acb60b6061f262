"""Migration 0022 adds the 7-digit grams (domain/bigrams.py) to the search index of calls saved before it, so
that a number typed whole or in part finds them at once after the upgrade, on SQLite and PostgreSQL, and
the counts on PostgreSQL stay exact; its downgrade leaves the index as the older program reads it."""

from collections import Counter
from dataclasses import replace

from sqlalchemy import text

from dutyroom.domain.bigrams import index_terms
from dutyroom.services.calls.records import CallFilter
from dutyroom.store.call_search import searchable_texts
from tests.conftest import make_accounts
from tests.services.calls.helpers import call, expected_terms, indexed_terms, search_ids, term_count_errors
from tests.store.migrating import migrate_to


def _postgres(services) -> bool:
    return services.db.engine.dialect.name == "postgresql"


def test_numbers_saved_before_the_upgrade_are_found_by_their_seven_digit_grams(services, clock):
    _, _, officer = make_accounts(services)
    migrate_to(services, "0021")  # the calls below are indexed as a program before 0022 indexed them
    mobile = services.calls.create(officer, call(clock, minutes_ago=3, caller_number="13812345678",
                                                 summary="反映小区停水"))
    landline = services.calls.create(officer, call(clock, minutes_ago=2, caller_number="0571-86480489",
                                                   summary="来电说明情况，回电86480489"))
    other = services.calls.create(officer, call(clock, minutes_ago=1, caller_number="13900001111", summary="咨询"))
    migrate_to(services, "head")
    assert search_ids(services, "13812345678") == [mobile.id]
    assert search_ids(services, "1234567") == [mobile.id]
    assert search_ids(services, "86480489") == [landline.id]
    assert search_ids(services, "3900001111") == [other.id]
    assert search_ids(services, "停水") == [mobile.id]  # the rest of the index is as it was
    if _postgres(services):
        assert term_count_errors(services) == []
        assert services.calls.count(CallFilter(text="1234567")) == 1
        with services.db.engine.connect() as conn:  # the index dropped for the rewrite is built again
            assert conn.execute(text("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()"
                                     " AND indexname IN ('ix_call_search_rum', 'ix_call_search_terms')")).scalar() == 1
    # a call edited after the upgrade is unindexed with the terms it now holds
    assert indexed_terms(services) == expected_terms(services)  # as fresh saves would have indexed them
    services.calls.update(officer, replace(mobile, caller_number="13755556666"))
    assert search_ids(services, "13812345678") == [] and search_ids(services, "13755556666") == [mobile.id]


def test_the_downgrade_takes_the_seven_digit_grams_out_again(services, clock):
    _, _, officer = make_accounts(services)
    saved = services.calls.create(officer, call(clock, minutes_ago=1, caller_number="13812345678", summary="停水"))
    migrate_to(services, "0021")
    migrate_to(services, "head")  # an index rewritten twice is the one a fresh save makes
    assert search_ids(services, "13812345678") == [saved.id]
    migrate_to(services, "0021")
    assert list(indexed_terms(services).values()) == [Counter(index_terms(searchable_texts(saved),
                                                                          long_digit_grams=False))]
    migrate_to(services, "head")
    if _postgres(services):
        assert term_count_errors(services) == []
