"""People with accounts on the roster, and a handover between two shifts, on the parametrised database."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dutyroom.domain.vocabulary import PositionKind, Role
from dutyroom.services.handover.records import ShiftKey
from dutyroom.services.records import PersonRecord, UserRecord
from tests.conftest import PASSWORD

OFFICE = ZoneInfo("Asia/Shanghai")
DAY1 = ShiftKey(date(2026, 11, 21), "全天班")  # the `clock` fixture starts at 09:00 in this shift


def key(day: int) -> ShiftKey:
    return ShiftKey(date(2026, 11, day), "全天班")


def staff(services, admin):
    """Officers 孙明, 周晓梅, 吴磊 and leader 陈建国, each with an account; the roster puts 孙明 on the 21st,
    周晓梅 on the 22nd, 吴磊 on the 23rd and 24th, 陈建国 leading every day. Returns {username: Actor}."""
    shift_id = services.roster.list_shifts()[0].id
    people = {}
    for username, name, position, role in (("sunming", "孙明", PositionKind.OFFICER, Role.OFFICER),
                                           ("zhouxm", "周晓梅", PositionKind.OFFICER, Role.OFFICER),
                                           ("wulei", "吴磊", PositionKind.OFFICER, Role.OFFICER),
                                           ("chenjg", "陈建国", PositionKind.LEADER, Role.LEADER)):
        person = services.people.save(admin, PersonRecord(name=name, position_kind=position))
        services.users.save(admin, UserRecord(username=username, role=role, person_id=person.id,
                                              display_name=name), PASSWORD)
        people[username] = person.id
    for day, who in ((21, "sunming"), (22, "zhouxm"), (23, "wulei"), (24, "wulei")):
        services.roster.assign(admin, date(2026, 11, day), shift_id, PositionKind.OFFICER, 0, people[who])
        services.roster.assign(admin, date(2026, 11, day), shift_id, PositionKind.LEADER, 0, people["chenjg"])
    return {username: services.users.login(username, PASSWORD) for username in people}


def at_handover_of(clock, shift: ShiftKey, minutes: int = -20) -> None:
    """Move the fake clock to `minutes` around the end (08:30 next day) of a 24-hour shift."""
    end = datetime.combine(shift.day + timedelta(days=1), datetime.min.time(), tzinfo=OFFICE) + timedelta(hours=8,
                                                                                                           minutes=30)
    clock.set(end + timedelta(minutes=minutes))
