"""PostgreSQL: how many calls hold each search term (store/call_counts.py), filled for the calls there are.

统计条数 of a common word counted every match in call_search's heap (停水 at 1,000,000 calls: ~1 s); a
one-term search is now counted from call_term_count, a longer one bounded by it. SQLite: nothing (FTS5
counts from its postings).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 15:10:00
"""

from alembic import op

from dutyroom.store import call_counts

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        call_counts.create_tables(op.get_bind())
        call_counts.recount(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        call_counts.drop_tables(op.get_bind())
