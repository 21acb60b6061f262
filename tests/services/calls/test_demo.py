"""The demo telephone log shows each state a duty officer meets, and is logged only once."""

from dutyroom.domain.vocabulary import CallDirection, CallerKind, CallOutcome, FollowUpKind, FollowUpStatus
from dutyroom.services.calls.demo import seed_call_demo
from dutyroom.services.calls.records import CallFilter


def test_demo_calls(services):
    logged = seed_call_demo(services)
    calls = services.calls
    rows = calls.page(CallFilter(), 0, 1000)
    assert logged == len(rows) == calls.count(CallFilter()) and 120 <= logged <= 180
    assert {r.category for r in rows} == set(calls.categories())
    assert {r.outcome for r in rows} == set(CallOutcome)
    assert {r.caller_kind for r in rows} >= {CallerKind.PUBLIC, CallerKind.ENTERPRISE, CallerKind.UPPER}
    assert {r.direction for r in rows} == set(CallDirection) and len({r.officer for r in rows}) == 6
    assert {r.follow_status for r in rows} == {None, *FollowUpStatus}
    overdue = calls.page(CallFilter(status="overdue"))
    assert overdue and all(r.overdue_days > 0 for r in overdue)
    chased = calls.get(overdue[-1].id)
    assert chased.follow_ups and chased.follow_ups[0].kind == FollowUpKind.CHASE
    history = calls.caller_history("139 0000 5101", summary="幸福里小区停水")
    assert history.total == 3 and history.same_topic == 3
    assert calls.count(CallFilter(widespread=True)) == 5 and calls.count(CallFilter(early_warning=True)) == 3
    assert len(calls.similar("幸福里小区停水了")) >= 5 and calls.count(CallFilter(text="欠薪")) >= 1
    assert seed_call_demo(services) == 0 and calls.count(CallFilter()) == logged
