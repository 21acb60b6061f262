"""Indexes whose size follows what is open now, not all history: the clocks still owed (deadline strip,
alarms, the scheduler's check) and the incident list's key order for keyset paging.

The open-clock question (`completed_at IS NULL AND cancelled_at IS NULL`, nearest due first) scanned the
index of every clock ever made; the partial index holds only the open ones. On PostgreSQL an index on
received_at alone cannot serve the row comparison `(received_at, id) < (…)` of a keyset page; on SQLite
the rowid makes the old index equivalent, but one definition serves both.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 20:25:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

OPEN_CLOCK = 'completed_at IS NULL AND cancelled_at IS NULL'


def upgrade() -> None:
    with op.batch_alter_table('deadline_clock', schema=None) as batch_op:
        batch_op.create_index('ix_deadline_clock_open', ['due_at', 'id'], unique=False,
                              sqlite_where=sa.text(OPEN_CLOCK), postgresql_where=sa.text(OPEN_CLOCK))
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.create_index('ix_incident_received_id', ['received_at', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_index('ix_incident_received_id')
    with op.batch_alter_table('deadline_clock', schema=None) as batch_op:
        batch_op.drop_index('ix_deadline_clock_open', sqlite_where=sa.text(OPEN_CLOCK),
                            postgresql_where=sa.text(OPEN_CLOCK))
