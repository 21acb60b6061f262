"""Importing an existing Excel roster (date + names per position). All rows or none.

The file's rows go to the first active shift (an office keeping its roster in Excel has one
24-hour shift). Names must match one active person exactly; each imported day replaces what that
shift had on the day. Every bad row is reported with its spreadsheet row number; with skip_invalid
the good days are imported and the bad rows written beside the file (services/import_skips.py).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dutyroom.domain.roster import LEADER, OFFICER, STANDBY
from dutyroom.domain.roster_sheet import read_roster_file
from dutyroom.domain.validation import clean_text
from dutyroom.domain.vocabulary import Role
from dutyroom.errors import ConflictError, DutyRoomError, ImportRejected
from dutyroom.services.busy import retrying
from dutyroom.services.context import require_role, unit_of_work
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.import_skips import settle
from dutyroom.services.records import Actor
from dutyroom.services.roster.records import RosterImportResult
from dutyroom.services.roster.setup import RosterSetup
from dutyroom.store.models import Assignment, Person, ShiftDefinition

_COLUMNS = ((LEADER, "leaders", "带班领导"), (OFFICER, "officers", "值班员"), (STANDBY, "standby", "备班"))


class RosterImport(RosterSetup):
    """The Excel roster import; it needs the set-up, since a fresh roster gets its default shift first."""

    def import_file(self, actor: Actor, path: str | Path, *, skip_invalid: bool = False,
                    dry_run: bool = False) -> RosterImportResult:
        """Read an .xlsx roster with dutyroom.domain.roster_sheet, then import its rows."""
        path = Path(path)
        if not path.is_file():
            raise DutyRoomError(f"找不到要导入的文件：{path}")
        sheet = read_roster_file(path)
        if not sheet.rows and not sheet.rejected:
            raise DutyRoomError(f"文件中只有表头（第 {sheet.header_row} 行），没有带日期的值班行")
        if sheet.rejected and not (skip_invalid or dry_run):
            raise ImportRejected(sheet.rejected, sheet.total)
        return self.import_rows(actor, sheet.rows, source_name=path.name, skip_invalid=skip_invalid,
                                source=path, header_row=sheet.header_row, unread=sheet.rejected,
                                dry_run=dry_run)

    def import_rows(self, actor: Actor, rows, *, source_name: str = "", skip_invalid: bool = False,
                    source: Path | None = None, header_row: int = 0,
                    unread: list[tuple[int, str]] | None = None, dry_run: bool = False) -> RosterImportResult:
        """`rows` have row_number, day, leaders, officers, standby (names). Raises ImportRejected, unless
        skip_invalid: then `unread` (rows the sheet could not read) and the bad rows are written beside
        `source` and the rest imported."""
        require_role(actor, Role.ADMIN)
        rows = list(rows)
        if not rows and not unread:
            raise DutyRoomError("文件中没有值班安排（没有找到带日期的行）")
        self.ensure_default_shift()
        return retrying(lambda: self._import(actor, rows, source_name, skip_invalid, source, header_row,
                                             list(unread or ()), dry_run), what="导入")

    def _import(self, actor: Actor, rows, source_name: str, skip_invalid: bool, source: Path | None,
                header_row: int, unread: list[tuple[int, str]], dry_run: bool) -> RosterImportResult:
        total = len(rows) + len(unread)
        try:
            with unit_of_work(self.ctx, actor) as uow:
                s = uow.session
                shift = s.scalars(select(ShiftDefinition).where(ShiftDefinition.active.is_(True))
                                  .order_by(ShiftDefinition.sort_order, ShiftDefinition.id)).first()
                if shift is None:
                    raise DutyRoomError("没有启用的班次，请先在排班设置中启用一个班次")
                plan, rejected = _plan(rows, _active_names(s))
                refused = settle(source or Path(source_name), header_row, unread + rejected, total, skip_invalid, dry_run)
                if not plan:
                    return RosterImportResult(total=0, first=None, last=None, cells=0, refused=refused)
                cells = _apply(s, shift.id, plan)
                days = sorted(plan)
                uow.audit("import", EntityKind.ROSTER, f"{days[0].isoformat()}~{days[-1].isoformat()}", announce=False,
                          after={"file": source_name, "rows": len(rows), "cells": cells, "shift": shift.name,
                                 "first": days[0].isoformat(), "last": days[-1].isoformat()})
                uow.changes.append(Change(EntityKind.ASSIGNMENT, op="bulk"))
        except IntegrityError:
            raise ConflictError("导入时有人同时修改了值班表，没有导入任何数据，请稍后重新导入") from None
        return RosterImportResult(total=len(plan), first=days[0], last=days[-1], cells=cells, refused=refused)


def _active_names(s) -> dict[str, list[int]]:
    names: dict[str, list[int]] = defaultdict(list)
    for pid, name in s.execute(select(Person.id, Person.name).where(Person.active.is_(True)).order_by(Person.id)):
        names[name].append(pid)
    return names


def _plan(rows, names: dict[str, list[int]]) -> tuple[dict, list[tuple[int, str]]]:
    """day -> {position: [person ids]}, and every bad row (number, reason)."""
    plan: dict = {}
    seen: dict = {}
    rejected: list[tuple[int, str]] = []
    for row in rows:
        problems: list[str] = []
        day = row.day
        if day in seen:
            problems.append(f"与第 {seen[day]} 行的日期 {day.isoformat()} 重复")
        seen.setdefault(day, row.row_number)
        cells: dict[str, list[int]] = {}
        used: dict[int, str] = {}
        for position, attr, label in _COLUMNS:
            ids = []
            for raw in getattr(row, attr) or ():
                name = clean_text(raw)
                if not name:
                    continue
                found = names.get(name, [])
                if not found:
                    problems.append(f"{label}“{name}”不在人员名单中或已停用（姓名须完全一致）")
                    continue
                if len(found) > 1:
                    problems.append(f"{label}“{name}”有 {len(found)} 名同名人员，无法确定是哪一位，请在程序中排班")
                    continue
                pid = found[0]
                if pid in used:
                    problems.append(f"“{name}”同一天既是{used[pid]}又是{label}")
                    continue
                used[pid] = label
                ids.append(pid)
            cells[position] = ids
        if not problems and not used:
            problems.append("没有填写任何人员")
        if problems:
            rejected.append((row.row_number, "；".join(problems)))
        else:
            plan[day] = cells
    return plan, rejected


def _apply(s, shift_id: int, plan: dict) -> int:
    """Each day of the plan replaces that shift's cells on the day; rows are updated in place where they exist."""
    existing = defaultdict(list)
    for row in s.scalars(select(Assignment).where(Assignment.shift_id == shift_id, Assignment.day.in_(list(plan)))):
        existing[row.day].append(row)
    written = 0
    for day, by_position in plan.items():
        old = {(r.position, r.slot): r for r in existing.get(day, [])}
        for position, ids in by_position.items():
            for slot, pid in enumerate(ids):
                row = old.pop((position, slot), None)
                if row is None:
                    s.add(Assignment(day=day, shift_id=shift_id, position=position, slot=slot, person_id=pid,
                                     source="import", rotation_seq=None))
                elif row.person_id != pid or row.source != "import":
                    row.person_id, row.source, row.rotation_seq = pid, "import", None
                written += 1
        for row in old.values():
            s.delete(row)
        s.flush()
    return written
