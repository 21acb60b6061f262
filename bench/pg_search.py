"""The call search on a PostgreSQL server (issue 14): bench/calls.py's search figures on a schema of
generated calls, filled once by COPY (bench/pg_copy.py) and kept, named by size, generator and revision.
"""

from __future__ import annotations

import os
import re

from sqlalchemy import text

from bench import synth
from bench.calls import (
    GENERATOR_VERSION,
    PG_COUNT_TARGET_MS,
    PG_MIN_SPEEDUP,
    PG_SEARCH_CALLS,
    QUICK_CALLS,
    _open,
    search_figures,
)
from bench.common import Figure


def pg_schema(n: int, index: str = "rum") -> str:
    """The bench schema of n generated calls; its name says what made it, so a cached one is never stale."""
    from dutyroom.store.migrate import HEAD

    return f"bench_calls_{n}_g{GENERATOR_VERSION}_r{HEAD}" + ("" if index == "rum" else f"_{index}")


def _older_schema(conn, n: int, index: str) -> str | None:
    """A schema of the same size and generator made at an older schema revision (1M calls: ~6 minutes to
    make again), the newest first."""
    suffix = "" if index == "rum" else f"_{index}"
    names = conn.execute(text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :p"),
                         {"p": f"bench_calls_{n}_g{GENERATOR_VERSION}_r%"}).scalars().all()
    pattern = re.compile(rf"bench_calls_{n}_g{GENERATOR_VERSION}_r(\d+){re.escape(suffix)}")
    found = sorted((m.group(1), name) for name in names if (m := pattern.fullmatch(name)))
    return found[-1][1] if found else None


def pg_figures(url: str, n: int, runs: int, index: str = "rum") -> list[Figure]:
    """Search figures on a schema of n calls on the server; the schema is kept for later runs.

    `index`: "rum" searches with the best index the server can have (RUM where it has the extension),
    "gin" with the GIN index a server without the extension keeps (a schema of its own).
    """
    from bench import pg_copy
    from dutyroom.domain.clock import FakeClock
    from dutyroom.store.engine import Database

    schema = pg_schema(n, index)
    partial = f"{schema}_partial"  # generated under this name and renamed when complete
    admin = Database(url)
    try:
        with admin.engine.begin() as conn:
            have = conn.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}).scalar()
            older = None if have else _older_schema(conn, n, index)
            if older is not None:  # the same generator's rows at an older revision: _open below migrates it
                print(f"# PostgreSQL: schema {older} renamed to {schema}, upgraded by the program's migrations",
                      flush=True)
                conn.execute(text(f'ALTER SCHEMA "{older}" RENAME TO "{schema}"'))
                have = True
            if not have:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{partial}" CASCADE'))
                conn.execute(text(f'CREATE SCHEMA "{partial}"'))
        if not have:
            print(f"# PostgreSQL: generating {n:,} calls by COPY into schema {schema} (once; later runs reuse it)",
                  flush=True)
            # As synth.open_target: a fresh schema's own first records come before the generated years.
            filling = _open(url, schema=partial, clock=FakeClock(synth.SYNTH_NOW - synth.HISTORY))
            try:
                info = pg_copy.generate(filling, n, index=index, report=lambda line: print(line, flush=True))
                # What autovacuum does in time: statistics, the visibility map (index-only scans), and
                # the GIN index's pending list merged (a plain ANALYZE leaves it).
                with filling.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.exec_driver_sql("SET statement_timeout = 0")  # the program's 20 s is for its own work
                    for table in ('"call"', "instruction", "call_follow_up", "call_search", "call_term_count"):
                        conn.exec_driver_sql(f"VACUUM ANALYZE {table}")
            finally:
                filling.db.dispose()
            with admin.engine.begin() as conn:
                conn.execute(text(f'ALTER SCHEMA "{partial}" RENAME TO "{schema}"'))
            print(f"# PostgreSQL: {info['calls']:,} calls in {info['seconds']} s ({info['rate']:,} calls/s, "
                  f"indexes {info['index_seconds']} s, search index {info['index']})", flush=True)
        with admin.engine.connect() as conn:
            size = conn.execute(text("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n"
                                     " ON n.oid = c.relnamespace WHERE n.nspname = :s AND c.relkind = 'r'"),
                                {"s": schema}).scalar() or 0
        print(f"# PostgreSQL schema {schema}: {size / 2**20:,.0f} MB; load average {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} CPUs", flush=True)
    finally:
        admin.dispose()
    services = _open(url, schema=schema)
    try:
        from dutyroom.store import call_search

        with services.db.session() as s:
            print(f"# PostgreSQL search index: {call_search.index_description(s)}", flush=True)
        return search_figures(services, n, runs, where=f" [PostgreSQL {index.upper()}, {n:,} calls]",
                              min_speedup=PG_MIN_SPEEDUP, count_target_ms=PG_COUNT_TARGET_MS)
    finally:
        services.db.dispose()


def run_pg(runs: int = 9, *, quick: bool = False, pg: str | None = None, pg_calls: int | None = None,
           pg_index: str = "rum") -> list[Figure]:
    """The search figures on a PostgreSQL server alone (issue 14: 1,000,000 calls; --pg-index gin for the
    path of a server without the rum extension)."""
    if not pg:
        raise SystemExit("pgsearch needs --pg URL (for example postgresql://postgres@127.0.0.1:5432/test)")
    return pg_figures(pg, pg_calls or (QUICK_CALLS if quick else PG_SEARCH_CALLS), 3 if quick else runs, pg_index)
