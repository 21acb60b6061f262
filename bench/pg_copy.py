"""A million generated calls on PostgreSQL in minutes: bench/synth_calls.py's rows by COPY, indexes after.

bench/synth.py's generator inserts through SQLAlchemy; on PostgreSQL every row then also updates the
call table's btree indexes and call_search's RUM index, whose inserts are slow (about 200 calls/s,
which made the issue-14 figures at 1,000,000 calls unmeasurable). Here the same rows (the same
row builder, `synth_calls.call_chunks`, the same seed) go in by `COPY … FROM STDIN` into tables
whose secondary indexes were dropped first, and every index is built once the rows are in:

- a value goes through its column's SQLAlchemy bind processor, as an INSERT would send it, and a
  column the row leaves out gets its Python-side default, as an INSERT would give it;
- the search text is the one the store writes: `index_terms(searchable_texts(row))` (done in
  call_chunks) rendered by `call_search._tsvector_literal`, the function `call_search.index` uses;
- call_term_count is filled by `call_counts.recount` (what migration 0021 does for existing calls);
- call_search gets its index from `call_search.ensure_best_index` (RUM where the server has the
  extension), or GIN through `call_search.use_gin_index` when asked for (`index="gin"`: what a
  server without the extension searches with, for the bench's information figures).

Everything from dropping the indexes to rebuilding them is one transaction, so an interrupted load
leaves the migrated, empty schema it started from.
"""

from __future__ import annotations

import random
import time

from sqlalchemy import Table

from bench import synth
from bench.synth_calls import call_chunks, reset_sequences
from dutyroom.store import call_counts, call_search
from dutyroom.store.models import Call, CallFollowUp, Instruction

INDEX_KINDS = ("rum", "gin")
SEED = 2026  # synth.generate's default: the same calls as the SQLite cache of the same size
UNITS, PEOPLE = 200, 2000  # as bench/calls.py's _generate asks of synth.generate
BUILD_MEMORY = "512MB"  # maintenance_work_mem for the index builds (the server's default is 64 MB)


class _Columns:
    """How one table's rows become COPY rows: the columns the rows carry, each value as an INSERT binds it."""

    def __init__(self, table: Table, keys: list[str], dialect):
        self.names = keys
        self.processors = [table.c[k].type.bind_processor(dialect) for k in keys]
        self.defaults: dict[str, object] = {}
        for column in table.columns:
            if column.name in keys or column.primary_key or column.default is None:
                continue
            if not column.default.is_scalar:  # a callable default would need SQLAlchemy's execution context
                raise RuntimeError(f"{table.name}.{column.name}: a callable default; give the value in the row")
            self.defaults[column.name] = column.default.arg
        self.names = keys + list(self.defaults)
        self.processors += [table.c[k].type.bind_processor(dialect) for k in self.defaults]

    def values(self, row: dict) -> tuple:
        merged = (*(row[k] for k in self.names[:len(self.names) - len(self.defaults)]), *self.defaults.values())
        return tuple(v if p is None else p(v) for v, p in zip(merged, self.processors, strict=True))

    def statement(self, table_sql: str) -> str:
        quoted = ", ".join(f'"{n}"' for n in self.names)
        return f"COPY {table_sql} ({quoted}) FROM STDIN"


def _copy(cursor, table_sql: str, table: Table, rows: list[dict], dialect, cache: dict) -> None:
    if not rows:
        return
    columns = cache.get(table_sql)
    if columns is None:
        columns = cache[table_sql] = _Columns(table, list(rows[0]), dialect)
    with cursor.copy(columns.statement(table_sql)) as copy:
        for row in rows:
            copy.write_row(columns.values(row))


def _secondary_indexes(cursor) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the filled tables' indexes that no constraint owns, call_search's own
    full-text index left out (its kind is chosen after the load)."""
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i"
        " JOIN pg_class x ON x.relname = i.indexname AND x.relnamespace = to_regnamespace(i.schemaname)"
        " WHERE i.schemaname = current_schema() AND i.tablename IN ('call', 'instruction', 'call_follow_up')"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.oid) ORDER BY i.indexname")
    return list(cursor.fetchall())


def generate(services, n: int, *, index: str = "rum", report=None) -> dict:
    """Fill the (migrated, empty) database of `services` with n calls and their units and people."""
    if index not in INDEX_KINDS:
        raise ValueError(f"index must be one of {INDEX_KINDS}, not {index!r}")
    db = services.db
    if db.kind != "postgresql":
        raise ValueError("bench/pg_copy.py fills PostgreSQL only; SQLite has bench/synth.py")
    start = time.perf_counter()
    ctx = synth.SynthContext(services=services, rng=random.Random(SEED))
    # Units and people first, through synth's own generators, so the rng reaches the calls in the same state.
    synth.GENERATORS["units"].make(ctx, UNITS)
    synth.GENERATORS["people"].make(ctx, PEOPLE)
    dialect = db.engine.dialect
    made, cache = 0, {}
    chunks = call_chunks(ctx, n)  # reads the database now, before this load locks the tables
    with db.engine.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()
        # The program's sessions give up on a statement after seconds (store/engine.py); building a
        # million-row index takes minutes.
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute("SET LOCAL lock_timeout = 0")
        indexes = _secondary_indexes(cursor)
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute(f"DROP INDEX IF EXISTS {call_search.RUM_INDEX}")
        cursor.execute(f"DROP INDEX IF EXISTS {call_search.GIN_INDEX}")
        call_counts.set_triggers(conn, False)  # recounted once after the load instead of a million deltas
        for chunk in chunks:
            _copy(cursor, '"call"', Call.__table__, chunk.calls, dialect, cache)
            _copy(cursor, "instruction", Instruction.__table__, chunk.instructions, dialect, cache)
            _copy(cursor, "call_follow_up", CallFollowUp.__table__, chunk.follow_ups, dialect, cache)
            with cursor.copy("COPY call_search (sort_key, terms) FROM STDIN") as copy:
                for key, terms in chunk.entries:
                    copy.write_row((key, call_search._tsvector_literal(terms)))
            made += len(chunk.calls)
            if report and made % 200_000 < len(chunk.calls):
                report(f"# PostgreSQL: {made:,} calls copied, {time.perf_counter() - start:.0f} s")
        loaded = time.perf_counter()
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
        for _, definition in indexes:
            cursor.execute(definition)
        kind = call_search.ensure_best_index(conn) if index == "rum" else (call_search.use_gin_index(conn) or "gin")
        call_counts.set_triggers(conn, True)
        call_counts.recount(conn)  # the term counts from what was COPYed, as migration 0021 fills them
        reset_sequences(conn)
        conn.commit()
    seconds = time.perf_counter() - start
    return {"calls": made, "seconds": round(seconds, 1), "rate": round(made / seconds) if seconds else 0,
            "index_seconds": round(time.perf_counter() - loaded, 1), "index": kind}
