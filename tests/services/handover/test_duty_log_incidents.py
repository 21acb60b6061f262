"""The 值班日志 lists the incidents its shift touched, whenever they were received (on both databases)."""

from dutyroom.domain.vocabulary import ReportKind
from tests.services.handover.helpers import DAY1, key
from tests.services.incidents.helpers import incident, report


def test_an_incident_received_the_day_before_is_in_the_log_of_the_shift_that_sent_its_follow_up(
        services, actors, clock):
    _, _, officer = actors
    incidents = services.incidents
    gas = incidents.save(officer, incident(clock, title="临江路燃气管道泄漏", ago_minutes=20))
    incidents.send_report(officer, report(gas.id, content="首报：燃气管道泄漏，已疏散群众。"))
    clock.advance(days=1, hours=2)  # 11:00 on the 22nd, in the next day's shift
    incidents.send_report(officer, report(gas.id, ReportKind.FOLLOW_UP, content="续报：泄漏点已封堵。"))
    fire = incidents.save(officer, incident(clock, title="滨江花园小区火情", ago_minutes=30))

    first_day, second_day = services.handover.duty_log(DAY1), services.handover.duty_log(key(22))

    [line] = first_day.activity.incidents
    assert line.title == "临江路燃气管道泄漏" and [r.split()[0] for r in line.reports] == ["首报"]
    assert [i.title for i in second_day.activity.incidents] == ["临江路燃气管道泄漏", "滨江花园小区火情"]
    follow_up, fresh = second_day.activity.incidents
    assert [r.split()[0] for r in follow_up.reports] == ["续报一"]  # only what this shift sent
    assert fresh.reports == () and fresh.received_at == fire.received_at
