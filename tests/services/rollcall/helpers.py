"""Units and a roll-call to work on, on the parametrised database."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from dutyroom.domain.vocabulary import RollCallKind, UnitKind
from dutyroom.services.records import UnitRecord

OFFICE = ZoneInfo("Asia/Shanghai")
UNIT_NAMES = ("东城街道", "西城街道", "南湖镇", "北山镇", "应急管理局")


def make_units(services, admin, names=UNIT_NAMES) -> list[int]:
    ids = []
    for n, name in enumerate(names, start=1):
        saved = services.units.save(admin, UnitRecord(name=name, kind=UnitKind.SUBORDINATE,
                                                      duty_phone=f"0571-8800{n:04d}", sort_order=n))
        ids.append(saved.id)
    return ids


def new_rollcall(services, actor, unit_ids, kind=RollCallKind.HOST):
    return services.rollcall.create_rollcall(actor, kind, datetime(2026, 11, 21, 9, 30, tzinfo=OFFICE), unit_ids)
