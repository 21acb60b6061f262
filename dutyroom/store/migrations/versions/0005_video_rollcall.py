"""Video roll-call (视频点名): plans, roll-calls, their per-unit attempts, amendments and 整改 items.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 08:02:25.863208
"""

import sqlalchemy as sa
from alembic import op

import dutyroom.store.types

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rollcall_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=True),
    sa.Column('anchor_day', sa.Date(), nullable=True),
    sa.Column('interval_days', sa.Integer(), nullable=False),
    sa.Column('at_time', sa.String(length=5), nullable=False),
    sa.Column('window_start', sa.String(length=5), nullable=False),
    sa.Column('window_end', sa.String(length=5), nullable=False),
    sa.Column('spot_count', sa.Integer(), nullable=False),
    sa.Column('holiday_rule', sa.String(length=20), nullable=False),
    sa.Column('unit_ids', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rollcall_plan'))
    )
    op.create_table('rollcall',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('planned_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('started_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('paused_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('paused_seconds', sa.Integer(), nullable=False),
    sa.Column('finished_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('host', sa.String(length=50), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('draw_seed', sa.BigInteger(), nullable=True),
    sa.Column('draw_candidates', sa.Text(), nullable=False),
    sa.Column('upper_caller', sa.String(length=100), nullable=False),
    sa.Column('upper_answerer', sa.String(length=50), nullable=False),
    sa.Column('upper_asked', sa.Text(), nullable=False),
    sa.Column('upper_result', sa.Text(), nullable=False),
    sa.Column('checklist', sa.Text(), nullable=False),
    sa.Column('narrative', sa.Text(), nullable=False),
    sa.Column('recipients', sa.Text(), nullable=False),
    sa.Column('created_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=50), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['rollcall_plan.id'], name=op.f('fk_rollcall_plan_id_rollcall_plan'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rollcall')),
    sa.UniqueConstraint('plan_id', 'planned_at', name='uq_rollcall_plan_occurrence')
    )
    with op.batch_alter_table('rollcall', schema=None) as batch_op:
        batch_op.create_index('ix_rollcall_planned_at', ['planned_at'], unique=False)

    op.create_table('rectification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rollcall_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('unit_name', sa.String(length=100), nullable=False),
    sa.Column('requirement', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('closed_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.String(length=50), nullable=False),
    sa.Column('feedback', sa.Text(), nullable=False),
    sa.Column('created_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=50), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['rollcall_id'], ['rollcall.id'], name=op.f('fk_rectification_rollcall_id_rollcall'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_rectification_unit_id_unit'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rectification'))
    )
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.create_index('ix_rectification_open_due', ['due_on'], unique=False, sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))
        batch_op.create_index('ix_rectification_rollcall', ['rollcall_id'], unique=False)

    op.create_table('rollcall_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rollcall_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('unit_name', sa.String(length=100), nullable=False),
    sa.Column('duty_phone', sa.String(length=60), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('called_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('answered_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('result', sa.String(length=20), nullable=True),
    sa.Column('answerer', sa.String(length=50), nullable=False),
    sa.Column('answerer_position', sa.String(length=20), nullable=False),
    sa.Column('av_quality', sa.String(length=20), nullable=True),
    sa.Column('remarks', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['rollcall_id'], ['rollcall.id'], name=op.f('fk_rollcall_entry_rollcall_id_rollcall'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_rollcall_entry_unit_id_unit'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rollcall_entry')),
    sa.UniqueConstraint('rollcall_id', 'unit_name', 'attempt', name='uq_rollcall_entry_attempt')
    )
    with op.batch_alter_table('rollcall_entry', schema=None) as batch_op:
        batch_op.create_index('ix_rollcall_entry_unit', ['unit_id', 'rollcall_id'], unique=False)

    op.create_table('rollcall_amendment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rollcall_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('by', sa.String(length=50), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('before', sa.Text(), nullable=False),
    sa.Column('after', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['rollcall_entry.id'], name=op.f('fk_rollcall_amendment_entry_id_rollcall_entry'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rollcall_id'], ['rollcall.id'], name=op.f('fk_rollcall_amendment_rollcall_id_rollcall'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rollcall_amendment'))
    )
    with op.batch_alter_table('rollcall_amendment', schema=None) as batch_op:
        batch_op.create_index('ix_rollcall_amendment_rollcall', ['rollcall_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rollcall_amendment', schema=None) as batch_op:
        batch_op.drop_index('ix_rollcall_amendment_rollcall')

    op.drop_table('rollcall_amendment')
    with op.batch_alter_table('rollcall_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_rollcall_entry_unit')

    op.drop_table('rollcall_entry')
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.drop_index('ix_rectification_rollcall')
        batch_op.drop_index('ix_rectification_open_due', sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))

    op.drop_table('rectification')
    with op.batch_alter_table('rollcall', schema=None) as batch_op:
        batch_op.drop_index('ix_rollcall_planned_at')

    op.drop_table('rollcall')
    op.drop_table('rollcall_plan')
