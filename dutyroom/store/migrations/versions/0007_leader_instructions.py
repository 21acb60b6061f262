"""Leader instructions (领导批示) as one record, and empty posts (空岗) with the night presence checks.

Every incident_instruction row and every non-empty call.leader_instruction becomes an `instruction`
linked to its incident or call (given at the row's time, or the call's time); then the old table and
column go. The call search index needs no rebuild: it indexes the same words, now read from the
instruction (store/call_search.py).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 16:00:00
"""

import sqlalchemy as sa
from alembic import op

import dutyroom.store.types

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

UTC = dutyroom.store.types.UTCDateTime

_instruction = sa.table(
    'instruction', sa.column('id', sa.Integer), sa.column('leader', sa.String), sa.column('leader_title', sa.String),
    sa.column('given_at', UTC()), sa.column('text', sa.Text), sa.column('subject_kind', sa.String),
    sa.column('subject_id', sa.Integer), sa.column('passed_to', sa.String), sa.column('pass_channel', sa.String),
    sa.column('status', sa.String), sa.column('feedback', sa.Text), sa.column('created_at', UTC()),
    sa.column('created_by', sa.String), sa.column('version', sa.Integer))
_old_instruction = sa.table(
    'incident_instruction', sa.column('id', sa.Integer), sa.column('incident_id', sa.Integer),
    sa.column('leader', sa.String), sa.column('text', sa.Text), sa.column('given_at', UTC()),
    sa.column('created_by', sa.String))
_call = sa.table('call', sa.column('id', sa.Integer), sa.column('started_at', UTC()),
                 sa.column('created_at', UTC()), sa.column('created_by', sa.String),
                 sa.column('leader_instruction', sa.Text))


