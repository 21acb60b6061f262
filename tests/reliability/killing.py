"""Start a program, kill -9 it at a seeded random moment, and check what it left behind."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import text

from dutyroom.store.audit_anchor import AnchorBook
from tests.services.calls.helpers import expected_terms, indexed_terms

SEED = int(os.environ.get("DUTYROOM_PROOF_SEED", "20261203"))
KILLS = int(os.environ.get("DUTYROOM_PROOF_KILLS", "3"))  # per category and database; CI keeps it short


def moments(name: str, low: float, high: float) -> list[float]:
    """The seconds after "ready" at which each kill falls: the same every run for one seed and name."""
    rng = random.Random(f"{SEED}:{name}")
    return [rng.uniform(low, high) for _ in range(KILLS)]


def run_and_kill(script: str, *args, after: float, home: Path) -> list[str]:
    """The lines the program printed (each one a committed step) before kill -9 `after` seconds in."""
    env = {**os.environ, "DUTYROOM_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-c", script, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    out, errors = proc.stdout, proc.stderr
    assert out is not None and errors is not None
    first = out.readline().strip()
    if first != "ready":
        proc.kill()
        raise AssertionError(f"program did not start: {first!r} {proc.communicate()[1]}")
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(line.strip() for line in out), daemon=True)
    reader.start()
    time.sleep(after)
    finished = proc.poll() is not None
    if not finished:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader.join(timeout=30)
    err = errors.read()
    assert finished or proc.returncode == -signal.SIGKILL, err
    assert finished or "Traceback" not in err, err  # it died by the kill, not by an error of its own
    return lines


def problems_after_kill(services, home: Path, *, calls: bool = True) -> list[str]:
    """What is wrong with the database after a kill: file integrity, search index, audit chain."""
    found = []
    if services.db.kind == "sqlite":
        conn = sqlite3.connect(services.db.sqlite_path)
        try:
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()
        if verdict != "ok":
            found.append(f"integrity_check: {verdict}")
    else:
        with services.db.engine.connect() as conn:  # each call has one index row and no orphan either way
            orphans = conn.execute(text("SELECT (SELECT count(*) FROM call c WHERE NOT EXISTS (SELECT 1 FROM "
                                        "call_search s WHERE s.sort_key = c.sort_key)) + (SELECT count(*) FROM "
                                        "call_search s WHERE NOT EXISTS (SELECT 1 FROM call c WHERE c.sort_key "
                                        "= s.sort_key))")).scalar_one()
        if orphans:
            found.append(f"{orphans} calls and index rows without their other half")
    if calls and indexed_terms(services) != expected_terms(services):
        found.append("the search index differs from the calls")
    services.ctx.anchors = AnchorBook.for_database(home, services.db)  # the killed workstation's anchors
    report = services.audit.verify(full=True)
    if not report.ok:
        found.append(f"audit verify: {report.reason} {report.problems}")
    return found
