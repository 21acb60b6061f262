"""The running program makes the backup it missed overnight, off the GUI thread, and stops cleanly."""

from dutyroom.gui.background_work import start_background_work


def test_missed_backup_is_made_at_start_up(qtbot, sqlite_services, tmp_path):
    folder = tmp_path / "auto-backups"
    heard = []
    sqlite_services.bus.subscribe(heard.append)
    stop = start_background_work(sqlite_services, backup_folder=folder)
    try:
        # The fake clock says 09:00; today's 02:00 backup has not been made yet.
        qtbot.waitUntil(lambda: any(c.kind == "job_run" for c in heard), timeout=10000)
    finally:
        stop()
    files = list(folder.glob("dutyroom-*-auto.sqlite3"))
    assert len(files) == 1
    assert heard[-1].origin == "scheduler"
