"""The call log's full-text index: character bigrams (domain/bigrams.py) in the database's own index.

SQLite: a contentless FTS5 table `call_fts(terms)` with the `ascii` tokenizer (every non-ASCII
character is a token character, so a bigram is one token) whose rowid is `call.sort_key`.
Contentless keeps a million calls' index at the size of the postings alone; the price is that a
delete must hand FTS5 the exact terms it indexed, which `unindex` recomputes from the stored row.

PostgreSQL: a table `call_search(sort_key, terms tsvector)`. The tsvector is built here from the same
terms, with positions, so a phrase query (<->) means "these pairs in a row" just as FTS5's phrase does.
Its index is RUM where the server has the `rum` extension (Debian: postgresql-15-rum): RUM keeps the
positions, so a phrase is answered inside the index, and with `sort_key` attached it hands matches back
in time order (after sorting them all: a common word's page is read from the newest rows first, see
`recent_page_keys`). Without the extension a GIN
index (no positions: every phrase candidate re-checked in the table, then sorted) does the same work
more slowly. `ensure_best_index` picks RUM whenever it can; `migrate` calls it again, so installing the
extension later and running `dutyroom migrate` switches a server over.

Either way a query is: every run of the search box must occur; a run of two or more characters is
the phrase of its pairs (of its 4-digit grams when it is four or more digits, see domain/bigrams.py),
a single character is a prefix query (it finds pairs starting with it and
run-final single characters). Results come in rowid (= time) order, newest first, with no sort.
"""

from __future__ import annotations

from collections.abc import Sequence
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, literal_column, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from dutyroom.domain.bigrams import index_terms, query_phrase, query_runs
from dutyroom.store import call_counts
from dutyroom.store.models import Call, Instruction

#: a sort_key is Unix seconds * SLOTS + a counter within that second
SLOTS = 1 << 20
#: tsvector positions stop at 16383; fields are limited well below that (see services)
_MAX_PG_POSITION = 16383


def sort_key_base(unix_seconds: int) -> int:
    return unix_seconds * SLOTS


def searchable_texts(row, instruction: str | None = None) -> list[str]:
    """The fields of a call the search box looks in, in a fixed order, ending with its 领导批示.

    A record carries the instruction's text (`leader_instruction`); a `Call` row does not (the
    instruction is its own row since 0007), so callers holding a row pass the text they read.
    """
    if instruction is None:
        instruction = str(getattr(row, "leader_instruction", "") or "")
    return [row.caller_name, row.caller_number, row.caller_unit, row.summary, row.outcome_note,
            row.assigned_unit, row.feedback, instruction]


def call_instructions(session: Session, call_ids) -> dict[int, str]:
    """call id -> the text of its first 领导批示 (the one the call's form shows and the index holds)."""
    wanted = [i for i in call_ids if i is not None]
    found: dict[int, str] = {}
    for start in range(0, len(wanted), 500):  # stay under every driver's parameter limit
        rows = session.execute(select(Instruction.subject_id, Instruction.text).where(
            Instruction.subject_kind == "call", Instruction.subject_id.in_(wanted[start:start + 500]))
            .order_by(Instruction.given_at, Instruction.id))
        for call_id, words in rows:
            if call_id is not None:  # the query asked for these ids; the column is nullable for free ones
                found.setdefault(call_id, words)
    return found


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


# -- which index a PostgreSQL server uses ---------------------------------------------------------------
RUM_INDEX = "ix_call_search_rum"
GIN_INDEX = "ix_call_search_terms"
#: largest bigint: "distance from the newest possible key" orders newest first
_MAX_KEY = 9223372036854775807


def _rum_schema(conn: Connection) -> str | None:
    """The schema the rum extension is installed in (its operator class lives there), or None."""
    return conn.execute(text("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
                             " WHERE e.extname = 'rum'")).scalar()


def _has_index(conn: Connection, name: str) -> bool:
    return bool(conn.execute(text("SELECT 1 FROM pg_indexes WHERE schemaname = current_schema()"
                                  " AND indexname = :n"), {"n": name}).scalar())


