"""PostgreSQL: how many calls hold each search term, kept by the transaction that changes call_search.

Why: `count(*) FROM call_search WHERE terms @@ q` reads every heap page of the match's bitmap (PostgreSQL
fetches them even when all-visible), so counting a common word at a million calls read a gigabyte
(停水: 84,000 matches, ~1 s). Here a one-term search (a two-character word, four digits) is counted from a
table, exactly, in a millisecond; any longer query gets from the same table an upper bound (the least
frequent of its terms), which says at once that it matches nothing, or how much a real count would read.

Two tables, so that saves from several workstations never wait on each other (and so can never deadlock)
over a counter of a common word:
- `call_term_delta(sign, terms)`: every change of call_search appends rows in the same statement — +1
  with a new row's terms, -1 with a removed row's — by statement triggers on call_search, so the counts
  follow whoever writes (this program, one of an older version still open during an upgrade, a repair by
  hand). Plain inserts into a table without a unique index never block.
- `call_term_count(term, calls)`: the folded totals. Only a fold writes it, and one fold runs at a time
  (a transaction-level advisory lock, taken with try: whoever does not get it goes on without folding).
A count is `calls` plus the sum of the term's deltas, in one statement (one snapshot), so it is exact
whether or not a fold has run. A save folds when FOLD_AT deltas are waiting, inside a savepoint: a fold
that fails costs the save nothing. SQLite needs none of this: FTS5 counts from its own postings.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from dutyroom.domain.bigrams import query_phrase, query_runs

#: a save folds the deltas once this many are waiting (one save in 64 folds; README has the save figures)
FOLD_AT = 64
#: the advisory lock of this schema's fold (advisory locks are per database, offices share a database)
_LOCK = "hashtextextended(current_schema() || '.call_term_count', 0)"

#: the triggers' function; its search_path is the schema it was made in, whoever's session fires it
_DELTA_FUNCTION = """CREATE FUNCTION call_term_delta_add() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT
AS $$ BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN INSERT INTO call_term_delta (sign, terms) SELECT -1, strip(terms) FROM gone; END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN INSERT INTO call_term_delta (sign, terms) SELECT 1, strip(terms) FROM made; END IF;
  RETURN NULL;
