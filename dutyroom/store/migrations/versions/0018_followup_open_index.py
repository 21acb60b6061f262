"""An index over the open follow-ups (转办件 still 待办 or 办理中) only: the 每日要情 and the monthly
statistics ask for those past their due date, and the index over every follow-up ever made grew with
history (issue 16 item 4). The partial index holds the open set (status, due date, call time), so the
count of those overdue is read from it alone, without a look at the calls themselves.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

# Written out, not bound: a partial index serves a query only when the query states the same condition.
OPEN_FOLLOW_UP = "follow_status IN ('pending', 'in_progress')"


def upgrade() -> None:
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.create_index('ix_call_follow_open', ['follow_status', 'due_on', 'sort_key'], unique=False,
                              sqlite_where=sa.text(OPEN_FOLLOW_UP), postgresql_where=sa.text(OPEN_FOLLOW_UP))


def downgrade() -> None:
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.drop_index('ix_call_follow_open', sqlite_where=sa.text(OPEN_FOLLOW_UP),
                            postgresql_where=sa.text(OPEN_FOLLOW_UP))
