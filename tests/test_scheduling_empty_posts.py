"""空岗 checks of the scheduler with the fake clock: the night's presence checks (asked once, confirmed or
missed), an unconfirmed handover, and no rostered officer logged in; each new record tells the leader."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from dutyroom.domain.empty_post import night_window, presence_moments
from dutyroom.domain.vocabulary import EmptyPostKind
from dutyroom.errors import PermissionDenied, ValidationError
from dutyroom.scheduling import EMPTY_POST_JOB, PRESENCE_PROMPT_JOB, DutyScheduler
from dutyroom.services.empty_posts.records import HandoverAnswer
from tests.conftest import SHANGHAI
from tests.services.roster.test_service import office

NIGHT = date(2026, 11, 21)


def checker(services, **wiring) -> DutyScheduler:
    """The 空岗 checks alone; without `handover` wiring, as an office with no handover records to ask."""
    scheduler = DutyScheduler(services, register_defaults=False)
    scheduler.register_empty_post_jobs(**{"handover": lambda day, name: None, **wiring})
    return scheduler


@pytest.fixture
def heard(services):
    changes = []
    services.bus.subscribe(lambda change: changes.append(change) if change.kind in ("notice", "presence_check")
                           else None)
    return changes


def test_the_draw_is_reproducible_and_inside_the_night():
    from datetime import time

    first = presence_moments(NIGHT, time(22), time(6), 2, SHANGHAI, "secret")
    assert first == presence_moments(NIGHT, time(22), time(6), 2, SHANGHAI, "secret") and len(first) == 2
    lo, hi = night_window(NIGHT, time(22), time(6), SHANGHAI)
    assert all(lo < t < hi for t in first) and first[0] < first[1]
    assert presence_moments(NIGHT + timedelta(days=1), time(22), time(6), 2, SHANGHAI, "secret") != first
    # Without the office's secret the code alone does not give the times.
    assert presence_moments(NIGHT, time(22), time(6), 2, SHANGHAI, "another office") != first
    # Never two checks minutes apart, whatever the secret (a close pair made this file's other tests flaky).
    for n in range(300):
        moments = presence_moments(NIGHT, time(22), time(6), 3, SHANGHAI, f"office {n}")
        assert len(moments) == 3 and all(b - a >= timedelta(minutes=30) for a, b in zip(moments, moments[1:], strict=False))
        assert all(lo < t < hi for t in moments)


def test_the_draw_uses_the_office_secret_and_its_audit_record_lets_an_auditor_repeat_it(services, actors, clock):
    """The secret is made once, shared by every workstation and never shown; the audit record of the draw
    holds the other inputs and the secret's fingerprint, and the inputs with the secret give the same times."""
    from dutyroom.domain.empty_post import secret_fingerprint
    from dutyroom.services.empty_posts.presence import office_secret

    admin = actors[0]
    secret = office_secret(services.ctx)
    assert len(secret) == 64 and office_secret(services.ctx) == secret
    assert secret not in repr(services.settings.get())
    clock.set(datetime(2026, 11, 21, 21, 0, tzinfo=SHANGHAI))
    checker(services).check_due()
    drawn_nights = [e for e in services.audit.page(admin, 0, 50) if e.entity_kind == "presence_check"]
    assert sorted(e.entity_id for e in drawn_nights) == ["night:2026-11-21"]  # tonight (last night is over)
    [entry] = [e for e in drawn_nights if e.entity_id == "night:2026-11-21"]
    assert secret not in repr(entry)
    inputs = entry.after
    assert inputs["secret_fingerprint"] == secret_fingerprint(secret) and inputs["window"] == "22:00–06:00"
    drawn = presence_moments(date.fromisoformat(inputs["day"]), time(22), time(6), inputs["count"], SHANGHAI, secret)
    assert inputs["moments"] == "、".join(f"{m.astimezone(SHANGHAI):%m-%d %H:%M}" for m in drawn)
    assert [c.due_at for c in services.empty_posts.pending_presence(drawn[-1])] == [drawn[-1]]
    assert checker(services).check_due() == []  # a second workstation draws nothing more and audits nothing more
    assert len([e for e in services.audit.page(admin, 0, 50) if e.entity_kind == "presence_check"]) == 1


