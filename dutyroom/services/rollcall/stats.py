"""After the roll-call: its summary, the 整改 items, statistics by unit over a period, one unit's history."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from dutyroom.domain import months
from dutyroom.domain import rollcall as rules
from dutyroom.domain.validation import clean_text
from dutyroom.domain.vocabulary import RollCallKind, RollCallResult, RollCallStatus
from dutyroom.errors import NotFound, ValidationError
from dutyroom.services.context import check_version, require_role, unit_of_work
from dutyroom.services.events import EntityKind
from dutyroom.services.records import Actor
from dutyroom.services.rollcall import rows
from dutyroom.services.rollcall.base import RollCallArea
from dutyroom.services.rollcall.live import WRITERS
from dutyroom.services.rollcall.records import (
    HistoryRow,
    ProblemUnit,
    RectificationRecord,
    RollCallStats,
    RollCallSummary,
    UnitStat,
)
from dutyroom.store.models import Rectification, RollCall, RollCallEntry, Unit

ITEM_GONE = "找不到该整改事项，可能已被删除"
QUARTERS = ("一", "二", "三", "四")
#: a stored result word -> its place in RollCallResult (the counts' columns 1–5)
RESULT_INDEX = {r.value: n for n, r in enumerate(RollCallResult)}


def month_range(year: int, month: int) -> tuple[date, date, str]:
    return *months.month_range(year, month), f"{year}年{month}月"


def quarter_range(year: int, quarter: int) -> tuple[date, date, str]:
    first = date(year, 3 * quarter - 2, 1)
    last_month = 3 * quarter
    return first, months.month_range(year, last_month)[1], f"{year}年第{QUARTERS[quarter - 1]}季度"


class RollCallStatistics(RollCallArea):
    """A part of RollCallService (see base.py)."""

    # -- one roll-call --------------------------------------------------------------------------
    def summary(self, rollcall_id: int) -> RollCallSummary:
        record = self.get(rollcall_id)
        settings = self._settings()
        limit = settings.answer_limit_seconds
        finals_by_unit = rules.final_attempts(record.attempts())
        by_key = {(e.unit_name, e.attempt): e for e in record.entries}
        finals = tuple(by_key[(a.unit, a.attempt)] for a in finals_by_unit.values())
        finals = tuple(sorted(finals, key=lambda e: min(x.seq for x in record.entries if x.unit_name == e.unit_name)))
        items: dict[str, list[RectificationRecord]] = defaultdict(list)
        for item in record.rectifications:
            items[item.unit_name].append(item)
        problems = []
        for e in finals:
            slow = rules.is_slow(e.answer_seconds, limit)
            # 请假（已报备） is shown apart, not as a problem of the unit.
            if e.result not in (RollCallResult.PRESENT, RollCallResult.EXCUSED) or slow or items.get(e.unit_name):
                problems.append(ProblemUnit(e.unit_name, e.result, e.answer_seconds, slow, e.remarks,
                                            tuple(items.get(e.unit_name, ()))))
        return RollCallSummary(rollcall=record, tally=rules.tally(record.attempts(), limit), answer_limit=limit,
                               office_name=settings.office_name, issuing_office=settings.issuing_office,
                               time_zone=settings.time_zone, problems=tuple(problems), finals=finals,
                               copy_to=settings.rollcall_copy_to, recipients=settings.rollcall_recipients,
                               imprint_office=settings.imprint_office)

    # -- 整改 -----------------------------------------------------------------------------------
    def add_rectification(self, actor: Actor, rollcall_id: int, unit_name: str, requirement: str,
                          due_on: date | None) -> RectificationRecord:
        require_role(actor, *WRITERS)
        requirement = clean_text(requirement, multiline=True)
        problems = {}
        if not requirement:
            problems["requirement"] = "请填写整改要求"
        elif len(requirement) > 2000:
            problems["requirement"] = "整改要求太长（最多 2000 个字）"
        if not isinstance(due_on, date):
            problems["due_on"] = "请填写整改期限"
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            row = s.get(RollCall, rollcall_id)
            if row is None:
                raise NotFound(rows.GONE)
            entry = s.scalar(select(RollCallEntry).where(RollCallEntry.rollcall_id == rollcall_id,
                                                         RollCallEntry.unit_name == unit_name).limit(1))
            if entry is None:
                problems["unit"] = f"“{unit_name}”不在这次点名的单位中"
            elif isinstance(due_on, date) and due_on < row.planned_at.astimezone(self._zone()).date():
                problems["due_on"] = "整改期限不能早于点名日期"
            if problems or entry is None:
                raise ValidationError(problems)
            item = Rectification(rollcall_id=rollcall_id, unit_id=entry.unit_id, unit_name=entry.unit_name,
                                 requirement=requirement, due_on=due_on, created_at=uow.now,
                                 created_by=(actor.display_name or actor.username)[:50])
            s.add(item)
            s.flush()
            saved = rows.rectification_record(item, self.today(), row.planned_at)
            uow.audit("create", EntityKind.RECTIFICATION, item.id, after=rows.rectification_snapshot(saved))
            return saved

    def close_rectification(self, actor: Actor, item_id: int, feedback: str, version: int = 0) -> RectificationRecord:
        """Closed with the unit's feedback (整改反馈); a closed item stays in the record."""
        require_role(actor, *WRITERS)
        feedback = clean_text(feedback, multiline=True)
        if not feedback:
            raise ValidationError({"feedback": "请填写整改反馈情况"})
        with unit_of_work(self.ctx, actor) as uow:
            item = uow.session.get(Rectification, item_id)
            if item is None:
                raise NotFound(ITEM_GONE)
            check_version(item.version, version, "该整改事项")
            if item.closed_at is not None:
                raise ValidationError({"feedback": "该整改事项已经销号"})
            before = rows.rectification_snapshot(rows.rectification_record(item, self.today()))
            item.closed_at, item.feedback = uow.now, feedback
            item.closed_by = (actor.display_name or actor.username)[:50]
            uow.session.flush()
            saved = rows.rectification_record(item, self.today())
            uow.audit("close", EntityKind.RECTIFICATION, item.id, before=before, after=rows.rectification_snapshot(saved))
            return saved

    def open_rectifications(self) -> list[RectificationRecord]:
        """Items not closed, soonest due first: what the page, the duty log and the handover show."""
        today = self.today()
        with self.ctx.db.session() as s:
            found = s.execute(select(Rectification, RollCall.planned_at).join(RollCall)
                              .where(Rectification.closed_at.is_(None))
                              .order_by(Rectification.due_on, Rectification.id))
            return [rows.rectification_record(item, today, at) for item, at in found]

    # -- statistics -----------------------------------------------------------------------------
    def statistics(self, first: date, last: date, period: str = "") -> RollCallStats:
        """Per unit over finished roll-calls our office ran (本级点名 and 随机抽查), ranked."""
        settings = self._settings()
        limit = settings.answer_limit_seconds
        start, end = self._day_bounds(first, last)
        with self.ctx.db.session() as s:
            kinds = dict.fromkeys(RollCallKind, 0)
            for (kind,) in s.execute(select(RollCall.kind).where(
                    RollCall.status == RollCallStatus.FINISHED.value, RollCall.planned_at >= start,
                    RollCall.planned_at < end)):
                kinds[RollCallKind(kind)] += 1
            found = s.execute(
                select(RollCallEntry.rollcall_id, RollCallEntry.unit_id, RollCallEntry.unit_name,
                       RollCallEntry.attempt, RollCallEntry.result, RollCallEntry.called_at,
                       RollCallEntry.answered_at)
                .join(RollCall).where(RollCall.status == RollCallStatus.FINISHED.value,
                                      RollCall.kind != RollCallKind.UPPER.value,
                                      RollCall.planned_at >= start, RollCall.planned_at < end))
            order = {uid: n for n, uid in enumerate(s.scalars(select(Unit.id).order_by(Unit.sort_order, Unit.id)))}
            # Per roll-call and unit the attempt that counts (rules.final_attempts: the latest one with a
            # result), kept as plain tuples: five years of weekly roll-calls are ~10,000 rows (bench/rollcall.py).
            finals: dict[tuple[int, str], tuple] = {}
            unit_of: dict[str, int | None] = {}
            for rollcall_id, unit_id, name, attempt, result, called, answered in found:
                unit_of[name] = unit_id
                if result is None:
                    continue
                kept = finals.get((rollcall_id, name))
                if kept is None or attempt > kept[0]:
                    finals[(rollcall_id, name)] = (attempt, result, called, answered)
        counts: dict[str, list[int]] = defaultdict(lambda: [0] * 9)
        for (_, name), (_, result, called, answered) in finals.items():
            c = counts[name]
            c[0] += 1
            c[1 + RESULT_INDEX[result]] += 1
            seconds = rules.answer_seconds(called, answered)
            if seconds is not None:
                c[6] += rules.is_slow(seconds, limit)
                c[7] += 1
                c[8] += seconds
        figures = [rules.UnitFigures(name, *c) for name, c in
                   sorted(counts.items(), key=lambda kv: (order.get(unit_of.get(kv[0]) or 0, 10**9), kv[0]))]
        totals = rules.UnitFigures("合计", *[sum(getattr(f, k) for f in figures) for k in
                                           ("called", "present", "absent", "equipment_fault", "excused",
                                            "no_answer", "slow", "answered", "total_seconds")])
        return RollCallStats(first=first, last=last, period=period or f"{first.isoformat()} 至 {last.isoformat()}",
                             rollcalls=sum(kinds.values()), by_kind=tuple(kinds.items()),
                             units=tuple(UnitStat(rank, f) for rank, f in rules.ranked(figures)), totals=totals,
                             answer_limit=limit, office_name=settings.office_name,
                             issuing_office=settings.issuing_office, recipients=settings.rollcall_recipients,
                             copy_to=settings.rollcall_copy_to, imprint_office=settings.imprint_office)

    def month_statistics(self, year: int, month: int) -> RollCallStats:
        first, last, period = month_range(year, month)
        return self.statistics(first, last, period)

    def quarter_statistics(self, year: int, quarter: int) -> RollCallStats:
        if not 1 <= quarter <= 4:
            raise ValidationError({"quarter": "季度应为 1 到 4"})
        first, last, period = quarter_range(year, quarter)
        return self.statistics(first, last, period)

    def unit_history(self, unit_id: int, limit: int = 200) -> list[HistoryRow]:
        """The unit's finished roll-calls, newest first, with the result that counted."""
        answer_limit = self._answer_limit()
        with self.ctx.db.session() as s:
            found = s.execute(
                select(RollCall.id, RollCall.planned_at, RollCall.kind, RollCallEntry.attempt, RollCallEntry.result,
                       RollCallEntry.called_at, RollCallEntry.answered_at, RollCallEntry.unit_name)
                .join(RollCall).where(RollCallEntry.unit_id == unit_id,
                                      RollCall.status == RollCallStatus.FINISHED.value)
                .order_by(RollCall.planned_at.desc(), RollCallEntry.attempt))
            grouped: dict[int, list] = defaultdict(list)
            for r in found:
                grouped[r[0]].append(r)
        out = []
        for rollcall_id, group in list(grouped.items())[:limit]:
            attempts = [rules.Attempt(g[7], g[3], RollCallResult(g[4]) if g[4] else None, g[5], g[6]) for g in group]
            final = next(iter(rules.final_attempts(attempts).values()))
            seconds = rules.answer_seconds(final.called_at, final.answered_at)
            out.append(HistoryRow(rollcall_id, group[0][1], RollCallKind(group[0][2]), final.result, seconds,
                                  rules.is_slow(seconds, answer_limit), len(attempts)))
        return out
