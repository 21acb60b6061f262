"""Documents written by scheduled jobs are kept in the database (stored_document): the 每日要情 and the
monthly 信息报告情况通报 were written into the data folder of whichever workstation claimed the job, where
the leaders they are for never saw them. Stored here, every workstation lists, opens and prints them.

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-03 06:30:00
"""

import sqlalchemy as sa
from alembic import op

from dutyroom.store.types import UTCDateTime

revision = '0014'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'stored_document',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('period', sa.String(length=20), nullable=False),
        sa.Column('audience', sa.String(length=20), nullable=False),
        sa.Column('job', sa.String(length=50), nullable=False),
        sa.Column('due_at', UTCDateTime(), nullable=False),
        sa.Column('workstation', sa.String(length=255), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('pdf', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_document')),
        sa.UniqueConstraint('job', 'due_at', name='uq_stored_document_job_due'),
    )
    with op.batch_alter_table('stored_document', schema=None) as batch_op:
        batch_op.create_index('ix_stored_document_created', ['created_at', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('stored_document', schema=None) as batch_op:
        batch_op.drop_index('ix_stored_document_created')
    op.drop_table('stored_document')
