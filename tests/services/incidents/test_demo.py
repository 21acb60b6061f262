"""The demo incidents show each state a duty officer meets."""

from datetime import timedelta

from dutyroom.domain.deadlines import ClockState, clock_state
from dutyroom.domain.vocabulary import IncidentStatus
from dutyroom.services.incidents.demo import seed_incident_demo


def test_demo_incidents(services, clock):
    blast, gathering, closed = seed_incident_demo(services)
    states = {c.rule_name[:4]: clock_state(c, clock.now()) for c in services.incidents.clocks(blast.id)}
    assert states["首报（事"][0] == ClockState.MET and states["特别重大"][0] == ClockState.MET
    [follow] = [c for c in services.incidents.open_clocks() if c.incident_id == blast.id]
    assert follow.rule_name.startswith("续报") and follow.due_at == clock.now() + timedelta(hours=24, minutes=-40)
    [two_hours] = [c for c in services.incidents.open_clocks() if c.rule_name.startswith("敌情")]
    assert clock_state(two_hours, clock.now()) == (ClockState.WARNING, timedelta(minutes=20))
    assert closed.status == IncidentStatus.CLOSED and blast.instructions
    assert [r.title for r in services.incidents.reports(closed.id)] == ["首报", "终报"]


def test_every_demo_incident_is_graded_as_its_deaths_call_for(services):
    """Found by hand: the demo graded an explosion with 2 deaths as 重大 (the regulations: fewer than 3 is 一般)."""
    from dutyroom.domain.incident_level import level_above_deaths, level_problem

    for incident in seed_incident_demo(services):
        deaths = incident.casualties.deaths
        assert not level_problem(incident.level, deaths), incident.title
        assert not level_above_deaths(incident.level, deaths), incident.title
