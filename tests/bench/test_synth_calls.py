"""The synthetic call log reads as the program's own: the service's sort keys, dates and search index.

The benchmarks' figures mean something only if the generated million calls are what the service
would have written; these tests generate a few hundred on each database and read them back through
the service.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import timedelta

import pytest

from bench.synth import SynthContext, make_calls
from dutyroom.domain.localtime import to_local
from dutyroom.domain.vocabulary import CallOutcome, FollowUpKind, FollowUpStatus
from dutyroom.services.calls.records import CallFilter, CallRecord
from dutyroom.store import call_search

N = 400


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def _generate(services) -> list[CallRecord]:
    ctx = SynthContext(services=services, rng=random.Random(5))
    assert make_calls(ctx, N) == N
    first = to_local(ctx.start, "Asia/Shanghai").date()
    return services.calls.between(first, to_local(ctx.now, "Asia/Shanghai").date())


def _found(services, query: str) -> set[int]:
    return {r.id for r in services.calls.page(CallFilter(text=query), 0, N + 10)}


def _containing(records: list[CallRecord], word: str) -> set[int]:
    return {r.id for r in records if any(_norm(word) in _norm(t) for t in call_search.searchable_texts(r))}


def test_generated_calls_have_the_services_keys_and_dates(services):
    records = _generate(services)
    assert len(records) == N == services.calls.count(CallFilter())
    rows = services.calls.page(CallFilter(), 0, N)
    keys = [r.sort_key for r in rows]
    assert keys == sorted(keys, reverse=True) and len(set(keys)) == N
    assert all(r.sort_key // call_search.SLOTS == int(r.started_at.timestamp()) for r in rows)
    # The office-local days of five years hold every call: statistics count them all.
    days = sorted({to_local(r.started_at, "Asia/Shanghai").date() for r in records})
    assert services.calls.stats(days[0], days[-1]).total == N
    # Duty dates follow the 08:30 handover, as the service sets them.
    for r in records[:50]:
        local = to_local(r.started_at, "Asia/Shanghai")
        assert r.duty_date == (local - timedelta(hours=8, minutes=30)).date()


def test_generated_search_index_matches_the_text(services):
    records = _generate(services)
    person = next(r.caller_name for r in records if len(r.caller_name) >= 2)
    digits = next(r.caller_number for r in records if r.caller_number.startswith("1"))[-4:]
    for word in ("停水", "噪音扰民", "反馈", person, digits):
        expected = _containing(records, word)
        assert _found(services, word) == expected, word
    assert _found(services, "停水") and _found(services, person)


def test_a_call_saved_after_generation_joins_the_same_index(services, actors):
    records = _generate(services)
    _admin, leader, officer = actors
    saved = services.calls.create(officer, CallRecord(
        started_at=services.clock.now(), summary="城东花园停水两天，请求尽快恢复供水", outcome=CallOutcome.ANSWERED,
        outcome_note="已一次性告知", caller_number="13900001111"))
    found = services.calls.page(CallFilter(text="停水"), 0, 5)
    assert found[0].id == saved.id
    # Deleting a generated call removes it from the index its generator wrote.
    victim = next(r for r in records if r.id in _containing(records, "停水"))
    services.calls.delete(leader, victim.id, victim.version)
    assert victim.id not in _found(services, "停水")


def test_assigned_calls_carry_a_consistent_follow_up(services):
    records = _generate(services)
    assigned = [r for r in records if r.outcome == CallOutcome.ASSIGNED]
    assert assigned, "a realistic log hands some calls to other units"
    for r in assigned:
        assert r.assigned_unit and r.due_on is not None and r.follow_status is not None
        kinds = [f.kind for f in r.follow_ups]
        if r.follow_status == FollowUpStatus.CLOSED:
            assert r.closed_at is not None and FollowUpKind.CLOSE in kinds and r.feedback
        else:
            assert r.closed_at is None and FollowUpKind.CLOSE not in kinds
    unassigned = [r for r in records if r.outcome != CallOutcome.ASSIGNED]
    assert all(r.follow_status is None and not r.follow_ups for r in unassigned)


def test_old_follow_ups_and_instructions_are_closed_as_the_services_close_them(services, actors):
    """An office closes its 转办 and carries out its instructions within weeks: past a month nothing stays
    open, so the open set (the handover's proposals, the ledger's open rows) does not grow with history."""
    from bench.synth_closing import OPEN_DAYS
    from dutyroom.domain.vocabulary import InstructionStatus
    from dutyroom.errors import ValidationError

    ctx = SynthContext(services=services, rng=random.Random(11), history=timedelta(days=90))
    assert make_calls(ctx, 3000) == 3000
    month_ago = ctx.now - timedelta(days=OPEN_DAYS + 1)
    calls = services.calls.between(to_local(ctx.start, "Asia/Shanghai").date(),
                                   to_local(ctx.now, "Asia/Shanghai").date())
    assigned = [r for r in calls if r.outcome == CallOutcome.ASSIGNED]
    old = [r for r in assigned if r.started_at < month_ago]
    assert old and all(r.follow_status == FollowUpStatus.CLOSED and r.closed_at for r in old)
    assert any(r.follow_status != FollowUpStatus.CLOSED for r in assigned if r.started_at >= month_ago)
    assert all(r.started_at >= month_ago for r in services.calls.follow_ups())

    given = services.instructions.list(limit=10_000)
    old = [i for i in given if i.given_at < month_ago]
    assert old and all(i.status == InstructionStatus.DONE for i in old)
    assert all(i.feedback and i.done_at and i.passed_to for i in old)  # 已落实 with its feedback, passed on
    opened = services.instructions.list(open_only=True, limit=10_000)
    assert opened and all(i.given_at >= month_ago and i.status != InstructionStatus.DONE for i in opened)
    # Closed the service's way: a done instruction is frozen, an open one still takes feedback.
    _admin, _leader, officer = actors
    done = old[0]
    with pytest.raises(ValidationError):
        services.instructions.add_feedback(officer, done.id, done.version, "再次反馈")
    fed = services.instructions.add_feedback(officer, opened[0].id, opened[0].version, "已落实", done=True)
    assert fed.status == InstructionStatus.DONE
