"""Tables. Each editable table carries a `version` column for optimistic locking.

No `from __future__ import annotations` here: with string annotations SQLAlchemy evaluates every
`Mapped[...]` again when it maps the class (about 70 ms of CPU at every start, a third of this module's
import); real annotations are read as they are. The two forward references are quoted instead.
"""

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from dutyroom.store.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def add_postgresql_partial_conditions(metadata: MetaData) -> None:
    """Give every partial index (`sqlite_where`) the same condition on PostgreSQL, for Alembic's comparison.

    The tables below name the condition for SQLite only: a `postgresql_where` keyword makes SQLAlchemy load
    its whole PostgreSQL dialect package (the modules of five drivers) to check the keyword, about 100 ms of
    every start on SQLite too (issue 14). The migrations create these indexes themselves on both databases.
    """
    for table in metadata.tables.values():
        for index in table.indexes:
            where = index.dialect_options["sqlite"]["where"]
            if where is not None:
                index.dialect_options["postgresql"]["where"] = where


class Unit(Base):
    __tablename__ = "unit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    duty_phone: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    fax: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    address: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}


class Person(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(50), nullable=False)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), nullable=True)
    title: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    position_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    office_phone: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    mobile: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    unit: Mapped["Unit | None"] = relationship(lazy="joined")
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_person_unit_id", "unit_id"),)


class UserAccount(Base):
    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(50), nullable=False, unique=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), nullable=True)
    display_name: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    person: Mapped["Person | None"] = relationship(lazy="joined")
    __mapper_args__ = {"version_id_col": version}


class Setting(Base):
    """Office-wide settings shared by every workstation, one row per key."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}


class Holiday(Base):
    __tablename__ = "holiday"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    name: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    source: Mapped[str] = mapped_column(String(30), nullable=False, default="manual")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}


class AuditRecord(Base):
    """Append-only, hash-chained (DESIGN.md §5). Triggers refuse UPDATE/DELETE (and TRUNCATE on PostgreSQL)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, nullable=False, unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_name: Mapped[str] = mapped_column(String(50), nullable=False)
    action: Mapped[str] = mapped_column(String(30), nullable=False)
    entity_kind: Mapped[str] = mapped_column(String(30), nullable=False)
    entity_id: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    before: Mapped[str | None] = mapped_column(Text, nullable=True)
    after: Mapped[str | None] = mapped_column(Text, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False)
    # 1: records from before schema 0009 (actor_id not hashed); 2: every column hashed (domain/audit_chain.py)
    hash_version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    os_user: Mapped[str] = mapped_column(String(64), nullable=False, server_default="")  # who ran the program
    host: Mapped[str] = mapped_column(String(255), nullable=False, server_default="")  # on which computer
    __table_args__ = (Index("ix_audit_log_entity", "entity_kind", "entity_id"),
                      Index("ix_audit_log_action_at", "action", "at"))  # the logins of one shift


class JobRun(Base):
    """One row per scheduled occurrence that fired, so a catch-up never fires it twice."""

    __tablename__ = "job_run"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job: Mapped[str] = mapped_column(String(50), nullable=False)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    ran_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    outcome: Mapped[str] = mapped_column(Text, nullable=False, default="")
    __table_args__ = (UniqueConstraint("job", "due_at", name="uq_job_run_job_due"),)



class StoredDocument(Base):
    """A document a scheduled job wrote (每日要情, the monthly 信息报告情况通报): the PDF itself, kept in the
    database so every workstation lists, opens and prints the same file, whichever one ran the job."""

    __tablename__ = "stored_document"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    #: what it covers, as the office says it: "2026-11-21" (a day) or "2026-11" (a month)
    period: Mapped[str] = mapped_column(String(20), nullable=False)
    #: who it is for: "all" or a role value ("leader")
    audience: Mapped[str] = mapped_column(String(20), nullable=False, default="all")
    #: the scheduled occurrence that made it (job_run's job and due_at), and the workstation that ran it
    job: Mapped[str] = mapped_column(String(50), nullable=False)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    workstation: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    __table_args__ = (UniqueConstraint("job", "due_at", name="uq_stored_document_job_due"),
                      Index("ix_stored_document_created", "created_at", "id"))

# -- duty roster (排班) ---------------------------------------------------------------------------


