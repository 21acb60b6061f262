"""Deadline alerts through the scheduler, with a fake clock and no sleeping."""

from dataclasses import replace

import pytest

from dutyroom.domain.vocabulary import IncidentLevel
from dutyroom.scheduling import DutyScheduler
from dutyroom.services.records import SYSTEM_ACTOR
from tests.services.incidents.helpers import incident, report


def alert_scheduler(services) -> DutyScheduler:
    scheduler = DutyScheduler(services, register_defaults=False)
    scheduler.register_incident_alerts()
    return scheduler


@pytest.fixture
def heard(services):
    changes = []
    services.bus.subscribe(lambda c: changes.append(c) if c.kind in ("notice", "alert") else None)
    return changes


def notices(changes):
    return [c.message for c in changes if c.kind == "notice"]


def test_each_threshold_fires_once(services, actors, clock, heard):
    _, _, officer = actors
    inc = services.incidents.save(officer, incident(clock, ago_minutes=120))  # due in 60 minutes, 10:00
    scheduler = alert_scheduler(services)
    assert scheduler.check_due() == []
    clock.advance(minutes=30)
    [fired] = scheduler.check_due()
    assert scheduler.check_due() == []
    assert notices(heard) == ["“临江路燃气管道泄漏”首报（事发后3小时内）还剩 30 分钟，须在 10:00:00 前报送"]
    [notice, alarm] = heard
    [c] = services.incidents.clocks(inc.id)
    assert (notice.id, notice.audience, alarm.id) == (f"clock:{c.id}", "all", str(c.id))
    for minutes in (15, 10):
        clock.advance(minutes=minutes)
        assert len(scheduler.check_due()) == 1
        assert scheduler.check_due() == []
    assert notices(heard)[-1].endswith("还剩 5 分钟，须在 10:00:00 前报送")
    assert fired.job == "deadline_alert"


def test_catch_up_after_a_gap_fires_only_the_latest_and_marks_the_breach(services, actors, clock, heard):
    _, _, officer = actors
    services.incidents.save(officer, incident(clock, ago_minutes=120))
    scheduler = alert_scheduler(services)
    clock.advance(minutes=72)  # asleep through 30/15/5 and the due time (10:00); awake at 10:12
    [fired] = scheduler.tick()
    assert fired.due_at.astimezone(clock.now().tzinfo) == fired.due_at and "已于 10:00:00 超时（已超 12 分钟）" in fired.outcome
    assert len(notices(heard)) == 1


def test_overdue_repeats_every_five_minutes_until_acknowledged(services, actors, clock, heard):
    _, _, officer = actors
    services.incidents.save(officer, incident(clock, ago_minutes=179))
    scheduler = alert_scheduler(services)
    scheduler.check_due()  # 5-minute warning
    clock.advance(minutes=1)
    assert "超时" in scheduler.check_due()[0].outcome
    clock.advance(minutes=5)
    assert len(scheduler.check_due()) == 1  # repeat
    clock.advance(minutes=2)
    assert scheduler.check_due() == []
    [c] = services.incidents.open_clocks()
    services.incidents.acknowledge(officer, c.id)
    clock.advance(minutes=30)
    assert scheduler.check_due() == []
    assert len(notices(heard)) == 3


def test_a_restart_does_not_refire(services, actors, clock, heard, tmp_path):
    _, _, officer = actors
    services.incidents.save(officer, incident(clock, ago_minutes=160))
    assert len(alert_scheduler(services).check_due()) == 1
    assert alert_scheduler(services).check_due() == []  # a new scheduler on the same database
    outcomes = DutyScheduler(services, backup_folder=tmp_path).check_due()  # defaults include the alerts
    assert "deadline_alert" not in {o.job for o in outcomes}
    assert len([c for c in heard if c.id and c.id.startswith("clock:")]) == 1


def test_completed_clocks_stay_quiet_and_thresholds_follow_settings(services, actors, clock, heard):
    admin, _, officer = actors
    services.settings.save(admin, replace(services.settings.get(), alert_minutes="60, 20"))
    assert services.settings.get().alert_minutes == "60,20"
    quiet = services.incidents.save(officer, incident(clock, ago_minutes=170, title="已报事件"))
    services.incidents.send_report(officer, report(quiet.id))
    services.incidents.save(SYSTEM_ACTOR, incident(clock, ago_minutes=100, level=IncidentLevel.IV))
    scheduler = alert_scheduler(services)
    assert scheduler.check_due() == []  # 80 minutes left; the first warning is now at 60
    clock.advance(minutes=20)
    [fired] = scheduler.check_due()
    assert "“临江路燃气管道泄漏”首报（事发后3小时内）还剩 60 分钟" in fired.outcome
