"""值班首页 built on the 1M-call database (issue 11: ≤ 100 ms).

Timed: the data of every section of the page (gui/glance/sections.py, exactly what the page reads in the
background: roster, open clocks, today's calls by outcome, follow-ups due, open incidents, today's
roll-calls, open handover items, the next jobs) at the last day of the synthetic history, so "today" is
a busy day of a log five years deep. The baseline, in the same run, is the same page built on a fresh
database with one day of calls only: the ratio says whether the cost grows with the history.

The big database is bench/calls.py's cached one (generated once, DUTYROOM_BENCH_CACHE); `--calls N` uses
a smaller one when the machine cannot afford a million.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from bench import synth
from bench.calls import CALLS, QUICK_CALLS, _open, cached_database
from bench.common import Figure, timed_ms
from dutyroom.domain.clock import FakeClock

TARGET_MS = 100.0


def _build(services, now):
    from dutyroom.gui.glance.blocks import build_blocks
    from dutyroom.gui.glance.sections import SECTIONS

    blocks = build_blocks(services, SECTIONS, now)
    failed = [b.failed for b in blocks.values() if b.failed]
    if failed:
        raise RuntimeError(f"值班首页 section failed: {failed}")
    return blocks


def _one_day(folder: Path, big) -> object:
    """A fresh database with the big one's units and people and only its calls of the last day (the same
    'today'): everything but the history."""
    from sqlalchemy import insert, select

    from dutyroom.store.models import Call, Person, Unit

    small = synth.open_target(folder / "one-day.sqlite3")
    since = synth.SYNTH_NOW - timedelta(days=1)
    today = 0
    for model, where in ((Unit, ()), (Person, ()), (Call, (Call.started_at >= since,))):
        with big.db.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(select(model.__table__).where(*where))]
        if rows:
            with small.db.engine.begin() as conn:
                if model is not Call:
                    conn.execute(model.__table__.delete())
                conn.execute(insert(model.__table__), rows)
        today = len(rows)
    return small, today


def run(runs: int = 15, *, quick: bool = False, calls: int | None = None) -> list[Figure]:
    n = calls or (QUICK_CALLS if quick else CALLS)
    runs = 5 if quick else runs
    path, _info = cached_database(n)
    now = synth.SYNTH_NOW
    big = _open(path, clock=FakeClock(now))
    with tempfile.TemporaryDirectory(prefix="dutyroom-bench-glance-") as tmp:
        small, today = _one_day(Path(tmp), big)
        try:
            _build(big, now)  # untimed: the first read warms the page cache, as the login does
            _build(small, now)
            big_ms, small_ms = [], []
            for _ in range(runs):
                big_ms.append(timed_ms(lambda: _build(big, now))[0])
                small_ms.append(timed_ms(lambda: _build(small, now))[0])
        finally:
            big.db.dispose()
            small.db.dispose()
    return [Figure("glance.build", big_ms, small_ms, target=f"≤ {TARGET_MS:.0f} ms", max_median=TARGET_MS,
                   baseline_name=f"the same page on a database of that day only ({today:,} calls)",
                   note=f"{n:,} calls in the log, SQLite, every section of 值班首页")]