class ShiftDefinition(Base):
    """班次: a duty period that starts at a local wall-clock time and lasts `duration_minutes`."""

    __tablename__ = "shift_definition"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(30), nullable=False, unique=True)
    start_time: Mapped[str] = mapped_column(String(5), nullable=False)  # "08:30", office-local
    duration_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    officer_count: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    standby_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # "always" | "rest_days" (rest days, holidays and special periods) | "never"
    leader_policy: Mapped[str] = mapped_column(String(20), nullable=False, default="always")
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}


class Rotation(Base):
    """轮班: the ordered people one position cycles through, by day or (leaders) by week."""

    __tablename__ = "rotation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[str] = mapped_column(String(20), nullable=False)  # PositionKind value
    shift_id: Mapped[int] = mapped_column(ForeignKey("shift_definition.id", ondelete="CASCADE"), nullable=False)
    period: Mapped[str] = mapped_column(String(10), nullable=False, default="day")  # "day" | "week"
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("position", "shift_id", name="uq_rotation_position_shift"),)


class RotationMember(Base):
    __tablename__ = "rotation_member"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rotation_id: Mapped[int] = mapped_column(ForeignKey("rotation.id", ondelete="CASCADE"), nullable=False)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    __table_args__ = (UniqueConstraint("rotation_id", "person_id", name="uq_rotation_member_person"),)


class Leave(Base):
    """请假 / 出差 / 培训: a person is unavailable from `start_day` to `end_day`, both included."""

    __tablename__ = "leave"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="请假")
    start_day: Mapped[date] = mapped_column(Date, nullable=False)
    end_day: Mapped[date] = mapped_column(Date, nullable=False)
    note: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_leave_person_days", "person_id", "start_day", "end_day"),)


class SpecialPeriod(Base):
    """特殊时期 (flood season, a major event): leaders are on duty every day in it."""

    __tablename__ = "special_period"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(50), nullable=False)
    start_day: Mapped[date] = mapped_column(Date, nullable=False)
    end_day: Mapped[date] = mapped_column(Date, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}


class Assignment(Base):
    """One concrete roster cell: on `day` (office-local date), in a shift, a position's slot is held by a person.

    `rotation_seq` remembers which rotation turn generated it, so the next month continues the
    rotation from there even after swaps changed who actually sits the shift.
    """

    __tablename__ = "assignment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shift_definition.id", ondelete="RESTRICT"), nullable=False)
    position: Mapped[str] = mapped_column(String(20), nullable=False)
    slot: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), nullable=True)
    source: Mapped[str] = mapped_column(String(20), nullable=False, default="generated")
    rotation_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("day", "shift_id", "position", "slot", name="uq_assignment_cell"),
        Index("ix_assignment_person_day", "person_id", "day"),
    )


class RosterChange(Base):
    """调班 (swap: two assignments exchange people) or 代班 (substitute: another person takes one).

    Applying changes `assignment.person_id`; undoing restores it and stamps `undone_at`. History stays.
    """

    __tablename__ = "roster_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # "swap" | "substitute"
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), nullable=False)
    other_assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"),
                                                            nullable=True)
    person_before: Mapped[int | None] = mapped_column(Integer, nullable=True)  # on assignment_id
    person_after: Mapped[int | None] = mapped_column(Integer, nullable=True)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), nullable=True)
    approved_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    reason: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    created_by: Mapped[str] = mapped_column(String(50), nullable=False)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    undone_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}


# -- emergency information reports (突发事件信息报告) --------------------------------------------------


#: an incident not yet 终报, written out (not bound) so that the partial index serves the queries that say it
OPEN_INCIDENT = "status != 'closed'"


