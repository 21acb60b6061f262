"""The two databases of `python -m bench history`: 32 days and 5 years of the same office, same density.

Both are built by the generators of bench/synth.py up to the same fixed now, so the recent month
holds about the same calls, incidents, open clocks and roster at both sizes and anything that
grows between them grows with total history. At `--scale 1` the five years are DESIGN.md §8's
1,000,000 calls and 20,000 incidents, with 2,000,000 audit records and five years of roster.

Each is generated once and cached beside the call database (DUTYROOM_BENCH_CACHE), keyed by its
span, scale, generator version and schema revision; the run that generates it reports how long it took.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import timedelta
from pathlib import Path

from bench import synth
from bench.calls import cache_folder

GENERATOR_VERSION = 2  # 2: old 转办 and instructions closed; bump when any generator's rows change, so caches are rebuilt
FULL_DAYS = 5 * 365
SMALL_DAYS = 32
# What five years hold at scale 1; a shorter span holds its share of each (the same density).
FULL = {"calls": 1_000_000, "incidents": 20_000, "audit": 2_000_000}
OFFICE = {"units": 200, "people": 2000}
PASSWORD = "bench-history-1"
ACCOUNTS = (("admin", "王管理"), ("officer", "赵值班"))


def counts(days: int, scale: float) -> dict[str, int]:
    share = scale * days / FULL_DAYS
    return {**OFFICE, **{name: max(1, round(n * share)) for name, n in FULL.items()}, "roster": days}


def _accounts(services) -> None:
    from dutyroom.domain.vocabulary import Role
    from dutyroom.services.records import UserRecord

    admin = services.users.create_first_admin(ACCOUNTS[0][0], PASSWORD, ACCOUNTS[0][1])
    services.users.save(admin, UserRecord(username=ACCOUNTS[1][0], role=Role.OFFICER, display_name=ACCOUNTS[1][1]),
                        PASSWORD)


def cached(days: int, scale: float) -> tuple[Path, dict]:
    """The SQLite file of `days` of history at `scale`, and how its generation went; generated on first use."""
    from dutyroom.store.migrate import HEAD

    path = cache_folder() / f"history-{days}d-x{scale:g}-g{GENERATOR_VERSION}-r{HEAD}.sqlite3"
    info_path = path.with_suffix(".json")
    if not path.exists():
        _upgrade_older(path, f"history-{days}d-x{scale:g}-g{GENERATOR_VERSION}-r*.sqlite3")
    if path.exists() and info_path.exists():
        return path, {**json.loads(info_path.read_text(encoding="utf-8")), "cached": True}
    partial = path.with_name(path.name + ".partial")
    for stale in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        stale.unlink(missing_ok=True)
    wanted = counts(days, scale)
    print(f"# generating {days} days at scale {scale:g} into {path} (once; later runs reuse it): "
          + ", ".join(f"{k} {v:,}" for k, v in wanted.items()), flush=True)
    home = os.environ.get("DUTYROOM_HOME")
    os.environ["DUTYROOM_HOME"] = tempfile.mkdtemp(prefix="dutyroom-bench-gen-")  # no anchors of a temporary name
    history = timedelta(days=days)
    services = synth.open_target(partial, history)
    try:
        _accounts(services)
        results = synth.generate(services, wanted, history=history,
                                 report=lambda line: print(f"#   {line}", flush=True))
        with services.db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        services.db.dispose()
        if home is None:
            os.environ.pop("DUTYROOM_HOME", None)
        else:
            os.environ["DUTYROOM_HOME"] = home
    partial.rename(path)
    info = {"days": days, "scale": scale, "rows": {k: made for k, (made, _s) in results.items()},
            "seconds": {k: round(s, 1) for k, (_m, s) in results.items()},
            "size_mb": round(path.stat().st_size / 2**20)}
    info_path.write_text(json.dumps(info), encoding="utf-8")
    return path, {**info, "cached": False}


def _upgrade_older(path: Path, pattern: str) -> None:
    """The same generator's database of an older schema revision, brought to this one by the program's own
    migrations (as an office's five years are) instead of generated again (5 years: ~16 minutes)."""
    from dutyroom.store import migrate
    from dutyroom.store.engine import Database

    older = sorted((p for p in path.parent.glob(pattern) if p.with_suffix(".json").exists()),
                   key=lambda p: p.stat().st_mtime)
    if not older:
        return
    source = older[-1]
    partial = path.with_name(path.name + ".partial")
    print(f"# upgrading {source.name} to this schema revision (once)", flush=True)
    source.rename(partial)
    source.with_suffix(".json").rename(path.with_suffix(".json"))
    db = Database(f"sqlite:///{partial}")
    try:
        migrate.upgrade(db)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.dispose()
    partial.rename(path)


def describe(info: dict) -> str:
    rows = ", ".join(f"{k} {v:,}" for k, v in info["rows"].items())
    took = sum(info["seconds"].values())
    when = "earlier" if info.get("cached") else "now"
    return f"{info['days']} days: {rows}; {info['size_mb']} MB, generated {when} in {took:.0f} s"
