"""Every reminder names who holds the duty, as the deadline alarms do (services/handover/holder.py): found by
hand, the roll-call, handover, instruction and empty-post reminders did not say whose they were."""

from __future__ import annotations

from datetime import time, timedelta

from dutyroom.domain.vocabulary import RollCallKind
from dutyroom.scheduling import DutyScheduler
from dutyroom.services.records import InstructionRecord
from dutyroom.services.rollcall.records import PlanRecord
from tests.conftest import PASSWORD
from tests.services.handover.helpers import DAY1, at_handover_of, key, staff
from tests.services.rollcall.helpers import make_units

INCOMING = "当班：周晓梅（08:10 接班）"


def _handed_over(services, actors, clock):
    people = staff(services, actors[0])
    at_handover_of(clock, DAY1)  # 22 Nov 08:10
    services.handover.hand_over(people["sunming"], DAY1, "zhouxm", PASSWORD, [])
    return people


def test_an_instruction_chase_names_the_officer_on_duty(services, actors, clock, notices):
    people = _handed_over(services, actors, clock)
    services.instructions.give(people["sunming"], InstructionRecord(
        "张志强", "请市应急局连夜排查寒潮防范措施", clock.now() - timedelta(hours=3), leader_title="副市长",
        due_at=clock.now() - timedelta(minutes=5)))
    scheduler = DutyScheduler(services, register_defaults=False)
    scheduler.register_instruction_jobs()
    [outcome] = scheduler.check_due()
    [notice] = notices
    assert notice.message.endswith("。" + INCOMING) and outcome.outcome == notice.message
    assert "张志强（副市长）" in notice.message


def test_a_rollcall_reminder_names_the_officer_on_duty(services, actors, clock, notices):
    _handed_over(services, actors, clock)
    ids = make_units(services, actors[0], ("甲镇", "乙镇"))
    # Sunday 22 November: a roll-call at 08:25, reminded 15 minutes before, i.e. now.
    services.rollcall.save_plan(actors[1], PlanRecord("每周日点名", RollCallKind.HOST, at_time=time(8, 25), weekday=6,
                                                      unit_ids=tuple(ids)))
    scheduler = DutyScheduler(services, register_defaults=False)
    scheduler.register_rollcall_jobs()
    scheduler.check_due()
    [notice] = [n for n in notices if "点名" in n.message]
    assert "08:25 本级点名即将开始" in notice.message and notice.message.endswith("。" + INCOMING)


def test_a_missed_handover_notice_names_who_holds_the_duty_now(services, actors, clock, notices):
    staff(services, actors[0])
    scheduler = DutyScheduler(services, register_defaults=False)
    scheduler.register_handover_jobs()
    at_handover_of(clock, key(22), minutes=60)
    scheduler.check_due()
    clock.advance(seconds=1)  # the 22nd's window has closed: the roster's officer of the 23rd holds the duty
    scheduler.check_due()
    [notice] = notices
    assert "交接窗口已结束" in notice.message and notice.message.endswith("。当班：吴磊")
