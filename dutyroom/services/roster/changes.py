"""Changing the roster by hand: manual edits (排班), swaps (调班), substitutions (代班) and undo.

A swap or a substitution is its own RosterChange record (who asked, who approved, why) and can be
undone; the audit log keeps every step. Who may do what:
- administrators and leaders edit any cell and approve any change;
- an officer may swap or substitute only shifts that involve themselves (their account must be
  linked to their person), and only when the office does not require approval.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select

from dutyroom.domain.roster import POSITION_LABELS
from dutyroom.domain.roster_checks import Windows
from dutyroom.domain.vocabulary import PositionKind, Role
from dutyroom.errors import ConflictError, DutyRoomError, NotFound, PermissionDenied, ValidationError
from dutyroom.services.context import check_version, require_role, unit_of_work
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.records import Actor
from dutyroom.services.roster.base import RosterArea
from dutyroom.services.roster.load import EDGE as _EDGE
from dutyroom.services.roster.load import load, rules_of
from dutyroom.services.roster.records import AssignmentRecord, ChangeRecord
from dutyroom.store.models import Assignment, Person, RosterChange, ShiftDefinition, UserAccount

KIND_LABELS = {"swap": "调班", "substitute": "代班"}


def _name(session, pid: int | None) -> str:
    if pid is None:
        return ""
    person = session.get(Person, pid)
    return person.name if person else f"人员{pid}"


class RosterEdits(RosterArea):
    """Manual edits, swaps and substitutions, and undoing them."""

    # -- manual edit ----------------------------------------------------------------------------
    def assign(self, actor: Actor, day: date, shift_id: int, position: PositionKind | str, slot: int,
               person_id: int | None, *, expected_version: int = 0) -> AssignmentRecord | None:
        """Put a person into one cell (None empties it). Administrators and leaders only."""
        require_role(actor, Role.ADMIN, Role.LEADER)
        try:
            position = PositionKind(position).value
        except ValueError:
            raise ValidationError({"position": "请选择岗位（带班领导、值班员或备班）"}) from None
        if not isinstance(slot, int) or not 0 <= slot < 50:
            raise ValidationError({"slot": "班位序号无效"})
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            shift = s.get(ShiftDefinition, shift_id)
            if shift is None:
                raise ValidationError({"shift_id": "该班次已被删除，请刷新"})
            row = s.scalars(select(Assignment).where(Assignment.day == day, Assignment.shift_id == shift_id,
                                                     Assignment.position == position,
                                                     Assignment.slot == slot)).first()
            if row is not None:
                check_version(row.version, expected_version, f"{day.isoformat()} {shift.name}的这个班位")
            if person_id is not None:
                self._check_person(s, person_id, day, shift_id, exclude=(row.id,) if row else ())
            before = _cell_snapshot(row) if row else None
            if row is None:
                if person_id is None:
                    return None
                row = Assignment(day=day, shift_id=shift_id, position=position, slot=slot, person_id=person_id,
                                 source="manual", rotation_seq=None)
                s.add(row)
            elif person_id is None and not _has_history(s, row.id):
                s.delete(row)
                s.flush()
                uow.audit("delete", EntityKind.ASSIGNMENT, row.id, before=before)
                return None
            else:
                row.person_id, row.source = person_id, "manual"
            s.flush()
            uow.audit("assign", EntityKind.ASSIGNMENT, row.id, before=before, after=_cell_snapshot(row), announce=False)
            uow.changes.append(Change(EntityKind.ASSIGNMENT, str(row.id), "update"))
            return AssignmentRecord(row.id, row.day, row.shift_id, shift.name, PositionKind(row.position), row.slot,
                                    row.person_id, _name(s, row.person_id), row.source, row.version)

    def _check_person(self, s, pid: int | None, day: date, shift_id: int, exclude=()) -> None:
        """Hard rules of any edit: the person exists, is active and is not in an overlapping shift."""
        if pid is None:  # an empty slot breaks no rule
            return
        person = s.get(Person, pid)
        if person is None:
            raise ValidationError({"person_id": "该人员已被删除，请刷新后重选"})
        if not person.active:
            raise ValidationError({"person_id": f"{person.name}已停用，不能排班"})
        settings = self._settings()
        data = load(s, settings, day - _EDGE, day + _EDGE)
        windows = Windows(data.shifts, rules_of(settings))
        start, end = windows.of(day, shift_id)
        for cell in data.cells:
            if cell.person_id != pid or cell.id in exclude:
                continue
            other_start, other_end = windows.of(cell.day, cell.shift_id)
            if other_start < end and start < other_end:
                label = POSITION_LABELS.get(cell.position, "")
                raise ValidationError({"person_id": f"{person.name}已排在 {cell.day:%m-%d} "
                                                    f"{data.shifts[cell.shift_id].name}{label}，时间重叠"})

    # -- swaps and substitutions ----------------------------------------------------------------
    def swap(self, actor: Actor, assignment_a: int, assignment_b: int, *, requested_by: int | None = None,
             reason: str = "") -> ChangeRecord:
        """调班: the people of two cells exchange them."""
        if assignment_a == assignment_b:
            raise ValidationError({"assignment": "请选择两个不同的班位"})
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            a, b = _cell_row(s, assignment_a), _cell_row(s, assignment_b)
            if a.person_id is None or b.person_id is None:
                raise ValidationError({"assignment": "空班位不能调班，请用代班或直接排班"})
            if a.person_id == b.person_id:
                raise ValidationError({"assignment": "这两个班位是同一个人，无需调班"})
            requester, approver = self._authorize(s, actor, {a.person_id, b.person_id}, requested_by)
            self._check_person(s, b.person_id, a.day, a.shift_id, exclude=(a.id, b.id))
            self._check_person(s, a.person_id, b.day, b.shift_id, exclude=(a.id, b.id))
            before_a, before_b = a.person_id, b.person_id
            a.person_id, b.person_id = before_b, before_a
            a.source = b.source = "swap"
            change = self._record(uow, "swap", a, b, before_a, before_b, requester, approver, reason)
            days = (min(a.day, b.day), max(a.day, b.day))
            pids = {before_a, before_b}
        return self._with_warnings(change, days, pids)

    def substitute(self, actor: Actor, assignment_id: int, person_id: int, *, requested_by: int | None = None,
                   reason: str = "") -> ChangeRecord:
        """代班: another person takes one cell."""
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            a = _cell_row(s, assignment_id)
            if a.person_id == person_id:
                raise ValidationError({"person_id": "代班人与原值班人相同"})
            requester, approver = self._authorize(s, actor, {a.person_id, person_id} - {None}, requested_by)
            self._check_person(s, person_id, a.day, a.shift_id, exclude=(a.id,))
            before = a.person_id
            a.person_id, a.source = person_id, "substitute"
            change = self._record(uow, "substitute", a, None, before, person_id, requester, approver, reason)
            days = (a.day, a.day)
            pids = {person_id}
        return self._with_warnings(change, days, pids)

    def _authorize(self, s, actor: Actor, involved: set[int], requested_by: int | None) -> tuple[int | None, str]:
        """(who asked, who approved) — or PermissionDenied with the reason."""
        require_role(actor, Role.ADMIN, Role.LEADER, Role.OFFICER)
        if requested_by is not None and s.get(Person, requested_by) is None:
            raise ValidationError({"requested_by": "申请人不存在，请刷新后重选"})
        if actor.role in (Role.ADMIN, Role.LEADER):
            return requested_by, actor.display_name or actor.username
        if self._settings().swap_needs_approval:
            raise PermissionDenied("本单位调班、代班须经带班领导或管理员批准，请由带班领导或管理员办理")
        own = _own_person(s, actor)
        if own is None:
            raise PermissionDenied("您的账户没有关联人员，只能由带班领导或管理员办理调班、代班")
        if own not in involved or (requested_by is not None and requested_by != own):
            raise PermissionDenied("值班员只能为自己申请调班或代班")
        return requested_by, ""  # 申请人 as entered: left (不指定), it is not filled in with the officer

    def _record(self, uow, kind, a, b, before, after, requester, approver, reason) -> int:
        reason = (reason or "").strip()
        if len(reason) > 200:
            raise ValidationError({"reason": "原因太长（最多 200 个字）"})
        row = RosterChange(kind=kind, assignment_id=a.id, other_assignment_id=b.id if b is not None else None,
                           person_before=before, person_after=after, requested_by=requester, approved_by=approver,
                           reason=reason, created_at=uow.now, created_by=uow.actor.display_name or uow.actor.username)
        uow.session.add(row)
        uow.session.flush()
        uow.audit(kind, EntityKind.ROSTER_CHANGE, row.id, announce=False, after={
            "kind": kind, "assignment_id": a.id, "day": a.day.isoformat(), "other_assignment_id": row.other_assignment_id,
            "other_day": b.day.isoformat() if b is not None else None, "person_before": before,
            "person_after": after, "requested_by": requester, "approved_by": approver, "reason": reason})
        uow.changes.append(Change(EntityKind.ASSIGNMENT, str(a.id), "update"))
        if b is not None:
            uow.changes.append(Change(EntityKind.ASSIGNMENT, str(b.id), "update"))
        uow.changes.append(Change(EntityKind.ROSTER_CHANGE, str(row.id), "create"))
        return row.id

    def _with_warnings(self, change_id: int, days: tuple[date, date], pids: set[int]) -> ChangeRecord:
        from dataclasses import replace

        record = self.change(change_id)
        # Rest problems show on the later of two shifts, so look at the neighbouring days too.
        found = [w.line for w in self.warnings(days[0] - _EDGE, days[1] + _EDGE) if w.person_id in pids]
        return replace(record, warnings=tuple(found))

    def undo_change(self, actor: Actor, change_id: int) -> ChangeRecord:
        """Put the people back as they were before the change. Later changes to the cells must go first."""
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            row = s.get(RosterChange, change_id)
            if row is None:
                raise NotFound("该调班/代班记录不存在")
            label = KIND_LABELS.get(row.kind, "调整")
            if row.undone_at is not None:
                raise DutyRoomError(f"这次{label}已经撤销过了")
            a = _cell_row(s, row.assignment_id)
            b = _cell_row(s, row.other_assignment_id) if row.other_assignment_id else None
            self._authorize(s, actor, {p for p in (row.person_before, row.person_after) if p is not None}, None)
            current_ok = a.person_id == row.person_after and (b is None or b.person_id == row.person_before)
            if not current_ok:
                raise ConflictError(f"这次{label}之后班位又有调整，请先撤销后来的调整")
            if b is not None:
                self._check_person(s, row.person_before, a.day, a.shift_id, exclude=(a.id, b.id))
                self._check_person(s, row.person_after, b.day, b.shift_id, exclude=(a.id, b.id))
                b.person_id = row.person_after
            elif row.person_before is not None:
                self._check_person(s, row.person_before, a.day, a.shift_id, exclude=(a.id,))
            a.person_id = row.person_before
            row.undone_at, row.undone_by = uow.now, actor.display_name or actor.username
            s.flush()
            for cell in (a, b):
                if cell is not None:
                    cell.source = _source_after_undo(s, cell)
            uow.audit("undo", EntityKind.ROSTER_CHANGE, row.id, announce=False, before={"kind": row.kind},
                      after={"undone": True, "assignment_id": a.id, "person": row.person_before})
            uow.changes += [Change(EntityKind.ASSIGNMENT, str(c.id), "update") for c in (a, b) if c is not None]
            uow.changes.append(Change(EntityKind.ROSTER_CHANGE, str(row.id), "update"))
        return self.change(change_id)

    # -- history --------------------------------------------------------------------------------
    def change(self, change_id: int) -> ChangeRecord:
        with self.ctx.db.session() as s:
            row = s.get(RosterChange, change_id)
            if row is None:
                raise NotFound("该调班/代班记录不存在")
            return _change_record(s, row)

    def changes(self, first: date, last: date) -> list[ChangeRecord]:
        """Every swap and substitution touching a day of the range, newest first, undone ones included."""
        with self.ctx.db.session() as s:
            in_range = select(Assignment.id).where(Assignment.day >= first, Assignment.day <= last)
            rows = s.scalars(select(RosterChange).where(or_(RosterChange.assignment_id.in_(in_range),
                                                            RosterChange.other_assignment_id.in_(in_range)))
                             .order_by(RosterChange.created_at.desc(), RosterChange.id.desc()))
            return [_change_record(s, r) for r in rows]


def _cell_row(s, assignment_id: int | None) -> Assignment:
    row = s.get(Assignment, assignment_id) if assignment_id is not None else None
    if row is None:
        raise NotFound("该班位已被删除，请刷新值班表")
    return row


def _cell_snapshot(row: Assignment) -> dict:
    return {"day": row.day.isoformat(), "shift_id": row.shift_id, "position": row.position, "slot": row.slot,
            "person_id": row.person_id, "source": row.source}


def _has_history(s, assignment_id: int) -> bool:
    return s.scalars(select(RosterChange.id).where(or_(RosterChange.assignment_id == assignment_id,
                                                       RosterChange.other_assignment_id == assignment_id))).first() \
        is not None


def _source_after_undo(s, cell: Assignment) -> str:
    live = s.scalars(select(RosterChange.kind).where(
        RosterChange.undone_at.is_(None),
        or_(RosterChange.assignment_id == cell.id, RosterChange.other_assignment_id == cell.id))
        .order_by(RosterChange.id.desc())).first()
    if live is not None:
        return live
    return "generated" if cell.rotation_seq is not None else "manual"


def _own_person(s, actor: Actor) -> int | None:
    if actor.user_id is None:
        return None
    account = s.get(UserAccount, actor.user_id)
    return account.person_id if account else None


def _change_record(s, row: RosterChange) -> ChangeRecord:
    a = s.get(Assignment, row.assignment_id)
    b = s.get(Assignment, row.other_assignment_id) if row.other_assignment_id else None
    shift = s.get(ShiftDefinition, a.shift_id)
    return ChangeRecord(id=row.id, kind=row.kind, day=a.day, shift_name=shift.name if shift else "",
                        position=PositionKind(a.position), person_before=_name(s, row.person_before),
                        person_after=_name(s, row.person_after), other_day=b.day if b else None,
                        requested_by=_name(s, row.requested_by), approved_by=row.approved_by, reason=row.reason,
                        created_at=row.created_at, created_by=row.created_by, undone_at=row.undone_at,
                        undone_by=row.undone_by, assignment_id=row.assignment_id,
                        other_assignment_id=row.other_assignment_id, version=row.version)

