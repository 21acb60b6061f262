"""Plain data that services take and return. Never live ORM objects, never widgets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from dutyroom.domain.vocabulary import HolidayKind, PositionKind, Role, UnitKind


@dataclass(frozen=True)
class Actor:
    """Who is doing something: the logged-in user, or the program itself."""

    user_id: int | None
    username: str
    display_name: str
    role: Role


SYSTEM_ACTOR = Actor(user_id=None, username="system", display_name="系统", role=Role.ADMIN)


@dataclass
class UnitRecord:
    name: str
    kind: UnitKind = UnitKind.SUBORDINATE
    duty_phone: str = ""
    fax: str = ""
    address: str = ""
    sort_order: int = 0
    active: bool = True
    id: int | None = None
    version: int = 0


@dataclass
class PersonRecord:
    name: str
    unit_id: int | None = None
    title: str = ""
    position_kind: PositionKind = PositionKind.OFFICER
    office_phone: str = ""
    mobile: str = ""
    active: bool = True
    id: int | None = None
    version: int = 0
    unit_name: str = ""  # filled on read, ignored on write


@dataclass
class UserRecord:
    username: str
    role: Role
    person_id: int | None = None
    display_name: str = ""
    active: bool = True
    failed_attempts: int = 0
    locked_until: datetime | None = None
    last_login_at: datetime | None = None
    id: int | None = None
    version: int = 0


@dataclass
class HolidayRecord:
    day: date
    kind: HolidayKind
    name: str = ""
    source: str = "manual"
    id: int | None = None
    version: int = 0


@dataclass
class OfficeSettings:
    office_name: str = "值班室"
    issuing_office: str = ""
    time_zone: str = "Asia/Shanghai"
    handover_time: time = time(8, 30)
    idle_lock_minutes: int = 15
    backup_time: time = time(2, 0)
    backups_kept: int = 30
    version: int = 0


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    actor_name: str
    action: str
    entity_kind: str
    entity_id: str
    before: dict | None
    after: dict | None
    hash: str


@dataclass(frozen=True)
class ContactGroup:
    unit: UnitRecord
    people: list[PersonRecord] = field(default_factory=list)


@dataclass(frozen=True)
class ContactDirectory:
    """Everything the duty contact list (值班通讯录) prints, already sorted."""

    office_name: str
    issuing_office: str
    printed_on: date
    groups: list[ContactGroup]
