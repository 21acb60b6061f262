"""统计条数 and 共 N 条: counts are exact where a number is said, quick on PostgreSQL (services/calls/counting.py,
store/call_counts.py), and "more than N" only where the quick count stopped — on both databases."""

from dataclasses import replace
from datetime import date

from sqlalchemy import text

from dutyroom.services.calls.records import CallCount, CallFilter
from dutyroom.services.records import Actor
from dutyroom.store import call_counts, call_search
from tests.conftest import make_accounts
from tests.services.calls.helpers import call, search_ids, term_count_errors

WORDS = ["停水", "噪音扰民", "城东 停水", "扰民", "地铁塌方", "停", "1234", "城东停水"]


def _fill(services, clock, officer: Actor, n: int = 30) -> list:
    made = []
    for i in range(n):
        summary = ("城东小区停水" if i % 3 == 0 else "噪音扰民，夜间施工") + f"第{i}次"
        made.append(services.calls.create(officer, call(clock, minutes_ago=(i + 1) * 61, summary=summary)))
    return made


def _truth(services, query: str, **filters) -> int:
    return len(search_ids(services, query, **filters))


def _all_counts_right(services) -> None:
    for word in WORDS:
        truth = _truth(services, word)
        assert services.calls.count(CallFilter(text=word)) == truth, word
        assert services.calls.count_on_demand(CallFilter(text=word)) == CallCount(truth), word
    if services.db.kind == "postgresql":
        assert term_count_errors(services) == []


def test_counts_are_exact_after_saves_edits_instructions_and_deletes(services, clock):
    admin, leader, officer = make_accounts(services)
    made = _fill(services, clock, officer)
    _all_counts_right(services)
    first = made[0]
    services.calls.update(officer, replace(services.calls.get(first.id), summary="地铁塌方，城东停水"))
    services.calls.delete(leader, made[1].id, services.calls.get(made[1].id).version)
    record = services.calls.get(made[2].id)
    services.calls.update(officer, replace(record, leader_instruction="噪音扰民要严查"))
    _all_counts_right(services)
    assert services.calls.count(CallFilter(text="地铁塌方")) == 1


def test_a_one_term_search_is_counted_from_the_term_counts_on_postgresql(pg_services, clock):
    services = pg_services  # SQLite counts from FTS5's postings: there is no term-count table
    _, _, officer = make_accounts(services)
    _fill(services, clock, officer, 9)
    with services.db.engine.begin() as conn:  # a wrong total in the table shows that the table answered
        assert call_counts.fold(conn)
        conn.execute(text("UPDATE call_term_count SET calls = calls + 1000 WHERE term = '停水'"))
    assert services.calls.count(CallFilter(text="停水")) == 1003
    assert services.calls.count_on_demand(CallFilter(text="停水")).total == 1003
    # A phrase, a date range or another condition is counted in call_search itself.
    assert services.calls.count(CallFilter(text="小区停水")) == 3
    assert services.calls.count(CallFilter(text="停水", date_from=date(2026, 1, 1))) == 3


def test_the_quick_count_says_more_than_the_cap_and_only_then(services, clock):
    _, _, officer = make_accounts(services)
    _fill(services, clock, officer, 30)
    c = services.calls
    pg = services.db.kind == "postgresql"
    # 20 calls hold 噪音扰民; a cap of 10 stops the count on PostgreSQL, SQLite counts them all.
    assert c.count_on_demand(CallFilter(text="噪音扰民"), cap=10) == (CallCount(10, more=True) if pg else CallCount(20))
    assert c.count_on_demand(CallFilter(text="噪音扰民"), cap=20) == CallCount(20)
    assert c.count_on_demand(CallFilter(text="城东 停水"), cap=10) == CallCount(10)  # the bound 10 ≤ cap: counted
    assert c.count_on_demand(CallFilter(text="城东 扰民"), cap=5) == CallCount(0)
    assert c.count_on_demand(CallFilter(text="地铁塌方"), cap=0) == CallCount(0)  # a term nowhere: 0 at once
    assert c.count_on_demand(CallFilter(text="停水"), cap=1) == CallCount(10)  # one term: exact however many
    ranged = CallFilter(text="停水", date_from=date(2026, 1, 1))
    assert c.count_on_demand(ranged, cap=3) == (CallCount(3, more=True) if pg else CallCount(10))
    assert c.count(CallFilter(text="噪音扰民")) == 20  # 精确统计


