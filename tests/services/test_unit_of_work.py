"""The versioned-edit helpers every service uses: fetch → edit/remove, audited with before and after."""

import json

import pytest
from sqlalchemy import select

from dutyroom.errors import ConflictError, NotFound
from dutyroom.services.context import unit_of_work
from dutyroom.services.events import EntityKind
from dutyroom.services.records import UnitRecord
from dutyroom.store.models import AuditRecord, Unit


def _last_audit(services) -> AuditRecord:
    with services.db.session() as s:
        return s.scalars(select(AuditRecord).order_by(AuditRecord.seq.desc()).limit(1)).one()


def test_edit_audits_the_row_before_and_after(services, actors):
    admin, _, _ = actors
    unit = services.units.save(admin, UnitRecord(name="区水务局"))
    with unit_of_work(services.ctx, admin) as uow:
        row = uow.fetch(Unit, unit.id, gone="没了", version=unit.version, what="单位")
        with uow.edit(EntityKind.UNIT, row, lambda r: {"name": r.name}):
            row.name = "区水务局（河长办）"
    entry = _last_audit(services)
    assert (entry.action, entry.entity_kind, entry.entity_id) == ("update", "unit", str(unit.id))
    assert json.loads(entry.before) == {"name": "区水务局"}
    assert json.loads(entry.after) == {"name": "区水务局（河长办）"}
    assert services.units.get(unit.id).version == unit.version + 1


def test_fetch_refuses_a_row_edited_since_and_names_it(services, actors):
    admin, _, _ = actors
    unit = services.units.save(admin, UnitRecord(name="区水务局"))
    services.units.save(admin, UnitRecord(**{**unit.__dict__, "address": "河滨路1号"}))
    with pytest.raises(ConflictError) as info, unit_of_work(services.ctx, admin) as uow:
        uow.fetch(Unit, unit.id, gone="没了", version=unit.version, what=lambda r: f"单位“{r.name}”")
    assert "单位“区水务局”已被其他人修改" in info.value.message


def test_fetch_of_a_deleted_row_says_so_and_remove_keeps_it_in_the_log(services, actors):
    admin, _, _ = actors
    unit = services.units.save(admin, UnitRecord(name="区水务局"))
    with unit_of_work(services.ctx, admin) as uow:
        uow.remove(EntityKind.UNIT, uow.fetch(Unit, unit.id, gone="没了"), lambda r: {"name": r.name})
    entry = _last_audit(services)
    assert (entry.action, json.loads(entry.before)) == ("delete", {"name": "区水务局"})
    with pytest.raises(NotFound) as info, unit_of_work(services.ctx, admin) as uow:
        uow.fetch(Unit, unit.id, gone="该单位已被删除")
    assert info.value.message == "该单位已被删除"
