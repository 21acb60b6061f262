"""The holiday calendar in the database: seeded from chinese-calendar, editable, importable."""

from __future__ import annotations

from datetime import date

from sqlalchemy import extract, func, select

from dutyroom.domain.holidays import package_days, package_years
from dutyroom.domain.localtime import to_local
from dutyroom.domain.validation import Problems, check_text, clean_text
from dutyroom.domain.vocabulary import HolidayKind, Role
from dutyroom.errors import NotFound, ValidationError
from dutyroom.services.context import ServiceContext, require_role, unit_of_work
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.records import SYSTEM_ACTOR, Actor, HolidayRecord
from dutyroom.store.models import Holiday

PACKAGE_SOURCE = "chinese-calendar"
# Every published year since 2008 has had 27–33 days of 法定节假日 (weekends inside holidays included).
MIN_HOLIDAY_DAYS = 20


def to_record(row: Holiday) -> HolidayRecord:
    return HolidayRecord(id=row.id, day=row.day, kind=HolidayKind(row.kind), name=row.name, source=row.source,
                         version=row.version)


def _snapshot(rec: HolidayRecord) -> dict:
    return {"day": rec.day.isoformat(), "kind": rec.kind.value, "name": rec.name, "source": rec.source}


def cleaned(record: HolidayRecord) -> HolidayRecord:
    rec = HolidayRecord(id=record.id, version=record.version, day=record.day, kind=HolidayKind(record.kind),
                        name=clean_text(record.name), source=record.source or "manual")
    problems = Problems()
    problems.need("day", isinstance(rec.day, date), "请填写日期")
    check_text(problems, "name", rec.name, "节日名称", required=True, max_len=50)
    if isinstance(rec.day, date):
        problems.need("day", 2000 <= rec.day.year <= 2100, "日期年份应在 2000 到 2100 之间")
        if rec.kind == HolidayKind.WORKDAY:
            problems.need("kind", rec.day.weekday() >= 5, "调休上班日应是周六或周日")
    if problems:
        raise ValidationError(problems)
    return rec


HOLIDAY_GONE = "该日期已被删除"


def _named(row: Holiday) -> str:
    return f"{row.day.isoformat()} 的安排"


def _row_snapshot(row: Holiday) -> dict:
    return _snapshot(to_record(row))