def test_waiting_deltas_are_folded_by_saves_and_never_change_a_count(pg_services, clock):
    services = pg_services
    _, _, officer = make_accounts(services)
    _fill(services, clock, officer, call_counts.FOLD_AT * 2 + 5)
    with services.db.engine.connect() as conn:
        waiting = conn.execute(text("SELECT count(*) FROM call_term_delta")).scalar()
        folded = conn.execute(text("SELECT calls FROM call_term_count WHERE term = '扰民'")).scalar()
    assert waiting < call_counts.FOLD_AT and folded and folded > 80  # 扰民: 2 calls in 3
    _all_counts_right(services)
    with services.db.engine.begin() as conn:
        assert call_counts.fold(conn)
    with services.db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM call_term_delta")).scalar() == 0
    _all_counts_right(services)


def test_query_terms():
    assert call_counts.query_terms("停水") == ("停水", ["停水"])
    assert call_counts.query_terms("噪音扰民") == (None, ["噪音", "音扰", "扰民"])
    assert call_counts.query_terms("城东 停水") == (None, ["城东", "停水"])
    assert call_counts.query_terms("停") == (None, [])
    assert call_counts.query_terms("停 城东") == (None, ["城东"])
    assert call_counts.query_terms("1234") == ("1234", ["1234"])


def test_a_rebuilt_index_counts_as_before(services, clock):
    _, _, officer = make_accounts(services)
    _fill(services, clock, officer, 12)
    with services.db.engine.begin() as conn:  # a stray delta that a rebuild must not keep
        if services.db.kind == "postgresql":
            conn.execute(text("INSERT INTO call_term_delta (sign, terms) VALUES (1, '停水')"))
    with services.db.session() as s:
        assert call_search.rebuild(s) == 12
    _all_counts_right(services)


def test_a_fold_that_fails_costs_the_save_nothing(pg_services, clock):
    """The fold runs in a savepoint: refused by the server (here: a constraint no row meets), the save
    commits, the deltas stay and every count is still exact."""
    services = pg_services
    _, _, officer = make_accounts(services)
    with services.db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE call_term_count ADD CONSTRAINT refuse_all CHECK (false) NOT VALID"))
    made = _fill(services, clock, officer, call_counts.FOLD_AT + 6)
    assert services.calls.count(CallFilter()) == len(made)  # every save committed
    with services.db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM call_term_delta")).scalar() == len(made)
    _all_counts_right(services)


def test_the_counts_follow_call_search_whoever_writes_it(pg_services, clock):
    """Statement triggers keep the deltas: rows written by other means than call_search.index (a workstation
    of an older version still open during an upgrade, a repair by hand) are counted too."""
    services = pg_services
    _, _, officer = make_accounts(services)
    made = _fill(services, clock, officer, 6)
    with services.db.engine.begin() as conn:
        conn.execute(text("INSERT INTO call_search (sort_key, terms) VALUES (1, '停水:1 城东:2'), (2, '停水:1')"))
        conn.execute(text("UPDATE call_search SET terms = '地铁:1 停水:2' WHERE sort_key = 2"))
        conn.execute(text("DELETE FROM call_search WHERE sort_key = 1"))
    assert term_count_errors(services) == []
    with services.db.session() as s:
        assert call_counts.term_counts(s, ["停水", "城东", "地铁"]) == {"停水": 3, "城东": 2, "地铁": 1}
    assert len(made) == 6
