"""emergency information reports

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 10:15:27.403402
"""

import sqlalchemy as sa
from alembic import op

import dutyroom.store.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deadline_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("categories", sa.String(length=200), nullable=False),
        sa.Column("levels", sa.String(length=100), nullable=False),
        sa.Column("security_only", sa.Boolean(), nullable=False),
        sa.Column("counted_from", sa.String(length=20), nullable=False),
        sa.Column("limit_minutes", sa.Integer(), nullable=False),
        sa.Column("report_kind", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("repeating", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline_rule")),
        sa.UniqueConstraint("name", name=op.f("uq_deadline_rule_name")),
    )
    op.create_table(
        "form_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=50), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("saved_at", dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_draft")),
        sa.UniqueConstraint("username", "key", name="uq_form_draft_user_key"),
    )
    op.create_table(
        "incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("occurred_at", dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("received_at", dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("sub_type", sa.String(length=50), nullable=False),
        sa.Column("security_development", sa.Boolean(), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("area_unit_id", sa.Integer(), nullable=True),
        sa.Column("source_unit", sa.String(length=100), nullable=False),
        sa.Column("source_person", sa.String(length=50), nullable=False),
        sa.Column("source_phone", sa.String(length=60), nullable=False),
        sa.Column("source_channel", sa.String(length=20), nullable=False),
        sa.Column("deaths", sa.Integer(), nullable=True),
        sa.Column("injured", sa.Integer(), nullable=True),
        sa.Column("missing", sa.Integer(), nullable=True),
        sa.Column("trapped", sa.Integer(), nullable=True),
        sa.Column("losses", sa.Text(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("measures", sa.Text(), nullable=False),
        sa.Column("trend", sa.Text(), nullable=False),
        sa.Column("leaders_informed", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_unit_id"], ["unit.id"], name=op.f("fk_incident_area_unit_id_unit"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident")),
    )
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.create_index("ix_incident_received_at", ["received_at"], unique=False)

    op.create_table(
        "bulletin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issuing_office", sa.String(length=100), nullable=False),
        sa.Column("to_upper", sa.Text(), nullable=False),
        sa.Column("to_peers", sa.Text(), nullable=False),
        sa.Column("copy_to", sa.Text(), nullable=False),
        sa.Column("editor", sa.String(length=50), nullable=False),
        sa.Column("signer", sa.String(length=50), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_bulletin_incident_id_incident"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulletin")),
        sa.UniqueConstraint("year", "kind", "number", name="uq_bulletin_number"),
    )
    op.create_table(
        "deadline_clock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.Column("rule_name", sa.String(length=60), nullable=False),
        sa.Column("limit_minutes", sa.Integer(), nullable=False),
        sa.Column("counted_from", sa.String(length=20), nullable=False),
        sa.Column("report_kind", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("start_at", dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_at", dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("start_report_id", sa.Integer(), nullable=True),
        sa.Column("completed_at", dutyroom.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("minutes_late", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", dutyroom.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cancel_reason", sa.String(length=100), nullable=False),
        sa.Column("acknowledged_at", dutyroom.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=50), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_deadline_clock_incident_id_incident"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"],
            ["deadline_rule.id"],
            name=op.f("fk_deadline_clock_rule_id_deadline_rule"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline_clock")),
    )
    with op.batch_alter_table("deadline_clock", schema=None) as batch_op:
        batch_op.create_index("ix_deadline_clock_due", ["due_at"], unique=False)
        batch_op.create_index("ix_deadline_clock_incident", ["incident_id"], unique=False)

    op.create_table(
        "incident_instruction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("leader", sa.String(length=50), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("given_at", dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_incident_instruction_incident_id_incident"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_instruction")),
    )
    with op.batch_alter_table("incident_instruction", schema=None) as batch_op:
        batch_op.create_index("ix_incident_instruction_incident", ["incident_id"], unique=False)

    op.create_table(
        "incident_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("sent_at", dutyroom.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_by", sa.String(length=50), nullable=False),
        sa.Column("signer", sa.String(length=50), nullable=False),
        sa.Column("created_at", dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_incident_report_incident_id_incident"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_report")),
    )
    with op.batch_alter_table("incident_report", schema=None) as batch_op:
        batch_op.create_index("ix_incident_report_incident", ["incident_id"], unique=False)

    op.create_table(
        "alert_fired",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clock_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=30), nullable=False),
        sa.Column("due_at", dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("fired_at", dutyroom.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["clock_id"],
            ["deadline_clock.id"],
            name=op.f("fk_alert_fired_clock_id_deadline_clock"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_fired")),
        sa.UniqueConstraint("clock_id", "key", name="uq_alert_fired_clock_key"),
    )


def downgrade() -> None:
    op.drop_table("alert_fired")
    with op.batch_alter_table("incident_report", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_report_incident")

    op.drop_table("incident_report")
    with op.batch_alter_table("incident_instruction", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_instruction_incident")

    op.drop_table("incident_instruction")
    with op.batch_alter_table("deadline_clock", schema=None) as batch_op:
        batch_op.drop_index("ix_deadline_clock_incident")
        batch_op.drop_index("ix_deadline_clock_due")

    op.drop_table("deadline_clock")
    op.drop_table("bulletin")
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_received_at")

    op.drop_table("incident")
    op.drop_table("form_draft")
    op.drop_table("deadline_rule")