class Incident(Base):
    """突发事件. Times are UTC instants; casualty counts are NULL while unknown."""

    __tablename__ = "incident"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    place: Mapped[str] = mapped_column(String(200), nullable=False)
    category: Mapped[str] = mapped_column(String(20), nullable=False)
    sub_type: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    security_development: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    level: Mapped[str] = mapped_column(String(10), nullable=False)
    area_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"), nullable=True)
    source_unit: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    source_person: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    source_phone: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    source_channel: Mapped[str] = mapped_column(String(20), nullable=False)
    deaths: Mapped[int | None] = mapped_column(Integer, nullable=True)
    injured: Mapped[int | None] = mapped_column(Integer, nullable=True)
    missing: Mapped[int | None] = mapped_column(Integer, nullable=True)
    trapped: Mapped[int | None] = mapped_column(Integer, nullable=True)
    losses: Mapped[str] = mapped_column(Text, nullable=False, default="")
    scope: Mapped[str] = mapped_column(Text, nullable=False, default="")
    cause: Mapped[str] = mapped_column(Text, nullable=False, default="")
    measures: Mapped[str] = mapped_column(Text, nullable=False, default="")
    trend: Mapped[str] = mapped_column(Text, nullable=False, default="")
    narrative: Mapped[str | None] = mapped_column(Text, nullable=True)  # 事件经过 (0016: NULL on older rows)
    leaders_informed: Mapped[str] = mapped_column(Text, nullable=False, default="")
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    created_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_incident_received_at", "received_at"),
                      Index("ix_incident_received_id", "received_at", "id"),  # keyset pages of the list
                      # The list under a status filter, by key; the open ones (值班首页, the handover) from
                      # an index whose size follows the open set, not five years of 已终报.
                      Index("ix_incident_status_received", "status", "received_at", "id"),
                      Index("ix_incident_open_received", "received_at", "id", sqlite_where=text(OPEN_INCIDENT)))


class IncidentReport(Base):
    """首报 / 续报 / 终报. A row with `sent_at` set is frozen: the service refuses every edit."""

    __tablename__ = "incident_report"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False, default="")
    recipients: Mapped[str] = mapped_column(Text, nullable=False, default="")
    channel: Mapped[str] = mapped_column(String(20), nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    sent_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    signer: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    # what the printed form shows, as sent (JSON, services/incidents/as_sent.py); None for a draft and
    # for a report sent before 0010. A trigger refuses to change a sent row (migration 0010).
    as_sent: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    created_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_incident_report_incident", "incident_id"),
                      Index("ix_incident_report_sent", "sent_at"))  # the reports sent in one shift


class DeadlineRule(Base):
    """报送时限规则. Empty `categories` / `levels` mean every category / level (comma-separated values)."""

    __tablename__ = "deadline_rule"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), nullable=False, unique=True)
    categories: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    levels: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    security_only: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    counted_from: Mapped[str] = mapped_column(String(20), nullable=False)
    limit_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    report_kind: Mapped[str] = mapped_column(String(20), nullable=False, default="any")
    channel: Mapped[str] = mapped_column(String(20), nullable=False, default="any")
    repeating: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}


class DeadlineClock(Base):
    """One reporting obligation of one incident. Rule name, limit and matching are frozen copies."""

    __tablename__ = "deadline_clock"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"), nullable=False)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("deadline_rule.id", ondelete="SET NULL"), nullable=True)
    rule_name: Mapped[str] = mapped_column(String(60), nullable=False)
    limit_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    counted_from: Mapped[str] = mapped_column(String(20), nullable=False)
    report_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    channel: Mapped[str] = mapped_column(String(20), nullable=False)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    start_report_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    report_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    minutes_late: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    cancel_reason: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    acknowledged_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_deadline_clock_incident", "incident_id"),
                      Index("ix_deadline_clock_due", "due_at"),
                      # The clocks still owed: what the strip, the alarms and the scheduler ask for every minute.
                      Index("ix_deadline_clock_open", "due_at", "id",
                            sqlite_where=text("completed_at IS NULL AND cancelled_at IS NULL")))


class AlertFired(Base):
    """One row per alert shown for a clock (threshold key), so none fires twice, also across restarts."""

    __tablename__ = "alert_fired"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clock_id: Mapped[int] = mapped_column(ForeignKey("deadline_clock.id", ondelete="CASCADE"), nullable=False)
    key: Mapped[str] = mapped_column(String(30), nullable=False)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)  # the instant it was meant for
    fired_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    message: Mapped[str] = mapped_column(Text, nullable=False, default="")
    __table_args__ = (UniqueConstraint("clock_id", "key", name="uq_alert_fired_clock_key"),)


class FormDraft(Base):
    """A half-typed form autosaved by the GUI, offered back after a crash."""

    __tablename__ = "form_draft"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(50), nullable=False)
    key: Mapped[str] = mapped_column(String(100), nullable=False)
    payload: Mapped[str] = mapped_column(Text, nullable=False)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    __table_args__ = (UniqueConstraint("username", "key", name="uq_form_draft_user_key"),)


