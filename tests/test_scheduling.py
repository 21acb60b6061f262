"""The scheduler catches up after the program was closed or asleep, and never runs an occurrence twice."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from datetime import datetime, time, timedelta

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import func, select

from dutyroom.scheduling import BACKUP_JOB, DutyScheduler, Job, daily_at
from dutyroom.services.records import SYSTEM_ACTOR
from dutyroom.store.backup import check_backup_file
from dutyroom.store.models import JobRun
from tests.conftest import SHANGHAI


def backup_scheduler(services, backup_folder=None) -> DutyScheduler:
    """A scheduler with only the backup job, so these tests see nothing else fire."""
    scheduler = DutyScheduler(services, backup_folder=backup_folder, register_defaults=False)
    scheduler.register_backup()
    return scheduler


def _backups(folder):
    return sorted(folder.glob("dutyroom-*-auto.sqlite3"))


def _job_runs(services, job=BACKUP_JOB):
    with services.db.session() as s:
        return s.scalar(select(func.count()).select_from(JobRun).where(JobRun.job == job))


def test_missed_backup_runs_once_at_start_up_and_again_next_night(sqlite_services, clock, tmp_path):
    folder = tmp_path / "auto-backups"
    seen = []
    sqlite_services.bus.subscribe(seen.append)
    scheduler = backup_scheduler(sqlite_services, backup_folder=folder)

    # The clock says 09:00: the program was closed at 02:00 today, so the backup is owed once.
    [outcome] = scheduler.check_due()
    assert outcome.job == BACKUP_JOB and outcome.ok
    assert outcome.due_at == datetime(2026, 11, 21, 2, 0, tzinfo=SHANGHAI)
    [first] = _backups(folder)
    assert check_backup_file(first) is not None  # a real, readable database copy
    assert "已自动备份" in outcome.outcome and str(first) in outcome.outcome
    assert [(c.kind, c.id, c.origin) for c in seen] == [("job_run", BACKUP_JOB, "scheduler")]

    assert scheduler.check_due() == []
    clock.advance(hours=16, minutes=59)  # 01:59 the next night: not yet
    assert scheduler.check_due() == []
    clock.advance(minutes=1)
    [second] = scheduler.check_due()
    assert second.due_at == datetime(2026, 11, 22, 2, 0, tzinfo=SHANGHAI)
    assert len(_backups(folder)) == 2
    assert scheduler.last_run(BACKUP_JOB).due_at == second.due_at


def test_a_week_closed_gives_one_catch_up_not_seven(sqlite_services, clock, tmp_path):
    scheduler = backup_scheduler(sqlite_services, backup_folder=tmp_path / "b")
    scheduler.check_due()
    clock.advance(days=7)
    assert len(scheduler.check_due()) == 1
    assert _job_runs(sqlite_services) == 2


def test_rotation_keeps_only_the_configured_number(sqlite_services, clock, tmp_path):
    settings = sqlite_services.settings.get()
    assert settings.backups_kept == 30  # the default the issue asks for
    sqlite_services.settings.save(SYSTEM_ACTOR, replace(settings, backups_kept=5))
    folder = tmp_path / "rotating"
    scheduler = backup_scheduler(sqlite_services, backup_folder=folder)
    for _ in range(8):
        assert len(scheduler.check_due()) == 1
        clock.advance(days=1)
    kept = _backups(folder)
    assert len(kept) == 5
    # The newest survive: the last backup was taken on the 8th run, 2026-11-28 09:00 local.
    assert kept[-1].name == "dutyroom-20261128-010000-auto.sqlite3"
    assert "删除了 1 份旧备份" in scheduler.last_run(BACKUP_JOB).outcome


def test_thirty_one_nights_keep_thirty_files(sqlite_services, clock, tmp_path):
    folder = tmp_path / "month"
    scheduler = backup_scheduler(sqlite_services, backup_folder=folder)
    clock.set(datetime(2026, 11, 21, 2, 0, tzinfo=SHANGHAI))
    for _ in range(31):
        scheduler.tick()
        clock.advance(days=1)
    assert _job_runs(sqlite_services) == 31
    assert len(_backups(folder)) == 30


def test_backup_time_follows_the_office_settings(sqlite_services, clock, tmp_path):
    settings = sqlite_services.settings.get()
    sqlite_services.settings.save(SYSTEM_ACTOR, replace(settings, backup_time=time(23, 30)))
    scheduler = backup_scheduler(sqlite_services, backup_folder=tmp_path / "b")
    [outcome] = scheduler.check_due()
    assert outcome.due_at == datetime(2026, 11, 20, 23, 30, tzinfo=SHANGHAI)


def test_clock_jump_after_sleep_triggers_a_check(sqlite_services, clock, tmp_path, caplog):
    scheduler = backup_scheduler(sqlite_services, backup_folder=tmp_path / "b")
    clock.set(datetime(2026, 11, 21, 20, 0, tzinfo=SHANGHAI))
    scheduler.tick()  # the 02:00 backup of today is caught up here
    clock.advance(seconds=30)
    assert scheduler.tick() == [] and scheduler.jumps == []

    clock.advance(hours=10)  # the laptop slept through the night: the next tick arrives at 06:00
    with caplog.at_level(logging.WARNING, logger="dutyroom.scheduling"):
        [outcome] = scheduler.tick()
    assert outcome.due_at == datetime(2026, 11, 22, 2, 0, tzinfo=SHANGHAI)
    assert scheduler.jumps == [timedelta(hours=10)]
    assert "jumped forward by 10:00:00" in caplog.text


def test_two_workstations_run_a_due_job_once_in_total(services, clock):
    runs = []
    first, second = DutyScheduler(services, register_defaults=False), DutyScheduler(services, register_defaults=False)

    def counted(name):
        def run(due_at, now):
            runs.append(name)
            # While this workstation is still working, the other one ticks: it must not start too.
            assert second.check_due() == []
            return "完成"
        return run

    for scheduler, name in ((first, "first"), (second, "second")):
        scheduler.register(Job("digest", daily_at(lambda s: time(8, 0)), counted(name)))
    assert [o.outcome for o in first.check_due()] == ["完成"]
    assert first.check_due() == [] and second.check_due() == []
    assert runs == ["first"]
    assert _job_runs(services, "digest") == 1


def test_failed_job_is_recorded_and_does_not_stop_others(services, clock):
    scheduler = DutyScheduler(services, register_defaults=False)

    def broken(due_at, now):
        raise OSError("磁盘已满")

    scheduler.register(Job("broken", daily_at(lambda s: time(1, 0)), broken))
    scheduler.register(Job("fine", daily_at(lambda s: time(1, 0)), lambda due_at, now: "完成"))
    outcomes = {o.job: o for o in scheduler.check_due()}
    assert not outcomes["broken"].ok and "磁盘已满" in outcomes["broken"].outcome
    assert outcomes["fine"].ok
    assert scheduler.last_run("broken").outcome == "失败：磁盘已满"
    assert scheduler.check_due() == []  # a failure is not retried every tick


def test_backup_on_each_database_kind(services, tmp_path):
    folder = tmp_path / "auto"
    scheduler = backup_scheduler(services, backup_folder=folder)
    [outcome] = scheduler.check_due()
    assert outcome.ok
    if services.db.kind == "postgresql":
        assert "服务器" in outcome.outcome and "pg_dump" in outcome.outcome
        assert not folder.exists() or _backups(folder) == []
    else:
        assert len(_backups(folder)) == 1
    assert scheduler.last_run(BACKUP_JOB).outcome == outcome.outcome
    assert scheduler.check_due() == []


def test_attach_adds_the_ticking_job_to_apscheduler(sqlite_services, tmp_path):
    scheduler = backup_scheduler(sqlite_services, backup_folder=tmp_path / "b")
    aps = BackgroundScheduler()
    scheduler.attach(aps)
    jobs = {job.id: job for job in aps.get_jobs()}
    assert set(jobs) == {"dutyroom-tick", "dutyroom-startup-check"}
    tick = jobs["dutyroom-tick"]
    assert tick.func == scheduler.tick
    assert tick.trigger.interval == timedelta(seconds=30)
    assert tick.coalesce and tick.misfire_grace_time is None

    aps.start(paused=True)
    try:
        assert {job.id for job in aps.get_jobs()} == {"dutyroom-tick", "dutyroom-startup-check"}
    finally:
        aps.shutdown(wait=False)
    assert _job_runs(sqlite_services) == 0  # paused: nothing ran, the database is untouched


def test_registering_a_name_twice_is_refused(sqlite_services):
    scheduler = backup_scheduler(sqlite_services)
    with pytest.raises(ValueError, match=BACKUP_JOB):
        scheduler.register(Job(BACKUP_JOB, daily_at(lambda s: time(3, 0)), lambda d, n: ""))


def test_started_apscheduler_runs_the_start_up_catch_up(sqlite_services, tmp_path):
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED

    folder = tmp_path / "threaded"
    scheduler = backup_scheduler(sqlite_services, backup_folder=folder)
    aps = BackgroundScheduler()
    finished = threading.Event()
    events = []

    def on_event(event):
        events.append(event)
        finished.set()

    aps.add_listener(on_event, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    scheduler.attach(aps)
    aps.start()
    try:
        assert finished.wait(timeout=20), "the start-up check never ran"
    finally:
        aps.shutdown(wait=True)
    [event] = events
    assert event.job_id == "dutyroom-startup-check" and event.exception is None
    assert len(_backups(folder)) == 1


def test_a_tick_survives_an_unreachable_database(sqlite_services, tmp_path, caplog):
    scheduler = backup_scheduler(sqlite_services, backup_folder=tmp_path / "b")
    sqlite_services.db.sqlite_path.unlink()
    sqlite_services.db.sqlite_path.mkdir()  # the file is gone and cannot come back: every query fails
    sqlite_services.db.dispose()
    with caplog.at_level(logging.WARNING, logger="dutyroom.scheduling"):
        assert scheduler.tick() == []
    assert "could not check scheduled jobs" in caplog.text
