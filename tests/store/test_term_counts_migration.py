"""Migration 0021 on PostgreSQL fills call_term_count for the calls already there (store/call_counts.py), so
that a one-term count is right from the first 统计条数 after the upgrade; its downgrade drops both tables."""

from sqlalchemy import text

from dutyroom.services.calls.records import CallFilter
from tests.conftest import make_accounts
from tests.services.calls.helpers import call, search_ids, term_count_errors
from tests.store.migrating import migrate_to


def _tables(services) -> set[str]:
    with services.db.engine.connect() as conn:
        return set(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                                     " AND tablename LIKE 'call_term%'")).scalars())


def test_the_counts_are_filled_for_existing_calls(pg_services, clock):
    services = pg_services
    _, _, officer = make_accounts(services)
    for n in range(12):
        services.calls.create(officer, call(clock, minutes_ago=n + 1, summary=f"小区停水第{n}次" if n % 2 else "噪音扰民"))
    migrate_to(services, "0020")  # as a database written before 0021: calls indexed, no counts
    assert _tables(services) == set()
    migrate_to(services, "head")
    assert _tables(services) == {"call_term_count", "call_term_delta"}
    assert term_count_errors(services) == []
    for word in ("停水", "扰民", "小区"):
        assert services.calls.count(CallFilter(text=word)) == len(search_ids(services, word)) > 0