def test_a_confirmed_check_is_quiet_and_a_missed_one_is_an_empty_post(services, actors, clock, heard):
    _, leader, officer = actors
    asked_at, later = services.empty_posts.presence_draw(NIGHT)
    clock.set(datetime(2026, 11, 21, 21, 0, tzinfo=SHANGHAI))
    scheduler = checker(services)
    assert scheduler.check_due() == []  # planned, nothing asked yet
    clock.set(asked_at + timedelta(seconds=30))
    [asked] = scheduler.check_due()
    assert asked.job == PRESENCE_PROMPT_JOB
    [prompt] = [c for c in heard if c.kind == "presence_check"]
    assert "前确认在岗" in prompt.message
    assert checker(services).check_due() == []  # another workstation (or a restart) does not ask again
    services.empty_posts.confirm_presence(officer, int(prompt.id))
    clock.set(asked_at + timedelta(minutes=10))
    assert scheduler.check_due() == [] and services.empty_posts.list() == []

    clock.set(later + timedelta(minutes=1))
    scheduler.check_due()
    clock.set(later + timedelta(minutes=6))  # nobody answered within 5 minutes
    outcomes = scheduler.check_due()
    [post] = services.empty_posts.list()
    assert post.kind == EmptyPostKind.PRESENCE_MISSED and post.at == later and post.shift_name == "全天班"
    assert [o.job for o in outcomes] == [EMPTY_POST_JOB]
    notice = [c for c in heard if c.kind == "notice"][-1]
    assert notice.audience == "leader" and "在岗确认未应答" in notice.message
    with pytest.raises(ValidationError):
        services.empty_posts.confirm_presence(officer, int(prompt.id) + 1)  # too late to answer now
    assert checker(services).check_due() == [] and len(services.empty_posts.list()) == 1  # recorded once

    # The officer explains, the leader closes; closed means kept as it was.
    explained = services.empty_posts.explain(officer, post.id, post.version, "巡查值班设备，未听到提示音")
    with pytest.raises(PermissionDenied):
        services.empty_posts.close(officer, explained.id, explained.version)
    closed = services.empty_posts.close(leader, explained.id, explained.version)
    assert closed.closed_by == "李带班" and closed.explanation == "巡查值班设备，未听到提示音"
    with pytest.raises(ValidationError):
        services.empty_posts.explain(officer, closed.id, closed.version, "改一下")
    assert services.empty_posts.month_counts(2026, 11)[EmptyPostKind.PRESENCE_MISSED] == 1


def test_checks_switched_off_do_nothing(services, actors, clock):
    admin = actors[0]
    services.settings.save(admin, replace(services.settings.get(), empty_post_checks=False))
    clock.set(datetime(2026, 11, 22, 5, 59, tzinfo=SHANGHAI))
    assert checker(services).check_due() == [] and services.empty_posts.list() == []


def test_an_unconfirmed_handover_opens_an_empty_post_with_who_was_rostered(services, actors, clock, heard):
    admin = actors[0]
    office(services)
    services.roster.generate(admin, date(2026, 11, 1), date(2026, 11, 30))
    answers = {(NIGHT, "全天班"): HandoverAnswer(False)}
    scheduler = checker(services, handover=lambda day, name: answers.get((day, name)))
    clock.set(datetime(2026, 11, 21, 8, 59, tzinfo=SHANGHAI))  # 29 minutes after 08:30
    assert scheduler.check_due() == []
    clock.set(datetime(2026, 11, 21, 9, 0, tzinfo=SHANGHAI))
    scheduler.check_due()
    [post] = services.empty_posts.list()
    assert post.kind == EmptyPostKind.HANDOVER_UNCONFIRMED and post.duty_date == NIGHT
    assert post.rostered and "08:30" in post.detail
    assert any("接班未确认" in c.message for c in heard if c.kind == "notice")
    clock.advance(minutes=5)
    assert scheduler.check_due() == []  # once per shift
    # A handover confirmed in time the next day: nothing.
    answers[(NIGHT + timedelta(days=1), "全天班")] = HandoverAnswer(
        True, datetime(2026, 11, 22, 8, 40, tzinfo=SHANGHAI))
    clock.set(datetime(2026, 11, 22, 9, 30, tzinfo=SHANGHAI))
    scheduler.check_due()  # (the night's presence checks, unanswered across the jump, are recorded too)
    assert [p.duty_date for p in services.empty_posts.list()
            if p.kind == EmptyPostKind.HANDOVER_UNCONFIRMED] == [NIGHT]