class Bulletin(Base):
    """值班快报 / 信息专报, numbered per year and kind: （2026）第N期. Frozen once issued (trigger, 0010)."""

    __tablename__ = "bulletin"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    narrative: Mapped[str] = mapped_column(Text, nullable=False, default="")
    issued_on: Mapped[date] = mapped_column(Date, nullable=False)
    issuing_office: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    to_upper: Mapped[str] = mapped_column(Text, nullable=False, default="")
    to_peers: Mapped[str] = mapped_column(Text, nullable=False, default="")
    copy_to: Mapped[str] = mapped_column(Text, nullable=False, default="")
    editor: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    signer: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incident.id", ondelete="SET NULL"), nullable=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("year", "kind", "number", name="uq_bulletin_number"),)


# -- telephone log (来电登记) ------------------------------------------------------------------------


#: a 转办件 still 待办 or 办理中, written out (not bound) so that the partial index serves the queries that say it
OPEN_FOLLOW_UP = "follow_status IN ('pending', 'in_progress')"


class Call(Base):
    """One entry of the telephone log.

    `sort_key` orders the log newest first and is the row id of the search index (call_fts on SQLite,
    call_search on PostgreSQL, see store/call_search.py): Unix seconds of `started_at` times
    2**20 plus a counter within the second, so an index scan in rowid order is a scan by time.
    """

    __tablename__ = "call"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sort_key: Mapped[int] = mapped_column(BigInteger, nullable=False, unique=True)
    direction: Mapped[str] = mapped_column(String(10), nullable=False)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    caller_name: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    caller_number: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    caller_unit: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    caller_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    category: Mapped[str] = mapped_column(String(30), nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    outcome: Mapped[str] = mapped_column(String(20), nullable=False)
    outcome_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    assigned_unit: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    follow_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    feedback: Mapped[str] = mapped_column(Text, nullable=False, default="")
    feedback_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    early_warning: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)  # 苗头性
    widespread: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)  # 普遍性
    officer: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    officer_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    duty_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    shift_name: Mapped[str] = mapped_column(String(30), nullable=False, default="")
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incident.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    created_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_call_number_key", "caller_number", "sort_key"),
        Index("ix_call_follow", "follow_status", "due_on"),
        # The open follow-ups only (每日要情, the statistics' overdue list): sized by the open set, not history.
        Index("ix_call_follow_open", "follow_status", "due_on", "sort_key", sqlite_where=text(OPEN_FOLLOW_UP)),
        Index("ix_call_category_key", "category", "sort_key"),
        Index("ix_call_officer_key", "officer", "sort_key"),
    )


class CallFollowUp(Base):
    """督办 log of an assigned call: each 催办 (chase), unit 反馈 (feedback) and 办结 (close)."""

    __tablename__ = "call_follow_up"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    __table_args__ = (Index("ix_call_follow_up_call", "call_id"),)


# -- video roll-call (视频点名) ----------------------------------------------------------------------


class RollCallPlan(Base):
    """A recurring roll-call: weekly host (本级点名), biweekly upper-level (上级点名) or spot checks (随机抽查).

    `unit_ids` is the ordered list of units called ("3,7,5"); for spot checks it is the candidate list
    the draw picks from. Times are office-local wall-clock "HH:MM".
    """

    __tablename__ = "rollcall_plan"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # RollCallKind value
    weekday: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 0 = Monday (weekly)
    anchor_day: Mapped[date | None] = mapped_column(Date, nullable=True)  # biweekly / spot: first day counted
    interval_days: Mapped[int] = mapped_column(Integer, nullable=False, default=7)
    at_time: Mapped[str] = mapped_column(String(5), nullable=False, default="09:00")
    window_start: Mapped[str] = mapped_column(String(5), nullable=False, default="")  # spot checks
    window_end: Mapped[str] = mapped_column(String(5), nullable=False, default="")
    spot_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    holiday_rule: Mapped[str] = mapped_column(String(20), nullable=False, default="keep")  # HolidayRule value
    unit_ids: Mapped[str] = mapped_column(Text, nullable=False, default="")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}


