"""The call log's full-text index: character bigrams (domain/bigrams.py) in the database's own index.

SQLite: a contentless FTS5 table `call_fts(terms)` with the `ascii` tokenizer (every non-ASCII
character is a token character, so a bigram is one token) whose rowid is `call.sort_key`.
Contentless keeps a million calls' index at the size of the postings alone; the price is that a
delete must hand FTS5 the exact terms it indexed, which `unindex` recomputes from the stored row.

PostgreSQL: a table `call_search(sort_key, terms tsvector)` with a GIN index. The tsvector is built
here from the same terms, with positions, so a phrase query (<->) means "these pairs in a row" just
as FTS5's phrase does.

Either way a query is: every run of the search box must occur; a run of two or more characters is
the phrase of its pairs (of its 4-digit grams when it is four or more digits, see domain/bigrams.py),
a single character is a prefix query (it finds pairs starting with it and
run-final single characters). Results come in rowid (= time) order, newest first, with no sort.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from dutyroom.domain.bigrams import index_terms, query_phrase, query_runs
from dutyroom.store.models import Call, Instruction

#: a sort_key is Unix seconds * SLOTS + a counter within that second
SLOTS = 1 << 20
#: tsvector positions stop at 16383; fields are limited well below that (see services)
_MAX_PG_POSITION = 16383


def sort_key_base(unix_seconds: int) -> int:
    return unix_seconds * SLOTS


def searchable_texts(row, instruction: str | None = None) -> list[str]:
    """The fields of a call the search box looks in, in a fixed order, ending with its 领导批示.

    A record carries the instruction's text (`leader_instruction`); a `Call` row does not (the
    instruction is its own row since 0007), so callers holding a row pass the text they read.
    """
    if instruction is None:
        instruction = str(getattr(row, "leader_instruction", "") or "")
    return [row.caller_name, row.caller_number, row.caller_unit, row.summary, row.outcome_note,
            row.assigned_unit, row.feedback, instruction]


def call_instructions(session: Session, call_ids) -> dict[int, str]:
    """call id -> the text of its first 领导批示 (the one the call's form shows and the index holds)."""
    wanted = [i for i in call_ids if i is not None]
    found: dict[int, str] = {}
    for start in range(0, len(wanted), 500):  # stay under every driver's parameter limit
        rows = session.execute(select(Instruction.subject_id, Instruction.text).where(
            Instruction.subject_kind == "call", Instruction.subject_id.in_(wanted[start:start + 500]))
            .order_by(Instruction.given_at, Instruction.id))
        for call_id, words in rows:
            if call_id is not None:  # the query asked for these ids; the column is nullable for free ones
                found.setdefault(call_id, words)
    return found


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _tsvector_literal(terms: Sequence[str]) -> str:
    # Terms hold only letters, digits and ideographs (no quote or backslash), so quoting is plain.
    return " ".join(f"'{t}':{min(i + 1, _MAX_PG_POSITION)}" for i, t in enumerate(terms))


def index(session: Session, sort_key: int, texts: Sequence[str]) -> None:
    terms = index_terms(texts)
    if _dialect(session) == "postgresql":
        session.execute(text("INSERT INTO call_search (sort_key, terms) VALUES (:k, CAST(:v AS tsvector))"),
                        {"k": sort_key, "v": _tsvector_literal(terms)})
    else:
        session.execute(text("INSERT INTO call_fts (rowid, terms) VALUES (:k, :v)"),
                        {"k": sort_key, "v": " ".join(terms)})


def unindex(session: Session, sort_key: int, old_texts: Sequence[str]) -> None:
    """Remove a call from the index; `old_texts` are the fields exactly as they were indexed."""
    if _dialect(session) == "postgresql":
        session.execute(text("DELETE FROM call_search WHERE sort_key = :k"), {"k": sort_key})
    else:
        session.execute(text("INSERT INTO call_fts (call_fts, rowid, terms) VALUES ('delete', :k, :v)"),
                        {"k": sort_key, "v": " ".join(index_terms(old_texts))})


def reindex(session: Session, old_key: int, old_texts: Sequence[str], new_key: int,
            new_texts: Sequence[str]) -> None:
    """After an edit: nothing to do when neither the key nor the indexed words changed."""
    if old_key == new_key and index_terms(old_texts) == index_terms(new_texts):
        return
    unindex(session, old_key, old_texts)
    index(session, new_key, new_texts)


def rebuild(session: Session) -> int:
    """Drop and rebuild the whole index from the call table (after a change of the term rules)."""
    if _dialect(session) == "postgresql":
        session.execute(text("DELETE FROM call_search"))
    else:
        session.execute(text("INSERT INTO call_fts (call_fts) VALUES ('delete-all')"))
    count = 0
    texts = {call_id: words for call_id, words in session.execute(
        select(Instruction.subject_id, Instruction.text).where(Instruction.subject_kind == "call")
        .order_by(Instruction.given_at.desc(), Instruction.id.desc()))}  # the first one given wins
    for row in session.query(Call).yield_per(2000):
        index(session, row.sort_key, searchable_texts(row, texts.get(row.id, "")))
        count += 1
    return count


def match_expression(query: str, dialect: str) -> str | None:
    """The FTS5 MATCH string or PostgreSQL tsquery for a search box's text; None when it has no word."""
    runs = query_runs(query)
    if not runs:
        return None
    parts = []
    for run in runs:
        phrase = query_phrase(run)
        if dialect == "postgresql":
            parts.append(f"'{run}':*" if phrase is None else "(" + " <-> ".join(f"'{t}'" for t in phrase) + ")")
        else:
            parts.append(f'"{run}"*' if phrase is None else '"' + " ".join(phrase) + '"')
    return (" & " if dialect == "postgresql" else " AND ").join(parts)


def matching_keys_sql(dialect: str) -> str:
    """SQL (one parameter, :match) selecting the sort_keys of matching calls, as column `key`.

    Join it to `call` on sort_key. On SQLite keep ORDER BY on the FTS rowid so FTS5 walks its
    postings newest first and a LIMIT stops early.
    """
    if dialect == "postgresql":
        return "SELECT sort_key AS key FROM call_search WHERE terms @@ CAST(:match AS tsquery)"
    return "SELECT rowid AS key FROM call_fts WHERE call_fts MATCH :match"
