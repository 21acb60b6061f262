"""The call search index also holds every run of seven or more digits as its 7-digit grams (domain/bigrams.py):
a whole mobile number was a phrase of eight 4-digit grams each held by thousands of calls at a million (issue 14).

Only the calls whose indexed fields hold such a run change; their index rows are rewritten in batches. On
PostgreSQL the search index is dropped meanwhile and built again at the end, and the term-count triggers
are off and the counts taken again once (one pass over call_search instead of a delta per rewritten row):
at 1,000,000 calls rewriting the rows under a live RUM index took 21 minutes. On SQLite the contentless
FTS5 row is deleted with exactly the terms it was indexed with (the rule before this revision) and
inserted with the new ones.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 13:30:00
"""

import sqlalchemy as sa
from alembic import op

from dutyroom.domain.bigrams import index_terms
from dutyroom.store import call_counts, call_search
from dutyroom.store.call_search import _tsvector_literal, searchable_texts

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

_BATCH = 2000
_FIELDS = ("caller_name", "caller_number", "caller_unit", "summary", "outcome_note", "assigned_unit", "feedback")


def _first_instructions(conn) -> dict[int, str]:
    rows = conn.execute(sa.text("SELECT subject_id, text FROM instruction WHERE subject_kind = 'call'"
                                " ORDER BY given_at DESC, id DESC"))
    return {call_id: words for call_id, words in rows}  # the first one given is written last and wins


def _rewrite(long_digit_grams: bool) -> int:
    conn = op.get_bind()
    postgres = conn.dialect.name == "postgresql"
    instructions = _first_instructions(conn)
    if postgres:
        call_counts.set_triggers(conn, False)
        conn.execute(sa.text("SET LOCAL statement_timeout = 0"))  # building the index again: minutes at 1M
        for index in (call_search.RUM_INDEX, call_search.GIN_INDEX):  # whichever it had: built once after
            conn.execute(sa.text(f"DROP INDEX IF EXISTS {index}"))
    last_id, rewritten = 0, 0
    while True:
        rows = conn.execute(sa.text(f"SELECT id, sort_key, {', '.join(_FIELDS)} FROM call WHERE id > :last"
                                    " ORDER BY id LIMIT :n"), {"last": last_id, "n": _BATCH}).all()
        if not rows:
            break
        last_id = rows[-1].id
        changes = []
        for row in rows:
            texts = searchable_texts(row, instructions.get(row.id, ""))
            before = index_terms(texts, long_digit_grams=not long_digit_grams)
            after = index_terms(texts, long_digit_grams=long_digit_grams)
            if before != after:
                changes.append((row.sort_key, before, after))
        if not changes:
            continue
        rewritten += len(changes)
        if postgres:
            conn.execute(sa.text("UPDATE call_search SET terms = CAST(:v AS tsvector) WHERE sort_key = :k"),
                         [{"k": key, "v": _tsvector_literal(after)} for key, _, after in changes])
        else:
            conn.execute(sa.text("INSERT INTO call_fts (call_fts, rowid, terms) VALUES ('delete', :k, :v)"),
                         [{"k": key, "v": " ".join(before)} for key, before, _ in changes])
            conn.execute(sa.text("INSERT INTO call_fts (rowid, terms) VALUES (:k, :v)"),
                         [{"k": key, "v": " ".join(after)} for key, _, after in changes])
    if postgres:
        call_search.ensure_best_index(conn)
        call_counts.set_triggers(conn, True)
        call_counts.recount(conn)
    return rewritten


def upgrade() -> None:
    _rewrite(long_digit_grams=True)


def downgrade() -> None:
    _rewrite(long_digit_grams=False)