END $$"""
#: (trigger, event, transition tables): PostgreSQL allows transition tables on one event per trigger
_TRIGGERS = (("call_search_terms_made", "INSERT", "NEW TABLE AS made"),
             ("call_search_terms_gone", "DELETE", "OLD TABLE AS gone"),
             ("call_search_terms_changed", "UPDATE", "OLD TABLE AS gone NEW TABLE AS made"))
_FOLD_DUE = text(f"SELECT CASE WHEN (SELECT count(*) FROM (SELECT 1 FROM call_term_delta LIMIT {FOLD_AT}) d)"
                 f" >= {FOLD_AT} THEN pg_try_advisory_xact_lock({_LOCK}) ELSE false END")
# Rows in term order, so that two folds could not lock base rows crosswise even without the advisory lock.
_FOLD = text("WITH gone AS (DELETE FROM call_term_delta RETURNING sign, terms),"
             " sums AS (SELECT u.lexeme AS term, sum(g.sign) AS n FROM gone g CROSS JOIN LATERAL unnest(g.terms) u"
             " GROUP BY u.lexeme)"
             " INSERT INTO call_term_count AS c (term, calls) SELECT term, n FROM sums WHERE n <> 0 ORDER BY term"
             " ON CONFLICT (term) DO UPDATE SET calls = c.calls + excluded.calls")
# A term's calls: its folded total plus its waiting deltas, in one snapshot.
_TERM_CALLS = ("coalesce(c.calls, 0) + coalesce((SELECT sum(d.sign) FROM call_term_delta d"
               " WHERE tsvector_to_array(d.terms) @> ARRAY[t.term]), 0)")
_OF_TERMS = " FROM unnest(CAST(:terms AS text[])) AS t(term) LEFT JOIN call_term_count c ON c.term = t.term"
_COUNTS = text(f"SELECT t.term, {_TERM_CALLS}{_OF_TERMS}")
#: SQL (parameter :terms, a text[]): the fewest calls holding any one of the terms
LEAST_COUNT = f"SELECT min({_TERM_CALLS}){_OF_TERMS}"


def create_tables(conn: Connection) -> None:
    conn.execute(text("CREATE TABLE call_term_count (term TEXT PRIMARY KEY, calls BIGINT NOT NULL)"))
    conn.execute(text("CREATE TABLE call_term_delta (sign SMALLINT NOT NULL, terms TSVECTOR NOT NULL)"))
    conn.exec_driver_sql(_DELTA_FUNCTION)
    for name, event, tables in _TRIGGERS:
        conn.execute(text(f"CREATE TRIGGER {name} AFTER {event} ON call_search REFERENCING {tables}"
                          " FOR EACH STATEMENT EXECUTE FUNCTION call_term_delta_add()"))


def drop_tables(conn: Connection) -> None:
    for name, _, _ in _TRIGGERS:
        conn.execute(text(f"DROP TRIGGER {name} ON call_search"))
    conn.execute(text("DROP FUNCTION call_term_delta_add()"))
    conn.execute(text("DROP TABLE call_term_delta"))
    conn.execute(text("DROP TABLE call_term_count"))


def set_triggers(conn: Connection, on: bool) -> None:
    """Off for a bulk load that recounts afterwards (bench/pg_copy.py: a million deltas saved)."""
    for name, _, _ in _TRIGGERS:
        conn.execute(text(f"ALTER TABLE call_search {'ENABLE' if on else 'DISABLE'} TRIGGER {name}"))


def recount(conn: Connection) -> int:
    """Every term's count from call_search as it stands (migration, rebuild, the bench's COPY load).

    call_search is locked against writes meanwhile (writers wait, they do not fail): the deltas are
    cleared and the totals read in two statements, and a save committed between them would count twice.
    """
    conn.execute(text("SET LOCAL statement_timeout = 0"))  # it reads all of call_search: a minute at 1M calls
    conn.execute(text("LOCK TABLE call_search IN SHARE MODE"))
    conn.execute(text(f"SELECT pg_advisory_xact_lock({_LOCK})"))
    conn.execute(text("DELETE FROM call_term_delta"))
    conn.execute(text("DELETE FROM call_term_count"))
    return conn.execute(text("INSERT INTO call_term_count (term, calls)"
                             " SELECT word, ndoc FROM ts_stat('SELECT terms FROM call_search')")).rowcount


def fold_if_due(session: Session) -> bool:
    """Fold the waiting deltas into the totals when FOLD_AT are waiting and no other fold runs; True if folded."""
    if not session.execute(_FOLD_DUE).scalar():
        return False
    try:
        with session.begin_nested():
            session.execute(_FOLD)
    except DBAPIError:  # the totals stay as they were, the deltas too: a later save folds them
        return False
    return True


def fold(conn: Connection | Session) -> bool:
    """Fold now unless another fold runs (tests, `dutyroom migrate`); the caller commits."""
    if not conn.execute(text(f"SELECT pg_try_advisory_xact_lock({_LOCK})")).scalar():
        return False
    conn.execute(_FOLD)
    return True


def term_counts(session: Session, terms: Sequence[str]) -> dict[str, int]:
    """How many calls hold each term (exact, as of this statement)."""
    if not terms:
        return {}
    return {t: int(n) for t, n in session.execute(_COUNTS, {"terms": list(dict.fromkeys(terms))})}


def query_terms(query: str) -> tuple[str | None, list[str]]:
    """(the one term a query is, or None; the terms every match must hold, for a bound).

    A one-term query matches exactly the calls holding that term. A run of one character is a prefix
    (it may match many terms) and bounds nothing; every other run's terms must all occur.
    """
    runs = query_runs(query)
    phrases = [query_phrase(run) for run in runs]
    needed = [t for phrase in phrases if phrase for t in phrase]
    single = needed[0] if len(runs) == 1 and phrases[0] is not None and len(needed) == 1 else None
    return single, needed
