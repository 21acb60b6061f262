"""PostgreSQL's search index: RUM where the server has the extension, GIN where not — same answers either way.

The machine and CI have Debian's postgresql-15-rum; a server without it is simulated by switching the
copy's index back to GIN (what `ensure_best_index` leaves when it cannot create the extension).
"""

from datetime import date

import pytest
from sqlalchemy import text

from dutyroom.services.calls.queries import search_index
from dutyroom.services.calls.records import CallFilter
from dutyroom.store import call_counts, call_search
from tests.conftest import make_accounts
from tests.services.calls.helpers import call

WORDS = ["噪音扰民", "小区停水", "路灯不亮", "停水", "噪音"]


def _rum_installable(services) -> bool:
    with services.db.engine.connect() as conn:
        return bool(conn.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")).scalar())


def _fill(services, clock):
    _, _, officer = make_accounts(services)
    for i in range(60):
        summary = f"{WORDS[i % len(WORDS)]}第{i}起，{WORDS[(i * 3) % len(WORDS)]}"
        services.calls.create(officer, call(clock, minutes_ago=(i + 1) * 97, summary=summary))


def _answers(services) -> dict:
    c = services.calls
    found = {}
    for word in WORDS + ["停", "第1", "扰民 路灯"]:
        for oldest in (False, True):
            flt = CallFilter(text=word, oldest_first=oldest)
            first = c.page(flt, 0, 7)
            after = [r.id for r in c.page(flt, 0, 7, after=first[-1].sort_key)] if first else []
            found[word, oldest] = ([r.id for r in first], [r.id for r in c.page(flt, 7, 7)],
                                   [r.id for r in c.page(flt, 0, 500)], c.count(flt), after)
        ranged = CallFilter(text=word, date_from=date(2026, 11, 21), date_to=date(2026, 11, 22))
        found[word, "range"] = [r.id for r in c.page(ranged, 0, 500)]
    return found


def test_rum_and_gin_give_the_same_pages_and_rum_reads_the_first_page_from_the_index(pg_services, clock):
    services = pg_services
    if not _rum_installable(services):
        pytest.skip("this PostgreSQL server has no rum extension (Debian: postgresql-15-rum)")
    _fill(services, clock)
    with services.db.session() as s:
        assert call_search.rum_operator_schema(s) == "public"  # the migration took RUM
        assert "RUM" in call_search.index_description(s)
        s.execute(text("SET LOCAL enable_bitmapscan = off"))
        plan = "\n".join(s.execute(text(
            "EXPLAIN SELECT sort_key FROM call_search WHERE terms @@ CAST(:m AS tsquery) "
            "ORDER BY sort_key OPERATOR(public.<=|) 9223372036854775807 LIMIT 50"),
            {"m": call_search.match_expression("噪音扰民", "postgresql")}).scalars())
    assert "Index Scan using ix_call_search_rum" in plan and "Order By" in plan  # no sort of every match
    by_rum = _answers(services)
    newest = by_rum["停水", False]
    assert newest[0] + newest[1] == newest[2][:14] and len(newest[2]) == newest[3] > 14  # pages follow on
    assert newest[4] == newest[1]  # the next block by key is the next block by offset

    with services.db.engine.begin() as conn:
        call_search.use_gin_index(conn)
    with services.db.session() as s:
        assert call_search.rum_operator_schema(s) is None and "GIN" in call_search.index_description(s)
    assert _answers(services) == by_rum

    with services.db.engine.begin() as conn:  # `dutyroom migrate` on a server that has the extension again
        assert call_search.ensure_best_index(conn) == "rum"
    assert _answers(services) == by_rum


def test_a_server_without_the_extension_keeps_gin_and_says_so(pg_services, clock):
    services = pg_services
    with services.db.engine.begin() as conn:
        call_search.use_gin_index(conn)
        conn.execute(text("DROP EXTENSION IF EXISTS rum"))  # this copy only: extensions are per database
        # As a server without the package: the extension cannot be created, so GIN stays.
        conn.execute(text("CREATE TEMP VIEW pg_available_extensions AS SELECT 'none'::name AS name"))
        assert call_search.ensure_best_index(conn) == "gin"
        assert conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_call_search_terms'")
                            ).scalar().endswith("USING gin (terms)")
    _fill(services, clock)
    with services.db.session() as s:
        assert "未安装 rum 扩展" in call_search.index_description(s)
    assert [r.id for r in services.calls.page(CallFilter(text="噪音扰民"), 0, 5)]



def test_a_page_is_read_from_the_rows_after_its_boundary_when_they_fill_it_else_through_rum(pg_services, clock,
                                                                                           monkeypatch):
    services = pg_services
    if not _rum_installable(services):
        pytest.skip("this PostgreSQL server has no rum extension (Debian: postgresql-15-rum)")
    _fill(services, clock)
    whole = _answers(services)  # the window (3,000 index rows) holds all 60 calls: every full page comes from it
    monkeypatch.setattr(call_search, "RECENT_WINDOW", 4)  # now most pages need RUM
    assert _answers(services) == whole
    _idx, key, _match = search_index("postgresql")
    with services.db.session() as s:
        def recent(word, limit, bounds=()):
            return call_search.recent_page_keys(s, call_search.match_expression(word, "postgresql"), key,
                                                list(bounds), oldest_first=False, limit=limit)

        newest = [r.sort_key for r in services.calls.page(CallFilter(), 0, 4)]
        noisy = [r.sort_key for r in services.calls.page(CallFilter(text="噪音"), 0, 60)]
        in_window = [k for k in noisy if k in newest]
        assert in_window and recent("噪音", len(in_window)) == in_window
        assert recent("噪音", len(in_window) + 1) is None  # not enough in the window: RUM answers
        assert recent("地铁塌方", 1) is None
        below = noisy[3]  # a later page starts its window at its boundary
        assert recent("噪音", 1, [key <= below]) == [below]


def test_the_window_is_not_read_when_a_term_is_held_by_fewer_calls_than_a_page(pg_services, clock):
    """A rare term cannot fill a page from the window: the same statement asks call_term_count first, and
    the page comes through RUM — the same calls either way."""
    services = pg_services
    if not _rum_installable(services):
        pytest.skip("this PostgreSQL server has no rum extension (Debian: postgresql-15-rum)")
    _fill(services, clock)
    whole = _answers(services)
    _idx, key, _match = search_index("postgresql")
    match = call_search.match_expression("噪音", "postgresql")
    with services.db.session() as s:
        assert call_search.recent_page_keys(s, match, key, [], oldest_first=False, limit=5, terms=["噪音"])
        with services.db.engine.begin() as conn:  # as if 噪音 were held by 4 calls: the window is not read
            assert call_counts.fold(conn)  # every delta into the totals
            assert conn.execute(text("UPDATE call_term_count SET calls = 4 WHERE term = '噪音'")).rowcount == 1
    with services.db.session() as s:
        assert call_search.recent_page_keys(s, match, key, [], oldest_first=False, limit=5, terms=["噪音"]) is None
        assert call_search.recent_page_keys(s, match, key, [], oldest_first=False, limit=4, terms=["噪音"])
    def pages(found):  # the count of 噪音 is now false on purpose
        return {k: v[:3] + v[4:] if isinstance(v, tuple) else v for k, v in found.items()}

    assert pages(_answers(services)) == pages(whole)  # the pages RUM then gives are the window's
