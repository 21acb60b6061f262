"""The instruction chaser: an overdue 领导批示 is chased once when due, then once a day, never twice."""

from datetime import timedelta

from dutyroom.scheduling import INSTRUCTION_CHASE_JOB, DutyScheduler
from dutyroom.services.records import InstructionRecord


def chaser(services) -> DutyScheduler:
    scheduler = DutyScheduler(services, register_defaults=False)
    scheduler.register_instruction_jobs()
    return scheduler


def test_an_overdue_instruction_is_chased_once_then_daily(services, actors, clock, notices):
    _, leader, officer = actors
    given = services.instructions.give(officer, InstructionRecord(
        "张志强", "请市应急局连夜排查寒潮防范措施", clock.now(), leader_title="副市长", passed_to="市应急管理局",
        due_at=clock.now() + timedelta(hours=2)))
    scheduler = chaser(services)
    assert scheduler.check_due() == []  # not due yet
    clock.advance(hours=2, minutes=1)
    [outcome] = scheduler.check_due()
    assert outcome.job == INSTRUCTION_CHASE_JOB
    [notice] = notices
    assert "张志强（副市长）" in notice.message and "已转市应急管理局" in notice.message
    assert "请市应急局连夜排查寒潮防范措施" in notice.message and "已超期 1 分钟" in notice.message
    clock.advance(hours=3)
    assert scheduler.check_due() == [] and chaser(services).check_due() == []  # a restart does not repeat it
    clock.advance(hours=21)  # a day after it fell due: chased again, once
    [again] = scheduler.check_due()
    assert "已超期 24 小时" in again.outcome and len(notices) == 2
    # Carried out: nothing more to chase.
    services.instructions.add_feedback(leader, given.id, services.instructions.get(given.id).version, "已落实",
                                       done=True)
    clock.advance(days=2)
    assert scheduler.check_due() == [] and len(notices) == 2


def test_asleep_through_several_days_shows_one_chase(services, actors, clock, notices):
    _, _, officer = actors
    services.instructions.give(officer, InstructionRecord("李市长", "明早报送防范情况", clock.now(),
                                                          due_at=clock.now() + timedelta(hours=1)))
    clock.advance(days=3, hours=5)
    assert len(chaser(services).check_due()) == 1
    assert "尚未转达" in notices[0].message and "已超期 3 天" in notices[0].message
