"""Roll-call rules: presence rate, answer times with 复呼, the reproducible draw, plan dates, ranking."""

from datetime import date, datetime, time, timedelta, timezone

import pytest

from dutyroom.domain import rollcall as rc
from dutyroom.domain.vocabulary import HolidayRule, RollCallKind, RollCallResult

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)
P, A, F, E, N = (RollCallResult.PRESENT, RollCallResult.ABSENT, RollCallResult.EQUIPMENT_FAULT,
                 RollCallResult.EXCUSED, RollCallResult.NO_ANSWER)


def at(seconds):
    return T0 + timedelta(seconds=seconds)


def test_presence_rate_counts_excused_units_as_called_but_not_present():
    attempts = [rc.Attempt("甲", 1, P, at(0), at(20)), rc.Attempt("乙", 1, E, at(30), at(45)),
                rc.Attempt("丙", 1, A, at(60), at(200)), rc.Attempt("丁", 1, P, at(300), at(310))]
    t = rc.tally(attempts, limit=60)
    assert (t.units, t.called, t.present, t.excused) == (4, 4, 2, 1)
    assert t.presence_rate == 0.5 and rc.rate_text(t.presence_rate) == "50.0%"
    assert t.slow == ("丙",)  # 140 s against a 60 s limit
    assert t.slowest_unit == "丙" and t.slowest_seconds == 140
    assert t.average_seconds == pytest.approx((20 + 15 + 140 + 10) / 4)


def test_recall_result_counts_and_both_attempts_are_kept():
    attempts = [rc.Attempt("甲", 1, N, at(0), None), rc.Attempt("乙", 1, F, at(10), None),
                rc.Attempt("丙", 1, P, at(20), at(30))]
    assert rc.units_to_recall(attempts) == ["甲", "乙"]
    attempts += [rc.Attempt("甲", 2, P, at(100), at(130)), rc.Attempt("乙", 2, None, None, None)]
    assert rc.units_to_recall(attempts) == []  # offered once, never twice
    t = rc.tally(attempts)
    finals = rc.final_attempts(attempts)
    assert finals["甲"].attempt == 2 and finals["乙"].attempt == 1  # an unmarked recall keeps the first result
    assert (t.present, t.counts[F], t.counts[N], t.recalled) == (2, 1, 0, 2)
    assert rc.answer_seconds(finals["甲"].called_at, finals["甲"].answered_at) == 30


def test_empty_roll_call_has_no_rate():
    t = rc.tally([])
    assert t.presence_rate is None and rc.rate_text(None) == "—" and t.average_seconds is None


def candidates():
    return [rc.Candidate(i, f"单位{i}", days) for i, days in enumerate([0, 3, 7, 14, 30, None, 2, 60], start=1)]


def test_same_seed_and_list_give_the_same_draw():
    first = rc.draw_units(20261202, candidates(), 3)
    assert first == rc.draw_units(20261202, candidates(), 3)
    assert len({c.unit_id for c in first}) == 3
    assert rc.draw_units(20261203, candidates(), 3) != first or rc.draw_units(7, candidates(), 3) != first


def test_units_not_checked_for_longer_are_drawn_more_often():
    pool = [rc.Candidate(1, "昨天查过", 1), rc.Candidate(2, "从未查过", None)]
    wins = sum(rc.draw_units(seed, pool, 1)[0].unit_id == 2 for seed in range(2000))
    assert wins > 1800  # weights 1.14 against 53: the long-unchecked unit wins almost always
    assert rc.draw_weight(None) > rc.draw_weight(30) > rc.draw_weight(0) == 1.0


def test_spot_time_lies_in_a_window_across_midnight_and_repeats():
    moment = rc.draw_time(5, date(2026, 12, 31), time(21, 0), time(6, 0))
    assert datetime(2026, 12, 31, 21, 0) <= moment < datetime(2027, 1, 1, 6, 0)
    assert moment == rc.draw_time(5, date(2026, 12, 31), time(21, 0), time(6, 0))
    assert rc.window_minutes(time(21, 0), time(6, 0)) == 540
    with pytest.raises(ValueError):
        rc.draw_time(5, date(2026, 12, 31), time(21, 0), time(21, 0))


