"""kill -9 at seeded random moments during a long import, and during backups and restores.

A killed import may leave its earlier batches (services/calls/import_batches.py says so); importing the
same file again with skip_invalid must then add exactly the rest. A killed backup or restore leaves
the live database either as it was or as restored, never half of each: the file is whole, the
chain verifies against the workstation's anchors, and each unit reported saved after the last
finished step is still there.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dutyroom.app import open_services
from dutyroom.services.calls.records import CallFilter
from dutyroom.services.records import SYSTEM_ACTOR
from tests.reliability import figures
from tests.reliability.crashers import BACKUP_RESTORE, LEDGER_IMPORT
from tests.reliability.killing import moments, problems_after_kill, run_and_kill

pytestmark = pytest.mark.slow

ROWS = 1500


def write_ledger(path: Path, tag: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["来电时间", "内容摘要", "处理情况"])
        for i in range(ROWS):
            writer.writerow([f"2026-10-{1 + i // 100:02d} {(i // 5) % 20:02d}:{(i % 5) * 10:02d}",
                             f"{tag}反映第{i}号楼停水", "当场答复"])


def test_kill_minus_nine_during_an_import_leaves_whole_batches_and_a_clean_rerun(services, tmp_path):
    url = services.db.url.render_as_string(hide_password=False)
    failures, imported = [], 0
    kills = moments(f"import-{services.db.kind}", 0.1, 1.8)  # the import takes about 2.3 s
    for n, after in enumerate(kills):
        ledger, home = tmp_path / f"台账{n}.csv", tmp_path / "home"
        write_ledger(ledger, f"第{n}批")
        run_and_kill(LEDGER_IMPORT, url, ledger, after=after, home=home)
        found = problems_after_kill(services, home)
        services.calls.import_ledger(SYSTEM_ACTOR, ledger, skip_invalid=True)  # the rest, and no row twice
        imported += ROWS
        if (count := services.calls.count(CallFilter())) != imported:
            found.append(f"{count} calls after the rerun, expected {imported}")
        if found:
            failures.append(f"kill {n} at {after:.3f}s: {found}")
    figures.record(f"kill -9 importing a ledger ({services.db.kind})", len(kills), len(kills) - len(failures))
    assert failures == []


def test_kill_minus_nine_during_backups_and_restores_leaves_a_whole_database(sqlite_services, tmp_path,
                                                                             monkeypatch):
    path, folder, home = sqlite_services.db.sqlite_path, tmp_path / "made", tmp_path / "home"
    sqlite_services.db.dispose()
    monkeypatch.setenv("DUTYROOM_HOME", str(home))
    failures = []
    kills = moments("backup-restore", 0.2, 3.0)
    for n, after in enumerate(kills):
        printed = run_and_kill(BACKUP_RESTORE, path, folder / f"round{n}", f"第{n}轮单位", after=after, home=home)
        svc = open_services(path, backup_folder=tmp_path / "backups")  # as the next start opens it
        try:
            names = {u.name for u in svc.units.list()}
            saved = [line.split()[1] for line in printed if line.startswith("unit ")]
            lost = [name for name in saved if name not in names]  # each was backed up before the next restore
            found = problems_after_kill(svc, home, calls=False) + ([f"units lost: {lost}"] if lost else [])
        finally:
            svc.db.dispose()
        if found:
            failures.append(f"kill {n} at {after:.3f}s ({len(printed)} steps): {found}")
    figures.record("kill -9 in backup and restore (sqlite)", len(kills), len(kills) - len(failures))
    assert failures == []
