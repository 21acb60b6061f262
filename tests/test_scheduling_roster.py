"""Roster jobs of the scheduler: the evening-before reminder and the 20th-of-month check."""

from datetime import date, timedelta

from dutyroom.scheduling import REMINDER_JOB, ROSTER_CHECK_JOB, DutyScheduler
from dutyroom.services.demo import seed_demo
from dutyroom.services.roster.demo import seed_roster_demo


def roster_scheduler(services) -> DutyScheduler:
    scheduler = DutyScheduler(services, register_defaults=False)
    scheduler.register_roster_jobs()
    return scheduler


def test_evening_reminder_names_tomorrows_people(services, clock, notices):
    seed_demo(services)
    seed_roster_demo(services)
    scheduler = roster_scheduler(services)

    # 09:00: yesterday's 18:00 reminder was for today's shift, which began at 08:30 — too late to send.
    outcomes = {o.job: o for o in scheduler.check_due()}
    assert "已过时" in outcomes[REMINDER_JOB].outcome
    assert "已生成" in outcomes[ROSTER_CHECK_JOB].outcome  # the demo roster covers next month
    assert notices == []

    clock.advance(hours=9)  # 18:00 office time
    [reminder] = scheduler.check_due()
    assert reminder.job == REMINDER_JOB
    [tomorrow] = [s for s in services.roster.shifts_between(date(2026, 11, 22), date(2026, 11, 22))]
    [notice] = notices
    assert notice.audience == "all" and notice.origin == "scheduler"
    assert "11月22日（星期日）" in notice.message
    for person in (*tomorrow.leaders, *tomorrow.officers):
        assert person.name in notice.message
    assert scheduler.check_due() == []  # once per evening


def test_missing_next_month_is_told_to_the_administrator_on_the_20th(services, clock, notices):
    scheduler = roster_scheduler(services)
    outcomes = {o.job: o for o in scheduler.check_due()}
    assert "2026年12月还有 31 天没有排班" in outcomes[ROSTER_CHECK_JOB].outcome
    admin_notices = [n for n in notices if n.id == ROSTER_CHECK_JOB]
    assert len(admin_notices) == 1 and admin_notices[0].audience == "admin"
    # The same occurrence never fires again; the next one is on 20 December.
    clock.advance(timedelta(days=5))
    assert all(o.job != ROSTER_CHECK_JOB for o in scheduler.check_due())
    clock.advance(timedelta(days=24))  # 2026-12-20 09:00
    assert any(o.job == ROSTER_CHECK_JOB and "2027年1月" in o.outcome for o in scheduler.check_due())
