"""Five years of history against 32 days, same recent month (issue 16): `python -m bench history [--scale S]`.

Both databases come from bench/history_data.py (generated once, cached). Each figure is the median
at five years beside the median at 32 days measured in the same run, the two sizes alternating so
they share the machine's noise; the ratio is full ÷ small. Targets: ≤ 1.2× for everything that shows
the present (first paint, pages, the refresh, the alert, the strip, the log's far page, a day's report,
the incremental verify), and the incident-list refresh ≤ 50 ms at five years. `backup` copies the whole
file, so it grows with history by nature: it is reported with its rate, without a ratio target.

The service reads behind the pages (bench/history_services.py) are timed in this process, for
information: they say which read made a page grow. GUI figures (bench/history_gui.py) come from fresh processes, one per run and size; the commands are
timed from spawn to exit: `report daily` for the day before the synthetic now, `audit verify` (from the
last verified anchor, after one untimed whole-chain verify in the same data folder) and `backup --out`.
Both databases are copied to a scratch folder first: the cached files are never changed.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import history_data, history_services
from bench.common import Figure
from bench.launch import REPO, _child_env

REFRESH_TARGET_MS = 50.0
MAX_RATIO = 1.2
REPS = 5  # repeated operations within one GUI process
# Not times: counts a child reports, printed as context.
COUNTS = ("incidents.rows_loaded", "open_clocks")


def _gui_samples(db: Path, home: Path) -> dict[str, list[float]]:
    done = subprocess.run([sys.executable, "-m", "bench.history_gui", str(db), str(REPS)], cwd=REPO,
                          env=_child_env(home), capture_output=True, text=True, timeout=1800)
    line = next((x for x in done.stdout.splitlines() if x.startswith("SAMPLES ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"history_gui on {db} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return json.loads(line[len("SAMPLES "):])


def _command_ms(db: Path, home: Path, *argv: str) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "dutyroom", "--db", str(db), *argv], cwd=REPO,
                          env=_child_env(home), capture_output=True, text=True, timeout=1800)
    ms = (time.perf_counter() - start) * 1000.0
    if done.returncode != 0:
        raise RuntimeError(f"dutyroom {' '.join(argv)} on {db} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return ms


def _commands(db: Path, home: Path, out: Path) -> dict[str, float]:
    from bench.synth import SYNTH_NOW

    day = (SYNTH_NOW.date()).isoformat()  # 01:00 UTC is 09:00 in the office: the day before is complete
    backup = out / "backup.sqlite3"
    samples = {
        "cli.report_daily": _command_ms(db, home, "report", "daily", "--date", day, "-o", str(out / "daily.pdf"),
                                        "--force"),
        "cli.audit_verify": _command_ms(db, home, "audit", "verify"),
        "cli.backup": _command_ms(db, home, "backup", "--out", str(backup), "--force"),
    }
    samples["backup_mb"] = backup.stat().st_size / 2**20
    backup.unlink()
    for extra in out.glob("backup.sqlite3*"):
        extra.unlink()
    return samples


def run(runs: int = 3, *, quick: bool = False, scale: float | None = None) -> list[Figure]:
    scale = scale if scale is not None else (0.02 if quick else 1.0)
    runs = 2 if quick else runs
    sizes = {"small": history_data.SMALL_DAYS, "full": history_data.FULL_DAYS}
    infos = {}
    with tempfile.TemporaryDirectory(prefix="dutyroom-bench-history-") as tmp:
        folder = Path(tmp)
        work, homes = {}, {}
        for size, days in sizes.items():
            path, info = history_data.cached(days, scale)
            infos[size] = info
            print(f"# {size}: {history_data.describe(info)}", flush=True)
            work[size] = folder / f"{size}.sqlite3"
            shutil.copyfile(path, work[size])
            homes[size] = folder / f"home-{size}"
            homes[size].mkdir()
            (folder / f"out-{size}").mkdir()
            start = time.perf_counter()
            _command_ms(work[size], homes[size], "audit", "verify", "--full")  # anchors this data folder
            infos[size]["verify_full_ms"] = (time.perf_counter() - start) * 1000.0
        samples: dict[str, dict[str, list[float]]] = {"small": {}, "full": {}}
        for _ in range(runs):
            for size in sizes:  # alternating, so both sizes share the machine's noise
                for name, values in _gui_samples(work[size], homes[size]).items():
                    samples[size].setdefault(name, []).extend(values)
                for name, value in _commands(work[size], homes[size], folder / f"out-{size}").items():
                    samples[size].setdefault(name, []).append(value)
                for name, values in history_services.samples(work[size], REPS).items():
                    samples[size].setdefault(name, []).extend(values)
    return _figures(samples, infos)


def _figures(samples: dict[str, dict[str, list[float]]], infos: dict) -> list[Figure]:
    small, full = samples["small"], samples["full"]
    def rows(info: dict) -> str:
        return ", ".join(f"{k} {v:,}" for k, v in info["rows"].items())

    context = (f"5 years: {rows(infos['full'])}; 32 days: {rows(infos['small'])}; "
               + "; ".join(f"{c} {statistics.median(full[c]):.0f} vs {statistics.median(small[c]):.0f}"
                           for c in COUNTS if c in full and c in small))
    figures = []
    for name in full:
        if name in COUNTS or name == "backup_mb" or name not in small:
            continue
        figure = Figure(f"history.{name}", full[name], small[name], target=f"≤ {MAX_RATIO}× 32 days",
                        max_ratio=MAX_RATIO, baseline_name="32 days")
        if name.startswith("svc."):
            figure.max_ratio, figure.target = None, "information: which read grew"
        if name == "incidents.refresh_scrolled":
            figure.target += f" and ≤ {REFRESH_TARGET_MS:.0f} ms"
            figure.max_median = REFRESH_TARGET_MS
        if name == "cli.backup":
            figure.max_ratio, figure.target = None, "grows with the file (a copy of it)"
            mb_full, mb_small = statistics.median(full["backup_mb"]), statistics.median(small["backup_mb"])
            figure.note = (f"{mb_full:.0f} MB vs {mb_small:.0f} MB, "
                           f"{mb_full / (figure.median_ms / 1000):.0f} MB/s at five years")
        figures.append(figure)
    verify_full = Figure("history.cli.audit_verify_full", [infos["full"]["verify_full_ms"]],
                         [infos["small"]["verify_full_ms"]], target="grows with the chain (whole chain, n=1)",
                         baseline_name="32 days", note="the untimed warm-up: `audit verify --full` in a fresh data "
                         "folder")
    figures.append(verify_full)
    figures[0].note = context
    return figures