def upgrade() -> None:
    op.create_table('instruction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('leader', sa.String(length=50), nullable=False),
    sa.Column('leader_title', sa.String(length=50), nullable=False),
    sa.Column('given_at', UTC(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('subject_kind', sa.String(length=20), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('passed_to', sa.String(length=100), nullable=False),
    sa.Column('pass_channel', sa.String(length=10), nullable=False),
    sa.Column('passed_at', UTC(), nullable=True),
    sa.Column('due_at', UTC(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('feedback', sa.Text(), nullable=False),
    sa.Column('feedback_at', UTC(), nullable=True),
    sa.Column('done_at', UTC(), nullable=True),
    sa.Column('created_at', UTC(), nullable=False),
    sa.Column('created_by', sa.String(length=50), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instruction'))
    )
    with op.batch_alter_table('instruction', schema=None) as batch_op:
        batch_op.create_index('ix_instruction_subject', ['subject_kind', 'subject_id'], unique=False)
        batch_op.create_index('ix_instruction_given_at', ['given_at'], unique=False)
        batch_op.create_index('ix_instruction_open_due', ['due_at'], unique=False,
                              sqlite_where=sa.text("status != 'done'"), postgresql_where=sa.text("status != 'done'"))

    op.create_table('empty_post',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('at', UTC(), nullable=False),
    sa.Column('duty_date', sa.Date(), nullable=True),
    sa.Column('shift_name', sa.String(length=30), nullable=False),
    sa.Column('rostered', sa.Text(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('explained_by', sa.String(length=50), nullable=False),
    sa.Column('explained_at', UTC(), nullable=True),
    sa.Column('closed_by', sa.String(length=50), nullable=False),
    sa.Column('closed_at', UTC(), nullable=True),
    sa.Column('created_at', UTC(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_empty_post')),
    sa.UniqueConstraint('kind', 'at', name='uq_empty_post_kind_at')
    )
    with op.batch_alter_table('empty_post', schema=None) as batch_op:
        batch_op.create_index('ix_empty_post_open', ['at'], unique=False,
                              sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))

    op.create_table('presence_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('due_at', UTC(), nullable=False),
    sa.Column('answer_by', UTC(), nullable=False),
    sa.Column('confirmed_at', UTC(), nullable=True),
    sa.Column('confirmed_by', sa.String(length=50), nullable=False),
    sa.Column('empty_post_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['empty_post_id'], ['empty_post.id'],
                            name=op.f('fk_presence_check_empty_post_id_empty_post'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_presence_check')),
    sa.UniqueConstraint('due_at', name=op.f('uq_presence_check_due_at'))
    )
    _move_instructions_in()
    with op.batch_alter_table('incident_instruction', schema=None) as batch_op:
        batch_op.drop_index('ix_incident_instruction_incident')
    op.drop_table('incident_instruction')
    # recreate="never": SQLite (3.35+) drops the column in place. Copying the table instead would
    # DROP the old `call`, and with foreign keys on that cascades into every call's follow-up log.
    with op.batch_alter_table('call', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('leader_instruction')


def _move_instructions_in() -> None:
    bind = op.get_bind()
    moved = [dict(leader=r.leader, given_at=r.given_at, text=r.text, subject_kind='incident',
                  subject_id=r.incident_id, created_at=r.given_at, created_by=r.created_by or '')
             for r in bind.execute(sa.select(_old_instruction).order_by(_old_instruction.c.id))]
    moved += [dict(leader='', given_at=r.started_at, text=r.leader_instruction, subject_kind='call',
                   subject_id=r.id, created_at=r.created_at, created_by=r.created_by or '')
              for r in bind.execute(sa.select(_call).where(_call.c.leader_instruction != '').order_by(_call.c.id))]
    for row in moved:
        row.update(leader_title='', passed_to='', pass_channel='', status='pending', feedback='', version=1)
    if moved:
        bind.execute(_instruction.insert(), moved)


def downgrade() -> None:
    with op.batch_alter_table('call', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('leader_instruction', sa.Text(), nullable=False, server_default=''))
    op.create_table('incident_instruction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('leader', sa.String(length=50), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('given_at', UTC(), nullable=False),
    sa.Column('created_by', sa.String(length=50), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'],
                            name=op.f('fk_incident_instruction_incident_id_incident'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_instruction'))
    )
    with op.batch_alter_table('incident_instruction', schema=None) as batch_op:
        batch_op.create_index('ix_incident_instruction_incident', ['incident_id'], unique=False)
    _move_instructions_back()
    op.drop_table('presence_check')
    with op.batch_alter_table('empty_post', schema=None) as batch_op:
        batch_op.drop_index('ix_empty_post_open', sqlite_where=sa.text('closed_at IS NULL'),
                            postgresql_where=sa.text('closed_at IS NULL'))
    op.drop_table('empty_post')
    with op.batch_alter_table('instruction', schema=None) as batch_op:
        batch_op.drop_index('ix_instruction_open_due', sqlite_where=sa.text("status != 'done'"),
                            postgresql_where=sa.text("status != 'done'"))
        batch_op.drop_index('ix_instruction_given_at')
        batch_op.drop_index('ix_instruction_subject')
    op.drop_table('instruction')


def _move_instructions_back() -> None:
    # The older schema has one text per call and none for free-standing instructions: those are lost
    # on a downgrade, which is why a downgrade is only ever run on a copy.
    bind = op.get_bind()
    i = _instruction.c
    rows = list(bind.execute(sa.select(_instruction).where(i.subject_kind.in_(('incident', 'call')))
                             .order_by(i.given_at, i.id)))
    incident = [dict(incident_id=r.subject_id, leader=r.leader or '', text=r.text,
                     given_at=r.given_at, created_by=r.created_by)
                for r in rows if r.subject_kind == 'incident']
    if incident:
        bind.execute(_old_instruction.insert(), incident)
    texts: dict[int, list[str]] = {}
    for r in rows:
        if r.subject_kind == 'call':
            texts.setdefault(r.subject_id, []).append(r.text)
    for call_id, parts in texts.items():
        bind.execute(_call.update().where(_call.c.id == call_id).values(leader_instruction="\n".join(parts)))
