"""What the officer writes into the duty log: 值班记事 (timed lines, time defaulting to now) and the
status of each piece of equipment in the shift. Both freeze when the shift is handed over.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from dutyroom.domain.validation import Problems, check_text, clean_text
from dutyroom.domain.vocabulary import EquipmentState, Role
from dutyroom.errors import NotFound, ValidationError
from dutyroom.services.context import check_version, require_role, unit_of_work
from dutyroom.services.events import EntityKind
from dutyroom.services.handover.base import HandoverArea, actor_name, cleaned_text, require_writer
from dutyroom.services.handover.records import (
    ENTRY_MAX,
    NOTE_MAX,
    EquipmentRecord,
    EquipmentStatusRecord,
    LogEntryRecord,
    ShiftKey,
)
from dutyroom.services.records import Actor
from dutyroom.store.models import DutyLog, Equipment, EquipmentStatus, LogEntry

ENTRY_GONE = "找不到该条值班记事，可能已被删除"


def entry_record(row: LogEntry) -> LogEntryRecord:
    return LogEntryRecord(id=row.id, at=row.at, text=row.text, author=row.author, version=row.version)


def entry_snapshot(row: LogEntry) -> dict:
    return {"at": row.at.isoformat(), "text": row.text, "author": row.author}


def equipment_record(row: Equipment) -> EquipmentRecord:
    return EquipmentRecord(name=row.name, sort_order=row.sort_order, active=row.active, id=row.id,
                           version=row.version)


class HandoverLogbook(HandoverArea):
    # -- 值班记事 ---------------------------------------------------------------------------------
    def entries(self, key: ShiftKey) -> list[LogEntryRecord]:
        with self.ctx.db.session() as s:
            log = self._find_log(s, key)
            if log is None:
                return []
            return [entry_record(r) for r in s.scalars(select(LogEntry).where(LogEntry.duty_log_id == log.id)
                                                        .order_by(LogEntry.at, LogEntry.id))]

    def _entry_time(self, span, at: datetime | None) -> datetime:
        now = self.ctx.clock.now()
        when = (at or now).replace(microsecond=0)
        problems = Problems()
        problems.need("at", span.starts_at <= when < span.ends_at, "记事时间应在本班次的时间之内")
        problems.need("at", when <= now, "记事时间不能晚于现在")
        if problems:
            raise ValidationError(problems)
        return when

    def add_entry(self, actor: Actor, key: ShiftKey, text: str, at: datetime | None = None) -> LogEntryRecord:
        """A 值班记事 line; without a time it is stamped now."""
        require_writer(actor)
        body = cleaned_text(text, "text", "记事内容", max_len=ENTRY_MAX)
        settings = self._settings()
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            span = self._span(s, key, settings)
            when = self._entry_time(span, at)
            log = self._log(uow, span)
            self._require_unsealed(s, log)
            row = LogEntry(duty_log_id=log.id, at=when, text=body, author=actor_name(actor), created_at=uow.now)
            s.add(row)
            s.flush()
            uow.audit("create", EntityKind.LOG_ENTRY, row.id, after=entry_snapshot(row))
            return entry_record(row)

    def update_entry(self, actor: Actor, entry_id: int, text: str, at: datetime | None, version: int) -> LogEntryRecord:
        require_writer(actor)
        body = cleaned_text(text, "text", "记事内容", max_len=ENTRY_MAX)
        settings = self._settings()
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            row = s.get(LogEntry, entry_id)
            if row is None:
                raise NotFound(ENTRY_GONE)
            log = s.get(DutyLog, row.duty_log_id)
            assert log is not None
            self._require_unsealed(s, log)
            check_version(row.version, version, "该条值班记事")
            span = self._span(s, ShiftKey(log.duty_date, log.shift_name), settings)
            before = entry_snapshot(row)
            row.at, row.text = self._entry_time(span, at or row.at), body
            s.flush()
            uow.audit("update", EntityKind.LOG_ENTRY, row.id, before=before, after=entry_snapshot(row))
            return entry_record(row)

    def delete_entry(self, actor: Actor, entry_id: int, version: int) -> None:
        require_writer(actor)
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            row = s.get(LogEntry, entry_id)
            if row is None:
                raise NotFound(ENTRY_GONE)
            log = s.get(DutyLog, row.duty_log_id)
            assert log is not None
            self._require_unsealed(s, log)
            check_version(row.version, version, "该条值班记事")
            before = entry_snapshot(row)
            s.delete(row)
            s.flush()
            uow.audit("delete", EntityKind.LOG_ENTRY, entry_id, before=before)

    # -- the equipment list -----------------------------------------------------------------------
    def equipment(self, *, include_inactive: bool = False) -> list[EquipmentRecord]:
        with self.ctx.db.session() as s:
            query = select(Equipment).order_by(Equipment.sort_order, Equipment.id)
            if not include_inactive:
                query = query.where(Equipment.active.is_(True))
            return [equipment_record(r) for r in s.scalars(query)]

    def save_equipment(self, actor: Actor, record: EquipmentRecord) -> EquipmentRecord:
        """Add or rename a piece of equipment (administrators); old shifts keep the name they checked."""
        require_role(actor, Role.ADMIN)
        name = clean_text(record.name)
        problems = Problems()
        check_text(problems, "name", name, "设备名称", required=True, max_len=50)
        if problems:
            raise ValidationError(problems)
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            clash = s.scalar(select(Equipment.id).where(Equipment.name == name))
            if clash is not None and clash != record.id:
                raise ValidationError({"name": f"设备“{name}”已在清单中"})
            if record.id is None:
                row = Equipment(name=name, sort_order=int(record.sort_order), active=bool(record.active))
                s.add(row)
                s.flush()
                uow.audit("create", EntityKind.EQUIPMENT, row.id, after={"name": name, "active": row.active})
            else:
                row = s.get(Equipment, record.id)
                if row is None:
                    raise NotFound("该设备已从清单中删除")
                check_version(row.version, record.version, f"设备“{row.name}”")
                before = {"name": row.name, "sort_order": row.sort_order, "active": row.active}
                row.name, row.sort_order, row.active = name, int(record.sort_order), bool(record.active)
                s.flush()
                uow.audit("update", EntityKind.EQUIPMENT, row.id, before=before,
                          after={"name": row.name, "sort_order": row.sort_order, "active": row.active})
            return equipment_record(row)

    # -- equipment in a shift ---------------------------------------------------------------------
    def equipment_status(self, key: ShiftKey) -> list[EquipmentStatusRecord]:
        """Every piece on the list (and any checked in the shift since removed), checked or not."""
        with self.ctx.db.session() as s:
            log = self._find_log(s, key)
            checked = {} if log is None else {
                r.equipment_name: r for r in s.scalars(select(EquipmentStatus)
                                                       .where(EquipmentStatus.duty_log_id == log.id))}
            sealed = log is not None and self._handover_row(s, log.id) is not None
            names = [] if sealed else [r.name for r in s.scalars(select(Equipment).where(Equipment.active.is_(True))
                                                                 .order_by(Equipment.sort_order, Equipment.id))]
        out = []
        for name in dict.fromkeys([*names, *sorted(checked, key=lambda n: checked[n].id)]):
            row = checked.get(name)
            out.append(EquipmentStatusRecord(name) if row is None else EquipmentStatusRecord(
                name, EquipmentState(row.state), row.description, row.checked_at, row.checked_by, row.version))
        return out

    def set_equipment_status(self, actor: Actor, key: ShiftKey, name: str, state: EquipmentState,
                             description: str = "", version: int = 0) -> EquipmentStatusRecord:
        """正常 / 异常 of one piece in the shift; 异常 needs a description of what is wrong."""
        require_writer(actor)
        state = EquipmentState(state)
        text = cleaned_text(description, "description", "异常情况", required=state == EquipmentState.FAULT,
                            max_len=NOTE_MAX)
        with unit_of_work(self.ctx, actor) as uow:
            log = self._unsealed_log(uow, key)
            return self._set_status(uow, log, key, clean_text(name), state, text, version)

    def mark_equipment(self, actor: Actor, key: ShiftKey, faults: dict[str, str] | None = None
                       ) -> list[EquipmentStatusRecord]:
        """"设备全部正常" in one step: every piece on the list 正常, except the faults given (name → description)."""
        require_writer(actor)
        faults = {clean_text(k): cleaned_text(v, "description", "异常情况", max_len=NOTE_MAX)
                  for k, v in (faults or {}).items()}
        with unit_of_work(self.ctx, actor) as uow:
            log = self._unsealed_log(uow, key)
            names = [r.name for r in uow.session.scalars(select(Equipment).where(Equipment.active.is_(True))
                                                         .order_by(Equipment.sort_order, Equipment.id))]
            unknown = sorted(set(faults) - set(names))
            if unknown:
                raise ValidationError({"name": f"设备清单中没有“{unknown[0]}”"})
            out = []
            for name in names:
                current = uow.session.scalar(select(EquipmentStatus.version).where(
                    EquipmentStatus.duty_log_id == log.id, EquipmentStatus.equipment_name == name))
                state = EquipmentState.FAULT if name in faults else EquipmentState.OK
                out.append(self._set_status(uow, log, key, name, state, faults.get(name, ""), current or 0))
            return out

    def _unsealed_log(self, uow, key: ShiftKey) -> DutyLog:
        s = uow.session
        log = self._log(uow, self._span(s, key, self._settings()))
        self._require_unsealed(s, log)
        return log

    def _set_status(self, uow, log: DutyLog, key: ShiftKey, name: str, state: EquipmentState, text: str,
                    version: int) -> EquipmentStatusRecord:
        s, actor = uow.session, uow.actor
        equipment = s.scalar(select(Equipment).where(Equipment.name == name))
        if equipment is None:
            raise ValidationError({"name": f"设备清单中没有“{name}”"})
        row = s.scalar(select(EquipmentStatus).where(EquipmentStatus.duty_log_id == log.id,
                                                     EquipmentStatus.equipment_name == equipment.name))
        before = None
        if row is None:
            row = EquipmentStatus(duty_log_id=log.id, equipment_id=equipment.id, equipment_name=equipment.name,
                                  state=state.value, description=text, checked_at=uow.now,
                                  checked_by=actor_name(actor))
            s.add(row)
        else:
            check_version(row.version, version, f"“{equipment.name}”的状态")
            before = {"state": row.state, "description": row.description}
            row.state, row.description = state.value, text
            row.checked_at, row.checked_by = uow.now, actor_name(actor)
        s.flush()
        uow.audit("update" if before else "create", EntityKind.EQUIPMENT_STATUS, row.id, before=before,
                  after={"shift": key.label, "equipment": row.equipment_name, "state": row.state,
                         "description": row.description})
        return EquipmentStatusRecord(row.equipment_name, state, row.description, row.checked_at,
                                     row.checked_by, row.version)
