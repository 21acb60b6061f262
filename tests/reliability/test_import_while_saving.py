"""A long ledger import never blocks other workstations (issue 12, item 5).

One process imports a ledger of a few thousand calls (in one transaction this held SQLite's write lock
past the 5 s busy timeout) while two other processes save calls one after another: every save
succeeds, the import is complete, and the audit chain holds. Real processes on both databases.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest

from dutyroom.services.calls.records import CallFilter
from tests.conftest import make_accounts
from tests.reliability import figures
from tests.reliability.writers import LEDGER_IMPORT, SAVES_UNTIL_DONE

pytestmark = pytest.mark.slow

ROWS = 3000
SAVERS = 2


def ledger(path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["来电时间", "内容摘要", "处理情况", "承办单位"])
        for i in range(ROWS):
            day, hour, minute = 1 + i // 400, (i // 20) % 20, (i % 20) * 3
            writer.writerow([f"2026-10-{day:02d} {hour:02d}:{minute:02d}", f"反映第{i}号楼停水请求处理",
                             "转办水务集团" if i % 3 == 0 else "当场答复", ""])


def start(script: str, *args, env) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", script, *map(str, args)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    line = proc.stdout.readline().strip()
    if line != "ready":
        proc.kill()
        raise AssertionError(f"process did not start: {line!r} {proc.communicate()[1]}")
    return proc


def test_saves_from_other_workstations_all_succeed_during_a_long_import(services, tmp_path):
    make_accounts(services)
    url = services.db.url.render_as_string(hide_password=False)
    source, done = tmp_path / "台账.csv", tmp_path / "import.done"
    ledger(source)
    env = {**os.environ, "DUTYROOM_HOME": str(tmp_path / "home")}
    importer = start(LEDGER_IMPORT, url, source, done, env=env)
    savers = [start(SAVES_UNTIL_DONE, url, done, env=env) for _ in range(SAVERS)]
    for proc in (importer, *savers):
        proc.stdin.write("go\n")
        proc.stdin.flush()
    out, err = importer.communicate(timeout=600)
    assert importer.returncode == 0, err
    assert out.strip().splitlines()[-1] == f"imported {ROWS}"
    saved = 0
    for proc in savers:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        words = out.strip().splitlines()[-1].split()
        figures.record(f"saves during a long import ({services.db.kind})", int(words[1]) + int(words[3]),
                       int(words[1]))
        assert (words[0], words[2], words[3]) == ("saves", "failures", "0"), err
        assert err == ""
        saved += int(words[1])
    assert saved > 0  # the savers really ran while the import was going on
    assert services.calls.count(CallFilter()) == ROWS + saved
    assert services.audit.verify().ok
