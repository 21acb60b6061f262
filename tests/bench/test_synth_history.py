"""The generated incidents and roster read as the program's own: clocks present, in step with the rules,
reports chained, the audit chain whole, every day of the span staffed.

`python -m bench history` measures five years against 32 days; its figures mean something only if the
generated rows are what the services would have written. These tests generate a small history on each
database and check it the way the program reads it.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from bench.synth import SynthContext, make_incidents, make_people, make_roster, make_units
from dutyroom.domain.deadlines import SentReport, reconcile
from dutyroom.domain.localtime import to_local
from dutyroom.domain.vocabulary import IncidentStatus, ReportKind
from dutyroom.services.incidents.clocks import _data as clock_data
from dutyroom.services.incidents.clocks import facts_of, rule_from_row
from dutyroom.services.incidents.records import ClockRecord
from dutyroom.store.models import DeadlineClock, DeadlineRule, Incident, IncidentReport

N = 80
DAYS = 15


def _context(services, clock) -> SynthContext:
    return SynthContext(services=services, rng=random.Random(7), now=clock.now(), history=timedelta(days=DAYS))


def _incidents(services, clock) -> SynthContext:
    ctx = _context(services, clock)
    assert make_incidents(ctx, N) == N
    return ctx


def test_every_incident_has_its_clocks_and_a_numbered_chain(services, clock):
    ctx = _incidents(services, clock)
    records = services.incidents.list(limit=N + 5)
    assert len(records) == N == services.incidents.count()
    assert all(ctx.start <= r.received_at <= ctx.now for r in records)
    closed = [r for r in records if r.status == IncidentStatus.CLOSED]
    still_open = [r for r in records if r.status != IncidentStatus.CLOSED]
    assert closed and still_open, "a month of history has finished incidents and some still being reported"
    for incident in records:
        clocks = services.incidents.clocks(incident.id)
        assert clocks, f"{incident.title} has no 报送时限"
        sent = [r for r in services.incidents.reports(incident.id) if r.sent_at is not None]
        assert sent and sent[0].kind == ReportKind.FIRST and sent[0].number == 0
        assert [r.sent_at for r in sent] == sorted(r.sent_at for r in sent)
        follow_ups = [r.number for r in sent if r.kind == ReportKind.FOLLOW_UP]
        assert follow_ups == list(range(1, len(follow_ups) + 1))
        if incident.status == IncidentStatus.CLOSED:
            assert sent[-1].kind == ReportKind.FINAL
            assert all(_settled(c) for c in clocks), f"{incident.title} is closed with a clock still owed"
        for c in clocks:
            if c.completed_at is not None:
                assert c.report_id in {r.id for r in sent} and c.start_at <= c.completed_at
                late = (c.completed_at - c.due_at).total_seconds() / 60
                assert (c.minutes_late or 0) > 0 if late >= 1 else (c.minutes_late or 0) <= 0
    # The still-open incidents are what the strip and the alarms show now.
    strip = services.incidents.open_clocks()
    assert strip and {c.incident_id for c in strip} <= {r.id for r in still_open}
    assert services.audit.verify(full=True).ok


def _settled(clock: ClockRecord) -> bool:
    return clock.completed_at is not None or clock.cancelled_at is not None


def test_the_stored_clocks_are_what_the_rules_make_of_the_facts(services, clock):
    """Reconciling any generated incident again would change nothing: the clocks are the service's."""
    _incidents(services, clock)
    with services.db.session() as s:
        rules = [rule_from_row(r) for r in s.scalars(select(DeadlineRule))]
        for incident in s.scalars(select(Incident)):
            reports = [SentReport(r.id, r.kind, r.channel, r.sent_at) for r in s.scalars(
                select(IncidentReport).where(IncidentReport.incident_id == incident.id,
                                             IncidentReport.sent_at.is_not(None)))]
            stored = [clock_data(c) for c in s.scalars(select(DeadlineClock)
                                                   .where(DeadlineClock.incident_id == incident.id))]
            again = reconcile(rules, facts_of(incident), reports, stored, clock.now())
            assert sorted(again, key=lambda c: c.id or 0) == sorted(stored, key=lambda c: c.id or 0), incident.title


def test_the_generated_roster_staffs_every_day_of_the_span(services, clock):
    ctx = _context(services, clock)
    make_units(ctx, 20)
    make_people(ctx, 600)
    cells = make_roster(ctx, DAYS)
    zone = services.settings.get().time_zone
    today = to_local(ctx.now, zone).date()
    first, last = today - timedelta(days=DAYS - 1), today + timedelta(days=31)
    days = (last - first).days + 1
    assert cells >= days * 3  # two officers and a standby every day, leaders as the rule asks
    assert services.roster.days_without_roster(first, last) == []
    current, _following = services.roster.on_duty(ctx.now)
    assert current is not None and len(current.officers) == 2 and len(current.standby) == 1
    assert services.audit.verify(full=True).ok