def ensure_best_index(conn: Connection) -> str:
    """Give call_search a RUM index when the server can have one, else keep GIN; returns "rum" or "gin".

    Creating the extension needs a superuser: when the program's own role may not, the attempt is rolled
    back to a savepoint and the GIN index stays (a superuser can `CREATE EXTENSION rum` and run
    `dutyroom migrate` again). The extension goes into `public`, not into a per-office schema, so that
    dropping one schema cannot take it away from the others.
    """
    if _has_index(conn, RUM_INDEX):
        return "rum"
    schema = _rum_schema(conn)
    if schema is None and conn.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")).scalar():
        try:
            with conn.begin_nested():
                conn.execute(text("CREATE EXTENSION IF NOT EXISTS rum SCHEMA public"))
        except DBAPIError:  # not allowed for this role, or no public schema: GIN serves
            pass
        schema = _rum_schema(conn)
    if schema is None:
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON call_search USING gin (terms)"))
        return "gin"
    conn.execute(text(f'CREATE INDEX {RUM_INDEX} ON call_search USING rum (terms "{schema}".rum_tsvector_addon_ops,'
                      " sort_key) WITH (attach = 'sort_key', to = 'terms')"))
    conn.execute(text(f"DROP INDEX IF EXISTS {GIN_INDEX}"))
    _index_kinds.clear()
    return "rum"