def rostered(services, clock, actors):
    """The officer account linked to the last person rostered now, and an account of the same display name
    that is linked to nobody."""
    admin, _, officer = actors
    office(services)
    services.roster.generate(admin, date(2026, 11, 1), date(2026, 11, 30))
    _, _, names = services.empty_posts.rostered_at(clock.now())
    [person] = [p for p in services.people.list() if p.name == names[-1]]
    return replace(officer, display_name=person.name, person_id=person.id), replace(officer, display_name=person.name)


def test_no_rostered_officer_logged_in_for_too_long(services, actors, clock):
    on_duty, _ = rostered(services, clock, actors)
    at_desk = {"actor": on_duty}
    scheduler = checker(services, logged_in=lambda: at_desk["actor"])
    assert scheduler.check_due() == []
    at_desk["actor"] = None  # locked, or nobody logged in
    scheduler.check_due()
    clock.advance(minutes=59)
    assert scheduler.check_due() == []
    clock.advance(minutes=1)
    scheduler.check_due()
    [post] = services.empty_posts.list()
    assert post.kind == EmptyPostKind.NO_OFFICER and post.at == datetime(2026, 11, 21, 9, 0, tzinfo=SHANGHAI)
    clock.advance(minutes=30)
    scheduler.check_due()
    assert len(services.empty_posts.list()) == 1
    at_desk["actor"] = on_duty
    clock.advance(minutes=1)
    assert scheduler.check_due() == []


def test_the_roster_is_matched_by_person_not_by_display_name(services, actors, clock):
    """An account that only bears a rostered person's name is not that person: the post counts as empty."""
    _, namesake = rostered(services, clock, actors)
    scheduler = checker(services, logged_in=lambda: namesake)
    scheduler.check_due()
    clock.advance(minutes=60)
    scheduler.check_due()
    assert [p.kind for p in services.empty_posts.list()] == [EmptyPostKind.NO_OFFICER]


def test_two_workstations_and_a_restart_count_one_absence(services, actors, clock):
    """The officer logged in at one workstation keeps the post staffed for the other; once they leave, a
    workstation restarted half-way still counts from when they were last seen, and the absence is one record."""
    on_duty, _ = rostered(services, clock, actors)
    desk = {"actor": on_duty}
    duty_desk = checker(services, logged_in=lambda: desk["actor"])
    leader_desk = checker(services, logged_in=lambda: None)  # a second workstation, nobody logged in
    for _ in range(5):
        duty_desk.check_due()
        clock.advance(minutes=30)
        assert leader_desk.check_due() == []
    left = clock.now().replace(second=0, microsecond=0) - timedelta(minutes=30)
    desk["actor"] = None
    clock.advance(minutes=20)
    duty_desk.check_due()
    restarted = checker(services, logged_in=lambda: None)  # the duty workstation again, after a restart
    clock.advance(minutes=9)  # 59 minutes since the officer was last seen
    assert restarted.check_due() == [] and leader_desk.check_due() == []
    clock.advance(minutes=1)
    found = restarted.check_due() + leader_desk.check_due()
    assert [o.job for o in found] == [EMPTY_POST_JOB]
    [post] = services.empty_posts.list()
    assert post.kind == EmptyPostKind.NO_OFFICER and post.at == left


def test_wired_to_the_handover_area(services, actors, clock):
    """The real question to services.handover: the handover into 22 Nov confirmed at 08:20 is fine; the one
    into 23 Nov, never confirmed, is an empty post half an hour after 08:30."""
    from tests.conftest import PASSWORD
    from tests.services.handover.helpers import DAY1, at_handover_of, key, staff

    admin = actors[0]
    people = staff(services, admin)
    scheduler = DutyScheduler(services, register_defaults=False)
    scheduler.register_empty_post_jobs()  # the default wiring: services.handover answers
    at_handover_of(clock, DAY1)
    services.handover.hand_over(people["sunming"], DAY1, "zhouxm", PASSWORD, [])
    at_handover_of(clock, DAY1, minutes=45)
    scheduler.check_due()
    assert [p for p in services.empty_posts.list() if p.kind == EmptyPostKind.HANDOVER_UNCONFIRMED] == []
    at_handover_of(clock, key(22), minutes=31)
    scheduler.check_due()
    [late] = [p for p in services.empty_posts.list() if p.kind == EmptyPostKind.HANDOVER_UNCONFIRMED]
    assert late.duty_date == date(2026, 11, 23) and "吴磊" in late.rostered
