"""What runs behind the window while the program is open: scheduled jobs and other workstations' changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apscheduler.schedulers.qt import QtScheduler

from dutyroom.scheduling import DutyScheduler
from dutyroom.services import Services


def start_background_work(services: Services, *, backup_folder: Path | None = None,
                          logged_in: Callable[[], object | None] | None = None) -> Callable[[], None]:
    """Start the job scheduler (catching up at once on missed jobs) and, on PostgreSQL, the change
    listener. Returns the function that stops both.

    QtScheduler's timers live on the GUI thread but jobs run in its thread pool, so a backup never
    freezes the window; what they announce reaches pages through the ChangeBridge.
    """
    qt_scheduler = QtScheduler()
    scheduler = DutyScheduler(services, backup_folder=backup_folder)
    # The 空岗 check "no rostered officer logged in here" needs to know who sits at this workstation.
    scheduler.register_empty_post_jobs(logged_in=logged_in)
    scheduler.attach(qt_scheduler)
    qt_scheduler.start()
    listener = services.ctx.listen_to_other_workstations()

    def stop() -> None:
        # Wait for a running job: closing the program must not cut a backup in half.
        qt_scheduler.shutdown(wait=True)
        if listener is not None:
            listener.stop()

    return stop
