"""Telephone log (来电登记): calls, their follow-up log and the character-bigram search index.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 11:17:05.541482
"""

import sqlalchemy as sa
from alembic import op

import dutyroom.store.types

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('call',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sort_key', sa.BigInteger(), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('started_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('caller_name', sa.String(length=50), nullable=False),
    sa.Column('caller_number', sa.String(length=60), nullable=False),
    sa.Column('caller_unit', sa.String(length=100), nullable=False),
    sa.Column('caller_kind', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('outcome_note', sa.Text(), nullable=False),
    sa.Column('assigned_unit', sa.String(length=100), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('follow_status', sa.String(length=20), nullable=True),
    sa.Column('feedback', sa.Text(), nullable=False),
    sa.Column('feedback_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('leader_instruction', sa.Text(), nullable=False),
    sa.Column('early_warning', sa.Boolean(), nullable=False),
    sa.Column('widespread', sa.Boolean(), nullable=False),
    sa.Column('officer', sa.String(length=50), nullable=False),
    sa.Column('officer_user_id', sa.Integer(), nullable=True),
    sa.Column('duty_date', sa.Date(), nullable=True),
    sa.Column('shift_name', sa.String(length=30), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=True),
    sa.Column('created_at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=50), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], name=op.f('fk_call_incident_id_incident'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['officer_user_id'], ['user_account.id'], name=op.f('fk_call_officer_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call')),
    sa.UniqueConstraint('sort_key', name=op.f('uq_call_sort_key'))
    )
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.create_index('ix_call_category_key', ['category', 'sort_key'], unique=False)
        batch_op.create_index('ix_call_follow', ['follow_status', 'due_on'], unique=False)
        batch_op.create_index('ix_call_number_key', ['caller_number', 'sort_key'], unique=False)
        batch_op.create_index('ix_call_officer_key', ['officer', 'sort_key'], unique=False)

    op.create_table('call_follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('at', dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('by', sa.String(length=50), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_call_follow_up_call_id_call'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_follow_up'))
    )
    with op.batch_alter_table('call_follow_up', schema=None) as batch_op:
        batch_op.create_index('ix_call_follow_up_call', ['call_id'], unique=False)
    _create_search_index()


def _create_search_index() -> None:
    # Not ORM tables: each database has its own kind of full-text index (store/call_search.py).
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE TABLE call_search (sort_key BIGINT PRIMARY KEY, terms TSVECTOR NOT NULL)")
        op.execute("CREATE INDEX ix_call_search_terms ON call_search USING gin (terms)")
    else:
        op.execute("CREATE VIRTUAL TABLE call_fts USING fts5(terms, content='', tokenize='ascii', detail=full)")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS call_search" if op.get_bind().dialect.name == "postgresql"
               else "DROP TABLE IF EXISTS call_fts")
    with op.batch_alter_table('call_follow_up', schema=None) as batch_op:
        batch_op.drop_index('ix_call_follow_up_call')

    op.drop_table('call_follow_up')
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.drop_index('ix_call_officer_key')
        batch_op.drop_index('ix_call_number_key')
        batch_op.drop_index('ix_call_follow')
        batch_op.drop_index('ix_call_category_key')

    op.drop_table('call')
