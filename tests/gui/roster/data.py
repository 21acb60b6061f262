"""A small office with a roster set up, for the roster page and on-duty panel tests."""

from __future__ import annotations

from datetime import date

from dutyroom.domain.vocabulary import PositionKind
from dutyroom.services.records import PersonRecord
from dutyroom.services.roster.records import RotationRecord, ShiftRecord

LEADERS = (("张局长", "13800000001"), ("陈处长", "13800000002"))
OFFICERS = (("李明", "13900000001"), ("王芳", "13900000002"), ("刘强", "13900000003"), ("赵敏", "13900000004"),
            ("孙伟", "13900000005"))


def the_shift(svc, admin) -> ShiftRecord:
    shifts = svc.roster.list_shifts()
    if shifts:
        return shifts[0]
    return svc.roster.save_shift(admin, ShiftRecord())


def set_up_office(svc, admin) -> dict[str, int]:
    """People and rotations (leaders and officers of the one 24-hour shift); returns name → person id."""
    ids: dict[str, int] = {}
    for kind, people in ((PositionKind.LEADER, LEADERS), (PositionKind.OFFICER, OFFICERS)):
        for name, mobile in people:
            ids[name] = svc.people.save(admin, PersonRecord(name=name, position_kind=kind, mobile=mobile)).id
    shift = the_shift(svc, admin)
    svc.roster.save_rotation(admin, RotationRecord(position=PositionKind.LEADER, shift_id=shift.id,
                                                   member_ids=[ids[n] for n, _ in LEADERS]))
    svc.roster.save_rotation(admin, RotationRecord(position=PositionKind.OFFICER, shift_id=shift.id,
                                                   member_ids=[ids[n] for n, _ in OFFICERS]))
    return ids


def generate(svc, admin, first: date, last: date) -> None:
    svc.roster.generate(admin, first, last)
