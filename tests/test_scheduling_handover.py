"""The missed-handover check of the scheduler, with the fake clock: recorded once, told to the leader."""

from datetime import timedelta

from dutyroom.domain.vocabulary import HandoverStatus
from dutyroom.scheduling import HANDOVER_MISSED_JOB, DutyScheduler
from tests.conftest import PASSWORD
from tests.services.handover.helpers import at_handover_of, key, staff


def handover_scheduler(services) -> DutyScheduler:
    scheduler = DutyScheduler(services, register_defaults=False)
    scheduler.register_handover_jobs()
    return scheduler


def test_a_shift_ended_without_handover_is_recorded_once(services, actors, clock, notices):
    admin, _, _ = actors
    people = staff(services, admin)
    scheduler = handover_scheduler(services)
    # The 21st began before this database existed (09:00): it is not judged. The 22nd is.
    at_handover_of(clock, key(22), minutes=60)  # 23rd 09:30: the window is closing, not closed
    assert [o.outcome for o in scheduler.check_due()] == ["各班次均已交接"]  # the 21st's window (22nd 09:30)
    assert services.handover.handover(key(22)) is None
    clock.advance(seconds=1)
    [outcome] = scheduler.check_due()
    assert outcome.job == HANDOVER_MISSED_JOB and outcome.outcome == "已记录 1 个未交接的班次：2026年11月22日 全天班"
    missed = services.handover.handover(key(22))
    assert missed.status == HandoverStatus.MISSED and missed.missed and missed.incoming == ""
    [notice] = notices
    assert notice.audience == "leader" and "2026年11月22日 全天班交接窗口已结束，未办理交接班" in notice.message
    assert scheduler.check_due() == [] and handover_scheduler(services).check_due() == []  # never twice
    # A shift handed over in time stays handed over.
    at_handover_of(clock, key(23))
    services.handover.hand_over(people["wulei"], key(23), "zhouxm", PASSWORD, [],
                                approver_username="chenjg", approver_password=PASSWORD)
    at_handover_of(clock, key(23), minutes=61)
    assert [o.outcome for o in scheduler.check_due()] == ["各班次均已交接"]
    assert services.handover.handover(key(23)).status == HandoverStatus.SEALED
    # Closed for three days: every shift missed meanwhile is recorded at the next start, in one go.
    clock.advance(timedelta(days=3))
    [caught_up] = handover_scheduler(services).check_due()
    assert caught_up.outcome == ("已记录 3 个未交接的班次：2026年11月24日 全天班、2026年11月25日 全天班、"
                                 "2026年11月26日 全天班")
    assert len(services.handover.handovers_between(key(21).day, key(27).day)) == 5


def test_the_default_scheduler_checks_handovers(services, tmp_path):
    assert HANDOVER_MISSED_JOB in DutyScheduler(services, backup_folder=tmp_path).jobs
