"""Handover and the duty log (交接班 / 值班日志): logs per shift, 值班记事, equipment and its status per
shift, handover items and their holders, the sealed handover with its acknowledgements and amendments,
the leader's review. The default equipment list is seeded here.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 15:40:50.288738
"""

import sqlalchemy as sa
from alembic import op

import dutyroom.store.types

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# The list as the duty room starts with it; the administrator edits it afterwards.
DEFAULT_EQUIPMENT = ("值班电话", "传真", "视频会议系统", "应急平台")


def upgrade() -> None:
    op.create_table('duty_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('duty_date', sa.Date(), nullable=False),
    sa.Column('shift_name', sa.String(length=30), nullable=False),
    sa.Column('starts_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_log')),
    sa.UniqueConstraint('duty_date', 'shift_name', name='uq_duty_log_shift')
    )
    with op.batch_alter_table('duty_log', schema=None) as batch_op:
        batch_op.create_index('ix_duty_log_starts_at', ['starts_at'], unique=False)

    op.create_table('equipment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_equipment')),
    sa.UniqueConstraint('name', name=op.f('uq_equipment_name'))
    )
    equipment = sa.table('equipment', sa.column('name', sa.String), sa.column('sort_order', sa.Integer),
                         sa.column('active', sa.Boolean), sa.column('version', sa.Integer))
    op.bulk_insert(equipment, [{"name": name, "sort_order": n, "active": True, "version": 1}
                               for n, name in enumerate(DEFAULT_EQUIPMENT, start=1)])
    op.create_table('equipment_status',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('duty_log_id', sa.Integer(), nullable=False),
    sa.Column('equipment_id', sa.Integer(), nullable=True),
    sa.Column('equipment_name', sa.String(length=50), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('checked_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('checked_by', sa.String(length=50), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['duty_log_id'], ['duty_log.id'], name=op.f('fk_equipment_status_duty_log_id_duty_log'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['equipment_id'], ['equipment.id'], name=op.f('fk_equipment_status_equipment_id_equipment'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_equipment_status')),
    sa.UniqueConstraint('duty_log_id', 'equipment_name', name='uq_equipment_status_item')
    )
    op.create_table('handover_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('due_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('source_kind', sa.String(length=20), nullable=False),
    sa.Column('source_id', sa.String(length=50), nullable=False),
    sa.Column('opened_log_id', sa.Integer(), nullable=False),
    sa.Column('holder_log_id', sa.Integer(), nullable=False),
    sa.Column('opened_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('opened_by', sa.String(length=50), nullable=False),
    sa.Column('closed_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.String(length=50), nullable=False),
    sa.Column('closing', sa.String(length=10), nullable=True),
    sa.Column('closing_note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['holder_log_id'], ['duty_log.id'], name=op.f('fk_handover_item_holder_log_id_duty_log'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['opened_log_id'], ['duty_log.id'], name=op.f('fk_handover_item_opened_log_id_duty_log'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handover_item'))
    )
    with op.batch_alter_table('handover_item', schema=None) as batch_op:
        batch_op.create_index('ix_handover_item_open', ['holder_log_id'], unique=False, sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))
        batch_op.create_index('ix_handover_item_source', ['source_kind', 'source_id'], unique=False)

    op.create_table('log_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('duty_log_id', sa.Integer(), nullable=False),
    sa.Column('at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=50), nullable=False),
    sa.Column('created_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['duty_log_id'], ['duty_log.id'], name=op.f('fk_log_entry_duty_log_id_duty_log'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_log_entry'))
    )
    with op.batch_alter_table('log_entry', schema=None) as batch_op:
        batch_op.create_index('ix_log_entry_log_at', ['duty_log_id', 'at'], unique=False)

    op.create_table('handover_item_shift',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('duty_log_id', sa.Integer(), nullable=False),
    sa.Column('since_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['duty_log_id'], ['duty_log.id'], name=op.f('fk_handover_item_shift_duty_log_id_duty_log'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['handover_item.id'], name=op.f('fk_handover_item_shift_item_id_handover_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handover_item_shift')),
    sa.UniqueConstraint('item_id', 'duty_log_id', name='uq_handover_item_shift')
    )
    op.create_table('handover',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('duty_log_id', sa.Integer(), nullable=False),
    sa.Column('next_log_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('outgoing_name', sa.String(length=50), nullable=False),
    sa.Column('outgoing_user_id', sa.Integer(), nullable=True),
    sa.Column('incoming_name', sa.String(length=50), nullable=False),
    sa.Column('incoming_user_id', sa.Integer(), nullable=True),
    sa.Column('handed_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('window_start', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('window_end', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('outside_reason', sa.Text(), nullable=False),
    sa.Column('approved_by', sa.String(length=50), nullable=False),
    sa.Column('missed', sa.Boolean(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('sealed_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('anchor_seq', sa.Integer(), nullable=False),
    sa.Column('anchor_hash', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['duty_log_id'], ['duty_log.id'], name=op.f('fk_handover_duty_log_id_duty_log'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['incoming_user_id'], ['user_account.id'], name=op.f('fk_handover_incoming_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['next_log_id'], ['duty_log.id'], name=op.f('fk_handover_next_log_id_duty_log'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['outgoing_user_id'], ['user_account.id'], name=op.f('fk_handover_outgoing_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handover')),
    sa.UniqueConstraint('duty_log_id', name=op.f('uq_handover_duty_log_id'))
    )
    op.create_table('leader_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('duty_log_id', sa.Integer(), nullable=False),
    sa.Column('reviewer', sa.String(length=50), nullable=False),
    sa.Column('reviewer_user_id', sa.Integer(), nullable=True),
    sa.Column('at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['duty_log_id'], ['duty_log.id'], name=op.f('fk_leader_review_duty_log_id_duty_log'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_user_id'], ['user_account.id'], name=op.f('fk_leader_review_reviewer_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leader_review'))
    )
    with op.batch_alter_table('leader_review', schema=None) as batch_op:
        batch_op.create_index('ix_leader_review_log', ['duty_log_id'], unique=False)

    op.create_table('handover_ack',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('handover_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('item_title', sa.String(length=200), nullable=False),
    sa.Column('acknowledged', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['handover_id'], ['handover.id'], name=op.f('fk_handover_ack_handover_id_handover'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['handover_item.id'], name=op.f('fk_handover_ack_item_id_handover_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handover_ack')),
    sa.UniqueConstraint('handover_id', 'item_id', name='uq_handover_ack_item')
    )
    op.create_table('handover_amendment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('handover_id', sa.Integer(), nullable=False),
    sa.Column('at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('by', sa.String(length=50), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('correction', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['handover_id'], ['handover.id'], name=op.f('fk_handover_amendment_handover_id_handover'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handover_amendment'))
    )
    with op.batch_alter_table('handover_amendment', schema=None) as batch_op:
        batch_op.create_index('ix_handover_amendment_handover', ['handover_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('handover_amendment', schema=None) as batch_op:
        batch_op.drop_index('ix_handover_amendment_handover')

    op.drop_table('handover_amendment')
    op.drop_table('handover_ack')
    with op.batch_alter_table('leader_review', schema=None) as batch_op:
        batch_op.drop_index('ix_leader_review_log')

    op.drop_table('leader_review')
    op.drop_table('handover')
    op.drop_table('handover_item_shift')
    with op.batch_alter_table('log_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_log_entry_log_at')

    op.drop_table('log_entry')
    with op.batch_alter_table('handover_item', schema=None) as batch_op:
        batch_op.drop_index('ix_handover_item_source')
        batch_op.drop_index('ix_handover_item_open', sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))

    op.drop_table('handover_item')
    op.drop_table('equipment_status')
    op.drop_table('equipment')
    with op.batch_alter_table('duty_log', schema=None) as batch_op:
        batch_op.drop_index('ix_duty_log_starts_at')

    op.drop_table('duty_log')
