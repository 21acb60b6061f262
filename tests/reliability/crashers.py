"""Programs the kill -9 tests start and kill: each prints a line after every step it has committed.

What a program printed before it died is what it promised was saved; the tests check that all of it
is there after the kill, and that the file, the search index and the audit chain are whole.
"""

from __future__ import annotations

# argv: url. Save calls one after another; print each id once its commit returned.
CALL_SAVES = """
import sys
from datetime import datetime, timedelta, timezone
from dutyroom.app import open_services
from dutyroom.domain.vocabulary import CallOutcome
from dutyroom.services.calls.records import CallRecord
from tests.conftest import PASSWORD
svc = open_services(sys.argv[1], backup_folder=None)
officer = svc.users.login("officer", PASSWORD)
start = datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc)
sys.stdout.write("ready\\n"); sys.stdout.flush()
for n in range(10 ** 6):
    saved = svc.calls.create(officer, CallRecord(started_at=start + timedelta(seconds=n % 7),
                                                 summary=f"反映第{n}号楼停水", caller_name="王先生",
                                                 outcome=CallOutcome.ANSWERED))
    print(saved.id, flush=True)
"""

# argv: url. Save incidents (new, then a second version of each); print each id after its commit.
INCIDENT_SAVES = """
import sys
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from dutyroom.app import open_services
from dutyroom.services.incidents.records import IncidentRecord
from tests.conftest import PASSWORD
svc = open_services(sys.argv[1], backup_folder=None)
officer = svc.users.login("officer", PASSWORD)
at = datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc)
sys.stdout.write("ready\\n"); sys.stdout.flush()
for n in range(10 ** 6):
    first = svc.incidents.save(officer, IncidentRecord(title=f"某小区{n}号楼火情", occurred_at=at,
                                                       received_at=at + timedelta(minutes=5), place="某街道"))
    svc.incidents.save(officer, replace(first, narrative="据报告，明火已扑灭。"))
    print(first.id, flush=True)
"""

# argv: url, ledger file. One long import in batches; print "imported N" if it is not killed first.
LEDGER_IMPORT = """
import sys
from pathlib import Path
from dutyroom.app import open_services
from dutyroom.services.records import SYSTEM_ACTOR
svc = open_services(sys.argv[1], backup_folder=None)
sys.stdout.write("ready\\n"); sys.stdout.flush()
print("imported", svc.calls.import_ledger(SYSTEM_ACTOR, Path(sys.argv[2])).imported, flush=True)
"""

# argv: sqlite path, backup folder, name prefix. Save a unit, back up, restore that backup, as `dutyroom backup`
# and `dutyroom restore` do (the restore audited inside the copy, the anchors reset after it); print
# "unit NAME" after the unit's commit and after each restore that kept it.
BACKUP_RESTORE = """
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from dutyroom import paths
from dutyroom.app import open_services
from dutyroom.domain.clock import SystemClock
from dutyroom.services import Services
from dutyroom.services.context import ServiceContext
from dutyroom.services.events import EntityKind
from dutyroom.services.records import SYSTEM_ACTOR, UnitRecord
from dutyroom.store.audit_anchor import AnchorBook
from dutyroom.store.backup import backup_sqlite, chain_head
from dutyroom.store.engine import Database
from dutyroom.store.restore import restore_sqlite
path, folder = Path(sys.argv[1]), Path(sys.argv[2])
start = datetime(2026, 11, 21, tzinfo=timezone.utc)
sys.stdout.write("ready\\n"); sys.stdout.flush()
for n in range(10 ** 6):
    when = start + timedelta(minutes=n)
    svc = open_services(path, backup_folder=None)
    svc.units.save(SYSTEM_ACTOR, UnitRecord(name=f"{sys.argv[3]}{n}"))
    print("unit", f"{sys.argv[3]}{n}", flush=True)
    out = backup_sqlite(svc.db, folder, when=when, out=folder / f"b{n}.sqlite3")
    svc.audit.record(SYSTEM_ACTOR, "backup", EntityKind.DATABASE, after={"file": str(out)})
    svc.db.dispose()
    db = Database(str(path))
    def audited(copy, replaced):
        Services(ServiceContext(db=copy, clock=SystemClock())).audit.record(
            SYSTEM_ACTOR, "restore", EntityKind.DATABASE, after={"file": str(out), "saved_before": str(replaced)})
        AnchorBook.for_database(paths.data_dir(), db).intend_reset(chain_head(copy.sqlite_path))
    restore_sqlite(db, out, safety_folder=folder, when=when + timedelta(seconds=30), before_swap=audited)
    AnchorBook.for_database(paths.data_dir(), db).reset(chain_head(path))
    db.dispose()
    print("restored", n, flush=True)
"""
