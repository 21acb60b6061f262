"""Roll-call plans (点名计划), the occurrences they create in advance, and the recorded spot-check draw."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from dutyroom.domain import rollcall as rules
from dutyroom.domain.validation import Problems, check_text, clean_text
from dutyroom.domain.vocabulary import HolidayKind, Role, RollCallKind, RollCallStatus, UnitKind
from dutyroom.errors import NotFound, ValidationError
from dutyroom.services.context import is_unique_violation, require_role, unit_of_work
from dutyroom.services.events import EntityKind
from dutyroom.services.holidays import HolidayService
from dutyroom.services.records import SYSTEM_ACTOR, Actor
from dutyroom.services.rollcall import rows
from dutyroom.services.rollcall.records import DrawResult, PlanRecord, RollCallRecord
from dutyroom.services.settings import parse_hhmm
from dutyroom.store.models import RollCall, RollCallEntry, RollCallPlan, Unit

PLAN_GONE = "找不到该点名计划，可能已被删除"
DEFAULT_WINDOW = (time(21, 0), time(6, 0))
DEFAULT_SPOT_COUNT = 3


def _as_time(value) -> time | None:
    if value is None or isinstance(value, time):
        return value
    return parse_hhmm(str(value))


class PlanMixin:
    """Mixin of RollCallService."""

    # -- plans ----------------------------------------------------------------------------------
    def plans(self, active_only: bool = False) -> list[PlanRecord]:
        with self.ctx.db.session() as s:
            names = rows.unit_names(s)
            query = select(RollCallPlan).order_by(RollCallPlan.kind, RollCallPlan.id)
            if active_only:
                query = query.where(RollCallPlan.active.is_(True))
            return [rows.plan_record(r, names) for r in s.scalars(query)]

    def plan(self, plan_id: int) -> PlanRecord:
        with self.ctx.db.session() as s:
            row = s.get(RollCallPlan, plan_id)
            if row is None:
                raise NotFound(PLAN_GONE)
            return rows.plan_record(row, rows.unit_names(s))

    def _clean_plan(self, record: PlanRecord) -> PlanRecord:
        problems = Problems()
        kind = RollCallKind(record.kind)
        rec = replace(record, kind=kind, name=clean_text(record.name), unit_ids=tuple(record.unit_ids),
                      at_time=_as_time(record.at_time), window_start=_as_time(record.window_start),
                      window_end=_as_time(record.window_end), interval_days=int(record.interval_days or 0),
                      spot_count=int(record.spot_count or 0))
        check_text(problems, "name", rec.name, "计划名称", required=True, max_len=60)
        problems.need("at_time", rec.at_time is not None or kind == RollCallKind.SPOT,
                      "点名时间无效，请写成 09:30 这样的格式")
        problems.need("units", len(set(rec.unit_ids)) == len(rec.unit_ids), "同一单位在名单中出现了两次")
        if kind == RollCallKind.HOST:
            problems.need("units", bool(rec.unit_ids), "请选择要点名的单位")
            problems.need("weekday", rec.weekday is not None and 0 <= rec.weekday <= 6, "请选择每周点名的星期")
            rec = replace(rec, interval_days=7)
        elif kind == RollCallKind.UPPER:
            problems.need("anchor_day", rec.anchor_day is not None, "请填写上级点名的起始日期（从这天起每两周一次）")
            problems.need("interval_days", 1 <= rec.interval_days <= 90, "间隔天数应在 1 到 90 之间")
        else:
            problems.need("units", bool(rec.unit_ids), "请选择参加抽取的单位")
            problems.need("anchor_day", rec.anchor_day is not None, "请填写抽查的起始日期")
            problems.need("interval_days", 1 <= rec.interval_days <= 90, "抽查间隔应在 1 到 90 天之间")
            if rec.window_start is None or rec.window_end is None:
                problems.need("window", False, "抽查时段无效，请写成 21:00 到 06:00 这样的格式")
            else:
                problems.need("window", rules.window_minutes(rec.window_start, rec.window_end) > 0,
                              "抽查时段的开始和结束不能相同（时段长度为零）")
            problems.need("spot_count", 1 <= rec.spot_count <= max(1, len(rec.unit_ids)),
                          f"抽查单位数应在 1 到 {max(1, len(rec.unit_ids))} 之间")
            rec = replace(rec, at_time=rec.window_start or time(0, 0))
        if problems:
            raise ValidationError(problems)
        return rec

    def save_plan(self, actor: Actor, record: PlanRecord) -> PlanRecord:
        require_role(actor, Role.LEADER, Role.ADMIN)
        rec = self._clean_plan(record)
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            known = set(s.scalars(select(Unit.id).where(Unit.id.in_(rec.unit_ids), Unit.active.is_(True))))
            missing = [i for i in rec.unit_ids if i not in known]
            if missing:
                raise ValidationError({"units": "名单中有已删除或停用的单位，请重新选择"})
            if rec.id is None:
                row = RollCallPlan()
                s.add(row)
                before = None
            else:
                row = uow.fetch(RollCallPlan, rec.id, gone=PLAN_GONE, version=rec.version, what="该点名计划")
                before = rows.plan_snapshot(rows.plan_record(row, {}))
            row.name, row.kind, row.weekday, row.anchor_day = rec.name, rec.kind.value, rec.weekday, rec.anchor_day
            row.interval_days, row.at_time = rec.interval_days, rows.hhmm(rec.at_time)
            row.window_start, row.window_end = rows.hhmm(rec.window_start), rows.hhmm(rec.window_end)
            row.spot_count, row.holiday_rule = rec.spot_count, rec.holiday_rule.value
            row.unit_ids, row.active = ",".join(str(i) for i in rec.unit_ids), bool(rec.active)
            s.flush()
            saved = rows.plan_record(row, rows.unit_names(s))
            uow.audit("create" if before is None else "update", EntityKind.ROLLCALL_PLAN, row.id, before=before,
                      after=rows.plan_snapshot(saved))
        return saved

    def delete_plan(self, actor: Actor, plan_id: int, version: int = 0) -> None:
        """Roll-calls it created stay (their plan link is cleared)."""
        require_role(actor, Role.LEADER, Role.ADMIN)
        with unit_of_work(self.ctx, actor) as uow:
            row = uow.fetch(RollCallPlan, plan_id, gone=PLAN_GONE, version=version, what="该点名计划")
            before = rows.plan_snapshot(rows.plan_record(row, {}))
            for planned in uow.session.scalars(select(RollCall).where(
                    RollCall.plan_id == plan_id, RollCall.status == RollCallStatus.PLANNED.value)):
                uow.session.delete(planned)  # occurrences not yet called go with their plan
            uow.session.delete(row)
            uow.audit("delete", EntityKind.ROLLCALL_PLAN, plan_id, before=before)

    # -- occurrences ----------------------------------------------------------------------------
    def _holiday_map(self, first: date, last: date) -> dict[date, bool]:
        out: dict[date, bool] = {}
        service = HolidayService(self.ctx)
        for year in range(first.year, last.year + 2):
            for h in service.list(year):
                out[h.day] = h.kind == HolidayKind.HOLIDAY
        return out

    def _instant(self, local: datetime) -> datetime:
        return local.replace(tzinfo=self._zone()).astimezone(timezone.utc)

    def ensure_planned(self, first: date, last: date, actor: Actor = SYSTEM_ACTOR) -> list[RollCallRecord]:
        """Create the planned roll-calls of every active plan in [first, last]; each occurrence once only."""
        holidays = self._holiday_map(first, last)
        created = []
        for plan in self.plans(active_only=True):
            for local in rules.occurrences(plan.spec(), first, last, holidays, seed=plan.id or 0):
                made = self._create_occurrence(actor, plan, self._instant(local))
                if made is not None:
                    created.append(made)
        return created

    def _create_occurrence(self, actor: Actor, plan: PlanRecord, planned_at: datetime) -> RollCallRecord | None:
        with self.ctx.db.session() as s:
            if s.scalar(select(RollCall.id).where(RollCall.plan_id == plan.id, RollCall.planned_at == planned_at)):
                return None
        units, seed, candidates = list(zip(plan.unit_ids, plan.unit_names, strict=True)), None, ()
        if plan.kind == RollCallKind.SPOT:
            draw = self._draw(planned_at.astimezone(self._zone()).date(), None, plan)
            units = [(c.unit_id, c.name) for c in draw.chosen]
            seed, candidates = draw.seed, draw.candidates
        try:
            return self._insert_rollcall(actor, plan.kind, planned_at, units, plan_id=plan.id, seed=seed,
                                         candidates=candidates)
        except IntegrityError as exc:  # another workstation created the same occurrence first
            if not is_unique_violation(exc):
                raise
            return None

    def planned_between(self, first: date, last: date) -> list[RollCallRecord]:
        """Roll-calls planned for these office-local days, in time order (today's: where the officer looks)."""
        start = self._instant(datetime.combine(first, time(0, 0)))
        end = self._instant(datetime.combine(last + timedelta(days=1), time(0, 0)))
        today = self.today()
        with self.ctx.db.session() as s:
            found = s.scalars(select(RollCall).where(RollCall.planned_at >= start, RollCall.planned_at < end)
                              .order_by(RollCall.planned_at, RollCall.id))
            return [rows.to_record(s, r, today) for r in found]

    def upcoming(self, hours: int = 24) -> list[RollCallRecord]:
        """Roll-calls not finished, planned from an hour ago to `hours` ahead: what the officer looks at first."""
        now = self.ctx.clock.now()
        today = self.today()
        with self.ctx.db.session() as s:
            found = s.scalars(select(RollCall).where(RollCall.planned_at >= now - timedelta(hours=1),
                                                     RollCall.planned_at <= now + timedelta(hours=hours),
                                                     RollCall.status != RollCallStatus.FINISHED.value)
                              .order_by(RollCall.planned_at))
            return [rows.to_record(s, r, today) for r in found]

    def due_for_reminder(self, start: datetime, end: datetime) -> list[RollCallRecord]:
        """Roll-calls not yet begun, planned in [start, end] (aware instants): the scheduler's reminders."""
        today = self.today()
        with self.ctx.db.session() as s:
            found = s.scalars(select(RollCall).where(RollCall.planned_at >= start, RollCall.planned_at <= end,
                                                     RollCall.status == RollCallStatus.PLANNED.value)
                              .order_by(RollCall.planned_at))
            return [rows.to_record(s, r, today) for r in found]

    # -- the spot-check draw ----------------------------------------------------------------------
    def draw(self, day: date, seed: int | None = None, plan_id: int | None = None) -> DrawResult:
        """The spot-check draw for a day (nothing is recorded; `record_draw` does that)."""
        plan = self.plan(plan_id) if plan_id is not None else next(
            (p for p in self.plans(active_only=True) if p.kind == RollCallKind.SPOT), None)
        return self._draw(day, seed, plan)

    def _draw(self, day: date, seed: int | None, plan: PlanRecord | None) -> DrawResult:
        seed = secrets.randbelow(2**31) if seed is None else int(seed)
        with self.ctx.db.session() as s:
            if plan is not None:
                names = rows.unit_names(s)
                ids = [(i, names[i]) for i in plan.unit_ids if i in names]
            else:
                ids = list(s.execute(select(Unit.id, Unit.name).where(
                    Unit.active.is_(True), Unit.kind == UnitKind.SUBORDINATE.value)
                    .order_by(Unit.sort_order, Unit.id)))
            last_checked = dict(s.execute(
                select(RollCallEntry.unit_id, func.max(RollCall.planned_at)).join(RollCall)
                .where(RollCall.kind == RollCallKind.SPOT.value).group_by(RollCallEntry.unit_id)).all())
        zone = self._zone()
        candidates = []
        for unit_id, name in ids:
            checked = last_checked.get(unit_id)
            days = None if checked is None else (day - checked.astimezone(zone).date()).days
            candidates.append(rules.Candidate(unit_id, name, days))
        count = plan.spot_count if plan is not None else min(DEFAULT_SPOT_COUNT, len(candidates))
        start, end = ((plan.window_start, plan.window_end) if plan is not None and plan.window_start
                      else DEFAULT_WINDOW)
        moment = rules.draw_time(seed, day, start, end)
        return DrawResult(day=day, seed=seed, count=count, candidates=tuple(candidates),
                          chosen=tuple(rules.draw_units(seed, candidates, count)), planned_at=self._instant(moment),
                          plan_id=plan.id if plan is not None else None)

    def record_draw(self, actor: Actor, draw: DrawResult) -> RollCallRecord:
        """A spot check from a draw; the seed and the candidate list go into the roll-call and its audit record."""
        if not draw.chosen:
            raise ValidationError({"units": "没有可抽取的单位：请先在单位管理中添加下级单位"})
        return self._insert_rollcall(actor, RollCallKind.SPOT, draw.planned_at,
                                     [(c.unit_id, c.name) for c in draw.chosen], plan_id=None, seed=draw.seed,
                                     candidates=draw.candidates)
