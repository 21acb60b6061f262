"""Indexes for what a page shows of the present when years of history lie behind it (issue 16):

- audit_log (action, at): the 值班日志 lists the logins of one shift; the filter on action and time
  walked every record of the log (a million at five years) for the few logins of eight hours.
- incident_report (sent_at): the reports sent in one shift, for the 值班日志's incidents.
- instruction: the 领导批示 ledger lists the open ones first, then the done ones, newest given first.
  The open ones come from a partial index (its size follows the open set), the done ones from
  (status, given_at, id), both in key order, so the first page reads one page of rows, not all of them.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 07:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

# Written out, not bound: a partial index serves a query only when the query states the same condition.
OPEN_INSTRUCTION = "status != 'done'"


def upgrade() -> None:
    # Plain CREATE INDEX: audit_log is guarded by triggers, and no table is rebuilt for an index.
    op.create_index('ix_audit_log_action_at', 'audit_log', ['action', 'at'], unique=False)
    op.create_index('ix_incident_report_sent', 'incident_report', ['sent_at'], unique=False)
    op.create_index('ix_instruction_open_given', 'instruction', ['given_at', 'id'], unique=False,
                    sqlite_where=sa.text(OPEN_INSTRUCTION), postgresql_where=sa.text(OPEN_INSTRUCTION))
    op.create_index('ix_instruction_status_given', 'instruction', ['status', 'given_at', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_instruction_status_given', table_name='instruction')
    op.drop_index('ix_instruction_open_given', table_name='instruction')
    op.drop_index('ix_incident_report_sent', table_name='incident_report')
    op.drop_index('ix_audit_log_action_at', table_name='audit_log')
