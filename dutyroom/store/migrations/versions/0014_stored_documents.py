"""Documents written by scheduled jobs are kept in the database (stored_document): the 每日要情 and the
monthly 信息报告情况通报 were written into the data folder of whichever workstation claimed the job, where
the leaders they are for never saw them. Stored here, every workstation lists, opens and prints them.
A stored document is what went out: a trigger refuses to change or delete it, as 0010 does for sent reports.

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

FROZEN = "stored_document_frozen"
MESSAGE = "a stored document is frozen"


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
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {FROZEN}_{verb.lower()} BEFORE {verb} ON stored_document "
                       f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")
    else:
        op.execute(f"CREATE FUNCTION {FROZEN}() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$ "
                   "LANGUAGE plpgsql")
        op.execute(f"CREATE TRIGGER {FROZEN} BEFORE UPDATE OR DELETE ON stored_document "
                   f"FOR EACH ROW EXECUTE FUNCTION {FROZEN}()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {FROZEN}_{verb}")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {FROZEN} ON stored_document")
        op.execute(f"DROP FUNCTION IF EXISTS {FROZEN}()")
    with op.batch_alter_table('stored_document', schema=None) as batch_op:
        batch_op.drop_index('ix_stored_document_created')
    op.drop_table('stored_document')