class RollCall(Base):
    """One roll-call, planned, running, paused or finished. A finished one is frozen (amendments only).

    For a spot check `draw_seed` and `draw_candidates` record the draw, so anyone can repeat it.
    For an upper-level roll-call the `upper_*` columns hold who called, what was asked and announced,
    and `checklist` the ticked preparation items (JSON).
    """

    __tablename__ = "rollcall"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("rollcall_plan.id", ondelete="SET NULL"), nullable=True)
    planned_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)  # RollCallStatus value
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    paused_seconds: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    host: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    draw_seed: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    draw_candidates: Mapped[str] = mapped_column(Text, nullable=False, default="")
    upper_caller: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    upper_answerer: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    upper_asked: Mapped[str] = mapped_column(Text, nullable=False, default="")
    upper_result: Mapped[str] = mapped_column(Text, nullable=False, default="")
    checklist: Mapped[str] = mapped_column(Text, nullable=False, default="")
    narrative: Mapped[str] = mapped_column(Text, nullable=False, default="")
    recipients: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    created_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_rollcall_planned_at", "planned_at"),
                      UniqueConstraint("plan_id", "planned_at", name="uq_rollcall_plan_occurrence"))


class RollCallEntry(Base):
    """One attempt at one unit in a roll-call; 复呼 is attempt 2, the first attempt is kept.

    `called_at` is fixed by the first "calling" mark and never edited; the unit's name and duty
    phone are copies, so a renamed unit does not rewrite an old roll-call.
    """

    __tablename__ = "rollcall_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rollcall_id: Mapped[int] = mapped_column(ForeignKey("rollcall.id", ondelete="CASCADE"), nullable=False)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"), nullable=True)
    unit_name: Mapped[str] = mapped_column(String(100), nullable=False)
    duty_phone: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    attempt: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    result: Mapped[str | None] = mapped_column(String(20), nullable=True)  # RollCallResult value
    answerer: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    answerer_position: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    av_quality: Mapped[str | None] = mapped_column(String(20), nullable=True)
    remarks: Mapped[str] = mapped_column(Text, nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("rollcall_id", "unit_name", "attempt", name="uq_rollcall_entry_attempt"),
                      Index("ix_rollcall_entry_unit", "unit_id", "rollcall_id"))


class RollCallNotice(Base):
    """The 视频点名情况通报 of one roll-call as issued: the document itself, so a reprint is the same file.
    Frozen: a trigger refuses to change or delete it (migration 0010)."""

    __tablename__ = "rollcall_notice"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rollcall_id: Mapped[int] = mapped_column(ForeignKey("rollcall.id"), nullable=False, unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    issued_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    pdf: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class RollCallAmendment(Base):
    """A correction of a finished roll-call's entry: who, when, why, and the values before and after."""

    __tablename__ = "rollcall_amendment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rollcall_id: Mapped[int] = mapped_column(ForeignKey("rollcall.id", ondelete="CASCADE"), nullable=False)
    entry_id: Mapped[int] = mapped_column(ForeignKey("rollcall_entry.id", ondelete="CASCADE"), nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    by: Mapped[str] = mapped_column(String(50), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    before: Mapped[str] = mapped_column(Text, nullable=False)
    after: Mapped[str] = mapped_column(Text, nullable=False)
    __table_args__ = (Index("ix_rollcall_amendment_rollcall", "rollcall_id"),)


class Rectification(Base):
    """整改: what a unit must fix after a roll-call, by when; closed with the unit's feedback."""

    __tablename__ = "rectification"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rollcall_id: Mapped[int] = mapped_column(ForeignKey("rollcall.id", ondelete="CASCADE"), nullable=False)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"), nullable=True)
    unit_name: Mapped[str] = mapped_column(String(100), nullable=False)
    requirement: Mapped[str] = mapped_column(Text, nullable=False)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closed_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    feedback: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    created_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_rectification_rollcall", "rollcall_id"),
                      # The open items are what the handover and the page ask for; closed ones pile up.
                      Index("ix_rectification_open_due", "due_on", sqlite_where=text("closed_at IS NULL")))


# -- handover and the duty log (交接班 / 值班日志) ------------------------------------------------------


class DutyLog(Base):
    """值班日志 of one shift: the roster day the shift starts on and the shift's name, once each.

    The log's facts (calls, incidents, roll-calls, logins) are read from their own tables when it is
    shown or printed; only what the duty room types into the log itself hangs off this row.
    """

    __tablename__ = "duty_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    duty_date: Mapped[date] = mapped_column(Date, nullable=False)
    shift_name: Mapped[str] = mapped_column(String(30), nullable=False, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("duty_date", "shift_name", name="uq_duty_log_shift"),
                      Index("ix_duty_log_starts_at", "starts_at"))


class LogEntry(Base):
    """值班记事: a timed line the officer writes ("02:10 市应急局电话通知明日寒潮预警")."""

    __tablename__ = "log_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    duty_log_id: Mapped[int] = mapped_column(ForeignKey("duty_log.id", ondelete="CASCADE"), nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    author: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_log_entry_log_at", "duty_log_id", "at"),)


