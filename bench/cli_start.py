"""The command line's start-up: `dutyroom --version`/`--help` against `python -c pass` (≤ 3×), and
`dutyroom report contacts` against building the same PDF inside a warm process (≤ 2×).

Every sample is a fresh interpreter started the same way, timed from spawn to exit; the kinds
alternate so they share the machine's noise. The warm baseline is the same directory read and PDF
build, repeated in this process after one untimed run (imports and fonts loaded).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Figure
from bench.launch import REPO, prepare_database, use_bytecode_cache


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["DUTYROOM_HOME"] = str(home)
    env.pop("DUTYROOM_DATABASE_URL", None)
    use_bytecode_cache(env, home)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def _spawn_ms(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *argv], cwd=REPO, env=env, capture_output=True, text=True)
    elapsed = (time.perf_counter() - start) * 1000.0
    if done.returncode != 0:
        raise RuntimeError(f"{argv} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return elapsed


def _warm_contacts_ms(db_path: str, out: Path) -> float:
    from dutyroom.app import open_services
    from dutyroom.reports import build_contacts_pdf

    start = time.perf_counter()
    services = open_services(db_path)
    try:
        directory = services.contacts.directory()
    finally:
        services.db.dispose()
    build_contacts_pdf(directory, out)
    return (time.perf_counter() - start) * 1000.0


# Where a cold `report contacts` goes, from one untimed `-X importtime` child: the import time of the modules
# of each package, their own time summed (so no module is counted twice), and of every module imported.
_IMPORT_GROUPS = ("sqlalchemy", "dutyroom.store", "reportlab", "dutyroom.services", "dutyroom.reports", "dutyroom.cli")


def _import_breakdown(argv: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-X", "importtime", *argv], cwd=REPO, env=env, capture_output=True,
                          text=True)
    sums = dict.fromkeys(("all imports", *_IMPORT_GROUPS), 0.0)
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue
        own, name = int(parts[0]) / 1000.0, parts[2].strip()
        sums["all imports"] += own
        group = next((g for g in _IMPORT_GROUPS if name == g or name.startswith(g + ".")), None)
        if group is not None:
            sums[group] += own
    return ", ".join(f"{group} {ms:.0f}" for group, ms in sums.items())


def run(runs: int = 9, *, quick: bool = False) -> list[Figure]:
    runs = 3 if quick else runs
    with tempfile.TemporaryDirectory(prefix="dutyroom-bench-cli-") as tmp, \
            tempfile.TemporaryDirectory(prefix="dutyroom-bench-out-") as out_dir:
        home = Path(tmp)
        db_path, _ = prepare_database(home)
        env = _env(home)
        out = Path(out_dir) / "contacts.pdf"  # outside the data folder, which is refused as a destination
        report = ["-m", "dutyroom", "--db", db_path, "report", "contacts", "-o", str(out), "--force"]
        _spawn_ms(["-c", "pass"], env)
        _spawn_ms(report, env)
        _warm_contacts_ms(db_path, out)  # untimed: imports, fonts
        bare, version, help_, cold, warm = [], [], [], [], []
        for _ in range(runs):
            bare.append(_spawn_ms(["-c", "pass"], env))
            version.append(_spawn_ms(["-m", "dutyroom", "--version"], env))
            help_.append(_spawn_ms(["-m", "dutyroom", "--help"], env))
            cold.append(_spawn_ms(report, env))
            warm.append(_warm_contacts_ms(db_path, out))
        imports = _import_breakdown(report, env)
    return [
        Figure("cli.version", version, bare, target="≤ 3× baseline", max_ratio=3.0, baseline_name="python -c pass",
               note="spawn → exit of `python -m dutyroom --version`"),
        Figure("cli.help", help_, bare, target="≤ 3× baseline", max_ratio=3.0, baseline_name="python -c pass",
               note="spawn → exit of `python -m dutyroom --help`"),
        Figure("cli.report_contacts", cold, warm, target="≤ 2× baseline", max_ratio=2.0,
               baseline_name="same PDF in a warm process",
               note="`dutyroom report contacts -o F.pdf` on the demo database, spawn → exit; baseline: open "
                    "the database, read the directory, build the PDF in this already-warm process; import ms of "
                    f"one cold run: {imports}"),
    ]
