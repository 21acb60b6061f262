"""Whatever an officer types or pastes into a call, the service saves it cleanly or says why in Chinese."""

import re
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dutyroom.domain.bigrams import query_runs
from dutyroom.domain.validation import clean_text
from dutyroom.domain.vocabulary import CallOutcome, FollowUpStatus
from dutyroom.errors import ValidationError
from dutyroom.services.calls.records import CallFilter, CallRecord
from tests.conftest import PASSWORD, make_accounts

CJK = re.compile(r"[\u4e00-\u9fff]")
nasty = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="停水幸福小区路灯 ，。\n\t\x00\x07\x1b'\";-%_*", max_size=80),
    st.sampled_from(["'; DROP TABLE call; --", "\" OR 1=1 --", "停水' AND 1=1", "NEAR(停水 供暖)", "停水*",
                     "\x00\x01\x1f", "　", "𠀀𪚥", "停" * 5001, "停" * (1 << 20), "", " \r\n "]),
)
# Each field is usually plausible and sometimes hostile, so both outcomes (saved, refused) are explored.
summaries = st.one_of(st.text(min_size=1, max_size=300), st.text(alphabet="停水幸福小区路灯京A12 ，。", min_size=2), nasty)
short = st.one_of(st.text(max_size=20), st.text(alphabet="刘王先生女士区水务局", min_size=1, max_size=8), nasty)
numbers = st.one_of(st.sampled_from(["", "13900001234", "０１２３-８２６０ ０１１０", "(0123)82600110转123"]),
                    st.from_regex(r"[0-9０-９ \-()转]{3,20}", fullmatch=True), nasty)
minutes = st.integers(min_value=-10 * 365 * 24 * 60, max_value=5)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(summary=summaries, name=short, number=numbers, note=short,
       category=st.sampled_from(["咨询", "求助", "投诉", "咨询", "闲聊"]),
       outcome=st.sampled_from([*CallOutcome, CallOutcome.ANSWERED, CallOutcome.ASSIGNED, "bogus"]), start=minutes,
       length=st.one_of(st.none(), st.integers(min_value=0, max_value=600), st.integers(min_value=-120, max_value=0)),
       due=st.one_of(st.none(), st.integers(min_value=0, max_value=30), st.integers(min_value=-30, max_value=0)),
       status=st.sampled_from([None, *FollowUpStatus]))
def test_any_call_is_saved_cleanly_or_refused_in_chinese(fresh_services, clock, summary, name, number, note, category,
                                                         outcome, start, length, due, status):
    with fresh_services() as services:
        make_accounts(services)
        officer = services.users.login("officer", PASSWORD)
        now = clock.now()
        started = now + timedelta(minutes=start)
        record = CallRecord(started_at=started, summary=summary, outcome=outcome, category=category, caller_name=name,
                            caller_number=number, outcome_note=note, assigned_unit=name,
                            ended_at=None if length is None else started + timedelta(seconds=length),
                            due_on=None if due is None else date(2026, 11, 21) + timedelta(days=due),
                            follow_status=status)
        try:
            saved = services.calls.create(officer, record)
        except ValidationError as exc:
            assert exc.fields and all(CJK.search(m) for m in exc.fields.values())
            return
        got = services.calls.get(saved.id)
        assert got == saved
        assert got.summary == clean_text(summary, multiline=True) and got.caller_name == clean_text(name)
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", got.summary + got.caller_name + got.outcome_note)
        assert (got.follow_status is not None) == (got.outcome == CallOutcome.ASSIGNED)
        runs = query_runs(got.summary)
        if runs:
            found = services.calls.page(CallFilter(text=runs[0][:6], date_from=got.duty_date - timedelta(days=1),
                                                   date_to=got.duty_date + timedelta(days=1)), 0, 500)
            assert saved.id in [r.id for r in found]
