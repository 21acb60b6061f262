"""Three workstations running the 空岗 checks at the same instants on one database (real processes started
together): one shared watch row, one night's draw with one secret and one audit record, one 无人登录 record,
and no failure anywhere."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dutyroom.domain.vocabulary import EmptyPostKind
from tests.reliability.test_concurrent_writers import WRITERS, database_url, run_together
from tests.services.roster.test_service import office

pytestmark = pytest.mark.slow

# argv: url, first instant (ISO). Nobody is logged in at any of them; the second check is 61 minutes later.
DESK_WATCH = """
import sys
from datetime import datetime, timedelta
from dutyroom.app import open_services
from dutyroom.domain.clock import FakeClock
from dutyroom.scheduling import DutyScheduler
clock = FakeClock(datetime.fromisoformat(sys.argv[2]))
svc = open_services(sys.argv[1], clock=clock, backup_folder=None)
scheduler = DutyScheduler(svc, register_defaults=False)
scheduler.register_empty_post_jobs(logged_in=lambda: None, handover=lambda day, name: None)
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.readline()
failures, found = 0, 0
for minutes in (0, 61):
    clock.set(datetime.fromisoformat(sys.argv[2]) + timedelta(minutes=minutes))
    try:
        found += len([o for o in scheduler.check_due() if o.job == "empty_post"])
    except Exception as exc:
        failures += 1
        sys.stderr.write(f"{type(exc).__name__}: {exc}\\n")
print("failures", failures, "found", found)
"""


def test_three_workstations_watching_the_desk_record_one_absence(services, actors, clock, tmp_path):
    admin = actors[0]
    office(services)
    services.roster.generate(admin, date(2026, 11, 1), date(2026, 11, 30))
    start = clock.now().replace(hour=13, minute=0, second=0, microsecond=0)  # 21:00 in Shanghai
    outputs = run_together(DESK_WATCH, database_url(services), start.isoformat(), home=tmp_path / "home")
    assert len(outputs) == WRITERS and all(last.startswith("failures 0 ") and not err for last, err in outputs), outputs
    assert sum(int(last.split()[-1]) for last, _ in outputs) == 1  # one workstation tells the leader
    [post] = services.empty_posts.list()
    assert post.kind == EmptyPostKind.NO_OFFICER and post.at == start
    drawn = [e for e in services.audit.page(admin, 0, 100) if e.entity_kind == "presence_check"]
    assert sorted(e.entity_id for e in drawn) == ["night:2026-11-21", "night:2026-11-22"]  # tonight, tomorrow, once
    first = services.empty_posts.presence_draw(date(2026, 11, 21))[0]
    assert [c.due_at for c in services.empty_posts.pending_presence(first + timedelta(seconds=1))] == [first]
