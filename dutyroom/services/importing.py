"""Importing units, people and holiday schedules from .xlsx or .csv files with Chinese headers.

Every row is checked first with the same rules the edit forms use; one bad row rejects the whole
file (ImportRejected lists each bad row with its spreadsheet row number), so nothing is ever half
imported; with skip_invalid the good rows are imported and the bad ones written beside the source
(services/import_skips.py). Good rows are saved in one transaction with an audit record per row: these
lists are short (an office has hundreds of units and people, a year has 365 days), so the write lock
is held for well under a second.

Matching: a unit with the same name is updated in place; a person with the same 姓名 in the same
单位 is updated. Blank cells never erase what is stored: they leave the old value unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dutyroom.domain.tabular import (
    Column,
    Refused,
    Sheet,
    map_headers,
    parse_bool,
    parse_choice,
    parse_date,
    parse_int,
    read_table_rows,
    row_values,
    sheet_from_rows,
)
from dutyroom.domain.validation import clean_text
from dutyroom.domain.vocabulary import HolidayKind, PositionKind, Role, UnitKind
from dutyroom.errors import ConflictError, DutyRoomError, ValidationError
from dutyroom.services import people as people_mod
from dutyroom.services import units as units_mod
from dutyroom.services.context import require_role, unit_of_work
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.holidays import cleaned as clean_holiday
from dutyroom.services.import_skips import settle
from dutyroom.services.records import Actor, HolidayRecord, PersonRecord, UnitRecord
from dutyroom.store.models import Person, Unit

STATUS = Column("active", "状态", ("是否启用", "启用", "启用状态"))

UNIT_COLUMNS = (
    Column("name", "单位名称", ("名称", "单位", "单位全称"), required=True),
    Column("kind", "类型", ("单位类型", "类别")),
    Column("duty_phone", "值班电话", ("电话", "联系电话", "值班室电话")),
    Column("fax", "传真", ("传真号", "传真号码", "值班传真")),
    Column("address", "地址", ("单位地址", "办公地址", "通讯地址")),
    Column("sort_order", "排序", ("排序号", "顺序")),
    STATUS,
)
PEOPLE_COLUMNS = (
    Column("name", "姓名", ("名字", "人员姓名"), required=True),
    Column("unit", "单位", ("所在单位", "单位名称", "工作单位")),
    Column("title", "职务", ("职位", "职务职级")),
    Column("position_kind", "岗位", ("值班岗位", "岗位类型", "值班角色")),
    Column("office_phone", "办公电话", ("电话", "座机", "办公室电话", "固定电话")),
    Column("mobile", "手机", ("手机号", "手机号码", "移动电话")),
    STATUS,
)
HOLIDAY_COLUMNS = (
    Column("day", "日期", ("时间",), required=True),
    Column("kind", "类型", ("安排", "性质", "放假/上班"), required=True),
    Column("name", "名称", ("节日", "节日名称", "节假日", "节假日名称", "假日名称"), required=True),
)

UNIT_KINDS = {**{k.label: k for k in UnitKind}, **{k.value: k for k in UnitKind},
              "上级": UnitKind.UPPER, "上级单位": UnitKind.UPPER, "本级": UnitKind.OWN, "本单位": UnitKind.OWN,
              "下级": UnitKind.SUBORDINATE, "下属单位": UnitKind.SUBORDINATE, "内设机构": UnitKind.DEPARTMENT}
POSITION_KINDS = {**{k.label: k for k in PositionKind}, **{k.value: k for k in PositionKind},
                  "领导": PositionKind.LEADER, "带班": PositionKind.LEADER, "值班": PositionKind.OFFICER,
                  "值班人员": PositionKind.OFFICER, "备班人员": PositionKind.STANDBY}
HOLIDAY_KINDS = {**{k.label: k for k in HolidayKind}, **{k.value: k for k in HolidayKind},
                 "休": HolidayKind.HOLIDAY, "假": HolidayKind.HOLIDAY, "放假": HolidayKind.HOLIDAY,
                 "节假日": HolidayKind.HOLIDAY, "休息": HolidayKind.HOLIDAY,
                 "班": HolidayKind.WORKDAY, "上班": HolidayKind.WORKDAY, "补班": HolidayKind.WORKDAY}

_UNIT_LABELS = {"name": "单位名称", "duty_phone": "值班电话", "fax": "传真", "address": "地址", "sort_order": "排序"}
_PERSON_LABELS = {"name": "姓名", "title": "职务", "office_phone": "办公电话", "mobile": "手机"}

Choice = TypeVar("Choice")


@dataclass(frozen=True)
class ImportResult:
    total: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    year: int | None = None
    replaced: int = 0
    refused: Refused = Refused()

    def summary(self) -> str:
        if self.year is not None:
            text = f"已导入 {self.total} 行：{self.year} 年的节假日安排（替换了原有的 {self.replaced} 天）"
        else:
            text = f"已导入 {self.total} 行（新增 {self.created}，更新 {self.updated}，无变化 {self.unchanged}）"
        return text + self.refused.summary()


# -- reading files ------------------------------------------------------------------------------
def read_sheet(path: str | Path, columns: tuple[Column, ...] = ()) -> Sheet:
    return sheet_from_rows(read_table_rows(path), columns)


def _rows(path: str | Path, columns) -> tuple[Sheet, list[tuple[int, dict[str, str], list[str]]]]:
    sheet = read_sheet(path, columns)
    mapping = map_headers(sheet.header, columns)
    rows = [(number, *row_values(cells, sheet.header, mapping)) for number, cells in sheet.rows]
    if not rows:
        raise DutyRoomError(f"文件中只有表头（第 {sheet.header_row} 行），没有数据行")
    return sheet, rows


# -- helpers for one row ------------------------------------------------------------------------
class _Row:
    """Collects the problems of one row; each says which column it is about."""

    def __init__(self, stray: list[str]):
        self.problems: list[str] = []
        if stray:
            self.problems.append("表头以外的列里有内容（" + "、".join(stray[:3]) + "），可能是某个单元格里含有逗号")

    def parse(self, text: str, parser: Callable[[str], Choice], message: str) -> Choice | None:
        if not text:
            return None
        try:
            return parser(text)
        except (ValueError, TypeError):
            self.problems.append(message)
            return None

    def validation(self, exc: ValidationError, labels: dict[str, str]) -> None:
        for field, message in exc.fields.items():
            label = labels.get(field, "")
            self.problems.append(message if not label or label in message else f"{label}：{message}")

    def reason(self) -> str:
        return "；".join(self.problems)


def _choice(choices: Mapping[str, Choice]) -> Callable[[str], Choice]:
    return lambda text: parse_choice(text, choices)


def _labels(enum) -> str:
    return "、".join(enum.labels())


def _overlay(base, values: dict, fields: tuple[str, ...]):
    """Non-blank cells replace stored values; blank cells keep them."""
    return replace(base, **{f: values[f] for f in fields if values.get(f)})


# -- units --------------------------------------------------------------------------------------
def import_units(services, actor: Actor, path: str | Path, *, skip_invalid: bool = False,
                 dry_run: bool = False) -> ImportResult:
    """Create units, or update the unit with the same name. All rows or none, unless skip_invalid."""
    require_role(actor, Role.ADMIN)
    sheet, rows = _rows(path, UNIT_COLUMNS)
    with _transaction(services, actor, "单位") as uow:
        existing = {u.name: u for u in uow.session.scalars(select(Unit))}
        plans, rejected = _plan_units(rows, existing)
        refused = settle(path, sheet.header_row, rejected, len(rows), skip_invalid, dry_run)
        created, updated = _write(uow, plans, EntityKind.UNIT, Unit, units_mod)
        result = ImportResult(total=len(plans), created=created, updated=updated,
                              unchanged=len(plans) - created - updated, refused=refused)
        _audit_summary(uow, EntityKind.UNIT, path, result)
    return result


def _plan_units(rows, existing: dict[str, Unit]) -> tuple[list[tuple[Unit | None, UnitRecord]], list]:
    next_sort = max((u.sort_order for u in existing.values()), default=0)
    plans: list[tuple[Unit | None, UnitRecord]] = []
    rejected: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for number, values, stray in rows:
        row = _Row(stray)
        name = clean_text(values.get("name"))
        kind = row.parse(values.get("kind", ""), _choice(UNIT_KINDS),
                         f"类型“{values.get('kind')}”无法识别，应为{_labels(UnitKind)}")
        sort = row.parse(values.get("sort_order", ""), parse_int, f"排序“{values.get('sort_order')}”应为整数")
        active = row.parse(values.get("active", ""), parse_bool,
                           f"状态“{values.get('active')}”无法识别，应为启用或停用")
        stored = existing.get(name)
        base = units_mod.to_record(stored) if stored else UnitRecord(name=name)
        rec = _overlay(base, values, ("duty_phone", "fax", "address"))
        rec = replace(rec, name=name, kind=kind or rec.kind,
                      sort_order=rec.sort_order if sort is None else sort,
                      active=rec.active if active is None else active)
        try:
            rec = units_mod.cleaned(rec)
        except ValidationError as exc:
            row.validation(exc, _UNIT_LABELS)
        if name and name in seen:
            row.problems.append(f"与第 {seen[name]} 行的单位名称重复")
        if name:
            seen.setdefault(name, number)
        if row.problems:
            rejected.append((number, row.reason()))
            continue
        if stored is None and sort is None:
            next_sort += 10
            rec.sort_order = next_sort  # new units follow the existing list, in the file's order
        plans.append((stored, rec))
    return plans, rejected


# -- people -------------------------------------------------------------------------------------
def import_people(services, actor: Actor, path: str | Path, *, skip_invalid: bool = False,
                  dry_run: bool = False) -> ImportResult:
    """Create people, or update the person with the same 姓名 in the same 单位. Units must exist."""
    require_role(actor, Role.ADMIN)
    sheet, rows = _rows(path, PEOPLE_COLUMNS)
    with _transaction(services, actor, "人员") as uow:
        units = {u.name: u.id for u in uow.session.scalars(select(Unit))}
        stored: dict[tuple[str, int | None], list[Person]] = defaultdict(list)
        for person in uow.session.scalars(select(Person)):
            stored[(person.name, person.unit_id)].append(person)
        plans, rejected = _plan_people(rows, units, stored)
        refused = settle(path, sheet.header_row, rejected, len(rows), skip_invalid, dry_run)
        created, updated = _write(uow, plans, EntityKind.PERSON, Person, people_mod)
        result = ImportResult(total=len(plans), created=created, updated=updated,
                              unchanged=len(plans) - created - updated, refused=refused)
        _audit_summary(uow, EntityKind.PERSON, path, result)
    return result


def _plan_people(rows, units: dict[str, int],
                 stored_people) -> tuple[list[tuple[Person | None, PersonRecord]], list]:
    plans: list[tuple[Person | None, PersonRecord]] = []
    rejected: list[tuple[int, str]] = []
    seen: dict[tuple[str, int | None], int] = {}
    for number, values, stray in rows:
        row = _Row(stray)
        name = clean_text(values.get("name"))
        unit_name = clean_text(values.get("unit"))
        unit_id = units.get(unit_name) if unit_name else None
        if unit_name and unit_id is None:
            row.problems.append(f"单位“{unit_name}”不存在，请先在单位中添加或导入该单位（名称要完全一致）")
        position = row.parse(values.get("position_kind", ""), _choice(POSITION_KINDS),
                             f"岗位“{values.get('position_kind')}”无法识别，应为{_labels(PositionKind)}")
        active = row.parse(values.get("active", ""), parse_bool,
                           f"状态“{values.get('active')}”无法识别，应为启用或停用")
        unknown_unit = bool(unit_name) and unit_id is None
        matches = [] if unknown_unit else stored_people.get((name, unit_id), [])
        if len(matches) > 1:
            row.problems.append(f"“{unit_name or '无单位'}”已有 {len(matches)} 名叫“{name}”的人员，"
                                "无法确定更新哪一位，请在程序中修改")
        stored = matches[0] if len(matches) == 1 else None
        base = people_mod.to_record(stored) if stored else PersonRecord(name=name)
        rec = _overlay(base, values, ("title", "office_phone", "mobile"))
        rec = replace(rec, name=name, unit_id=unit_id, position_kind=position or rec.position_kind,
                      active=rec.active if active is None else active)
        try:
            rec = people_mod.cleaned(rec)
        except ValidationError as exc:
            row.validation(exc, _PERSON_LABELS)
        key = (name, unit_id)
        if name and key in seen and not unknown_unit:
            row.problems.append(f"与第 {seen[key]} 行重复（同一单位的同名人员）")
        if name:
            seen.setdefault(key, number)
        if row.problems:
            rejected.append((number, row.reason()))
        else:
            plans.append((stored, rec))
    return plans, rejected


def _write(uow, plans, kind: EntityKind, model, module) -> tuple[int, int]:
    """Save planned rows with one audit record each, as the services' own save() would."""
    s = uow.session
    created = updated = 0
    for stored, rec in plans:
        values = {k: v for k, v in module.snapshot(rec).items() if k != "id"}
        if stored is None:
            row = model(**values)
            s.add(row)
            s.flush()
            s.refresh(row)
            uow.audit("create", kind, row.id, after=module.snapshot(module.to_record(row)), announce=False)
            created += 1
            continue
        before = module.snapshot(module.to_record(stored))
        if all(before[k] == v for k, v in values.items()):
            continue  # nothing new for this record: no write, no audit noise
        for key, value in values.items():
            setattr(stored, key, value)
        s.flush()
        s.refresh(stored)
        uow.audit("update", kind, stored.id, before=before, after=module.snapshot(module.to_record(stored)),
                  announce=False)
        updated += 1
    return created, updated


