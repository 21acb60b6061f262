"""A roster calendar that follows a 调班 (issue 13 item 20): the same UIDs, a SEQUENCE that grows with every
export, the shift a person was swapped out of cancelled in their calendar, an optional reminder, and UIDs of
one office that never meet another office's. Files are read back as a calendar program reads them."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

from dutyroom.services.roster.export import calendar_shifts, roster_to_ics, uid_domain
from tests.services.roster.test_changes import O, december
from tests.services.roster.test_export import _events, _unescape, _unfold

FIRST, LAST = date(2026, 12, 1), date(2026, 12, 31)


def export(services, person_id=None, name="", **kw) -> bytes:
    out = io.BytesIO()
    shifts, released = calendar_shifts(services.roster, FIRST, LAST, person_id, name)
    settings = services.settings.get()
    roster_to_ics(shifts, out, office_name=settings.office_name, stamp=services.clock.now(), person_id=person_id,
                  time_zone=settings.time_zone, released=released, **kw)
    return out.getvalue()


def by_day(data: bytes) -> dict[str, dict[str, str]]:
    return {e["DTSTART"][:8]: e for e in _events(data)}


def test_after_a_swap_the_new_export_updates_both_calendars(services, actors, clock):
    _, leader, _ = actors
    _, _, cells = december(services)
    a, b = cells[(date(2026, 12, 2), O)], cells[(date(2026, 12, 4), O)]
    before_mine = by_day(export(services, a.person_id, a.person_name))
    before_all = by_day(export(services))
    assert "20261202" in before_mine and "20261204" not in before_mine

    clock.advance(minutes=5)
    services.roster.swap(leader, a.id, b.id, reason="家中有事")
    mine = by_day(export(services, a.person_id, a.person_name))
    everyone = by_day(export(services))

    gone = mine["20261202"]  # the same event as before, now cancelled: the calendar removes it
    assert gone["UID"] == before_mine["20261202"]["UID"]
    assert gone["STATUS"] == "CANCELLED" and int(gone["SEQUENCE"]) > int(before_mine["20261202"]["SEQUENCE"])
    assert mine["20261204"]["STATUS"] == "CONFIRMED"  # the shift taken in exchange
    day = everyone["20261202"]  # the office's calendar: the same event, the other officer, a newer version
    assert day["UID"] == before_all["20261202"]["UID"]
    assert int(day["SEQUENCE"]) > int(before_all["20261202"]["SEQUENCE"])
    assert b.person_name in _unescape(day["SUMMARY"]) and a.person_name not in _unescape(day["SUMMARY"])
    theirs = by_day(export(services, b.person_id, b.person_name))
    assert theirs["20261204"]["STATUS"] == "CANCELLED" and theirs["20261202"]["STATUS"] == "CONFIRMED"


def test_an_undone_swap_cancels_nothing(services, actors, clock):
    _, leader, _ = actors
    _, _, cells = december(services)
    a, b = cells[(date(2026, 12, 2), O)], cells[(date(2026, 12, 4), O)]
    change = services.roster.swap(leader, a.id, b.id)
    services.roster.undo_change(leader, change.id)
    events = _events(export(services, a.person_id, a.person_name))
    assert events and all(e["STATUS"] == "CONFIRMED" for e in events)


def test_a_reminder_is_added_only_when_asked(services, actors):
    _, _, cells = december(services)
    person = cells[(date(2026, 12, 2), O)]
    plain = export(services, person.person_id, person.person_name)
    assert "BEGIN:VALARM" not in _unfold(plain)
    reminded = _unfold(export(services, person.person_id, person.person_name, remind_minutes=60))
    events = reminded.count("BEGIN:VEVENT")
    assert events > 0 and reminded.count("BEGIN:VALARM") == events
    assert reminded.count("TRIGGER:-PT60M") == events and reminded.count("ACTION:DISPLAY") == events


def test_uids_belong_to_the_office(services, actors):
    admin = actors[0]
    december(services)
    mine = _events(export(services))
    settings = services.settings.get()
    assert all(e["UID"].endswith("@" + uid_domain(settings.office_name)) for e in mine)
    services.settings.save(admin, replace(settings, office_name="另一个区人民政府总值班室"))
    theirs = _events(export(services))
    assert not {e["UID"] for e in mine} & {e["UID"] for e in theirs}
    assert all(e["UID"].isascii() for e in mine + theirs)
