"""Sent reports and issued bulletins kept as sent.

`incident_report.as_sent` holds what the printed form of a sent report shows (the incident's facts,
the 领导批示 given by then, the office's names and zone), as JSON written once when it is sent; a
reprint prints from it, so later edits of the incident never change a report already faxed. A report
sent before this revision has none and prints from the incident as it stands, 领导批示 given after
it left excepted (services/incidents/as_sent.py). `rollcall_notice` keeps each issued 视频点名情况通报
as the PDF it was, so its reprint is the same document.

The database itself refuses to change or delete a sent report or an issued bulletin: the service
checks are the first line, the triggers keep a second writer or a careless script out.

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-02 19:40:00
"""

import sqlalchemy as sa
from alembic import op

import dutyroom.store.types

revision = "0010"
down_revision = "0007"
branch_labels = None
depends_on = None

# (table, name, which rows are frozen, message)
_FROZEN = (
    ("incident_report", "incident_report_sent_frozen", "OLD.sent_at IS NOT NULL", "a sent report is frozen"),
    ("bulletin", "bulletin_issued_frozen", "1 = 1", "an issued bulletin is frozen"),
    ("rollcall_notice", "rollcall_notice_frozen", "1 = 1", "an issued notice is frozen"),
)


def upgrade() -> None:
    with op.batch_alter_table("incident_report") as batch:
        batch.add_column(sa.Column("as_sent", sa.Text(), nullable=True))
    op.create_table(
        "rollcall_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rollcall_id", sa.Integer(), nullable=False),
        sa.Column("issued_at", dutyroom.store.types.UTCDateTime(), nullable=False),
        sa.Column("issued_by", sa.String(length=50), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["rollcall_id"], ["rollcall.id"], name=op.f("fk_rollcall_notice_rollcall_id_rollcall")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rollcall_notice")),
        sa.UniqueConstraint("rollcall_id", name=op.f("uq_rollcall_notice_rollcall_id")),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, name, when, message in _FROZEN:
        if sqlite:
            for verb in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {name}_{verb.lower()} BEFORE {verb} ON {table} "
                           f"WHEN {when} BEGIN SELECT RAISE(ABORT, '{message}'); END")
        else:
            op.execute(f"CREATE FUNCTION {name}() RETURNS trigger AS $$ "
                       f"BEGIN IF {when} THEN RAISE EXCEPTION '{message}'; END IF; "
                       "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$ LANGUAGE plpgsql")
            op.execute(f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} "
                       f"FOR EACH ROW EXECUTE FUNCTION {name}()")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, name, _, _ in _FROZEN:
        if sqlite:
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {name}_{verb}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_table("rollcall_notice")
    with op.batch_alter_table("incident_report") as batch:
        batch.drop_column("as_sent")