@contextmanager
def _transaction(services, actor: Actor, what: str):
    try:
        with unit_of_work(services.ctx, actor) as uow:
            yield uow
    except IntegrityError:
        # Another workstation saved the same name between our check and our write.
        raise ConflictError(f"导入时有人同时修改了{what}，没有导入任何数据，请稍后重新导入") from None


# -- holidays -----------------------------------------------------------------------------------
def import_holidays(services, actor: Actor, path: str | Path, year: int | None = None, *,
                    skip_invalid: bool = False, dry_run: bool = False) -> ImportResult:
    """One year's official schedule; it replaces whatever the calendar had for that year."""
    require_role(actor, Role.ADMIN)
    sheet, rows = _rows(path, HOLIDAY_COLUMNS)
    records: list[HolidayRecord] = []
    rejected: list[tuple[int, str]] = []
    seen: dict = {}
    for number, values, stray in rows:
        row = _Row(stray)
        day = row.parse(values.get("day", ""), parse_date,
                        f"日期“{values.get('day')}”无法识别，请写成 2027-01-01 这样的格式")
        kind = row.parse(values.get("kind", ""), _choice(HOLIDAY_KINDS),
                         f"类型“{values.get('kind')}”无法识别，应为{_labels(HolidayKind)}（或“休”“班”）")
        if not values.get("kind"):
            row.problems.append("请填写类型（" + _labels(HolidayKind) + "）")
        if not values.get("day"):
            row.problems.append("请填写日期")
        record = None
        if day is not None and kind is not None:
            try:
                record = clean_holiday(HolidayRecord(day=day, kind=kind, name=values.get("name", "")))
            except ValidationError as exc:
                row.validation(exc, {"name": "名称", "day": "日期", "kind": "类型"})
        if day is not None and year is not None and day.year != year:
            row.problems.append(f"日期 {day.isoformat()} 不属于 {year} 年")
        if day is not None and day in seen:
            row.problems.append(f"与第 {seen[day]} 行的日期重复")
        if day is not None:
            seen.setdefault(day, number)
        if row.problems:
            rejected.append((number, row.reason()))
        elif record is not None:
            records.append(record)
    refused = settle(path, sheet.header_row, rejected, len(rows), skip_invalid, dry_run)
    if not records:
        return ImportResult(total=0, refused=refused)
    years = sorted({r.day.year for r in records})
    if year is None and len(years) > 1:
        raise DutyRoomError(f"文件中的日期跨了多个年份（{'、'.join(map(str, years))}），"
                            "请每年一个文件，或用 --year 指定要导入的年份")
    year = year if year is not None else years[0]
    replaced = len(services.holidays.list(year))
    services.holidays.replace_year(actor, year, records)
    return ImportResult(total=len(records), created=len(records), year=year, replaced=replaced, refused=refused)


def _audit_summary(uow, kind: EntityKind, path: str | Path, result: ImportResult) -> None:
    uow.audit("import", kind, None, after={"file": Path(path).name, "rows": result.total,
                                           "created": result.created, "updated": result.updated},
              announce=False)
    uow.changes.append(Change(kind=kind, op="bulk"))