class Equipment(Base):
    """The equipment checked every shift (值班电话, 传真, 视频会议系统, 应急平台); the list is editable."""

    __tablename__ = "equipment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(50), nullable=False, unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}


class EquipmentStatus(Base):
    """One piece of equipment in one shift: 正常 / 异常 and what is wrong. The name is a copy."""

    __tablename__ = "equipment_status"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    duty_log_id: Mapped[int] = mapped_column(ForeignKey("duty_log.id", ondelete="CASCADE"), nullable=False)
    equipment_id: Mapped[int | None] = mapped_column(ForeignKey("equipment.id", ondelete="SET NULL"), nullable=True)
    equipment_name: Mapped[str] = mapped_column(String(50), nullable=False)
    state: Mapped[str] = mapped_column(String(10), nullable=False)  # EquipmentState value
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    checked_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("duty_log_id", "equipment_name", name="uq_equipment_status_item"),)


class HandoverItem(Base):
    """交接事项: an open matter carried from shift to shift until it is closed (or dropped) with a note.

    `source_kind`/`source_id` name the open matter a proposed item stands for (a 转办 call, a clock…),
    so it is proposed once; `holder_log_id` is the shift holding it now, the history is in
    handover_item_shift.
    """

    __tablename__ = "handover_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="")
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    source_kind: Mapped[str] = mapped_column(String(20), nullable=False, default="manual")  # ItemSource value
    source_id: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    opened_log_id: Mapped[int] = mapped_column(ForeignKey("duty_log.id", ondelete="RESTRICT"), nullable=False)
    holder_log_id: Mapped[int] = mapped_column(ForeignKey("duty_log.id", ondelete="RESTRICT"), nullable=False)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    opened_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closed_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    closing: Mapped[str | None] = mapped_column(String(10), nullable=True)  # ItemClosing value
    closing_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_handover_item_source", "source_kind", "source_id"),
                      # Open items are what every handover asks for; closed ones pile up.
                      Index("ix_handover_item_open", "holder_log_id", sqlite_where=text("closed_at IS NULL")))


class HandoverItemShift(Base):
    """One shift that held an item: the item's history of holders."""

    __tablename__ = "handover_item_shift"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("handover_item.id", ondelete="CASCADE"), nullable=False)
    duty_log_id: Mapped[int] = mapped_column(ForeignKey("duty_log.id", ondelete="CASCADE"), nullable=False)
    since_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    __table_args__ = (UniqueConstraint("item_id", "duty_log_id", name="uq_handover_item_shift"),)


class Handover(Base):
    """交接班 of one shift to the next, sealed when the incoming officer confirms (or recorded as missed).

    Sealed means frozen: `anchor_seq`/`anchor_hash` are the head of the audit chain at sealing, printed
    on the record; `summary` is the JSON of what was handed over, as it was. Corrections are amendments.
    """

    __tablename__ = "handover"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    duty_log_id: Mapped[int] = mapped_column(ForeignKey("duty_log.id", ondelete="RESTRICT"), nullable=False,
                                             unique=True)
    next_log_id: Mapped[int | None] = mapped_column(ForeignKey("duty_log.id", ondelete="RESTRICT"), nullable=True)
    status: Mapped[str] = mapped_column(String(10), nullable=False)  # HandoverStatus value
    outgoing_name: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    outgoing_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"),
                                                         nullable=True)
    incoming_name: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    incoming_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"),
                                                         nullable=True)
    handed_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    window_end: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    outside_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    approved_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")  # incoming not on the roster
    missed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    sealed_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    anchor_seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    anchor_hash: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}


class HandoverAck(Base):
    """Per item of a handover: ticked by the incoming officer (I-PASS style) or left with the outgoing shift."""

    __tablename__ = "handover_ack"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    handover_id: Mapped[int] = mapped_column(ForeignKey("handover.id", ondelete="CASCADE"), nullable=False)
    item_id: Mapped[int] = mapped_column(ForeignKey("handover_item.id", ondelete="CASCADE"), nullable=False)
    item_title: Mapped[str] = mapped_column(String(200), nullable=False)
    acknowledged: Mapped[bool] = mapped_column(Boolean, nullable=False)
    __table_args__ = (UniqueConstraint("handover_id", "item_id", name="uq_handover_ack_item"),)


