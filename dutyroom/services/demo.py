"""Demo data: a fictional district government's duty room, for trying the program and for screenshots.

Everything goes through the services (so the audit log shows it) and is the same on every run,
apart from the three account passwords, which are random and shown once.
Phone numbers are fictional: area code 0123 is not assigned in China, mobiles are 1390000xxxx/1380000xxxx.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from dataclasses import replace

from dutyroom.domain.vocabulary import PositionKind, Role, UnitKind
from dutyroom.errors import DutyRoomError
from dutyroom.services.calls.demo import seed_call_demo
from dutyroom.services.incidents.demo import seed_incident_demo
from dutyroom.services.records import SYSTEM_ACTOR, PersonRecord, UnitRecord, UserRecord
from dutyroom.services.roster.demo import seed_roster_demo

OFFICE_NAME = "临江区人民政府总值班室"
ISSUING_OFFICE = "临江区人民政府办公室"
AREA = "0123"

L, D, S = PositionKind.LEADER, PositionKind.OFFICER, PositionKind.STANDBY  # 带班, 值班, 备班

# (unit name, kind, four-digit exchange, address, [(name, title, position), ...])
UNITS: list[tuple[str, UnitKind, str, str, list[tuple[str, str, PositionKind]]]] = [
    ("青川市人民政府总值班室", UnitKind.UPPER, "6100", "青川市市府大道 1 号",
     [("罗志刚", "值班科科长", D), ("马晓东", "值班员", D)]),
    (OFFICE_NAME, UnitKind.OWN, "8210", "临江区滨江大道 88 号", [
        ("陈建国", "区长", L), ("李文华", "常务副区长", L), ("王海燕", "副区长", L), ("张志强", "副区长", L),
        ("刘振华", "区政府办公室主任", L), ("赵丽娟", "区政府办公室副主任", L),
        ("孙明", "值班科科长", D), ("周晓梅", "值班科副科长", D), ("吴磊", "科员", D), ("郑佳", "科员", D),
        ("冯涛", "科员", D), ("何雪", "科员", D), ("许浩", "科员", S), ("韩静", "科员", S),
    ]),
    ("区政府办公室秘书科", UnitKind.DEPARTMENT, "8211", "临江区滨江大道 88 号", [("黄斌", "秘书科科长", S)]),
    ("区政府办公室督查科", UnitKind.DEPARTMENT, "8212", "临江区滨江大道 88 号", [("高建军", "督查科科长", S)]),
    ("区政府办公室信息科", UnitKind.DEPARTMENT, "8213", "临江区滨江大道 88 号", [("林晓", "信息科科长", D)]),
    ("区应急管理局", UnitKind.SUBORDINATE, "8220", "临江区人民路 12 号", [("杨军", "局长", L), ("朱婷", "值班员", D)]),
    ("区公安分局", UnitKind.SUBORDINATE, "8230", "临江区公园路 3 号",
     [("梁勇", "指挥中心主任", L), ("宋杰", "值班员", D)]),
    ("区消防救援大队", UnitKind.SUBORDINATE, "8240", "临江区环城东路 56 号",
     [("唐亮", "大队长", L), ("谢宇", "值班员", D)]),
    ("区卫生健康局", UnitKind.SUBORDINATE, "8250", "临江区健康路 9 号", [("董慧", "局长", L), ("袁芳", "值班员", D)]),
    ("区水务局", UnitKind.SUBORDINATE, "8260", "临江区沿江路 21 号", [("曹刚", "局长", L), ("邓琳", "值班员", D)]),
    ("区交通运输局", UnitKind.SUBORDINATE, "8270", "临江区站前路 7 号", [("彭飞", "局长", L), ("曾敏", "值班员", D)]),
    ("区生态环境分局", UnitKind.SUBORDINATE, "8280", "临江区青山路 15 号",
     [("蒋波", "分局局长", L), ("蔡红", "值班员", D)]),
    ("区市场监督管理局", UnitKind.SUBORDINATE, "8290", "临江区商贸街 30 号",
     [("潘文", "局长", L), ("田甜", "值班员", D)]),
    ("区住房和城乡建设局", UnitKind.SUBORDINATE, "8300", "临江区建设路 18 号",
     [("范志远", "局长", L), ("余洁", "值班员", D)]),
    ("城关街道办事处", UnitKind.SUBORDINATE, "8310", "临江区城关正街 2 号",
     [("石磊", "主任", L), ("姜楠", "值班员", D)]),
    ("江北街道办事处", UnitKind.SUBORDINATE, "8320", "临江区江北大道 101 号",
     [("丁伟", "主任", L), ("魏娜", "值班员", D)]),
    ("新桥镇人民政府", UnitKind.SUBORDINATE, "8330", "临江区新桥镇振兴路 1 号",
     [("薛峰", "镇长", L), ("叶青", "值班员", D)]),
    ("白石镇人民政府", UnitKind.SUBORDINATE, "8340", "临江区白石镇白石街 8 号",
     [("阎鹏", "镇长", L), ("程丹", "值班员", D)]),
]

# username -> (role, the person the account belongs to)
ACCOUNTS = {"admin": (Role.ADMIN, "孙明"), "leader": (Role.LEADER, "刘振华"), "officer": (Role.OFFICER, "吴磊")}

_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")


def random_password(_username: str = "", length: int = 12) -> str:
    """Letters and digits (no look-alikes such as 0/O, 1/l), always both kinds."""
    while True:
        password = "".join(secrets.choice(_ALPHABET) for _ in range(length))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def seed_demo(services, *, password_source: Callable[[str], str] | None = None) -> dict[str, str]:
    """Fill an empty database with the demo office; returns {username: password} to show once."""
    if services.users.has_users() or services.units.list() or services.people.list():
        raise DutyRoomError("数据库中已有数据，不能再填充演示数据")
    make_password = password_source or random_password
    settings = services.settings.get()
    services.settings.save(SYSTEM_ACTOR, replace(settings, office_name=OFFICE_NAME,
                                                 issuing_office=ISSUING_OFFICE))
    person_ids: dict[str, int] = {}
    number = 0
    for order, (unit_name, kind, exchange, address, members) in enumerate(UNITS, start=1):
        unit = services.units.save(SYSTEM_ACTOR, UnitRecord(
            name=unit_name, kind=kind, duty_phone=f"{AREA}-{exchange}0110", fax=f"{AREA}-{exchange}0119",
            address=address, sort_order=order * 10))
        for index, (name, title, position) in enumerate(members, start=1):
            number += 1
            person = services.people.save(SYSTEM_ACTOR, PersonRecord(
                name=name, unit_id=unit.id, title=title, position_kind=position,
                office_phone=f"{AREA}-{exchange}{index:04d}",
                mobile=f"{'139' if number % 2 else '138'}0000{number:04d}"))
            person_ids[name] = person.id
    passwords = _create_accounts(services, person_ids, make_password)
    seed_roster_demo(services)  # rotations and a generated roster for this month and the next
    seed_incident_demo(services)  # incidents with clocks running, met and closed
    seed_call_demo(services)  # a month of the telephone log: follow-ups open and overdue, a recurring problem
    from dutyroom.services.rollcall.demo import seed_rollcall_demo

    seed_rollcall_demo(services)  # eight weeks of roll-calls, the upper level's, a spot check, 整改 open and closed
    from dutyroom.services.handover.demo import seed_handover_demo

    seed_handover_demo(services)  # four weeks of handovers: one late, one item dropped, one missed; entries, faults
    return passwords


def _create_accounts(services, person_ids: dict[str, int], make_password) -> dict[str, str]:
    passwords = {username: make_password(username) for username in ACCOUNTS}
    _, admin_person = ACCOUNTS["admin"]
    admin = services.users.create_first_admin("admin", passwords["admin"], admin_person)
    record = services.users.get(admin.user_id)
    services.users.save(admin, replace(record, person_id=person_ids[admin_person]))
    for username, (role, person_name) in ACCOUNTS.items():
        if username == "admin":
            continue
        record = UserRecord(username=username, role=role, person_id=person_ids[person_name],
                            display_name=person_name)
        services.users.save(admin, record, passwords[username])
    return passwords
