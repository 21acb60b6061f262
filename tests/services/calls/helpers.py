"""Helpers for the telephone-log tests: a call as an officer types it, and what the search index holds."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import select, text

from dutyroom.domain.bigrams import index_terms
from dutyroom.domain.vocabulary import CallOutcome
from dutyroom.services.calls.records import CallRecord
from dutyroom.store.call_search import call_instructions, searchable_texts
from dutyroom.store.models import Call


def call(clock, minutes_ago: int = 5, **fields) -> CallRecord:
    values = dict(started_at=clock.now() - timedelta(minutes=minutes_ago), summary="咨询社保卡补办需要带哪些材料",
                  outcome=CallOutcome.ANSWERED, caller_name="王先生", caller_number="13900001234")
    values.update(fields)
    return CallRecord(**values)


def search_ids(services, query: str, **filters) -> list[int]:
    from dutyroom.services.calls.records import CallFilter

    return [r.id for r in services.calls.page(CallFilter(text=query, **filters), 0, 500)]


def indexed_terms(services) -> dict[int, Counter]:
    """sort_key -> the terms the database's index holds for it (read back from the index itself)."""
    held: dict[int, Counter] = {}
    with services.db.engine.connect() as conn:
        if services.db.kind == "postgresql":
            rows = conn.execute(text("SELECT sort_key, terms::text FROM call_search"))
            for key, vector in rows:
                terms: Counter = Counter()
                for item in vector.split(" ") if vector else []:
                    term, _, positions = item.rpartition(":")
                    terms[term.strip("'")] += len(positions.split(","))
                held[key] = terms
        else:
            conn.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.call_vocab USING fts5vocab(main, call_fts, "
                              "instance)"))
            for term, key in conn.execute(text("SELECT term, doc FROM temp.call_vocab")):
                held.setdefault(key, Counter())[term] += 1
    return held


def expected_terms(services) -> dict[int, Counter]:
    with services.db.session() as s:
        calls = list(s.scalars(select(Call)))
        texts = call_instructions(s, [row.id for row in calls])  # a call's 领导批示 is an instruction row
        return {row.sort_key: Counter(index_terms(searchable_texts(row, texts.get(row.id, "")))) for row in calls}


def term_count_errors(services) -> list[tuple]:
    """PostgreSQL: (term, calls holding it, what call_term_count + its deltas say) wherever they differ."""
    with services.db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT coalesce(s.word, k.term), s.ndoc, k.n FROM ts_stat('SELECT terms FROM call_search') s"
            " FULL JOIN (SELECT term, sum(n) AS n FROM (SELECT term, calls AS n FROM call_term_count UNION ALL"
            " SELECT u.lexeme, d.sign FROM call_term_delta d CROSS JOIN LATERAL unnest(d.terms) u) x"
            " GROUP BY term HAVING sum(n) <> 0) k ON k.term = s.word WHERE k.n IS DISTINCT FROM s.ndoc"))]
