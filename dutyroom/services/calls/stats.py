"""来电统计: counts and the handled rate (办理率) of a day or a month, and the digest's notable calls.

Every count is a SQL aggregate over the period's sort_key range (a month may hold tens of thousands of
calls; none of them is loaded). Calls belong to the office-local day they started on. Open and overdue
follow-ups are counted among the period's calls, as they stand today.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import and_, func, or_, select, text

from dutyroom.domain import call_stats as maths
from dutyroom.domain.call_settings import parse_categories
from dutyroom.domain.daily_digest import period_bounds
from dutyroom.domain.localtime import zone
from dutyroom.domain.months import month_range
from dutyroom.domain.vocabulary import CallDirection, CallerKind, CallOutcome, FollowUpStatus
from dutyroom.services.calls.base import CallArea
from dutyroom.services.calls.records import CallStats, CountRow, DayCounts
from dutyroom.store.call_search import SLOTS, sort_key_base
from dutyroom.store.models import OPEN_FOLLOW_UP, Call

#: calls are counted per day in buckets this long: every time zone's offset is a multiple of it
_BUCKET_SECONDS = 900
_OPEN = (FollowUpStatus.PENDING.value, FollowUpStatus.IN_PROGRESS.value)
NO_OFFICER = "（未填写）"
#: the 每日要情 lists at most this many calls; the rest are counted in one closing line
NOTABLE_MAX = 60


def key_range(first: date, last: date, zone_name: str) -> tuple[int, int]:
    """sort_keys of calls that started on office-local dates first..last: [low, high)."""
    office = zone(zone_name)

    def key(day: date) -> int:
        return sort_key_base(int(datetime.combine(day, datetime.min.time(), office).timestamp()))

    return key(first), key(last + timedelta(days=1))


class CallStatistics(CallArea):
    """Monthly statistics and the calls the 每日要情 lists."""

    def stats_month(self, year: int, month: int) -> CallStats:
        return self.stats(*month_range(year, month))

    def stats(self, first: date, last: date) -> CallStats:
        if last < first:
            first, last = last, first
        settings = self._settings()
        low, high = key_range(first, last, settings.time_zone)
        in_period = and_(Call.sort_key >= low, Call.sort_key < high)
        today = self._local_today(settings.time_zone)
        with self.ctx.db.session() as s:
            def grouped(*columns):
                return s.execute(select(*columns, func.count()).where(in_period).group_by(*columns)).all()

            kinds = grouped(Call.direction, Call.outcome, Call.follow_status, Call.early_warning, Call.widespread)
            categories = {row[0]: row[1] for row in grouped(Call.category)}
            # A 去电 is the office calling out: its "caller kind" is whom it called, not a caller.
            callers = {row[0]: row[1] for row in s.execute(
                select(Call.caller_kind, func.count()).where(in_period, Call.direction == CallDirection.INCOMING.value)
                .group_by(Call.caller_kind)).all()}
            officers = {row[0]: row[1] for row in grouped(Call.officer)}
            buckets = grouped(Call.sort_key // (_BUCKET_SECONDS * SLOTS))
            late = and_(in_period, overdue_follow_ups(today))
            overdue = s.scalar(select(func.count()).where(late)) or 0
            late_rows = s.execute(select(*_LINE_COLUMNS).where(late).order_by(Call.due_on, Call.sort_key)
                                  .limit(OVERDUE_LISTED)).all()
        stats = self._assemble(first, last, settings, kinds, categories, callers, officers, buckets, overdue)
        office = zone(settings.time_zone)
        lines = [_notable(row, today, office, True) for row in late_rows]
        if overdue > len(lines):
            lines.append(f"另有 {overdue - len(lines)} 件逾期未办结的转办件未列出，详见来电登记。")
        return replace(stats, overdue_lines=tuple(lines), complete=last < today)

    def _assemble(self, first, last, settings, kinds, categories, callers, officers, buckets,
                  overdue: int) -> CallStats:
        total = incoming = needing = handled = assigned = open_ = early = wide = 0
        outcomes: dict[str, int] = {}
        for direction, outcome, status, early_warning, widespread, count in kinds:
            total += count
            incoming += count if direction == CallDirection.INCOMING.value else 0
            needing += count if maths.needs_handling(direction, outcome) else 0
            handled += count if maths.is_handled(direction, outcome, status) else 0
            assigned += count if outcome == CallOutcome.ASSIGNED.value else 0
            open_ += count if outcome == CallOutcome.ASSIGNED.value and status in _OPEN else 0
            early += count if early_warning else 0
            wide += count if widespread else 0
            label = _label(CallOutcome, outcome)
            outcomes[label] = outcomes.get(label, 0) + count
        office = zone(settings.time_zone)
        per_day = [(datetime.fromtimestamp(bucket * _BUCKET_SECONDS, timezone.utc).astimezone(office).date(), n)
                   for bucket, n in buckets]
        officer_counts = {(name or NO_OFFICER): n for name, n in officers.items()}
        return CallStats(
            first=first, last=last, total=total, incoming=incoming, outgoing=total - incoming,
            needing_handling=needing, handled=handled, handled_rate=maths.handled_rate(handled, needing),
            by_category=_rows(maths.ordered_counts(categories, parse_categories(settings.call_categories))),
            by_caller_kind=_rows(maths.ordered_counts({_label(CallerKind, k): n for k, n in callers.items()},
                                                      CallerKind.labels())),
            by_outcome=_rows(maths.ordered_counts(outcomes, CallOutcome.labels())),
            by_officer=_rows(maths.ordered_counts(officer_counts)),
            by_day=_rows(maths.count_by_day(per_day, first, last)),
            assigned=assigned, open_follow_ups=open_, overdue_follow_ups=overdue, early_warning=early,
            widespread=wide)

    def day_counts(self, day: date) -> DayCounts:
        """今日来电 of 值班首页: one grouped read of the day's sort_key range. (stats() also counts the period's
        overdue follow-ups, which walks every open call of the log: too much for a page read on every call.)"""
        settings = self._settings()
        low, high = key_range(day, day, settings.time_zone)
        columns = (Call.direction, Call.outcome, Call.follow_status, Call.early_warning, Call.widespread)
        with self.ctx.db.session() as s:
            kinds = s.execute(select(*columns, func.count()).where(Call.sort_key >= low, Call.sort_key < high)
                              .group_by(*columns)).all()
        total = incoming = needing = handled = early = wide = 0
        outcomes: dict[str, int] = {}
        for direction, outcome, status, early_warning, widespread, count in kinds:
            total += count
            incoming += count if direction == CallDirection.INCOMING.value else 0
            needing += count if maths.needs_handling(direction, outcome) else 0
            handled += count if maths.is_handled(direction, outcome, status) else 0
            early += count if early_warning else 0
            wide += count if widespread else 0
            label = _label(CallOutcome, outcome)
            outcomes[label] = outcomes.get(label, 0) + count
        return DayCounts(day, total, incoming, total - incoming,
                         _rows(maths.ordered_counts(outcomes, CallOutcome.labels())),
                         maths.handled_rate(handled, needing), early, wide)

    def _local_today(self, zone_name: str) -> date:
        return self.ctx.clock.now().astimezone(zone(zone_name)).date()

    # -- 每日要情 ------------------------------------------------------------------------------------
    def notable_lines(self, day: date) -> list[str]:
        """The calls the 每日要情 of `day` lists, one line each.

        Calls of the digest's period (18:00 the day before to 18:00, as for its incidents) flagged
        苗头性 or 普遍性, handed on (转办) or reported to a leader, by time; then earlier 转办 calls still
        open past their due date on `day`, most overdue first.
        """
        settings = self._settings()
        start, end = period_bounds(day, settings.time_zone)
        low, high = (sort_key_base(int(t.timestamp())) for t in (start, end))
        columns = _LINE_COLUMNS
        notable = or_(Call.early_warning.is_(True), Call.widespread.is_(True),
                      Call.outcome.in_((CallOutcome.ASSIGNED.value, CallOutcome.REPORTED.value)))
        overdue = overdue_follow_ups(day)
        with self.ctx.db.session() as s:
            recent = s.execute(select(*columns).where(Call.sort_key >= low, Call.sort_key < high, notable)
                               .order_by(Call.sort_key).limit(NOTABLE_MAX + 1)).all()
            more = s.scalar(select(func.count()).where(Call.sort_key >= low, Call.sort_key < high, notable)) or 0
            late = s.execute(select(*columns).where(Call.sort_key < low, overdue)
                             .order_by(Call.due_on, Call.sort_key).limit(NOTABLE_MAX + 1)).all()
            more += s.scalar(select(func.count()).where(Call.sort_key < low, overdue)) or 0
        office = zone(settings.time_zone)
        rows = [*((r, False) for r in recent), *((r, True) for r in late)][:NOTABLE_MAX]
        lines = [_notable(row, day, office, earlier) for row, earlier in rows]
        if more > len(rows):
            lines.append(f"另有 {more - len(rows)} 件转办、报告领导或标记的来电未列出，详见来电登记。")
        return lines


def overdue_follow_ups(day: date):
    """转办件 still open past their due date on `day`: answered from the partial index over the open set
    (ix_call_follow_open), whose size follows what is open, not five years of closed follow-ups."""
    return and_(text(OPEN_FOLLOW_UP), Call.due_on < day)


#: what one line about a call (每日要情, the overdue list of the statistics) reads
_LINE_COLUMNS = (Call.id, Call.started_at, Call.direction, Call.caller_name, Call.caller_unit, Call.summary,
                 Call.outcome, Call.outcome_note, Call.assigned_unit, Call.follow_status, Call.due_on,
                 Call.early_warning, Call.widespread)
OVERDUE_LISTED = 50  # the statistics list this many overdue 转办件 by name, then count the rest


def shorten_note(text: str) -> str:
    return maths.shorten(text, 30)


def _label(enum, value: str) -> str:
    try:
        return enum(value).label
    except ValueError:
        return value


def _rows(pairs) -> tuple[CountRow, ...]:
    return tuple(CountRow(label, count) for label, count in pairs)


def _notable(row, day: date, office, earlier: bool) -> str:
    """`earlier`: a call from before the digest's period (an overdue one), dated in full."""
    local = row.started_at.astimezone(office)
    when = f"{local.hour:02d}:{local.minute:02d}"
    if earlier:
        when = f"{local.month}月{local.day}日{when}"
    elif local.date() != day:
        when = f"{local.day}日{when}"  # the evening before, within the period
    who = " ".join(part for part in (row.caller_unit.strip(), row.caller_name.strip()) if part)
    notes: list[str] = []
    if row.early_warning:
        notes.append("苗头性问题")
    if row.widespread:
        notes.append("普遍性问题")
    if row.outcome == CallOutcome.REPORTED.value:
        notes.append(maths.reported_text(shorten_note(row.outcome_note)))
    if row.outcome == CallOutcome.ASSIGNED.value:
        notes.append(f"转办{row.assigned_unit.strip()}")
        if row.follow_status == FollowUpStatus.CLOSED.value:
            notes.append("已办结")
        elif row.due_on is not None and row.due_on < day:
            notes.append(f"反馈时限{row.due_on.month}月{row.due_on.day}日，已逾期{(day - row.due_on).days}天")
        elif row.follow_status:
            notes.append(FollowUpStatus(row.follow_status).label)
    return maths.notable_line(when, who, row.summary, notes,
                              outgoing=row.direction == CallDirection.OUTGOING.value)
