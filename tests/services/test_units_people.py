import pytest

from dutyroom.domain.vocabulary import PositionKind, UnitKind
from dutyroom.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from dutyroom.services.events import Change
from dutyroom.services.records import PersonRecord, UnitRecord


def test_unit_round_trip_normalises_phone(services, actors):
    admin, _, _ = actors
    unit = services.units.save(admin, UnitRecord(name=" 区应急管理局 ", kind=UnitKind.DEPARTMENT,
                                                  duty_phone="０２８－８６１２３４５６"))
    assert unit.name == "区应急管理局"
    assert unit.duty_phone == "028-86123456"
    assert services.units.get(unit.id) == unit


def test_officer_cannot_change_units(services, actors):
    _, _, officer = actors
    with pytest.raises(PermissionDenied) as info:
        services.units.save(officer, UnitRecord(name="区水务局"))
    assert "管理员" in info.value.message
    assert services.units.list() == []


def test_validation_names_every_bad_field(services, actors):
    admin, _, _ = actors
    with pytest.raises(ValidationError) as info:
        services.units.save(admin, UnitRecord(name="  ", duty_phone="abc", fax="1"))
    assert set(info.value.fields) == {"name", "duty_phone", "fax"}
    assert info.value.fields["name"] == "请填写单位名称"


def test_duplicate_unit_name_is_a_field_error(services, actors):
    admin, _, _ = actors
    services.units.save(admin, UnitRecord(name="区公安分局"))
    with pytest.raises(ValidationError) as info:
        services.units.save(admin, UnitRecord(name="区公安分局"))
    assert "已有" in info.value.fields["name"]


def test_two_editors_of_one_unit_get_a_conflict_not_an_overwrite(services, actors):
    admin, _, _ = actors
    unit = services.units.save(admin, UnitRecord(name="区卫生健康局", duty_phone="12345678"))
    first, second = services.units.get(unit.id), services.units.get(unit.id)
    first.duty_phone = "87654321"
    services.units.save(admin, first)
    second.address = "人民路 1 号"
    with pytest.raises(ConflictError) as info:
        services.units.save(admin, second)
    assert "已被其他人修改" in info.value.message
    assert services.units.get(unit.id).duty_phone == "87654321"
    assert services.units.get(unit.id).address == ""


def test_concurrent_flush_with_stale_version_is_a_conflict(services, actors):
    """Even when the version check passes in Python, the database-level version guard holds."""
    from dutyroom.store.models import Unit

    admin, _, _ = actors
    unit = services.units.save(admin, UnitRecord(name="区交通运输局"))
    with services.db.session() as s1:
        row = s1.get(Unit, unit.id)
        with services.db.session() as s2:
            s2.get(Unit, unit.id).fax = "11112222"
        row.address = "滨江路"
        with pytest.raises(Exception) as info:
            s1.flush()
    assert "StaleData" in type(info.value).__name__


def test_person_needs_existing_unit_and_reports_unit_name(services, actors):
    admin, _, _ = actors
    with pytest.raises(ValidationError):
        services.people.save(admin, PersonRecord(name="张伟", unit_id=999))
    unit = services.units.save(admin, UnitRecord(name="城关街道办事处"))
    person = services.people.save(admin, PersonRecord(name="张伟", unit_id=unit.id, position_kind=PositionKind.LEADER,
                                                      mobile="１３９ ００００ １２３４"))
    assert person.unit_name == "城关街道办事处"
    assert person.mobile == "139 0000 1234"


def test_unit_with_people_cannot_be_deleted(services, actors):
    admin, _, _ = actors
    unit = services.units.save(admin, UnitRecord(name="江北街道办事处"))
    person = services.people.save(admin, PersonRecord(name="刘洋", unit_id=unit.id))
    with pytest.raises(ValidationError):
        services.units.delete(admin, unit.id)
    services.people.delete(admin, person.id)
    services.units.delete(admin, unit.id)
    with pytest.raises(NotFound):
        services.units.get(unit.id)


def test_changes_are_announced_after_commit(services, actors):
    admin, _, _ = actors
    seen: list[Change] = []
    services.bus.subscribe(seen.append)
    unit = services.units.save(admin, UnitRecord(name="区消防救援大队"))
    with pytest.raises(ValidationError):
        services.units.save(admin, UnitRecord(name=""))
    assert seen == [Change(kind="unit", id=str(unit.id), op="create")]