def use_gin_index(conn: Connection) -> None:
    """Back to the GIN index (a downgrade, or a server about to lose the extension)."""
    conn.execute(text(f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON call_search USING gin (terms)"))
    conn.execute(text(f"DROP INDEX IF EXISTS {RUM_INDEX}"))
    _index_kinds.clear()


#: engine -> the rum extension's schema when call_search has a RUM index, else "" (an engine's search_path
#: is fixed when it is made, see store/engine.py, so the engine alone says which call_search it sees)
_index_kinds: WeakKeyDictionary[Engine, str] = WeakKeyDictionary()


def rum_operator_schema(session: Session) -> str | None:
    """Where the RUM ordering operators live when this database searches through RUM; None for GIN/SQLite.

    Asked once per engine: the index changes only when `migrate` runs, which clears the answer.
    """
    if _dialect(session) != "postgresql":
        return None
    engine = session.get_bind()
    if not isinstance(engine, Engine):
        engine = engine.engine
    if engine not in _index_kinds:
        conn = session.connection()
        _index_kinds[engine] = (_rum_schema(conn) or "") if _has_index(conn, RUM_INDEX) else ""
    return _index_kinds[engine] or None


def index_description(session: Session) -> str:
    """The search index in words, for `dutyroom migrate` and the about box."""
    if _dialect(session) != "postgresql":
        return "SQLite FTS5 全文索引"
    if rum_operator_schema(session):
        return "PostgreSQL RUM 全文索引（短语在索引内检索，按时间直接取第一页）"
    return "PostgreSQL GIN 全文索引（服务器未安装 rum 扩展：短语检索较慢，安装 postgresql-15-rum 后运行 dutyroom migrate）"


def rum_order(key, schema: str, *, oldest_first: bool, boundary: int | None):
    """ORDER BY expression that RUM answers from the index: distance from the page's first possible key
    (`boundary`, inclusive; None: from the newest or the oldest end)."""
    if oldest_first:  # rum gives `k |=> k` as Infinity (but `k <=| k` as 0): start one below the boundary
        return key.op(f"OPERATOR({schema}.|=>)")((boundary if boundary is not None else 0) - 1)
    return key.op(f"OPERATOR({schema}.<=|)")(boundary if boundary is not None else _MAX_KEY)


#: RUM: a text page is first looked for among this many index rows from the page's boundary on
RECENT_WINDOW = 3000


def recent_page_keys(session: Session, match: str, key, bounds: list, *, oldest_first: bool,
                     limit: int, terms: Sequence[str] = ()) -> list[int] | None:
    """The page's keys when its matches lie among the next RECENT_WINDOW index rows, else None.

    RUM answers `ORDER BY sort_key <=| k LIMIT n` by collecting and sorting every match: for a common
    word at a million calls that is 84,000 matches sorted on disk, 80–140 ms a page. Such a word fills a
    page within the newest few hundred rows, so those are read first, newest first, along call_search's
    primary key and tested one by one (a few ms); only a rarer query (fewer than `limit` matches in the
    window) goes on to RUM, whose sort is then small. `bounds` are the page's conditions on `key`.

    `terms`, the terms every match holds (call_counts.query_terms): when fewer calls than `limit` hold
    one of them, the window cannot fill the page and is not read — the server tests that first, in the
    same statement (a name or a whole number at 1M calls: the window's 3,000 rows were half its time).
    """
    order = key.asc() if oldest_first else key.desc()
    window = (select(key.label("k"), literal_column("call_search.terms").label("t")).where(*bounds)
              .order_by(order).limit(RECENT_WINDOW).subquery("w"))
    conditions = [text("w.t @@ CAST(:match AS tsquery)").bindparams(match=match)]
    if terms:
        conditions.append(text(f"({call_counts.LEAST_COUNT}) >= :limit").bindparams(terms=list(terms), limit=limit))
    page = (select(window.c.k).where(*conditions)
            .order_by(window.c.k.asc() if oldest_first else window.c.k.desc()).limit(limit))
    keys = list(session.scalars(page))
    return keys if len(keys) == limit else None


def prefer_index_scan(session: Session) -> None:
    """RUM's ordered scan stops at the page's last row; the planner, unable to guess a bigram's frequency,
    would otherwise pick a bitmap scan that reads every match and sorts (this transaction only)."""
    session.execute(text("SET LOCAL enable_bitmapscan = off"))


def _tsvector_literal(terms: Sequence[str]) -> str:
    # Terms hold only letters, digits and ideographs (no quote or backslash), so quoting is plain.
    return " ".join(f"'{t}':{min(i + 1, _MAX_PG_POSITION)}" for i, t in enumerate(terms))


def index(session: Session, sort_key: int, texts: Sequence[str]) -> None:
    terms = index_terms(texts)
    if _dialect(session) == "postgresql":  # its triggers append the term counts' delta (store/call_counts.py)
        session.execute(text("INSERT INTO call_search (sort_key, terms) VALUES (:k, CAST(:v AS tsvector))"),
                        {"k": sort_key, "v": _tsvector_literal(terms)})
        call_counts.fold_if_due(session)
    else:
        session.execute(text("INSERT INTO call_fts (rowid, terms) VALUES (:k, :v)"),
                        {"k": sort_key, "v": " ".join(terms)})


def unindex(session: Session, sort_key: int, old_texts: Sequence[str]) -> None:
    """Remove a call from the index; `old_texts` are the fields exactly as they were indexed."""
    if _dialect(session) == "postgresql":
        session.execute(text("DELETE FROM call_search WHERE sort_key = :k"), {"k": sort_key})
    else:
        session.execute(text("INSERT INTO call_fts (call_fts, rowid, terms) VALUES ('delete', :k, :v)"),
                        {"k": sort_key, "v": " ".join(index_terms(old_texts))})


def reindex(session: Session, old_key: int, old_texts: Sequence[str], new_key: int,
            new_texts: Sequence[str]) -> None:
    """After an edit: nothing to do when neither the key nor the indexed words changed."""
    if old_key == new_key and index_terms(old_texts) == index_terms(new_texts):
        return
    unindex(session, old_key, old_texts)
    index(session, new_key, new_texts)


def rebuild(session: Session) -> int:
    """Drop and rebuild the whole index from the call table (after a change of the term rules)."""
    if _dialect(session) == "postgresql":
        session.execute(text("DELETE FROM call_search"))
    else:
        session.execute(text("INSERT INTO call_fts (call_fts) VALUES ('delete-all')"))
    count = 0
    texts = {call_id: words for call_id, words in session.execute(
        select(Instruction.subject_id, Instruction.text).where(Instruction.subject_kind == "call")
        .order_by(Instruction.given_at.desc(), Instruction.id.desc()))}  # the first one given wins
    for row in session.query(Call).yield_per(2000):
        index(session, row.sort_key, searchable_texts(row, texts.get(row.id, "")))
        count += 1
    if _dialect(session) == "postgresql":
        call_counts.recount(session.connection())
    return count


def match_expression(query: str, dialect: str) -> str | None:
    """The FTS5 MATCH string or PostgreSQL tsquery for a search box's text; None when it has no word."""
    runs = query_runs(query)
    if not runs:
        return None
    parts = []
    for run in runs:
        phrase = query_phrase(run)
        if dialect == "postgresql":
            parts.append(f"'{run}':*" if phrase is None else "(" + " <-> ".join(f"'{t}'" for t in phrase) + ")")
        else:
            parts.append(f'"{run}"*' if phrase is None else '"' + " ".join(phrase) + '"')
    return (" & " if dialect == "postgresql" else " AND ").join(parts)


def matching_keys_sql(dialect: str) -> str:
    """SQL (one parameter, :match) selecting the sort_keys of matching calls, as column `key`.

    Join it to `call` on sort_key. On SQLite keep ORDER BY on the FTS rowid so FTS5 walks its
    postings newest first and a LIMIT stops early.
    """
    if dialect == "postgresql":
        return "SELECT sort_key AS key FROM call_search WHERE terms @@ CAST(:match AS tsquery)"
    return "SELECT rowid AS key FROM call_fts WHERE call_fts MATCH :match"
