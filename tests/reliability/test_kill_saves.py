"""kill -9 at seeded random moments while calls and incidents are being saved, on both databases.

Every id the program printed (it prints only after the commit returned) is in the database afterwards,
and the file, the calls' search index and the audit chain (against the killed workstation's own
anchors) are whole. DUTYROOM_PROOF_SEED and DUTYROOM_PROOF_KILLS choose the moments and their number.
"""

from __future__ import annotations

import pytest

from dutyroom.services.calls.records import CallFilter
from tests.conftest import make_accounts
from tests.reliability import figures
from tests.reliability.crashers import CALL_SAVES, INCIDENT_SAVES
from tests.reliability.killing import moments, problems_after_kill, run_and_kill

pytestmark = pytest.mark.slow


def url_of(services) -> str:
    return services.db.url.render_as_string(hide_password=False)


def test_kill_minus_nine_while_saving_calls_loses_no_saved_call(services, tmp_path):
    make_accounts(services)
    failures = []
    kills = moments(f"calls-{services.db.kind}", 0.05, 1.2)
    for n, after in enumerate(kills):
        home = tmp_path / "home"
        printed = run_and_kill(CALL_SAVES, url_of(services), after=after, home=home)
        kept = {r.id for r in services.calls.page(CallFilter(), limit=100_000)}
        lost = {int(i) for i in printed} - kept
        found = problems_after_kill(services, home) + ([f"saved calls lost: {sorted(lost)}"] if lost else [])
        if found:
            failures.append(f"kill {n} at {after:.3f}s: {found}")
    figures.record(f"kill -9 saving calls ({services.db.kind})", len(kills), len(kills) - len(failures))
    assert failures == []


def test_kill_minus_nine_while_saving_incidents_loses_no_saved_incident(services, tmp_path):
    make_accounts(services)
    failures = []
    kills = moments(f"incidents-{services.db.kind}", 0.05, 1.2)
    for n, after in enumerate(kills):
        home = tmp_path / "home"
        printed = run_and_kill(INCIDENT_SAVES, url_of(services), after=after, home=home)
        lost = [i for i in printed if services.incidents.get(int(i)).narrative != "据报告，明火已扑灭。"]
        found = problems_after_kill(services, home, calls=False) + ([f"saved incidents lost: {lost}"] if lost else [])
        if found:
            failures.append(f"kill {n} at {after:.3f}s: {found}")
    figures.record(f"kill -9 saving incidents ({services.db.kind})", len(kills), len(kills) - len(failures))
    assert failures == []
