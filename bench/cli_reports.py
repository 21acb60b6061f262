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

from bench.cli_start import _env, _spawn_ms, with_helper
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
    # The demo is seeded around today (Beijing time). The shift of `day` has been handed over: a shift starts in
    # the morning and lasts a day, so at 02:00 yesterday's is still on and the one before is the last whole one.
    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    day, month = (now - timedelta(days=1, hours=12)).date().isoformat(), now.strftime("%Y-%m")
    figures = []
    with tempfile.TemporaryDirectory(prefix="dutyroom-bench-reports-") as tmp, \
            tempfile.TemporaryDirectory(prefix="dutyroom-bench-out-") as out_dir:
        home = Path(tmp)
        db_path, _ = prepare_database(home)
        env = _env(home)
        _spawn_ms(["-c", "pass"], env)
        with with_helper(env, home) as helper_env:
            for name, args in _commands(day, month).items():
                if not only or name in only:
                    argv = ["--db", db_path, "report", *args, "-o", str(Path(out_dir) / f"{name}.pdf"), "--force"]
                    figures += _figures(name, args, argv, runs, env, helper_env)
    return figures


def _figures(name: str, args: list[str], argv: list[str], runs: int, env: dict[str, str],
             helper_env: dict[str, str]) -> list[Figure]:
    """One command three ways: cold in its own process, answered by the helper, and in this warm process.
    Its output goes outside the data folder, which is refused as a destination."""
    _spawn_ms(["-m", "dutyroom", *argv], env)  # untimed: cold file caches, any first issuing
    _warm_ms(argv)  # untimed: this process's imports and fonts
    _spawn_ms(["-m", "dutyroom", *argv], helper_env)  # untimed: the helper's first of this kind
    cold, warm, helped = [], [], []
    for _ in range(runs):
        cold.append(_spawn_ms(["-m", "dutyroom", *argv], env))
        helped.append(_spawn_ms(["-m", "dutyroom", *argv], helper_env))
        warm.append(_warm_ms(argv))
    return [Figure(f"cli.report_{name}", helped, warm, target="≤ 2× baseline", max_ratio=2.0,
                   baseline_name="same command in a warm process",
                   note=f"`dutyroom report {' '.join(args)} -o F.pdf` on the demo database, spawn → exit, answered "
                        f"by the report helper an earlier report command left running"),
            Figure(f"cli.report_{name}_cold", cold, warm, target="≤ 2× baseline", max_ratio=2.0,
                   baseline_name="same command in a warm process",
                   note="the same with no helper (the first report, or DUTYROOM_REPORT_HELPER=0)")]
