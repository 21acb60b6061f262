"""DESIGN.md §9: killing the program at any moment loses nothing saved and leaves the file intact."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from dutyroom.app import open_services

WRITER = textwrap.dedent("""
    import sys
    from dutyroom.app import open_services
    from dutyroom.services.records import SYSTEM_ACTOR, UnitRecord
    svc = open_services(sys.argv[1])
    n = 0
    while True:
        n += 1
        unit = svc.units.save(SYSTEM_ACTOR, UnitRecord(name=f"单位{n:06d}", duty_phone="12345678"))
        print(unit.id, flush=True)  # printed only after the commit returned
""")


@pytest.mark.slow
def test_kill_minus_nine_loses_nothing_committed(tmp_path):
    path = tmp_path / "crash.sqlite3"
    open_services(path, backup_folder=tmp_path / "b").db.dispose()
    env = {**os.environ, "DUTYROOM_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True, env=env)
    committed = []
    for line in proc.stdout:
        committed.append(int(line))
        if len(committed) >= 40:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    committed.extend(int(line) for line in proc.stdout.read().split())

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in conn.execute("SELECT id FROM unit")}
    conn.close()
    assert set(committed) <= stored
    svc = open_services(path, backup_folder=tmp_path / "b")
    assert svc.audit.verify().ok
    svc.db.dispose()