class HandoverAmendment(Base):
    """A correction of a sealed handover: who, when, why, what. The sealed record itself never changes."""

    __tablename__ = "handover_amendment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    handover_id: Mapped[int] = mapped_column(ForeignKey("handover.id", ondelete="CASCADE"), nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    by: Mapped[str] = mapped_column(String(50), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    correction: Mapped[str] = mapped_column(Text, nullable=False)
    __table_args__ = (Index("ix_handover_amendment_handover", "handover_id"),)


class LeaderReview(Base):
    """带班领导审阅 of a shift's log and handover, from the leader's own account, timestamped."""

    __tablename__ = "leader_review"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    duty_log_id: Mapped[int] = mapped_column(ForeignKey("duty_log.id", ondelete="CASCADE"), nullable=False)
    reviewer: Mapped[str] = mapped_column(String(50), nullable=False)
    reviewer_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"),
                                                         nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    __table_args__ = (Index("ix_leader_review_log", "duty_log_id"),)


# -- leader instructions (领导批示) and empty posts (空岗) ---------------------------------------------


# The instruction's own `text` column hides sqlalchemy.text inside its class body.
_sql_text = text


class Instruction(Base):
    """领导批示, wherever it was given: on a call, an incident, a duty log, or on its own (by phone).

    `subject_kind`/`subject_id` say what it is about (InstructionSubject; no id for a free-standing one);
    it is passed on to a unit or person by a channel, and carried out (已落实) with feedback.
    """

    __tablename__ = "instruction"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    leader: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    leader_title: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    given_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    subject_kind: Mapped[str] = mapped_column(String(20), nullable=False)  # InstructionSubject value
    subject_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    passed_to: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    pass_channel: Mapped[str] = mapped_column(String(10), nullable=False, default="")  # PassOnChannel value
    passed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False)  # InstructionStatus value
    feedback: Mapped[str] = mapped_column(Text, nullable=False, default="")
    feedback_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    created_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_instruction_subject", "subject_kind", "subject_id"),
                      Index("ix_instruction_given_at", "given_at"),
                      # Open instructions are what the ledger, the chaser and the handover ask for.
                      Index("ix_instruction_open_due", "due_at", sqlite_where=_sql_text("status != 'done'")),
                      # The ledger's order, open ones first, read by key: the open set, then the done ones.
                      Index("ix_instruction_open_given", "given_at", "id", sqlite_where=_sql_text("status != 'done'")),
                      Index("ix_instruction_status_given", "status", "given_at", "id"))


class EmptyPost(Base):
    """空岗: a post found unstaffed (EmptyPostKind), with who was rostered; explained, then closed by the leader.

    (kind, at) is unique so two workstations finding the same empty post record it once.
    """

    __tablename__ = "empty_post"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    duty_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    shift_name: Mapped[str] = mapped_column(String(30), nullable=False, default="")
    rostered: Mapped[str] = mapped_column(Text, nullable=False, default="")
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="")
    explanation: Mapped[str] = mapped_column(Text, nullable=False, default="")
    explained_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    explained_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closed_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("kind", "at", name="uq_empty_post_kind_at"),
                      Index("ix_empty_post_open", "at", sqlite_where=text("closed_at IS NULL")))


class DutyPresence(Base):
    """Rule 3 of 空岗, shared by every workstation: per shift, when the watch began and when a rostered
    officer was last seen logged in (to the minute). Absence is counted from the later of the two."""

    __tablename__ = "duty_presence"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    duty_date: Mapped[date] = mapped_column(Date, nullable=False)
    shift_name: Mapped[str] = mapped_column(String(30), nullable=False)
    watched_since: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    seen_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), nullable=True)
    __table_args__ = (UniqueConstraint("duty_date", "shift_name", name="uq_duty_presence_shift"),)


class PresenceCheck(Base):
    """在岗确认: one night-time prompt, due at a drawn moment; confirmed by the officer or missed."""

    __tablename__ = "presence_check"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, unique=True)
    answer_by: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    confirmed_by: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    empty_post_id: Mapped[int | None] = mapped_column(ForeignKey("empty_post.id", ondelete="SET NULL"),
                                                      nullable=True)
