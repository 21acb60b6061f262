"""Demo data: a believable district duty room, only into an empty database, passwords shown once."""

from __future__ import annotations

from collections import Counter

import pytest

from dutyroom.domain.vocabulary import PositionKind, Role, UnitKind
from dutyroom.errors import DutyRoomError
from dutyroom.services.demo import random_password, seed_demo
from dutyroom.services.records import UnitRecord
from dutyroom.services.users import password_problem


def fixed_password(username: str) -> str:
    return f"{username}Demo2026"


def test_demo_fills_an_empty_database_through_the_services(services):
    passwords = seed_demo(services, password_source=fixed_password)

    assert passwords == {name: fixed_password(name) for name in ("admin", "leader", "officer")}
    settings = services.settings.get()
    assert (settings.office_name, settings.issuing_office) == ("临江区人民政府总值班室", "临江区人民政府办公室")
    units = services.units.list()
    kinds = Counter(u.kind for u in units)
    assert kinds[UnitKind.UPPER] == 1 and kinds[UnitKind.OWN] == 1
    assert kinds[UnitKind.SUBORDINATE] >= 10 and kinds[UnitKind.DEPARTMENT] >= 2
    assert all(u.duty_phone and u.fax and u.address for u in units)
    people = services.people.list()
    assert len(people) >= 30
    assert {p.position_kind for p in people} == set(PositionKind)
    assert len({p.mobile for p in people}) == len(people)
    assert all(p.mobile.startswith(("139", "138")) and p.unit_id for p in people)
    assert {"区长", "副区长", "值班科科长", "科员"} <= {p.title for p in people}

    by_id = {p.id: p for p in people}
    for user in services.users.list():
        actor = services.users.login(user.username, passwords[user.username])
        assert actor.role == Role(user.username)
        assert by_id[user.person_id].name == user.display_name
    admin = services.users.login("admin", passwords["admin"])
    assert services.audit.verify().ok
    assert services.audit.count(admin) >= len(units) + len(people) + 3


def test_demo_is_the_same_every_time_apart_from_passwords(services, tmp_path, clock):
    from dutyroom.app import open_services

    seed_demo(services, password_source=fixed_password)
    other = open_services(tmp_path / "second.sqlite3", clock=clock, backup_folder=tmp_path / "b")
    try:
        seed_demo(other)

        def shape(svc):
            return ([(u.name, u.kind, u.duty_phone, u.sort_order) for u in svc.units.list()],
                    [(p.name, p.unit_name, p.title, p.mobile) for p in svc.people.list()])

        assert shape(other) == shape(services)
    finally:
        other.db.dispose()


def test_demo_refuses_a_database_that_has_accounts(services, actors):
    with pytest.raises(DutyRoomError) as info:
        seed_demo(services)
    assert info.value.message == "数据库中已有数据，不能再填充演示数据"
    assert services.units.list() == []  # accounts alone are enough to refuse, and nothing was added


def test_demo_refuses_when_only_units_exist(sqlite_services):
    from dutyroom.services.records import SYSTEM_ACTOR

    sqlite_services.units.save(SYSTEM_ACTOR, UnitRecord(name="区水务局"))
    with pytest.raises(DutyRoomError, match="已有数据"):
        seed_demo(sqlite_services)
    assert not sqlite_services.users.has_users()


def test_random_passwords_are_strong_and_different():
    passwords = {random_password() for _ in range(50)}
    assert len(passwords) == 50
    for password in passwords:
        assert len(password) >= 10 and password.isalnum() and password_problem(password) is None
