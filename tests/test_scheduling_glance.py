"""What comes next on the scheduler's list (值班首页): the first occurrence of each job after now."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from dutyroom.scheduling import (
    BACKUP_JOB,
    DAILY_DIGEST_JOB,
    HANDOVER_MISSED_JOB,
    REMINDER_JOB,
    ROLLCALL_PLAN_JOB,
    ROSTER_CHECK_JOB,
    TIMELINESS_JOB,
    DutyScheduler,
    Job,
    hourly,
    monthly_on,
    next_due,
)
from dutyroom.services.records import OfficeSettings

SH = ZoneInfo("Asia/Shanghai")
DAY = timedelta(hours=24)


def _job(latest_due) -> Job:
    return Job("test", latest_due, lambda due, now: "")


def test_the_next_occurrence_is_the_first_after_now_within_the_horizon():
    settings = OfficeSettings()
    at = datetime(2026, 11, 21, 9, 0, tzinfo=SH)
    assert next_due(_job(hourly), at, settings, DAY) == at + timedelta(hours=1)  # 09:00 itself has come
    assert next_due(_job(hourly), at + timedelta(minutes=1), settings, DAY) == at + timedelta(hours=1)
    monthly = _job(monthly_on(1, time(9, 0)))
    assert next_due(monthly, at, settings, DAY) is None  # 1 December is more than a day away
    assert next_due(monthly, at, settings, timedelta(days=12)) == datetime(2026, 12, 1, 9, 0, tzinfo=SH)


def test_upcoming_lists_the_daily_jobs_of_the_next_day_soonest_first(services, clock):
    scheduler = DutyScheduler(services)  # the clock reads Saturday 21 November 2026, 09:00 in Shanghai
    upcoming = scheduler.upcoming(clock.now())
    local = [(name, due.astimezone(SH).strftime("%d %H:%M")) for name, due in upcoming]
    assert local == [(HANDOVER_MISSED_JOB, "21 09:30"), (ROLLCALL_PLAN_JOB, "21 10:00"), (DAILY_DIGEST_JOB, "21 18:00"), (REMINDER_JOB, "21 18:00"),
                     (BACKUP_JOB, "22 02:00")]
    assert {ROSTER_CHECK_JOB, TIMELINESS_JOB}.isdisjoint(name for name, _ in upcoming)  # monthly, not today

    clock.advance(hours=9)  # 18:00: the digest of today is due now, so the next one is tomorrow's
    names = [(name, due.astimezone(SH).day) for name, due in scheduler.upcoming(clock.now())
             if name == DAILY_DIGEST_JOB]
    assert names == [(DAILY_DIGEST_JOB, 22)]
    assert [name for name, _ in scheduler.upcoming(clock.now(), names=[BACKUP_JOB, "no_such_job"])] == [BACKUP_JOB]
