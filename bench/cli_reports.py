"""Every `dutyroom report …` command, cold, against the same command run again inside a warm process (≤ 2×).

Issue 14 asks that start-up no longer dominate any report command. Each cold sample is a fresh interpreter
running the command, spawn → exit; the warm baseline runs the very same argv through `dutyroom.cli.main`
in this process after one untimed run (imports, fonts, the first query's compilation done), so both sides
open the database, read what the document needs and write the same PDF. The kinds alternate so they
share the machine's noise. Report commands that print a stored copy or issue a new one (rollcall,
bulletin, incident) are run with what the demo database holds; the untimed first run does any issuing.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.cli_start import _env, _spawn_ms
from bench.common import Figure
from bench.launch import prepare_database


def _commands(day: str, month: str) -> dict[str, list[str]]:
    """name → the arguments after `report`, for the demo database seeded today."""
    return {
        "contacts": ["contacts"],
        "roster": ["roster", "--month", month],
        "dutylog": ["dutylog", "--shift", day],
        "handover": ["handover", "--shift", day],
        "calls": ["calls", "--shift", day],
        "call-stats": ["call-stats", "--month", month],
        "incident": ["incident", "1"],
        "bulletin": ["bulletin", "1"],
        "timeliness": ["timeliness", "--month", month],
        "daily": ["daily", "--date", day],
        "rollcall": ["rollcall", "1"],
        "rollcall-stats": ["rollcall-stats", "--month", month],
        "instructions": ["instructions"],
        "duty-month": ["duty-month", "--month", month],
    }


def _warm_ms(argv: list[str]) -> float:
    from dutyroom.cli import main

    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        code = main(argv)
    elapsed = (time.perf_counter() - start) * 1000.0
    if code != 0:
        raise RuntimeError(f"{argv} exited {code}: {err.getvalue()[-2000:]}")
    return elapsed


def run(runs: int = 5, *, quick: bool = False, only: tuple[str, ...] = ()) -> list[Figure]:
    runs = 2 if quick else runs
    # The demo is seeded around today (Beijing time); yesterday's shift is a whole, handed-over one.
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    day, month = (today - timedelta(days=1)).isoformat(), today.strftime("%Y-%m")
    figures = []
    with tempfile.TemporaryDirectory(prefix="dutyroom-bench-reports-") as tmp, \
            tempfile.TemporaryDirectory(prefix="dutyroom-bench-out-") as out_dir:
        home = Path(tmp)
        db_path, _ = prepare_database(home)
        env = _env(home)
        _spawn_ms(["-c", "pass"], env)
        for name, args in _commands(day, month).items():
            if only and name not in only:
                continue
            out = Path(out_dir) / f"{name}.pdf"  # outside the data folder, which is refused as a destination
            argv = ["--db", db_path, "report", *args, "-o", str(out), "--force"]
            _spawn_ms(["-m", "dutyroom", *argv], env)  # untimed: cold file caches, any first issuing
            _warm_ms(argv)  # untimed: this process's imports and fonts
            cold, warm = [], []
            for _ in range(runs):
                cold.append(_spawn_ms(["-m", "dutyroom", *argv], env))
                warm.append(_warm_ms(argv))
            figures.append(Figure(f"cli.report_{name}", cold, warm, target="≤ 2× baseline", max_ratio=2.0,
                                  baseline_name="same command in a warm process",
                                  note=f"`dutyroom report {' '.join(args)} -o F.pdf` on the demo database, "
                                       f"spawn → exit"))
    return figures
