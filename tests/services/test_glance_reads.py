"""The bounded reads 值班首页 is built from: follow-ups due today or overdue, open incidents (both databases)."""

from datetime import date, timedelta

from dutyroom.domain.vocabulary import CallOutcome, IncidentStatus, ReportKind
from tests.services.calls.helpers import call
from tests.services.incidents.helpers import incident, report


def _assigned(services, actor, clock, due_on, unit="区水务局"):
    return services.calls.create(actor, call(clock, minutes_ago=7 * 24 * 60, outcome=CallOutcome.ASSIGNED,
                                              assigned_unit=unit, due_on=due_on))


def test_follow_ups_due_are_those_due_today_or_earlier_soonest_first(services, actors, clock):
    _, _, officer = actors
    c = services.calls  # the clock reads 2026-11-21 09:00 in Shanghai
    today = _assigned(services, officer, clock, date(2026, 11, 21), unit="城东街道")
    late = _assigned(services, officer, clock, date(2026, 11, 18), unit="区住建局")
    later = _assigned(services, officer, clock, date(2026, 11, 19))
    _assigned(services, officer, clock, date(2026, 11, 22))  # due tomorrow: not yet the officer's worry
    closed = _assigned(services, officer, clock, date(2026, 11, 17))
    c.close(officer, closed.id)
    c.create(officer, call(clock, minutes_ago=7 * 24 * 60))  # answered on the spot

    due = c.follow_ups_due()
    assert [(r.id, r.overdue_days) for r in due.rows] == [(late.id, 3), (later.id, 2), (today.id, 0)]
    assert (due.due_today, due.overdue) == (1, 2)

    shown = c.follow_ups_due(limit=1)
    assert [r.assigned_unit for r in shown.rows] == ["区住建局"]
    assert (shown.due_today, shown.overdue) == (1, 2)  # the counts are of all of them, not of those shown

    clock.advance(timedelta(days=1))
    assert (c.follow_ups_due().due_today, c.follow_ups_due().overdue) == (1, 3)


def test_open_incidents_are_those_not_yet_final_newest_first(services, actors, clock):
    _, _, officer = actors
    inc = services.incidents
    older = inc.save(officer, incident(clock, title="城西镇山体滑坡", ago_minutes=300))
    newer = inc.save(officer, incident(clock, title="临江路燃气管道泄漏", ago_minutes=30))
    done = inc.save(officer, incident(clock, title="高新区厂房火灾", ago_minutes=100))
    inc.send_report(officer, report(done.id))
    inc.send_report(officer, report(done.id, ReportKind.FINAL))  # 终报 closes it

    assert [r.title for r in inc.open_incidents()] == ["临江路燃气管道泄漏", "城西镇山体滑坡"]
    assert [r.id for r in inc.open_incidents(limit=1)] == [newer.id]
    inc.set_status(officer, newer.id, IncidentStatus.HANDLING, newer.version)
    assert [(r.id, r.status) for r in inc.open_incidents()] == [(newer.id, IncidentStatus.HANDLING),
                                                                (older.id, IncidentStatus.RECEIVED)]


def test_day_counts_are_the_days_calls_by_outcome_with_the_handled_rate(services, actors, clock):
    _, _, officer = actors
    c = services.calls
    c.create(officer, call(clock, 30))
    c.create(officer, call(clock, 20, outcome=CallOutcome.ASSIGNED, assigned_unit="区水务局", early_warning=True))
    c.create(officer, call(clock, 10, outcome=CallOutcome.INVALID, outcome_note="拨错号码"))
    c.create(officer, call(clock, 24 * 60))  # yesterday: not today's

    day = c.day_counts(date(2026, 11, 21))
    assert (day.total, day.incoming, day.outgoing, day.early_warning, day.widespread) == (3, 3, 0, 1, 0)
    assert [(r.label, r.count) for r in day.by_outcome if r.count] == [("当场答复/告知", 1), ("转办", 1),
                                                                       ("无效来电", 1)]
    assert day.handled_rate == 0.5  # the 转办 call is not handled until its unit closes it; 无效 needs nothing
    assert c.day_counts(date(2026, 11, 20)).total == 1
