"""Programs the reliability tests run as real, separate processes against one database."""

from __future__ import annotations

import sys
import traceback

AUDIT_ONLY = """
import sys
from dutyroom.app import open_services
from dutyroom.services.events import EntityKind
from dutyroom.services.records import SYSTEM_ACTOR
svc = open_services(sys.argv[1], backup_folder=None)
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.readline()  # every writer starts at the same moment
failures = 0
for n in range(int(sys.argv[2])):
    try:
        svc.audit.record(SYSTEM_ACTOR, "backup", EntityKind.DATABASE, after={"n": n})
    except Exception as exc:
        failures += 1
        sys.stderr.write(f"{type(exc).__name__}: {exc}\\n")
print("failures", failures)
"""


def main() -> None:  # pragma: no cover - a debugging entry point
    try:
        exec(AUDIT_ONLY, {"__name__": "__main__"})
    except Exception:
        traceback.print_exc()
        sys.exit(1)

# argv: url, count, started_at (ISO, all writers the same second: the worst case for sort keys)
CALL_SAVES = """
import sys
from datetime import datetime
from dutyroom.app import open_services
from dutyroom.domain.vocabulary import CallOutcome
from dutyroom.services.calls.records import CallRecord
from tests.conftest import PASSWORD
svc = open_services(sys.argv[1], backup_folder=None)
officer = svc.users.login("officer", PASSWORD)
at = datetime.fromisoformat(sys.argv[3])
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.readline()
failures = 0
for n in range(int(sys.argv[2])):
    try:
        svc.calls.create(officer, CallRecord(started_at=at, summary=f"并发来电{n}", outcome=CallOutcome.ANSWERED))
    except Exception as exc:
        failures += 1
        sys.stderr.write(f"{type(exc).__name__}: {exc}\\n")
print("failures", failures)
"""

# argv: url, count, started_at: every writer saves, edits and deletes calls sharing the same words, so that
# they all change the same search-term counts at once (store/call_counts.py) and fold them in between
CALL_CHURN = """
import sys
from dataclasses import replace
from datetime import datetime, timedelta
from dutyroom.app import open_services
from dutyroom.domain.vocabulary import CallOutcome
from dutyroom.services.calls.records import CallRecord
from tests.conftest import PASSWORD
svc = open_services(sys.argv[1], backup_folder=None)
leader = svc.users.login("leader", PASSWORD)
at = datetime.fromisoformat(sys.argv[3])
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.readline()
failures = 0
for n in range(int(sys.argv[2])):
    try:
        saved = svc.calls.create(leader, CallRecord(started_at=at - timedelta(minutes=n % 7), outcome=CallOutcome.ANSWERED,
                                                    summary=f"幸福小区停水，噪音扰民第{n}次"))
        if n % 3 == 1:
            saved = svc.calls.update(leader, replace(saved, summary="城东停水，地铁施工噪音"))
        if n % 5 == 4:
            svc.calls.delete(leader, saved.id, saved.version)
    except Exception as exc:
        failures += 1
        sys.stderr.write(f"{type(exc).__name__}: {exc}\\n")
print("failures", failures)
"""

# argv: url, count
BULLETINS = """
import sys
from datetime import date
from dutyroom.app import open_services
from dutyroom.services.incidents.records import BulletinRecord
from tests.conftest import PASSWORD
svc = open_services(sys.argv[1], backup_folder=None)
officer = svc.users.login("officer", PASSWORD)
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.readline()
failures = 0
for n in range(int(sys.argv[2])):
    try:
        svc.bulletins.create(officer, BulletinRecord(year=2026, number=0, kind="值班快报", title=f"快报{n}",
                                                     narrative="据报告，……。", issued_on=date(2026, 11, 21),
                                                     issuing_office="某区人民政府总值班室"))
    except Exception as exc:
        failures += 1
        sys.stderr.write(f"{type(exc).__name__}: {exc}\\n")
print("failures", failures)
"""

# argv: url, username, password, count: try to log in `count` times, print each answer's kind
LOGINS = """
import sys
from dutyroom.app import open_services
from dutyroom.errors import AuthError
svc = open_services(sys.argv[1], backup_folder=None)
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.readline()
answers = []
for _ in range(int(sys.argv[4])):
    try:
        svc.users.login(sys.argv[2], sys.argv[3])
        answers.append("ok")
    except AuthError as exc:
        answers.append("locked" if "锁定，请" in exc.message else "wrong")
print(" ".join(answers))
"""

# argv: url, ledger file, done-marker file: import the ledger, then create the marker
LEDGER_IMPORT = """
import sys
from pathlib import Path
from dutyroom.app import open_services
from dutyroom.services.records import SYSTEM_ACTOR
svc = open_services(sys.argv[1], backup_folder=None)
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.readline()
try:
    result = svc.calls.import_ledger(SYSTEM_ACTOR, Path(sys.argv[2]))
    print("imported", result.imported)
finally:
    Path(sys.argv[3]).write_text("done")
"""

# argv: url, done-marker file: save calls one after another until the marker exists
SAVES_UNTIL_DONE = """
import sys, time
from datetime import datetime, timezone
from pathlib import Path
from dutyroom.app import open_services
from dutyroom.domain.vocabulary import CallOutcome
from dutyroom.services.calls.records import CallRecord
from tests.conftest import PASSWORD
svc = open_services(sys.argv[1], backup_folder=None)
officer = svc.users.login("officer", PASSWORD)
done = Path(sys.argv[2])
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.readline()
saves = failures = 0
while not done.exists():
    try:
        svc.calls.create(officer, CallRecord(started_at=datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc),
                                             summary=f"导入期间来电{saves}", outcome=CallOutcome.ANSWERED))
        saves += 1
    except Exception as exc:
        failures += 1
        sys.stderr.write(f"{type(exc).__name__}: {exc}\\n")
    time.sleep(0.02)  # an officer's save, then the next: busy, yet not a flood
print("saves", saves, "failures", failures)
"""
