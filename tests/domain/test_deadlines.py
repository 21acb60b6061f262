"""Clock maths at the edges: exactly at the limit, across midnight and month end, rule edits, recomputation."""

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dutyroom.domain.deadlines import (
    CANCEL_CLOSED,
    CANCEL_NOT_APPLICABLE,
    ClockState,
    Facts,
    SentReport,
    clock_state,
    default_rules,
    format_remaining,
    latest_alert,
    minutes_late,
    parse_alert_minutes,
    reconcile,
    rule_problems,
)
from dutyroom.domain.vocabulary import ClockStart

SH = ZoneInfo("Asia/Shanghai")
RULES = [replace(r, id=i) for i, r in enumerate(default_rules(), start=1)]
FIRST, SECURITY, PHONE, WRITTEN, FOLLOW = RULES


def at(day, hour, minute=0, second=0, month=11):
    return datetime(2026, month, day, hour, minute, second, tzinfo=SH)


def facts(occurred=None, received=None, level="IV", category="accident", security=False, closed=False):
    occurred = occurred or at(21, 8)
    return Facts(category, level, security, occurred, received or occurred + timedelta(minutes=20), closed)


def report(id, kind, when, channel="phone"):
    return SentReport(id, kind, channel, when)


def by_rule(clocks, rule):
    return [c for c in clocks if c.rule_id == rule.id]


def test_ordinary_incident_gets_only_the_three_hour_first_report_clock():
    [clock] = reconcile(RULES, facts(), [], [], at(21, 9))
    assert clock.rule_name == FIRST.name and clock.due_at == at(21, 11)


def test_a_report_at_exactly_the_limit_is_on_time_one_second_later_is_a_minute_late():
    [clock] = reconcile(RULES, facts(), [], [], at(21, 9))
    [done] = reconcile(RULES, facts(), [report(1, "first", at(21, 11))], [replace(clock, id=1)], at(21, 11))
    assert done.completed_at == at(21, 11) and done.minutes_late == 0
    assert clock_state(done, at(21, 12))[0] == ClockState.MET
    assert minutes_late(at(21, 11, 0, 1), at(21, 11)) == 1
    assert minutes_late(at(21, 10, 30), at(21, 11)) == -30


def test_due_time_crosses_midnight_and_month_end():
    f = facts(occurred=at(30, 22, 30), received=at(30, 23, 50))
    clocks = reconcile(RULES, replace(f, level="II"), [], [], at(30, 23, 55))
    due = {c.rule_name: c.due_at.astimezone(SH) for c in clocks}
    assert due[FIRST.name] == datetime(2026, 12, 1, 1, 30, tzinfo=SH)
    assert due[PHONE.name] == datetime(2026, 12, 1, 0, 20, tzinfo=SH)
    assert due[WRITTEN.name] == datetime(2026, 12, 1, 0, 50, tzinfo=SH)


def test_security_development_counts_two_hours_from_when_it_was_grasped():
    clocks = reconcile(RULES, facts(received=at(21, 9), security=True, category="social_security"), [], [], at(21, 9))
    [clock] = by_rule(clocks, SECURITY)
    assert clock.counted_from == ClockStart.RECEIVED and clock.due_at == at(21, 11)


def test_phone_and_written_clocks_complete_only_with_their_channel():
    f = facts(level="I")
    clocks = [replace(c, id=i) for i, c in enumerate(reconcile(RULES, f, [], [], at(21, 8, 20)), start=1)]
    after = reconcile(RULES, f, [report(1, "first", at(21, 8, 40), "phone")], clocks, at(21, 8, 40))
    assert by_rule(after, PHONE)[0].minutes_late == -10
    assert by_rule(after, WRITTEN)[0].open and by_rule(after, FIRST)[0].completed_at == at(21, 8, 40)
    later = reconcile(RULES, f, [report(1, "first", at(21, 8, 40)), report(2, "follow_up", at(21, 9, 30), "fax")],
                      _ids(after), at(21, 9, 30))
    assert by_rule(later, WRITTEN)[0].minutes_late == 10


def _ids(clocks):
    next_id = max([c.id or 0 for c in clocks]) + 1
    out = []
    for c in clocks:
        if c.id is None:
            c, next_id = replace(c, id=next_id), next_id + 1
        out.append(c)
    return out


def test_follow_up_clock_restarts_from_each_report_and_stops_at_the_final_report():
    f = facts(level="III")
    sent = [report(1, "first", at(21, 10))]
    clocks = _ids(reconcile(RULES, f, sent, [], at(21, 10)))
    [follow] = by_rule(clocks, FOLLOW)
    assert follow.start_at == at(21, 10) and follow.due_at == at(22, 10) and follow.open
    sent.append(report(2, "follow_up", at(22, 9)))
    clocks = _ids(reconcile(RULES, f, sent, clocks, at(22, 9)))
    chain = sorted(by_rule(clocks, FOLLOW), key=lambda c: c.start_at)
    assert [c.open for c in chain] == [False, True] and chain[1].due_at == at(23, 9)
    sent.append(report(3, "final", at(22, 15)))
    clocks = reconcile(RULES, replace(f, closed=True), sent, clocks, at(22, 15))
    chain = sorted(by_rule(clocks, FOLLOW), key=lambda c: c.start_at)
    assert len(chain) == 2 and chain[1].completed_at == at(22, 15)
    assert not any(c.open for c in clocks)