class HolidayService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def list(self, year: int | None = None) -> list[HolidayRecord]:
        with self.ctx.db.session() as s:
            query = select(Holiday).order_by(Holiday.day)
            if year is not None:
                query = query.where(extract("year", Holiday.day) == year)
            return [to_record(h) for h in s.scalars(query)]

    def known_years(self) -> list[int]:
        with self.ctx.db.session() as s:
            years = s.scalars(select(func.distinct(extract("year", Holiday.day))))
            return sorted(int(y) for y in years)

    def holiday_day_counts(self) -> dict[int, int]:
        """Year -> number of 法定节假日 days in the calendar."""
        with self.ctx.db.session() as s:
            year = extract("year", Holiday.day)
            rows = s.execute(select(year, func.count()).where(Holiday.kind == HolidayKind.HOLIDAY.value)
                             .group_by(year))
            return {int(y): n for y, n in rows}

    def next_year_warning(self) -> str | None:
        """A sentence for the administrator when this or next year's official schedule is missing or partial.

        A year counts as entered only when it has at least MIN_HOLIDAY_DAYS 法定节假日 days: one day
        typed in by hand must not silence the warning for a whole year.
        """
        today = to_local(self.ctx.clock.now(), _office_zone(self.ctx)).date()
        counts = self.holiday_day_counts()
        problems = []
        for year in (today.year, today.year + 1):
            have = counts.get(year, 0)
            if have == 0:
                problems.append(f"缺少 {year} 年的安排")
            elif have < MIN_HOLIDAY_DAYS:
                problems.append(f"{year} 年只录入了 {have} 天法定节假日，似乎不完整")
        if not problems:
            return None
        return ("节假日日历" + "；".join(problems) + "。国务院办公厅每年年底公布下一年放假安排，"
                "请及时录入或导入，否则排班无法区分节假日和调休上班日。")

    def get(self, holiday_id: int) -> HolidayRecord:
        with self.ctx.db.session() as s:
            row = s.get(Holiday, holiday_id)
            if row is None:
                raise NotFound("该日期已被删除")
            return to_record(row)

    def seed_from_package(self, actor: Actor = SYSTEM_ACTOR) -> list[int]:
        """Add every year the chinese-calendar package knows and the database does not; returns them."""
        have = set(self.known_years())
        added = [y for y in package_years() if y not in have]
        if not added:
            return []
        with unit_of_work(self.ctx, actor) as uow:
            for year in added:
                days = package_days(year)
                uow.session.add_all(
                    Holiday(day=d.day, kind=(HolidayKind.HOLIDAY if d.is_holiday else HolidayKind.WORKDAY).value,
                            name=d.name, source=PACKAGE_SOURCE) for d in days)
                uow.audit("seed", EntityKind.HOLIDAY, str(year), after={"year": year, "days": len(days), "source": PACKAGE_SOURCE})
            uow.changes.append(_bulk())
        return added

    def save(self, actor: Actor, record: HolidayRecord) -> HolidayRecord:
        require_role(actor, Role.ADMIN)
        rec = cleaned(record)
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            clash = s.scalars(select(Holiday.id).where(Holiday.day == rec.day)).first()
            if clash is not None and clash != rec.id:
                raise ValidationError({"day": f"{rec.day.isoformat()} 已在日历中，请直接修改那一天"})
            if rec.id is None:
                row = Holiday(day=rec.day, kind=rec.kind.value, name=rec.name, source="manual")
                s.add(row)
                s.flush()
                uow.audit("create", EntityKind.HOLIDAY, row.id, after=_snapshot(to_record(row)))
            else:
                row = uow.fetch(Holiday, rec.id, gone=HOLIDAY_GONE, version=rec.version, what=_named)
                with uow.edit(EntityKind.HOLIDAY, row, _row_snapshot):
                    row.day, row.kind, row.name, row.source = rec.day, rec.kind.value, rec.name, "manual"
            return to_record(row)

    def delete(self, actor: Actor, holiday_id: int, expected_version: int = 0) -> None:
        require_role(actor, Role.ADMIN)
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.fetch(Holiday, holiday_id, gone=HOLIDAY_GONE, version=expected_version, what=_named)
            uow.remove(EntityKind.HOLIDAY, row, _row_snapshot)

    def replace_year(self, actor: Actor, year: int, records: list[HolidayRecord]) -> int:
        """Import one year's schedule: it replaces whatever the calendar had for that year."""
        require_role(actor, Role.ADMIN)
        clean = [cleaned(r) for r in records]
        wrong = [r.day.isoformat() for r in clean if r.day.year != year]
        if wrong:
            raise ValidationError({"day": f"以下日期不属于 {year} 年：{'、'.join(wrong[:5])}"})
        with unit_of_work(self.ctx, actor) as uow:
            old = list(uow.session.scalars(select(Holiday).where(extract("year", Holiday.day) == year)))
            for row in old:
                uow.session.delete(row)
            uow.session.flush()
            uow.session.add_all(Holiday(day=r.day, kind=r.kind.value, name=r.name, source="import") for r in clean)
            uow.audit("import", EntityKind.HOLIDAY, str(year), before={"days": len(old)}, after={"days": len(clean)},
                      announce=False)
            uow.changes.append(_bulk())
        return len(clean)


def _bulk() -> Change:
    return Change(kind=EntityKind.HOLIDAY, op="bulk")


def _office_zone(ctx: ServiceContext) -> str:
    return ctx.settings().time_zone