def test_weekly_plan_across_a_month_end():
    plan = rc.PlanSpec(RollCallKind.HOST, time(9, 30), weekday=0)
    got = rc.occurrences(plan, date(2026, 11, 20), date(2026, 12, 10))
    assert got == [datetime(2026, 11, 23, 9, 30), datetime(2026, 11, 30, 9, 30), datetime(2026, 12, 7, 9, 30)]


def test_biweekly_plan_counts_from_its_anchor():
    plan = rc.PlanSpec(RollCallKind.UPPER, time(15, 0), anchor_day=date(2026, 11, 5), interval_days=14)
    got = rc.occurrences(plan, date(2026, 11, 1), date(2026, 12, 31))
    assert [d.date() for d in got] == [date(2026, 11, 5), date(2026, 11, 19), date(2026, 12, 3),
                                       date(2026, 12, 17), date(2026, 12, 31)]
    assert rc.occurrences(plan, date(2026, 11, 20), date(2026, 12, 2)) == []


def test_holiday_rule_skips_or_moves_to_the_next_workday():
    # 2026 National Day: 1–7 October off, Saturday 10 October worked (调休上班).
    holidays = {date(2026, 10, d): True for d in range(1, 8)} | {date(2026, 10, 10): False}
    weekly = rc.PlanSpec(RollCallKind.HOST, time(9, 0), weekday=0)  # Monday 5 October is a holiday
    assert rc.occurrences(weekly, date(2026, 10, 5), date(2026, 10, 5), holidays) == [datetime(2026, 10, 5, 9, 0)]
    skip = rc.PlanSpec(RollCallKind.HOST, time(9, 0), weekday=0, holiday_rule=HolidayRule.SKIP)
    assert rc.occurrences(skip, date(2026, 10, 1), date(2026, 10, 12), holidays) == [datetime(2026, 10, 12, 9, 0)]
    move = rc.PlanSpec(RollCallKind.HOST, time(9, 0), weekday=0, holiday_rule=HolidayRule.NEXT_WORKDAY)
    got = rc.occurrences(move, date(2026, 10, 1), date(2026, 10, 7), holidays)
    assert got == [datetime(2026, 10, 8, 9, 0)]  # the first working day after the holiday


def test_spot_plan_draws_one_time_per_occurrence_in_its_window():
    plan = rc.PlanSpec(RollCallKind.SPOT, time(0, 0), anchor_day=date(2026, 11, 1), interval_days=7,
                       window_start=time(21, 0), window_end=time(6, 0))
    got = rc.occurrences(plan, date(2026, 11, 1), date(2026, 11, 30), seed=9)
    assert len(got) == 5 and got == rc.occurrences(plan, date(2026, 11, 1), date(2026, 11, 30), seed=9)
    for moment, day in zip(got, (1, 8, 15, 22, 29), strict=True):
        assert datetime(2026, 11, day, 21) <= moment < datetime(2026, 11, day, 21) + timedelta(hours=9)


def fig(unit, called, present, answered=0, seconds=0):
    return rc.UnitFigures(unit, called, present, called - present, 0, 0, 0, 0, answered, seconds)


def test_ranking_by_presence_then_answer_time_with_shared_ranks():
    rows = rc.ranked([fig("甲", 4, 3, 4, 200), fig("乙", 4, 4, 4, 400), fig("丙", 4, 3, 4, 200),
                      fig("丁", 4, 3, 4, 100), fig("戊", 0, 0)])
    assert [(rank, f.unit) for rank, f in rows] == [(1, "乙"), (2, "丁"), (3, "丙"), (3, "甲"), (5, "戊")]
