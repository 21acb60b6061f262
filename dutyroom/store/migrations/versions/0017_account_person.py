"""Accounts linked to the people of the roster, and the watch on who is at the duty desk kept in the database.

The 空岗 rule "no rostered officer logged in" matched the account's display name against the roster and kept
the time absence began in one workstation's memory: a renamed person or two people of one name fooled it, and
a restart or a second workstation started counting again. Accounts whose display name is the name of exactly
one person (and who have no person yet) are linked to that person; `duty_presence` holds, per shift, when the
watch began and when a rostered officer was last seen logged in, shared by every workstation.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 06:30:00
"""

import sqlalchemy as sa
from alembic import op

from dutyroom.store.types import UTCDateTime

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'duty_presence',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('duty_date', sa.Date(), nullable=False),
        sa.Column('shift_name', sa.String(length=30), nullable=False),
        sa.Column('watched_since', UTCDateTime(), nullable=False),
        sa.Column('seen_at', UTCDateTime(), nullable=True),
        sa.Column('seen_person_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['seen_person_id'], ['person.id'], name=op.f('fk_duty_presence_seen_person_id_person'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_presence')),
        sa.UniqueConstraint('duty_date', 'shift_name', name='uq_duty_presence_shift'),
    )
    # Link by name only where the name is unambiguous: one person of that name, the account not linked yet.
    op.execute(sa.text(
        "UPDATE user_account SET person_id = (SELECT p.id FROM person p WHERE p.name = user_account.display_name) "
        "WHERE person_id IS NULL AND display_name <> '' "
        "AND (SELECT count(*) FROM person p WHERE p.name = user_account.display_name) = 1"))


def downgrade() -> None:
    # The links made by name cannot be told from those an administrator made: they stay.
    op.drop_table('duty_presence')
