"""Counting the log: how many calls a filter matches (共 N 条 while browsing, 统计条数 while searching).

On PostgreSQL a text count reads every match's heap page (store/call_counts.py says why), so:
- a one-term search with no other condition is counted from call_term_count: exact, a millisecond;
- `count_on_demand` (统计条数) bounds any other search by its rarest term: no match when a term occurs
  nowhere, an exact count when the bound is at most `cap` (the count then reads at most that many
  candidates), else a count that stops after `cap` matches — "超过 cap 条" when it got there.
  `count` stays exact whatever it costs (精确统计, reports, the bench's reference).
SQLite counts from FTS5's postings, quick at a million calls, and is always exact.
"""

from __future__ import annotations

from sqlalchemy import func, literal, select, text

from dutyroom.services.calls.base import CallArea
from dutyroom.services.calls.queries import call_conditions, filter_source
from dutyroom.services.calls.records import CallCount, CallFilter
from dutyroom.store import call_counts

#: 统计条数 counts at most this many matches (about 100 ms of heap pages at a million calls, see the bench)
COUNT_CAP = 5000


class CallCounting(CallArea):
    def count(self, flt: CallFilter) -> int:
        """How many calls match, exactly (on a broad multi-word search this reads every match)."""
        zone = self._zone()
        today = self.ctx.clock.now().astimezone(zone).date()
        with self.ctx.db.session() as s:
            single = self._single_term(flt, today)
            if single is not None:
                return call_counts.term_counts(s, [single])[single]
            frm, _key, where = filter_source(flt, zone, today, self.ctx.db.kind, need_call=False)
            return s.scalar(select(func.count()).select_from(frm).where(*where)) or 0

    def count_on_demand(self, flt: CallFilter, *, cap: int | None = None) -> CallCount:
        """统计条数: exact, or "more than `cap`" (default COUNT_CAP) when counting would read more matches."""
        cap = COUNT_CAP if cap is None else cap
        if self.ctx.db.kind != "postgresql" or not flt.text.strip():
            return CallCount(self.count(flt))
        zone = self._zone()
        today = self.ctx.clock.now().astimezone(zone).date()
        with self.ctx.db.session() as s:
            single = self._single_term(flt, today)
            if single is not None:
                return CallCount(call_counts.term_counts(s, [single])[single])
            frm, _key, where = filter_source(flt, zone, today, self.ctx.db.kind, need_call=False)
            needed = call_counts.query_terms(flt.text)[1]
            bound = min(call_counts.term_counts(s, needed).values()) if needed else None
            if bound == 0:
                return CallCount(0)
            if bound is not None and bound <= cap:  # the candidates are at most `bound`: count them all
                return CallCount(s.scalar(select(func.count()).select_from(frm).where(*where)) or 0)
            # From the index, never a scan of the table: a bitmap stops after cap + 1 matches, while a
            # scan (which the planner may prefer under a LIMIT) reads rows in proportion to their rarity.
            s.execute(text("SET LOCAL enable_seqscan = off"))
            probe = select(literal(1)).select_from(frm).where(*where).limit(cap + 1).subquery()
            found = s.scalar(select(func.count()).select_from(probe)) or 0
            return CallCount(cap, more=True) if found > cap else CallCount(found)

    def _single_term(self, flt: CallFilter, today) -> str | None:
        """The one term a plain PostgreSQL text search is (no date, no other condition), else None."""
        if (self.ctx.db.kind != "postgresql" or not flt.text.strip() or flt.date_from is not None
                or flt.date_to is not None or call_conditions(flt, today)):
            return None
        return call_counts.query_terms(flt.text)[0]

