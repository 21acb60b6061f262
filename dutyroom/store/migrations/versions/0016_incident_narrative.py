"""事件经过: the narrative of an incident, a text of its own beside the facts (time, place, casualties…).

Nullable with no default, so adding it rewrites no row on either database; the program reads a missing
narrative as empty.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 06:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.add_column(sa.Column('narrative', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_column('narrative')
