"""People (人员): leaders, officers and standby staff, with their phones."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import or_, select

from dutyroom.domain.validation import Problems, check_phone, check_text, clean_text, normalize_phone
from dutyroom.domain.vocabulary import PositionKind, Role, UnitKind
from dutyroom.errors import NotFound, ValidationError
from dutyroom.services.context import ServiceContext, require_role, unit_of_work
from dutyroom.services.events import EntityKind
from dutyroom.services.records import Actor, PersonRecord
from dutyroom.store.models import Person, Unit, UserAccount

_FIELDS = ("name", "unit_id", "title", "position_kind", "office_phone", "mobile", "active")


def to_record(row: Person) -> PersonRecord:
    return PersonRecord(id=row.id, name=row.name, unit_id=row.unit_id, title=row.title,
                        position_kind=PositionKind(row.position_kind), office_phone=row.office_phone,
                        mobile=row.mobile, active=row.active, version=row.version,
                        unit_name=row.unit.name if row.unit else "")


def snapshot(record: PersonRecord) -> dict:
    data = {k: v for k, v in asdict(record).items() if k in _FIELDS or k == "id"}
    data["position_kind"] = record.position_kind.value
    return data


def cleaned(record: PersonRecord) -> PersonRecord:
    rec = PersonRecord(
        id=record.id, version=record.version, name=clean_text(record.name), unit_id=record.unit_id,
        title=clean_text(record.title), position_kind=PositionKind(record.position_kind),
        office_phone=normalize_phone(record.office_phone), mobile=normalize_phone(record.mobile),
        active=bool(record.active),
    )
    problems = Problems()
    check_text(problems, "name", rec.name, "姓名", required=True, max_len=50)
    check_text(problems, "title", rec.title, "职务", max_len=100)
    check_phone(problems, "office_phone", rec.office_phone)
    check_phone(problems, "mobile", rec.mobile)
    if problems:
        raise ValidationError(problems)
    return rec


PERSON_GONE = "该人员已被删除"


def _named(row: Person) -> str:
    return f"人员“{row.name}”"


class PersonService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def list(self, *, include_inactive: bool = True, unit_id: int | None = None) -> list[PersonRecord]:
        with self.ctx.db.session() as s:
            query = select(Person).outerjoin(Unit, Person.unit_id == Unit.id).order_by(
                Unit.sort_order, Person.unit_id, Person.id)
            if not include_inactive:
                query = query.where(Person.active.is_(True))
            if unit_id is not None:
                query = query.where(Person.unit_id == unit_id)
            return [to_record(p) for p in s.scalars(query).unique()]

    def staff(self) -> list[PersonRecord]:
        """The office's own active people, who stand its duty: those of 本机关 and its 部门, and those
        entered without a unit. The contacts of upper and subordinate units are people too, but are
        never on this office's roster."""
        own = (UnitKind.OWN.value, UnitKind.DEPARTMENT.value)
        with self.ctx.db.session() as s:
            query = (select(Person).outerjoin(Unit, Person.unit_id == Unit.id)
                     .where(Person.active.is_(True), or_(Person.unit_id.is_(None), Unit.kind.in_(own)))
                     .order_by(Unit.sort_order, Person.unit_id, Person.id))
            return [to_record(p) for p in s.scalars(query).unique()]

    def of_user(self, user_id: int | None) -> int | None:
        """The person a login account stands for (None for an account linked to nobody)."""
        if user_id is None:
            return None
        with self.ctx.db.session() as s:
            return s.scalar(select(UserAccount.person_id).where(UserAccount.id == user_id))

    def get(self, person_id: int) -> PersonRecord:
        with self.ctx.db.session() as s:
            row = s.get(Person, person_id)
            if row is None:
                raise NotFound(f"人员不存在（编号 {person_id}）")
            return to_record(row)

    def save(self, actor: Actor, record: PersonRecord) -> PersonRecord:
        require_role(actor, Role.ADMIN)
        rec = cleaned(record)
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            if rec.unit_id is not None and s.get(Unit, rec.unit_id) is None:
                raise ValidationError({"unit_id": "所选单位不存在，请重新选择"})
            values = {k: v for k, v in snapshot(rec).items() if k != "id"}
            if rec.id is None:
                row = Person(**values)
                s.add(row)
                s.flush()
                s.refresh(row)
                uow.audit("create", EntityKind.PERSON, row.id, after=snapshot(to_record(row)))
            else:
                row = uow.fetch(Person, rec.id, gone=PERSON_GONE, version=rec.version, what=_named)
                before = snapshot(to_record(row))
                for key, value in values.items():
                    setattr(row, key, value)
                s.flush()
                s.refresh(row)
                uow.audit("update", EntityKind.PERSON, row.id, before=before, after=snapshot(to_record(row)))
            return to_record(row)

    def delete(self, actor: Actor, person_id: int, expected_version: int = 0) -> None:
        require_role(actor, Role.ADMIN)
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.fetch(Person, person_id, gone=PERSON_GONE, version=expected_version, what=_named)
            account = uow.session.scalars(select(UserAccount.username).where(UserAccount.person_id == person_id)).first()
            if account:
                raise ValidationError({"person": f"“{row.name}”关联了登录账户 {account}，请先解除关联或改为停用"})
            uow.remove(EntityKind.PERSON, row, lambda r: snapshot(to_record(r)))
