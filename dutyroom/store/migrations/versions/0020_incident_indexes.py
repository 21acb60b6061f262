"""Indexes for the incident list's filters when years of 已终报 lie behind the present (issue 16):

- incident (status, received_at, id): the list under a status filter (接报 / 处置中 / 已终报) pages by key
  along it; along (received_at, id) the filter walked every incident older than the page for the few
  that matched (all of them when fewer than a page match, which is the usual case of 接报).
- incident (received_at, id) WHERE status != 'closed': the open incidents (值班首页, the handover's
  proposals) from an index whose size follows the open set.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 10:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

# Written out, not bound: a partial index serves a query only when the query states the same condition.
OPEN_INCIDENT = "status != 'closed'"


def upgrade() -> None:
    op.create_index('ix_incident_status_received', 'incident', ['status', 'received_at', 'id'], unique=False)
    op.create_index('ix_incident_open_received', 'incident', ['received_at', 'id'], unique=False,
                    sqlite_where=sa.text(OPEN_INCIDENT), postgresql_where=sa.text(OPEN_INCIDENT))


def downgrade() -> None:
    op.drop_index('ix_incident_open_received', table_name='incident')
    op.drop_index('ix_incident_status_received', table_name='incident')
