"""Roster set-up (administrator): shift definitions, rotations, leave and special periods."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, time

from sqlalchemy import delete, func, select
from sqlalchemy.orm.attributes import flag_modified

from dutyroom.domain.roster import LEADER_POLICIES, PERIODS, WEEK
from dutyroom.domain.validation import Problems, check_text, clean_text
from dutyroom.domain.vocabulary import PositionKind, Role
from dutyroom.errors import NotFound, ValidationError
from dutyroom.services.context import require_role, unit_of_work
from dutyroom.services.events import EntityKind
from dutyroom.services.records import SYSTEM_ACTOR, Actor
from dutyroom.services.roster.base import RosterArea
from dutyroom.services.roster.records import (
    DEFAULT_SHIFT_NAME,
    LeaveRecord,
    RotationRecord,
    ShiftRecord,
    SpecialPeriodRecord,
)
from dutyroom.services.settings import parse_hhmm
from dutyroom.store.models import (
    Assignment,
    Leave,
    Person,
    Rotation,
    RotationMember,
    ShiftDefinition,
    SpecialPeriod,
)

MAX_SPAN_DAYS = 366


# -- shifts -------------------------------------------------------------------------------------
def shift_to_record(row: ShiftDefinition) -> ShiftRecord:
    return ShiftRecord(id=row.id, name=row.name, start_time=time.fromisoformat(row.start_time),
                       duration_minutes=row.duration_minutes, officer_count=row.officer_count,
                       standby_count=row.standby_count, leader_policy=row.leader_policy, sort_order=row.sort_order,
                       active=row.active, version=row.version)


def _shift_values(rec: ShiftRecord) -> dict:
    data = asdict(rec)
    data.pop("version")
    data.pop("id")
    data["start_time"] = rec.start_time.strftime("%H:%M")
    return data


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def cleaned_shift(record: ShiftRecord) -> ShiftRecord:
    start = record.start_time if isinstance(record.start_time, time) else parse_hhmm(record.start_time)
    rec = ShiftRecord(id=record.id, version=record.version, name=clean_text(record.name),
                      start_time=start.replace(second=0, microsecond=0) if start else time(0, 0),
                      duration_minutes=_int(record.duration_minutes, 0), officer_count=_int(record.officer_count, -1),
                      standby_count=_int(record.standby_count, -1), leader_policy=record.leader_policy,
                      sort_order=_int(record.sort_order, 0), active=bool(record.active))
    problems = Problems()
    check_text(problems, "name", rec.name, "班次名称", required=True, max_len=30)
    problems.need("start_time", start is not None, "开始时间应写成 08:30 这样的格式")
    problems.need("duration_minutes", 60 <= rec.duration_minutes <= 48 * 60, "班次时长应在 1 到 48 小时之间")
    problems.need("officer_count", 1 <= rec.officer_count <= 20, "值班员人数应在 1 到 20 之间")
    problems.need("standby_count", 0 <= rec.standby_count <= 20, "备班人数应在 0 到 20 之间")
    problems.need("leader_policy", rec.leader_policy in LEADER_POLICIES,
                  "带班领导要求应为：" + "、".join(LEADER_POLICIES.values()))
    if problems:
        raise ValidationError(problems)
    return rec


# -- rotations ------------------------------------------------------------------------------------
def rotation_to_record(row: Rotation, members: list[tuple[int, str]]) -> RotationRecord:
    return RotationRecord(id=row.id, position=PositionKind(row.position), shift_id=row.shift_id, period=row.period,
                          member_ids=[pid for pid, _ in members], member_names=[n for _, n in members],
                          version=row.version)


def _rotation_snapshot(rec: RotationRecord) -> dict:
    return {"position": rec.position.value, "shift_id": rec.shift_id, "period": rec.period,
            "member_ids": list(rec.member_ids)}


# -- leave and special periods ----------------------------------------------------------------------
def _check_span(problems: Problems, start, end) -> None:
    problems.need("start_day", isinstance(start, date), "请填写开始日期")
    problems.need("end_day", isinstance(end, date), "请填写结束日期")
    if isinstance(start, date) and isinstance(end, date):
        problems.need("end_day", end >= start, "结束日期不能早于开始日期")
        problems.need("end_day", (end - start).days < MAX_SPAN_DAYS, "一段时间最长一年，请分段录入")


def leave_to_record(row: Leave, name: str = "") -> LeaveRecord:
    return LeaveRecord(id=row.id, person_id=row.person_id, kind=row.kind, start_day=row.start_day,
                       end_day=row.end_day, note=row.note, version=row.version, person_name=name)


def _leave_snapshot(rec: LeaveRecord) -> dict:
    return {"person_id": rec.person_id, "kind": rec.kind, "start_day": rec.start_day.isoformat(),
            "end_day": rec.end_day.isoformat(), "note": rec.note}


def cleaned_leave(record: LeaveRecord) -> LeaveRecord:
    rec = LeaveRecord(id=record.id, version=record.version, person_id=record.person_id,
                      kind=clean_text(record.kind) or "请假", start_day=record.start_day, end_day=record.end_day,
                      note=clean_text(record.note))
    problems = Problems()
    problems.need("person_id", rec.person_id is not None, "请选择人员")
    check_text(problems, "kind", rec.kind, "类型", max_len=20)
    check_text(problems, "note", rec.note, "备注", max_len=200)
    _check_span(problems, rec.start_day, rec.end_day)
    if problems:
        raise ValidationError(problems)
    return rec


def period_to_record(row: SpecialPeriod) -> SpecialPeriodRecord:
    return SpecialPeriodRecord(id=row.id, name=row.name, start_day=row.start_day, end_day=row.end_day,
                               version=row.version)


def _period_snapshot(rec: SpecialPeriodRecord) -> dict:
    return {"name": rec.name, "start_day": rec.start_day.isoformat(), "end_day": rec.end_day.isoformat()}


def cleaned_period(record: SpecialPeriodRecord) -> SpecialPeriodRecord:
    rec = SpecialPeriodRecord(id=record.id, version=record.version, name=clean_text(record.name),
                              start_day=record.start_day, end_day=record.end_day)
    problems = Problems()
    check_text(problems, "name", rec.name, "名称", required=True, max_len=50)
    _check_span(problems, rec.start_day, rec.end_day)
    if problems:
        raise ValidationError(problems)
    return rec


SHIFT_GONE = "该班次已被删除"
ROTATION_GONE = "该轮班已被删除"
LEAVE_GONE = "该请假记录已被删除"
PERIOD_GONE = "该特殊时期已被删除"


def _shift_named(row: ShiftDefinition) -> str:
    return f"班次“{row.name}”"


def _period_named(row: SpecialPeriod) -> str:
    return f"特殊时期“{row.name}”"


def _shift_row_values(row: ShiftDefinition) -> dict:
    return _shift_values(shift_to_record(row))


def _leave_row_snapshot(row: Leave) -> dict:
    return _leave_snapshot(leave_to_record(row))


def _period_row_snapshot(row: SpecialPeriod) -> dict:
    return _period_snapshot(period_to_record(row))


class RosterSetup(RosterArea):
    """The set-up an administrator does before generating: shifts, rotations, leave, special periods."""

    # -- shifts ---------------------------------------------------------------------------------
    def list_shifts(self, *, include_inactive: bool = True) -> list[ShiftRecord]:
        with self.ctx.db.session() as s:
            query = select(ShiftDefinition).order_by(ShiftDefinition.sort_order, ShiftDefinition.id)
            if not include_inactive:
                query = query.where(ShiftDefinition.active.is_(True))
            return [shift_to_record(r) for r in s.scalars(query)]

    def get_shift(self, shift_id: int) -> ShiftRecord:
        with self.ctx.db.session() as s:
            row = s.get(ShiftDefinition, shift_id)
            if row is None:
                raise NotFound("该班次已被删除")
            return shift_to_record(row)

    def ensure_default_shift(self) -> ShiftRecord | None:
        """A fresh database gets one 24-hour shift from the office's handover time; returns it if created."""
        with self.ctx.db.session() as s:
            if s.scalar(select(func.count()).select_from(ShiftDefinition)):
                return None
        start = self._settings().handover_time
        return self.save_shift(SYSTEM_ACTOR, ShiftRecord(name=DEFAULT_SHIFT_NAME, start_time=start))

    def save_shift(self, actor: Actor, record: ShiftRecord) -> ShiftRecord:
        require_role(actor, Role.ADMIN)
        rec = cleaned_shift(record)
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            clash = s.scalars(select(ShiftDefinition.id).where(ShiftDefinition.name == rec.name)).first()
            if clash is not None and clash != rec.id:
                raise ValidationError({"name": f"已有名为“{rec.name}”的班次"})
            if rec.id is None:
                row = ShiftDefinition(**_shift_values(rec))
                s.add(row)
                s.flush()
                uow.audit("create", EntityKind.SHIFT, row.id, after=_shift_values(shift_to_record(row)))
            else:
                row = uow.fetch(ShiftDefinition, rec.id, gone=SHIFT_GONE, version=rec.version, what=_shift_named)
                with uow.edit(EntityKind.SHIFT, row, _shift_row_values):
                    for key, value in _shift_values(rec).items():
                        setattr(row, key, value)
            return shift_to_record(row)

    def delete_shift(self, actor: Actor, shift_id: int, expected_version: int = 0) -> None:
        require_role(actor, Role.ADMIN)
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.fetch(ShiftDefinition, shift_id, gone=SHIFT_GONE, version=expected_version, what=_shift_named)
            used = uow.session.scalar(select(func.count()).select_from(Assignment)
                                      .where(Assignment.shift_id == shift_id))
            if used:
                raise ValidationError({"shift": f"班次“{row.name}”已有 {used} 条排班记录，不能删除；不再使用请停用"})
            uow.session.execute(delete(Rotation).where(Rotation.shift_id == shift_id))
            uow.remove(EntityKind.SHIFT, row, _shift_row_values)

    # -- rotations ------------------------------------------------------------------------------
    def list_rotations(self) -> list[RotationRecord]:
        with self.ctx.db.session() as s:
            members: dict[int, list[tuple[int, str]]] = {}
            rows = s.execute(select(RotationMember.rotation_id, Person.id, Person.name)
                             .join(Person, Person.id == RotationMember.person_id)
                             .order_by(RotationMember.rotation_id, RotationMember.seq))
            for rotation_id, pid, name in rows:
                members.setdefault(rotation_id, []).append((pid, name))
            order = {p.value: i for i, p in enumerate(PositionKind)}
            rotations = list(s.scalars(select(Rotation)))
            rotations.sort(key=lambda r: (r.shift_id, order.get(r.position, 9)))
            return [rotation_to_record(r, members.get(r.id, [])) for r in rotations]

    def rotation(self, shift_id: int, position: PositionKind) -> RotationRecord | None:
        found = [r for r in self.list_rotations() if r.shift_id == shift_id and r.position == position]
        return found[0] if found else None

    def save_rotation(self, actor: Actor, record: RotationRecord) -> RotationRecord:
        """Create or update a rotation; its members are replaced by `member_ids` in that order."""
        require_role(actor, Role.ADMIN)
        problems = Problems()
        try:
            position = PositionKind(record.position)
        except ValueError:
            position = None
        problems.need("position", position is not None, "请选择岗位")
        problems.need("period", record.period in PERIODS, "轮换方式应为按天或按周")
        problems.need("period", record.period != WEEK or position == PositionKind.LEADER, "只有带班领导可以按周轮换")
        ids = [int(p) for p in record.member_ids]
        if position is None:
            raise ValidationError(problems)
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            shift = s.get(ShiftDefinition, record.shift_id) if record.shift_id is not None else None
            problems.need("shift_id", shift is not None, "请选择班次")
            names = {pid: name for pid, name in s.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))}
            missing = [str(p) for p in ids if p not in names]
            problems.need("member_ids", not missing, f"人员不存在（编号 {'、'.join(missing)}），请刷新后重选")
            twice = sorted({names.get(p, str(p)) for p in ids if ids.count(p) > 1})
            problems.need("member_ids", not twice, f"“{'、'.join(twice)}”在名单中出现了不止一次")
            if problems or shift is None:
                raise ValidationError(problems)
            clash = s.scalars(select(Rotation.id).where(Rotation.shift_id == record.shift_id,
                                                        Rotation.position == position.value)).first()
            if clash is not None and clash != record.id:
                raise ValidationError({"position": f"班次“{shift.name}”已有{position.label}轮班，请直接修改它"})
            rec = RotationRecord(position=position, shift_id=record.shift_id, member_ids=ids, period=record.period,
                                 id=record.id, version=record.version)
            if rec.id is None:
                row = Rotation(position=position.value, shift_id=rec.shift_id, period=rec.period)
                s.add(row)
                s.flush()
                before = None
            else:
                row = uow.fetch(Rotation, rec.id, gone=ROTATION_GONE, version=rec.version, what="该轮班")
                old = [m for (m,) in s.execute(select(RotationMember.person_id)
                                               .where(RotationMember.rotation_id == row.id)
                                               .order_by(RotationMember.seq))]
                before = _rotation_snapshot(rotation_to_record(row, [(m, "") for m in old]))
                s.execute(delete(RotationMember).where(RotationMember.rotation_id == row.id))
                row.position, row.shift_id, row.period = position.value, rec.shift_id, rec.period
                flag_modified(row, "period")  # a new member list is an edit of the rotation: bump its version
            s.add_all(RotationMember(rotation_id=row.id, person_id=p, seq=i) for i, p in enumerate(ids))
            s.flush()
            saved = rotation_to_record(row, [(p, names[p]) for p in ids])
            uow.audit("create" if before is None else "update", EntityKind.ROTATION, row.id, before=before,
                      after=_rotation_snapshot(saved))
            return saved

    def delete_rotation(self, actor: Actor, rotation_id: int, expected_version: int = 0) -> None:
        require_role(actor, Role.ADMIN)
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.fetch(Rotation, rotation_id, gone=ROTATION_GONE, version=expected_version, what="该轮班")
            uow.session.execute(delete(RotationMember).where(RotationMember.rotation_id == rotation_id))
            uow.remove(EntityKind.ROTATION, row, lambda r: {"position": r.position, "shift_id": r.shift_id})

    # -- leave ----------------------------------------------------------------------------------
    def list_leaves(self, first: date | None = None, last: date | None = None,
                    person_id: int | None = None) -> list[LeaveRecord]:
        with self.ctx.db.session() as s:
            query = select(Leave, Person.name).join(Person, Person.id == Leave.person_id).order_by(Leave.start_day,
                                                                                               Leave.id)
            if first is not None:
                query = query.where(Leave.end_day >= first)
            if last is not None:
                query = query.where(Leave.start_day <= last)
            if person_id is not None:
                query = query.where(Leave.person_id == person_id)
            return [leave_to_record(row, name) for row, name in s.execute(query)]

    def save_leave(self, actor: Actor, record: LeaveRecord) -> LeaveRecord:
        require_role(actor, Role.ADMIN)
        rec = cleaned_leave(record)
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            person = s.get(Person, rec.person_id)
            if person is None:
                raise ValidationError({"person_id": "该人员已被删除，请刷新后重选"})
            if rec.id is None:
                row = Leave(**{k: v for k, v in asdict(rec).items() if k not in ("id", "version", "person_name")})
                s.add(row)
                s.flush()
                uow.audit("create", EntityKind.LEAVE, row.id, after=_leave_snapshot(rec))
            else:
                row = uow.fetch(Leave, rec.id, gone=LEAVE_GONE, version=rec.version, what=f"{person.name}的请假记录")
                with uow.edit(EntityKind.LEAVE, row, _leave_row_snapshot):
                    row.person_id, row.kind, row.note = rec.person_id, rec.kind, rec.note
                    row.start_day, row.end_day = rec.start_day, rec.end_day
            return leave_to_record(row, person.name)

    def delete_leave(self, actor: Actor, leave_id: int, expected_version: int = 0) -> None:
        require_role(actor, Role.ADMIN)
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.fetch(Leave, leave_id, gone=LEAVE_GONE, version=expected_version, what="该请假记录")
            uow.remove(EntityKind.LEAVE, row, _leave_row_snapshot)

    # -- special periods ------------------------------------------------------------------------
    def list_special_periods(self) -> list[SpecialPeriodRecord]:
        with self.ctx.db.session() as s:
            rows = s.scalars(select(SpecialPeriod).order_by(SpecialPeriod.start_day, SpecialPeriod.id))
            return [period_to_record(r) for r in rows]

    def save_special_period(self, actor: Actor, record: SpecialPeriodRecord) -> SpecialPeriodRecord:
        require_role(actor, Role.ADMIN)
        rec = cleaned_period(record)
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            if rec.id is None:
                row = SpecialPeriod(name=rec.name, start_day=rec.start_day, end_day=rec.end_day)
                s.add(row)
                s.flush()
                uow.audit("create", EntityKind.SPECIAL_PERIOD, row.id, after=_period_snapshot(rec))
            else:
                row = uow.fetch(SpecialPeriod, rec.id, gone=PERIOD_GONE, version=rec.version, what=_period_named)
                with uow.edit(EntityKind.SPECIAL_PERIOD, row, _period_row_snapshot):
                    row.name, row.start_day, row.end_day = rec.name, rec.start_day, rec.end_day
            return period_to_record(row)

    def delete_special_period(self, actor: Actor, period_id: int, expected_version: int = 0) -> None:
        require_role(actor, Role.ADMIN)
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.fetch(SpecialPeriod, period_id, gone=PERIOD_GONE, version=expected_version, what=_period_named)
            uow.remove(EntityKind.SPECIAL_PERIOD, row, _period_row_snapshot)
