"""The service reads behind the pages of `python -m bench history`, timed one by one in this process.

A page's figure says that it grew; these say which read grew. Each is what a page or the scheduler
asks on the GUI thread or on every refresh: the open clocks (strip, alarms, incidents page tick), the
newest page of incidents (every incident-list refresh; and 50 of them, a page both sizes fill), the open
incidents (值班首页, the handover), the open instructions the handover proposes, the call count (来电登记 build and refresh), the
领导批示 ledger's first page and the 值班日志 of the shift on duty now (交接班 page). The clock stands at the
synthetic now.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path


def _reads(services) -> dict[str, Callable[[], object]]:
    from dutyroom.services.calls.records import CallFilter

    now = services.clock.now()
    span = services.handover.shift_at(now)
    return {
        "svc.incidents.open_clocks": services.incidents.open_clocks,
        "svc.incidents.newest_page": lambda: services.incidents.list(limit=200),
        # 32 days at a small scale hold fewer than 200 incidents (70 at 0.2): the page above is then not full
        # there, and its ratio is rows described, not a longer walk. The same rows at both sizes:
        "svc.incidents.newest_50": lambda: services.incidents.list(limit=50),
        "svc.incidents.open": lambda: services.incidents.open_incidents(21),
        "svc.handover.open_instructions": lambda: services.instructions.list(open_only=True, limit=500),
        "svc.incidents.count": services.incidents.count,
        "svc.calls.count": lambda: services.calls.count(CallFilter()),
        "svc.instructions.first_page": lambda: services.instructions.list(limit=200),
        "svc.handover.duty_log": lambda: services.handover.duty_log(span.key),
    }


def samples(db: Path, reps: int) -> dict[str, list[float]]:
    from bench.synth import SYNTH_NOW
    from dutyroom.app import open_services
    from dutyroom.domain.clock import FakeClock

    services = open_services(db, clock=FakeClock(SYNTH_NOW + timedelta(minutes=5)))
    try:
        out: dict[str, list[float]] = {}
        for name, read in _reads(services).items():
            read()  # untimed: the page cache warms as it does when the page is first built
            times = []
            for _ in range(reps):
                start = time.perf_counter()
                read()
                times.append((time.perf_counter() - start) * 1000.0)
            out[name] = times
        return out
    finally:
        services.db.dispose()
