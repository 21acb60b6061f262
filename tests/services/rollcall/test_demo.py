"""The demo's roll-calls: what the issue asks for, through the services, with plans for what comes next."""

from collections import Counter

from dutyroom.domain.vocabulary import RollCallKind, RollCallResult, RollCallStatus
from dutyroom.services.demo import seed_demo
from dutyroom.services.rollcall.demo import seed_rollcall_demo


def test_demo_roll_calls(services, clock):
    seed_demo(services, password_source=lambda name: f"{name}Demo2026")
    rc = services.rollcall
    now = clock.now()
    every = rc.rollcalls_between(now.replace(year=2025), now.replace(year=2027))
    finished = [r for r in every if r.status == RollCallStatus.FINISHED]
    kinds = Counter(r.kind for r in finished)
    assert kinds == {RollCallKind.HOST: 8, RollCallKind.UPPER: 2, RollCallKind.SPOT: 1}
    results = Counter(e.result for r in finished for e in r.entries)
    assert results[RollCallResult.ABSENT] == 2 and results[RollCallResult.EQUIPMENT_FAULT] == 1
    assert any(s for r in finished if r.kind == RollCallKind.HOST for s in rc.summary(r.id).tally.slow)
    upper = [r for r in finished if r.kind == RollCallKind.UPPER]
    assert all(r.upper_caller == "青川市人民政府总值班室" and r.checklist for r in upper)
    open_items = rc.open_rectifications()
    assert len(open_items) == 3 and any(i.overdue for i in open_items)
    closed = sum(1 for r in finished for i in r.rectifications if i.closed_at)
    assert closed == 2
    assert {p.kind for p in rc.plans()} == set(RollCallKind)
    assert [r.kind for r in rc.upcoming()] == [RollCallKind.SPOT]  # tonight's spot check
    assert seed_rollcall_demo(services) == 0  # never twice
