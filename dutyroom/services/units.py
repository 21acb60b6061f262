"""Units (单位): the upper level, the own office, subordinate units and departments."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import func, select

from dutyroom.domain.validation import Problems, check_phone, check_text, clean_text, normalize_phone
from dutyroom.domain.vocabulary import Role, UnitKind
from dutyroom.errors import NotFound, ValidationError
from dutyroom.services.context import ServiceContext, require_role, unit_of_work
from dutyroom.services.events import EntityKind
from dutyroom.services.records import Actor, UnitRecord
from dutyroom.store.models import Person, Unit


def to_record(row: Unit) -> UnitRecord:
    return UnitRecord(id=row.id, name=row.name, kind=UnitKind(row.kind), duty_phone=row.duty_phone,
                      fax=row.fax, address=row.address, sort_order=row.sort_order, active=row.active,
                      version=row.version)


def snapshot(record: UnitRecord) -> dict:
    data = asdict(record)
    data.pop("version", None)
    data["kind"] = record.kind.value
    return data


UNIT_GONE = "该单位已被删除"


def _named(row: Unit) -> str:
    return f"单位“{row.name}”"


def _row_snapshot(row: Unit) -> dict:
    return snapshot(to_record(row))


def cleaned(record: UnitRecord) -> UnitRecord:
    """Normalise what the user typed, then check it; raise with every problem at once."""
    rec = UnitRecord(
        id=record.id, version=record.version, name=clean_text(record.name), kind=UnitKind(record.kind),
        duty_phone=normalize_phone(record.duty_phone), fax=normalize_phone(record.fax),
        address=clean_text(record.address), sort_order=int(record.sort_order or 0), active=bool(record.active),
    )
    problems = Problems()
    check_text(problems, "name", rec.name, "单位名称", required=True, max_len=100)
    check_phone(problems, "duty_phone", rec.duty_phone)
    check_phone(problems, "fax", rec.fax)
    check_text(problems, "address", rec.address, "地址", max_len=200)
    problems.need("sort_order", -100000 <= rec.sort_order <= 100000, "排序号应在 -100000 到 100000 之间")
    if problems:
        raise ValidationError(problems)
    return rec


class UnitService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def list(self, *, include_inactive: bool = True) -> list[UnitRecord]:
        with self.ctx.db.session() as s:
            query = select(Unit).order_by(Unit.sort_order, Unit.id)
            if not include_inactive:
                query = query.where(Unit.active.is_(True))
            return [to_record(u) for u in s.scalars(query)]

    def get(self, unit_id: int) -> UnitRecord:
        with self.ctx.db.session() as s:
            row = s.get(Unit, unit_id)
            if row is None:
                raise NotFound(f"单位不存在（编号 {unit_id}）")
            return to_record(row)

    def find_by_name(self, name: str) -> UnitRecord | None:
        with self.ctx.db.session() as s:
            row = s.scalars(select(Unit).where(Unit.name == clean_text(name))).first()
            return to_record(row) if row else None

    def save(self, actor: Actor, record: UnitRecord) -> UnitRecord:
        """Create (id None) or update a unit. Raises ValidationError, ConflictError, PermissionDenied."""
        require_role(actor, Role.ADMIN)
        rec = cleaned(record)
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            clash = s.scalars(select(Unit.id).where(Unit.name == rec.name)).first()
            if clash is not None and clash != rec.id:
                raise ValidationError({"name": f"已有名为“{rec.name}”的单位"})
            if rec.id is None:
                row = Unit(**{k: v for k, v in snapshot(rec).items() if k != "id"})
                s.add(row)
                s.flush()
                uow.audit("create", EntityKind.UNIT, row.id, after=snapshot(to_record(row)))
            else:
                row = uow.fetch(Unit, rec.id, gone=UNIT_GONE, version=rec.version, what=_named)
                with uow.edit(EntityKind.UNIT, row, _row_snapshot):
                    for key, value in snapshot(rec).items():
                        if key != "id":
                            setattr(row, key, value)
            return to_record(row)

    def delete(self, actor: Actor, unit_id: int, expected_version: int = 0) -> None:
        require_role(actor, Role.ADMIN)
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.fetch(Unit, unit_id, gone=UNIT_GONE, version=expected_version, what=_named)
            members = uow.session.scalar(select(func.count()).select_from(Person).where(Person.unit_id == unit_id))
            if members:
                raise ValidationError({"unit": f"单位“{row.name}”下还有 {members} 名人员，请先调整人员或停用该单位"})
            uow.remove(EntityKind.UNIT, row, _row_snapshot)
