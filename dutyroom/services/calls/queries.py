"""Reading the telephone log: one call, pages of the log, caller history and similar calls.

The log can hold millions of calls, so lists are Core selects of CallRow's columns in sort_key
(= time) order. A text search walks the bigram index (store/call_search.py) in the same key order,
newest first, and joins each hit to its call: a LIMIT stops the walk early. A page deep in the log
is found by first seeking its boundary key (an index-only scan), then fetching the page from there.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import column, false, func, literal, select, table, text
from sqlalchemy.orm import Session

from dutyroom.domain.bigrams import bigram_set, index_terms, similarity
from dutyroom.domain.validation import clean_text
from dutyroom.domain.vocabulary import FollowUpStatus
from dutyroom.errors import NotFound
from dutyroom.services import office_settings
from dutyroom.services.calls.base import CallArea
from dutyroom.services.calls.checks import OPEN_STATUSES, ROW_COLUMNS, canonical_number, row_of, to_record
from dutyroom.services.calls.records import CallerHistory, CallFilter, CallRecord, CallRow, SimilarCall
from dutyroom.store import call_counts, call_search
from dutyroom.store.call_search import match_expression, sort_key_base
from dutyroom.store.models import Call, CallFollowUp

CALL = Call.__table__
SAME_TOPIC = 0.3  # similarity from which an earlier call counts as "about the same thing"
HISTORY_TOPIC_SCAN = 500  # newest earlier calls compared for same_topic (a switchboard calls thousands of times)
SIMILAR_CANDIDATES = 2000  # newest calls sharing a pair with the summary that are scored
SIMILAR_TERMS = 120
RARE_MATCHES = 2000  # PostgreSQL: below this many matches a text page is read through GIN and sorted  # pairs of a long summary put into the candidate query


def search_index(dialect: str):
    """(index table, its key column, the match condition with a :match parameter)."""
    if dialect == "postgresql":
        idx = table("call_search", column("sort_key"))
        return idx, idx.c.sort_key, text("call_search.terms @@ CAST(:match AS tsquery)")
    idx = table("call_fts", column("rowid"))
    return idx, idx.c.rowid, text("call_fts MATCH :match")


def any_term_expression(terms: list[str], dialect: str) -> str:
    """Match any of the terms. Terms are letters, digits and ideographs only, so quoting is plain."""
    if dialect == "postgresql":
        return " | ".join(f"'{t}'" for t in terms)
    return " OR ".join(f'"{t}"' for t in terms)


def local_midnight_key(day: date, zone: ZoneInfo) -> int:
    return sort_key_base(int(datetime.combine(day, time(0), tzinfo=zone).timestamp()))


def status_conditions(status: str, today: date) -> list:
    if not status:
        return []
    if status == "open":
        return [Call.follow_status.in_(OPEN_STATUSES)]
    if status == "overdue":
        return [Call.follow_status.in_(OPEN_STATUSES), Call.due_on < today]
    try:
        return [Call.follow_status == FollowUpStatus(status).value]
    except ValueError:
        return [false()]  # an unknown status matches nothing rather than everything


def call_conditions(flt: CallFilter, today: date) -> list:
    """Conditions on the call row itself (the date range and text are on the key, see _source)."""
    conds = status_conditions(flt.status, today)
    if flt.categories:
        conds.append(Call.category.in_(list(flt.categories)))
    for name in ("direction", "outcome", "caller_kind"):
        value = getattr(flt, name)
        if value is not None:
            conds.append(getattr(Call, name) == getattr(value, "value", value))
    if flt.officer:
        conds.append(Call.officer == flt.officer)
    for name in ("early_warning", "widespread"):
        value = getattr(flt, name)
        if value is not None:
            conds.append(getattr(Call, name).is_(bool(value)))
    return conds


def filter_source(flt: CallFilter, zone: ZoneInfo, today: date, dialect: str, *, need_call: bool):
    """(FROM clause, key column, WHERE conditions) for a filter; None when nothing can match."""
    conds = call_conditions(flt, today)
    match = match_expression(flt.text, dialect) if flt.text else None
    if match is None:
        frm, key, where = CALL, Call.sort_key, list(conds)
    else:
        idx, key, matched = search_index(dialect)
        where: list = [matched.bindparams(match=match)]  # text() and column conditions side by side
        if conds or need_call:
            frm = idx.join(CALL, Call.sort_key == key)
            where += conds
        else:
            frm = idx  # every indexed key is a call: count and seek on the index alone
    if flt.date_from is not None:
        where.append(key >= local_midnight_key(flt.date_from, zone))
    if flt.date_to is not None:
        where.append(key < local_midnight_key(flt.date_to + timedelta(days=1), zone))
    return frm, key, where


class CallQueries(CallArea):
    """Reading the log: one call, a shift's calls, filtered pages, a caller's history, similar calls."""

    # -- one call -------------------------------------------------------------------------------
    def get(self, call_id: int) -> CallRecord:
        """One call with its follow-up log, oldest entry first."""
        with self.ctx.db.session() as s:
            row = s.get(Call, call_id)
            if row is None:
                raise NotFound("找不到该来电记录，可能已被删除")
            return to_record(row, self._follow_up_rows(s, call_id), self._instruction_text(s, call_id))

    def between(self, first: date, last: date) -> list[CallRecord]:
        """Calls of office-local dates first..last inclusive, oldest first, with follow-ups (for printing)."""
        zone = self._zone()
        lo, hi = local_midnight_key(first, zone), local_midnight_key(last + timedelta(days=1), zone)
        in_range = (Call.sort_key >= lo, Call.sort_key < hi)
        with self.ctx.db.session() as s:
            entries: dict[int, list[CallFollowUp]] = {}
            for f in s.scalars(select(CallFollowUp).join(Call, Call.id == CallFollowUp.call_id).where(*in_range)
                               .order_by(CallFollowUp.at, CallFollowUp.id)):
                entries.setdefault(f.call_id, []).append(f)
            rows = list(s.scalars(select(Call).where(*in_range).order_by(Call.sort_key)))
            texts = call_search.call_instructions(s, [r.id for r in rows])
            return [to_record(r, entries.get(r.id, ()), texts.get(r.id, "")) for r in rows]

    def shift_calls(self, duty_date: date, shift_name: str = "") -> list[CallRecord]:
        """Calls taken in the shift(s) of roster day `duty_date` (one shift when named), oldest first.

        A shift may run past midnight, so a shift's calls are not a calendar day's: they are the calls
        whose duty day is this one, looked for in the two local days the shift can touch.
        """
        zone = self._zone()
        lo, hi = local_midnight_key(duty_date, zone), local_midnight_key(duty_date + timedelta(days=2), zone)
        where = [Call.sort_key >= lo, Call.sort_key < hi, Call.duty_date == duty_date]
        if shift_name:
            where.append(Call.shift_name == shift_name)
        with self.ctx.db.session() as s:
            rows = list(s.scalars(select(Call).where(*where).order_by(Call.sort_key)))
            entries: dict[int, list[CallFollowUp]] = {}
            if rows:
                for f in s.scalars(select(CallFollowUp).where(CallFollowUp.call_id.in_([r.id for r in rows]))
                                   .order_by(CallFollowUp.at, CallFollowUp.id)):
                    entries.setdefault(f.call_id, []).append(f)
            texts = call_search.call_instructions(s, [r.id for r in rows])
            return [to_record(r, entries.get(r.id, ()), texts.get(r.id, "")) for r in rows]

    # -- the log --------------------------------------------------------------------------------
    def page(self, flt: CallFilter, offset: int = 0, limit: int = 100, *, after: int | None = None) -> list[CallRow]:
        """Calls matching the filter, newest first (or oldest first), at most `limit`: those after the call
        whose sort key is `after` (by key: the next block costs what the first does however deep it is), or,
        for a jump into the middle of the log, from `offset` (one walk along the key index, no rows read)."""
        offset, limit = max(0, int(offset)), max(0, int(limit))
        if limit == 0:
            return []
        with self.ctx.db.session() as s:
            # The zone read in the page's own transaction: on a server a transaction of its own cost two
            # more round trips (BEGIN, COMMIT) on every keystroke of a search.
            zone = self._zone(office_settings.read(s))
            today = self.ctx.clock.now().astimezone(zone).date()
            frm, key, where = filter_source(flt, zone, today, self.ctx.db.kind, need_call=False)
            order = key.asc() if flt.oldest_first else key.desc()
            boundary = None
            if after is not None:
                offset = 0
                where.append(key > after if flt.oldest_first else key < after)
            elif offset:
                boundary = s.scalar(select(key).select_from(frm).where(*where).order_by(order)
                                    .offset(offset).limit(1))
                if boundary is None:
                    return []
                where.append(key >= boundary if flt.oldest_first else key <= boundary)
            if frm is not CALL and not call_conditions(flt, today):
                # Text alone: take the page's keys from the index first, then join only those. Joining
                # every hit before the LIMIT let PostgreSQL's planner look up thousands of calls.
                rum = call_search.rum_operator_schema(s)
                in_order = Call.sort_key.asc() if flt.oldest_first else Call.sort_key.desc()
                if rum:  # the index hands back matches in time order from the boundary on
                    call_search.prefer_index_scan(s)
                    # where[0] is the match (filter_source); the rest bound the key.
                    match = match_expression(flt.text, self.ctx.db.kind)
                    recent = None if match is None else call_search.recent_page_keys(
                        s, match, key, where[1:], oldest_first=flt.oldest_first, limit=limit,
                        terms=call_counts.query_terms(flt.text)[1])
                    if recent is not None:
                        query = select(*ROW_COLUMNS).where(Call.sort_key.in_(recent)).order_by(in_order)
                        return [row_of(r, today) for r in s.execute(query)]
                    first = boundary if after is None else after + 1 if flt.oldest_first else after - 1
                    order = call_search.rum_order(key, rum, oldest_first=flt.oldest_first, boundary=first)
                elif self.ctx.db.kind == "postgresql" and self._rare(s, frm, where):
                    # Few matches: fetch them all through the GIN index and sort. PostgreSQL cannot
                    # estimate a bigram's frequency and would walk the whole key index backwards.
                    order = (key + 0).asc() if flt.oldest_first else (key + 0).desc()
                keys = select(key.label("k")).select_from(frm).where(*where).order_by(order).limit(limit).subquery()
                query = select(*ROW_COLUMNS).select_from(keys.join(CALL, Call.sort_key == keys.c.k)).order_by(in_order)
            else:
                frm, key, where = filter_source(flt, zone, today, self.ctx.db.kind, need_call=True)
                if after is not None:
                    where.append(key > after if flt.oldest_first else key < after)
                elif boundary is not None:
                    where.append(key >= boundary if flt.oldest_first else key <= boundary)
                order = key.asc() if flt.oldest_first else key.desc()
                query = select(*ROW_COLUMNS).select_from(frm).where(*where).order_by(order).limit(limit)
            return [row_of(r, today) for r in s.execute(query)]

    @staticmethod
    def _rare(s: Session, frm, where) -> bool:
        """Whether fewer than RARE_MATCHES calls match (the heap part of the probe stops at that many)."""
        probe = select(literal(1)).select_from(frm).where(*where).limit(RARE_MATCHES).subquery()
        return (s.scalar(select(func.count()).select_from(probe)) or 0) < RARE_MATCHES

    # -- while a call is being typed ------------------------------------------------------------
    def caller_history(self, number: str, name: str = "", summary: str = "", *, limit: int = 10,
                       exclude_id: int | None = None) -> CallerHistory:
        """Earlier calls from the same number, or (without a number) from the same caller name."""
        number = canonical_number(number)
        name = clean_text(name)
        today = self.today()
        if number:
            frm, where = CALL, [Call.caller_number == number]
        elif name and (match := match_expression(name, self.ctx.db.kind)) is not None:
            # No index on names: the search index finds the calls containing the name, then exact match.
            idx, key, matched = search_index(self.ctx.db.kind)
            frm, where = idx.join(CALL, Call.sort_key == key), [matched.bindparams(match=match),
                                                                   Call.caller_name == name]
        else:
            return CallerHistory((), 0, 0)
        if exclude_id is not None:
            where.append(Call.id != exclude_id)
        with self.ctx.db.session() as s:
            newest = select(*ROW_COLUMNS).select_from(frm).where(*where).order_by(Call.sort_key.desc())
            calls = tuple(row_of(r, today) for r in s.execute(newest.limit(max(0, limit))))
            total = s.scalar(select(func.count()).select_from(frm).where(*where)) or 0
            same_topic = 0
            grams = bigram_set(summary)
            if grams and total:
                texts = s.scalars(select(Call.summary).select_from(frm).where(*where)
                                  .order_by(Call.sort_key.desc()).limit(HISTORY_TOPIC_SCAN))
                same_topic = sum(1 for t in texts if similarity(grams, bigram_set(t)) >= SAME_TOPIC)
        return CallerHistory(calls, total, same_topic)

    def similar(self, summary: str, *, days: int | None = None, limit: int = 20, min_score: float = 0.3,
                exclude_id: int | None = None) -> list[SimilarCall]:
        """Calls of the last `days` (default: the office setting) whose summary is close to this one, best first."""
        grams = bigram_set(summary)
        if not grams:
            return []
        settings = self._settings()
        zone = self._zone(settings)
        now = self.ctx.clock.now()
        days = settings.similar_days if days is None else max(0, int(days))
        # The query carries the summary's pairs in reading order, so a long paste is cut at its start.
        terms = list(dict.fromkeys(t for t in index_terms([summary]) if t in grams))[:SIMILAR_TERMS]
        dialect = self.ctx.db.kind
        idx, key, matched = search_index(dialect)
        where: list = [matched.bindparams(match=any_term_expression(terms, dialect)),
                 key >= sort_key_base(int((now - timedelta(days=days)).timestamp()))]
        if exclude_id is not None:
            where.append(Call.id != exclude_id)
        today = now.astimezone(zone).date()
        with self.ctx.db.session() as s:
            rows = s.execute(select(*ROW_COLUMNS, Call.summary.label("full_summary"))
                             .select_from(idx.join(CALL, Call.sort_key == key)).where(*where)
                             .order_by(key.desc()).limit(SIMILAR_CANDIDATES)).all()
        scored = [(similarity(grams, bigram_set(r.full_summary)), r) for r in rows]
        best = sorted(((score, r) for score, r in scored if score >= min_score),
                      key=lambda pair: (-pair[0], -pair[1].sort_key))
        return [SimilarCall(row_of(r, today), round(score, 4)) for score, r in best[:max(0, limit)]]
