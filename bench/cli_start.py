"""The command line's start-up: `dutyroom --version`/`--help` against `python -c pass` (≤ 3×), and
`dutyroom report contacts` against building the same PDF inside a warm process (≤ 2×), answered by a report
helper (dutyroom.resident) and cold.

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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.common import Figure
from bench.launch import REPO, prepare_database, use_bytecode_cache
from dutyroom.resident import HELPER_ENV, wire


def _env(home: Path) -> dict[str, str]:
    """A child's environment; report commands run in their own process (no report helper) unless
    `with_helper` hands them to one."""
    env = dict(os.environ)
    env["DUTYROOM_HOME"] = str(home)
    env.pop("DUTYROOM_DATABASE_URL", None)
    env[HELPER_ENV] = "0"
    use_bytecode_cache(env, home)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


@contextmanager
def with_helper(env: dict[str, str], home: Path) -> Iterator[dict[str, str]]:
    """A report helper running for the children of the returned environment (dutyroom.resident), as the first
    report command of a script leaves one behind; stopped afterwards."""
    helper = subprocess.Popen([sys.executable, "-m", "dutyroom"], env={**env, HELPER_ENV: "serve"}, cwd=home,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while wire.read_address(home / wire.ADDRESS_FILE) is None:
            if helper.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the report helper did not come up")
            time.sleep(0.05)
        yield {k: v for k, v in env.items() if k != HELPER_ENV}
    finally:
        helper.terminate()
        helper.wait(timeout=30)
        (home / wire.ADDRESS_FILE).unlink(missing_ok=True)


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
        bare, version, help_, cold, warm, helped = [], [], [], [], [], []
        with with_helper(env, home) as helper_env:
            _spawn_ms(report, helper_env)  # untimed: the helper's first command
            for _ in range(runs):
                bare.append(_spawn_ms(["-c", "pass"], env))
                version.append(_spawn_ms(["-m", "dutyroom", "--version"], env))
                help_.append(_spawn_ms(["-m", "dutyroom", "--help"], env))
                cold.append(_spawn_ms(report, env))
                helped.append(_spawn_ms(report, helper_env))
                warm.append(_warm_contacts_ms(db_path, out))
        imports = _import_breakdown(report, env)
    return [
        Figure("cli.version", version, bare, target="≤ 3× baseline", max_ratio=3.0, baseline_name="python -c pass",
               note="spawn → exit of `python -m dutyroom --version`"),
        Figure("cli.help", help_, bare, target="≤ 3× baseline", max_ratio=3.0, baseline_name="python -c pass",
               note="spawn → exit of `python -m dutyroom --help`"),
        Figure("cli.report_contacts", helped, warm, target="≤ 2× baseline", max_ratio=2.0,
               baseline_name="same PDF in a warm process",
               note="`dutyroom report contacts -o F.pdf` on the demo database, spawn → exit, answered by the report "
                    "helper an earlier report command left running; baseline: open the database, read the "
                    "directory, build the PDF in this already-warm process"),
        Figure("cli.report_contacts_cold", cold, warm, target="≤ 2× baseline", max_ratio=2.0,
               baseline_name="same PDF in a warm process",
               note="the same command with no helper (the first report, or DUTYROOM_REPORT_HELPER=0); import ms of "
                    f"one cold run: {imports}"),
    ]
