"""Memory with the 1M-call log open and scrolled to the end (DESIGN.md §8: ≤ 300 MB resident).

A fresh interpreter opens the log as the page does (CallLogModel in a CallTable, offscreen), drags
the scroll bar through twenty positions to the bottom and reports its peak resident memory; the
baseline is the same interpreter start, imports, QApplication and open_services without the log.
The two alternate, so they share the machine's state.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import Figure

REPO = Path(__file__).resolve().parent.parent
MEMORY_TARGET_MB = 300.0

MEMORY_CHILD = r"""
import json, sys, time
mode, db, backups = sys.argv[1:4]
from dutyroom.gui.app import application
from dutyroom.gui.calls.log_model import CallLogModel
from dutyroom.gui.calls.table import CallTable
from dutyroom.app import open_services

app = application(sys.argv[:1])
services = open_services(db, backup_folder=backups)
result = {}

def settle():  # the model reads a filter off the GUI thread: until its answer is shown
    from PySide6.QtCore import QThreadPool
    for _ in range(3):
        QThreadPool.globalInstance().waitForDone()
        app.processEvents()

if mode == "log":
    start = time.perf_counter()
    model = CallLogModel(services)
    view = CallTable(model)
    view.resize(1280, 800)
    view.show()
    settle()
    result["open_ms"] = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    bar = view.verticalScrollBar()
    for step in range(1, 21):  # dragging the scroll bar from the top to the bottom passes these
        bar.setValue(bar.maximum() * step // 20)
        settle()
    view.scrollToBottom()
    settle()
    result["scroll_ms"] = (time.perf_counter() - start) * 1000
    last = model.rowCount() - 1
    result.update(rows=model.rowCount(), fetches=model.fetches, blocks=model.cached_blocks(),
                  last_row=[model.data(model.index(last, c)) for c in (0, 2, 6)])
# VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over from the parent across fork + exec,
# so a child of a big benchmark process would report the parent's peak.
with open("/proc/self/status") as fh:
    status = dict(line.split(":", 1) for line in fh)
result.update(peak_mb=int(status["VmHWM"].split()[0]) / 1024, now_mb=int(status["VmRSS"].split()[0]) / 1024)
print("MEMORY " + json.dumps(result, ensure_ascii=False), flush=True)
"""


def _child(mode: str, db: Path, backups: Path) -> dict:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("DUTYROOM_DATABASE_URL", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-c", MEMORY_CHILD, mode, str(db), str(backups)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("MEMORY ")]
    if done.returncode or not lines:
        raise RuntimeError(f"memory child ({mode}) failed, exit {done.returncode}:\n{done.stderr[-3000:]}")
    return json.loads(lines[-1][len("MEMORY "):])


def memory_figure(db: Path, runs: int) -> Figure:
    log, bare = [], []
    with tempfile.TemporaryDirectory(prefix="dutyroom-bench-memory-") as tmp:
        for _ in range(runs):  # alternate, so both share the machine's state
            bare.append(_child("bare", db, Path(tmp)))
            log.append(_child("log", db, Path(tmp)))
    last = log[-1]
    return Figure("calls.memory log open and scrolled to the end", [r["peak_mb"] for r in log],
                  [r["peak_mb"] for r in bare], target=f"≤ {MEMORY_TARGET_MB:g} MB resident",
                  max_median=MEMORY_TARGET_MB, quantity="MB", unit="peak RSS",
                  baseline_name="imports + QApplication + open_services, no log",
                  note=(f"{last['rows']:,} rows; RSS at the end {last['now_mb']:.0f} MB; opening "
                        f"{statistics.median([r['open_ms'] for r in log]):.0f} ms, 20 scroll-bar positions + end "
                        f"{statistics.median([r['scroll_ms'] for r in log]):.0f} ms, {last['fetches']} page reads, "
                        f"{last['blocks']} blocks kept; last row {' | '.join(map(str, last['last_row']))}"),
                  extra={"log": log, "bare": bare})
