"""Large-database figures: synthetic generation rate and `audit verify`, each per 100k records.

Generation's baseline is writing the very same rows again through the same bulk-insert path into
an identical table (the storage floor, without generating or hashing). Verification's baseline
is a plain SELECT of the same rows in the same batches (the reading floor, without ORM or hashing).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import select

from bench import synth
from bench.common import Figure, timed_ms
from dutyroom.store.engine import Database
from dutyroom.store.models import AuditRecord

PER = 100_000
VERIFY_BATCH = 5000


def _scaled(ms: float, rows: int) -> float:
    return ms * PER / rows


def _rows_after(services, seq: int) -> list[dict]:
    table = AuditRecord.__table__
    with services.db.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(table).where(table.c.seq > seq))]


def _last_seq(services) -> int:
    with services.db.session() as s:
        return s.scalar(select(AuditRecord.seq).order_by(AuditRecord.seq.desc()).limit(1)) or 0


def _copy_rows(folder: Path, rows: list[dict], run: int) -> float:
    """Time writing `rows` into an identical, empty table of a fresh database file."""
    twin = Database(folder / f"twin-{run}.sqlite3")
    try:
        AuditRecord.__table__.create(twin.engine)
        ms, _ = timed_ms(lambda: synth.bulk_insert(twin.engine, AuditRecord, iter(rows)))
        return ms
    finally:
        twin.dispose()


def bench_generate(runs: int = 3, *, quick: bool = False) -> list[Figure]:
    records = 20_000 if quick else PER
    runs = 2 if quick else runs
    gen_ms, copy_ms = [], []
    with tempfile.TemporaryDirectory(prefix="dutyroom-bench-synth-") as tmp:
        folder = Path(tmp)
        services = synth.open_target(folder / "synth.sqlite3")
        try:
            synth.generate(services, {"units": 200, "people": 2000})
            for run in range(runs):
                before = _last_seq(services)
                ms, _ = timed_ms(lambda seed=run: synth.generate(services, {"audit": records}, seed=seed))
                gen_ms.append(_scaled(ms, records))
                copy_ms.append(_scaled(_copy_rows(folder, _rows_after(services, before), run), records))
        finally:
            services.db.dispose()
    rate = PER / (sorted(gen_ms)[len(gen_ms) // 2] / 1000.0)
    return [Figure("synth.audit_generate", gen_ms, copy_ms, target="none set (informational)",
                   unit="per 100k records", baseline_name="bulk insert of the same rows",
                   note=f"≈ {rate:,.0f} records/s, SQLite synchronous=FULL, {records:,} records per run")]


def _plain_select(services) -> int:
    table = AuditRecord.__table__
    seen, last = 0, 0
    with services.db.engine.connect() as conn:
        while True:
            rows = conn.execute(select(table).where(table.c.seq > last).order_by(table.c.seq)
                                .limit(VERIFY_BATCH)).all()
            if not rows:
                return seen
            seen, last = seen + len(rows), rows[-1].seq


def bench_verify(runs: int = 5, *, quick: bool = False, records: int | None = None) -> list[Figure]:
    """`audit verify --full` per 100k records; `records` sets the chain's length (2M: issue 16's target)."""
    records = records or (20_000 if quick else PER)
    runs = 3 if quick else runs
    verify_ms, select_ms = [], []
    with tempfile.TemporaryDirectory(prefix="dutyroom-bench-verify-") as tmp:
        services = synth.open_target(Path(tmp) / "verify.sqlite3")
        try:
            synth.generate(services, {"units": 200, "people": 2000, "audit": records})
            total = _last_seq(services)
            for _ in range(runs):
                ms, seen = timed_ms(lambda: _plain_select(services))
                assert seen == total
                select_ms.append(_scaled(ms, total))
                ms, report = timed_ms(lambda: services.audit.verify(full=True))
                if not report.ok or report.checked != total:
                    raise RuntimeError(f"synthetic audit chain does not verify: {report}")
                verify_ms.append(_scaled(ms, total))
        finally:
            services.db.dispose()
    return [Figure("audit.verify", verify_ms, select_ms, target="none set (informational)",
                   unit="per 100k records", baseline_name="plain SELECT of the same rows",
                   note=f"chain of {total:,} records verified OK each run; whole chain ≈ "
                        f"{sorted(verify_ms)[len(verify_ms) // 2] * total / PER / 1000:.1f} s")]
