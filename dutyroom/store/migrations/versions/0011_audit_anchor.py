"""The audit chain hashes every column and is guarded against TRUNCATE (issue 12 item 7).

New columns: `hash_version` (1 for every record already written, so the old chain and the anchors
printed from it still verify; the program writes 2, which also hashes actor_id, os_user and host),
`os_user` and `host` (who ran the program, where). Columns are added with ALTER TABLE ADD COLUMN,
not a batch copy, so no row is rewritten and SQLite's triggers stay as they are. PostgreSQL gets a
statement trigger that refuses TRUNCATE, which the row triggers of 0001 do not see.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 19:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("hash_version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("audit_log", sa.Column("os_user", sa.String(length=64), nullable=False, server_default=""))
    op.add_column("audit_log", sa.Column("host", sa.String(length=255), nullable=False, server_default=""))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
    # SQLite 3.35+ drops a column in place; the append-only triggers do not fire for ALTER TABLE.
    for column in ("host", "os_user", "hash_version"):
        op.drop_column("audit_log", column)
