"""Roll-call jobs of the scheduler: occurrences created ahead, the reminder 15 minutes before, once."""

from datetime import date, time, timedelta

from dutyroom.domain.vocabulary import RollCallKind
from dutyroom.scheduling import ROLLCALL_PLAN_JOB, ROLLCALL_REMINDER_JOB, DutyScheduler
from dutyroom.services.rollcall.records import PlanRecord
from tests.services.rollcall.helpers import make_units


def rollcall_scheduler(services) -> DutyScheduler:
    scheduler = DutyScheduler(services, register_defaults=False)
    scheduler.register_rollcall_jobs()
    return scheduler


def test_planned_ahead_then_reminded_once(services, actors, clock, notices):
    admin, leader, _ = actors
    ids = make_units(services, admin, ("甲镇", "乙镇"))
    # Saturday 21 November 09:00: the plan calls every Saturday at 09:20 and the upper level every other Monday.
    services.rollcall.save_plan(leader, PlanRecord("每周六点名", RollCallKind.HOST, at_time=time(9, 20), weekday=5,
                                                   unit_ids=tuple(ids)))
    services.rollcall.save_plan(leader, PlanRecord("上级点名", RollCallKind.UPPER, at_time=time(15, 0),
                                                   anchor_day=date(2026, 11, 23), interval_days=14))
    scheduler = rollcall_scheduler(services)
    [planned] = scheduler.check_due()
    assert planned.job == ROLLCALL_PLAN_JOB and "3 次" in planned.outcome  # 21st and 28th, the upper one on the 23rd
    assert notices == []
    clock.advance(minutes=5)  # 09:05: 15 minutes before 09:20
    [reminder] = scheduler.check_due()
    assert reminder.job == ROLLCALL_REMINDER_JOB
    [notice] = notices
    assert "09:20 本级点名即将开始" in notice.message and "2 个单位" in notice.message
    assert scheduler.check_due() == []  # never twice
    # A restart (a new scheduler on the same database) does not repeat it either.
    assert rollcall_scheduler(services).check_due() == []
    assert len(notices) == 1


def test_missed_reminder_is_caught_up_once_with_the_checklist(services, actors, clock, notices):
    _, leader, _ = actors
    services.rollcall.save_plan(leader, PlanRecord("上级点名", RollCallKind.UPPER, at_time=time(15, 0),
                                                   anchor_day=date(2026, 11, 23), interval_days=14))
    scheduler = rollcall_scheduler(services)
    scheduler.check_due()
    clock.advance(timedelta(days=2, hours=6, minutes=10))  # Monday 15:10: asleep through 14:45
    outcomes = [o for o in scheduler.check_due() if o.job == ROLLCALL_REMINDER_JOB]
    assert len(outcomes) == 1
    [notice] = notices
    assert "参加上级视频点名（已过计划时间" in notice.message and "带班领导在岗" in notice.message
    clock.advance(minutes=1)
    assert [o for o in scheduler.check_due() if o.job == ROLLCALL_REMINDER_JOB] == []
