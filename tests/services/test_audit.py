import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from dutyroom.errors import PermissionDenied
from dutyroom.services.records import UnitRecord


def _tamper(services, sql):
    with services.db.engine.begin() as conn:
        if services.db.kind == "sqlite":
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        conn.execute(text(sql))


def test_every_change_is_audited_with_before_and_after(services, actors):
    admin, _, _ = actors
    unit = services.units.save(admin, UnitRecord(name="区水务局", duty_phone="12345678"))
    unit.duty_phone = "87654321"
    services.units.save(admin, unit)
    services.units.delete(admin, unit.id)
    entries = [e for e in services.audit.page(admin, 0, 50) if e.entity_kind == "unit"]
    assert [e.action for e in entries] == ["delete", "update", "create"]
    update = entries[1]
    assert update.actor_name == "王管理"
    assert update.before["duty_phone"] == "12345678" and update.after["duty_phone"] == "87654321"
    assert services.audit.verify().ok


def test_audit_log_refuses_update_and_delete_at_the_database(services, actors):
    with pytest.raises(DBAPIError), services.db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor_name = 'x' WHERE seq = 1"))
    with pytest.raises(DBAPIError), services.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = 1"))


def test_verify_names_the_first_altered_record(services, actors):
    admin, _, _ = actors
    for name in ("甲单位", "乙单位", "丙单位"):
        services.units.save(admin, UnitRecord(name=name))
    target = [e for e in services.audit.page(admin, 0, 10) if e.after and e.after.get("name") == "乙单位"][0]
    _tamper(services, f"UPDATE audit_log SET after = replace(after, '乙单位', '丁单位') WHERE seq = {target.seq}")
    report = services.audit.verify()
    assert report.broken_seq == target.seq
    assert "被改动" in report.reason


def test_verify_notices_a_deleted_record(services, actors):
    admin, _, _ = actors
    services.units.save(admin, UnitRecord(name="甲单位"))
    services.units.save(admin, UnitRecord(name="乙单位"))
    last = services.audit.page(admin, 0, 1)[0].seq
    _tamper(services, f"DELETE FROM audit_log WHERE seq = {last - 1}")
    report = services.audit.verify()
    assert report.broken_seq == last - 1
    assert "缺少" in report.reason


def test_officers_cannot_read_the_audit_log(services, actors):
    _, leader, officer = actors
    assert services.audit.count(leader) > 0
    with pytest.raises(PermissionDenied):
        services.audit.page(officer, 0, 10)


def test_entity_kinds_are_stored_and_announced_as_plain_words(services, actors):
    # EntityKind is a str enum: the audit log and other workstations keep reading the same words.
    from dutyroom.services.events import EntityKind
    from dutyroom.services.records import UnitRecord

    admin = actors[0]
    heard = []
    services.bus.subscribe(heard.append)
    unit = services.units.save(admin, UnitRecord(name="测试街道"))
    [change] = [c for c in heard if c.kind == EntityKind.UNIT]
    assert change.kind is EntityKind.UNIT and f"{change.kind}" == "unit" and str(change.kind) == "unit"
    with services.db.session() as s:
        from sqlalchemy import select

        from dutyroom.store.models import AuditRecord

        kinds = s.scalars(select(AuditRecord.entity_kind).where(AuditRecord.entity_id == str(unit.id),
                                                                 AuditRecord.entity_kind == "unit")).all()
    assert kinds and all(type(k) is str for k in kinds)
    assert EntityKind.of("unit") is EntityKind.UNIT and EntityKind.of("from_a_newer_program") == "from_a_newer_program"