def test_closing_cancels_clocks_the_final_report_did_not_meet():
    f = facts(level="II")
    clocks = _ids(reconcile(RULES, f, [], [], at(21, 8, 20)))
    sent = [report(1, "first", at(21, 8, 30), "phone"), report(2, "final", at(21, 9), "phone")]
    after = reconcile(RULES, replace(f, closed=True), sent, clocks, at(21, 9))
    [written] = by_rule(after, WRITTEN)
    assert written.cancel_reason == CANCEL_CLOSED


def test_editing_times_recomputes_open_clocks_but_never_completed_ones():
    f = facts(level="II")
    clocks = _ids(reconcile(RULES, f, [report(1, "first", at(21, 8, 35), "phone")], [], at(21, 8, 35)))
    moved = replace(f, occurred_at=at(21, 7), received_at=at(21, 7, 30))
    after = reconcile(RULES, moved, [report(1, "first", at(21, 8, 35), "phone")], clocks, at(21, 9))
    assert by_rule(after, WRITTEN)[0].due_at == at(21, 8, 30)  # open: follows the new 接报时间
    assert by_rule(after, PHONE)[0] == by_rule(clocks, PHONE)[0]  # completed: frozen as it was


def test_lowering_the_level_cancels_clocks_that_no_longer_apply_and_keeps_them():
    f = facts(level="II")
    clocks = _ids(reconcile(RULES, f, [], [], at(21, 8, 20)))
    after = reconcile(RULES, replace(f, level="IV"), [], clocks, at(21, 8, 25))
    assert len(after) == len(clocks)
    assert {c.rule_id: c.cancel_reason for c in after if c.cancelled_at}[PHONE.id] == CANCEL_NOT_APPLICABLE
    # raised again: a fresh clock, the cancelled one stays in the history
    again = reconcile(RULES, f, [], _ids(after), at(21, 8, 26))
    assert len(by_rule(again, PHONE)) == 2


def test_rule_edit_moves_open_clocks_and_leaves_completed_outcomes_frozen():
    f = facts()
    sent = [report(1, "first", at(21, 11, 30))]
    done = _ids(reconcile(RULES, f, sent, [], at(21, 11, 30)))
    assert by_rule(done, FIRST)[0].minutes_late == 30
    longer = [replace(FIRST, name="首报（4小时）", limit_minutes=240), *RULES[1:]]
    [frozen] = by_rule(reconcile(longer, f, sent, done, at(21, 12)), FIRST)
    assert frozen.rule_name == FIRST.name and frozen.limit_minutes == 180 and frozen.minutes_late == 30
    open_clocks = _ids(reconcile(RULES, f, [], [], at(21, 9)))
    [moved] = by_rule(reconcile(longer, f, [], open_clocks, at(21, 9)), FIRST)
    assert moved.rule_name == "首报（4小时）" and moved.due_at == at(21, 12)


def test_a_report_before_the_clock_started_does_not_complete_it():
    f = facts(level="III")
    clocks = reconcile(RULES, f, [report(1, "first", at(21, 10))], [], at(21, 10))
    [follow] = by_rule(clocks, FOLLOW)
    assert follow.open  # the first report started it; it cannot also complete it


@pytest.mark.parametrize(("now", "state", "text"), [
    (at(21, 10, 29, 59), ClockState.NORMAL, "00:30:01"),
    (at(21, 10, 30), ClockState.WARNING, "00:30:00"),
    (at(21, 10, 50), ClockState.URGENT, "00:10:00"),
    (at(21, 11), ClockState.URGENT, "00:00:00"),
    (at(21, 11, 12, 40), ClockState.OVERDUE, "超时 00:12:40"),
])
def test_clock_state_and_countdown_text(now, state, text):
    [clock] = reconcile(RULES, facts(), [], [], at(21, 9))
    got, remaining = clock_state(clock, now)
    assert got == state and format_remaining(remaining) == text


def test_alerts_only_the_latest_threshold_and_overdue_repeats_until_acknowledged():
    due = at(21, 11)
    assert latest_alert(due, at(21, 10, 29)) is None
    assert latest_alert(due, at(21, 10, 30)).key == "before:30"
    assert latest_alert(due, at(21, 10, 56)).key == "before:5"  # after a gap: one alert, the latest
    first = latest_alert(due, at(21, 11, 2))
    assert first.key == "overdue:0" and first.at == due  # the true breach time
    assert latest_alert(due, at(21, 11, 11)).key == "overdue:2"
    assert latest_alert(due, at(21, 11, 11), acknowledged_at=at(21, 11, 3)) is None
    assert latest_alert(due, at(21, 11, 11), acknowledged_at=at(21, 10, 50)).key == "overdue:2"


def test_alert_minutes_and_rule_validation():
    assert parse_alert_minutes("5，30、15") == (30, 15, 5)
    for bad in ("", "abc", "0", "30,-5"):
        with pytest.raises(ValueError):
            parse_alert_minutes(bad)
    problems = rule_problems(replace(FIRST, name=" ", limit_minutes=0, repeating=True, channel="pigeon"))
    assert set(problems) == {"name", "limit_minutes", "repeating", "channel"}
    assert rule_problems(FOLLOW) == {}
