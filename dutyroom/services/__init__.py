"""Services: one per area. They own sessions and audit, check roles, and return plain data.

Importing this package imports no area: a record module (`dutyroom.services.records`, an area's
`records.py`) is read by reports and the command line, which must not pay for every service and
SQLAlchemy to get a dataclass. A Services builds each area on first use: `dutyroom report contacts`
imports the few areas opening the database and the directory need, not the sixteen of the window.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

if TYPE_CHECKING:
    from dutyroom.services.audit import AuditService
    from dutyroom.services.calls.service import CallService
    from dutyroom.services.contacts import ContactService
    from dutyroom.services.context import ServiceContext
    from dutyroom.services.documents import DocumentService
    from dutyroom.services.empty_posts.service import EmptyPostService
    from dutyroom.services.handover.service import HandoverService
    from dutyroom.services.holidays import HolidayService
    from dutyroom.services.incidents.bulletins import BulletinService
    from dutyroom.services.incidents.service import IncidentService
    from dutyroom.services.instructions.service import InstructionService
    from dutyroom.services.people import PersonService
    from dutyroom.services.rollcall.service import RollCallService
    from dutyroom.services.roster.service import RosterService
    from dutyroom.services.settings import SettingsService
    from dutyroom.services.units import UnitService
    from dutyroom.services.users import UserService

T = TypeVar("T")


class _Area(Generic[T]):
    """One area of a Services: imported and built on first access, then kept in the instance.

    A non-data descriptor: once built, the area sits in the instance's __dict__ and later reads do not
    come here. `wire` connects hooks an area declares to the other areas (services/shift_sources.py).
    """

    def __init__(self, module: str, cls: str, wire: Callable[[Services, Any], None] | None = None):
        self.module, self.cls, self.wire = module, cls, wire
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> _Area[T]: ...

    @overload
    def __get__(self, obj: Services, owner: type) -> T: ...

    def __get__(self, obj: Services | None, owner: type) -> T | _Area[T]:
        if obj is None:
            return self
        # One lock per Services: the GUI thread, the scheduler and a background opening may ask at once,
        # and each must get the same area (its caches and hooks); re-entrant because wiring reads areas.
        with obj._lock:
            area = obj.__dict__.get(self.name)
            if area is None:
                area = getattr(importlib.import_module(self.module), self.cls)(obj.ctx)
                obj.__dict__[self.name] = area
                if self.wire is not None:
                    self.wire(obj, area)
            return area


def _wire_handover(services: Services, handover) -> None:
    from dutyroom.services import shift_sources

    shift_sources.connect_handover(services, handover)


def _wire_bulletins(services: Services, bulletins) -> None:
    def on_duty() -> tuple[str, str]:
        from dutyroom.services import shift_sources

        return shift_sources.bulletin_people(services)

    bulletins.on_duty = on_duty


def _wire_incidents(services: Services, incidents) -> None:
    # The open clocks' alarms address whoever holds the duty: the incoming officer from the handover on.
    # Read through services at each call, so building the incidents area (every opening of the database
    # does) neither builds nor imports the handover area.
    incidents.duty_holder = lambda now: services.handover.duty_holder(now)


class Services:
    """The façade a GUI page or a CLI command holds: every area behind one object."""

    units: _Area[UnitService] = _Area("dutyroom.services.units", "UnitService")
    people: _Area[PersonService] = _Area("dutyroom.services.people", "PersonService")
    users: _Area[UserService] = _Area("dutyroom.services.users", "UserService")
    settings: _Area[SettingsService] = _Area("dutyroom.services.settings", "SettingsService")
    holidays: _Area[HolidayService] = _Area("dutyroom.services.holidays", "HolidayService")
    audit: _Area[AuditService] = _Area("dutyroom.services.audit", "AuditService")
    contacts: _Area[ContactService] = _Area("dutyroom.services.contacts", "ContactService")
    roster: _Area[RosterService] = _Area("dutyroom.services.roster.service", "RosterService")
    incidents: _Area[IncidentService] = _Area("dutyroom.services.incidents.service", "IncidentService",
                                              _wire_incidents)
    bulletins: _Area[BulletinService] = _Area("dutyroom.services.incidents.bulletins", "BulletinService",
                                              _wire_bulletins)
    calls: _Area[CallService] = _Area("dutyroom.services.calls.service", "CallService")
    rollcall: _Area[RollCallService] = _Area("dutyroom.services.rollcall.service", "RollCallService")
    # handover and the duty log: its hooks read the areas above through their services
    handover: _Area[HandoverService] = _Area("dutyroom.services.handover.service", "HandoverService",
                                             _wire_handover)
    # leader instructions (领导批示), used by every area
    instructions: _Area[InstructionService] = _Area("dutyroom.services.instructions.service",
                                                    "InstructionService")
    # empty posts (空岗) and the night's presence checks
    empty_posts: _Area[EmptyPostService] = _Area("dutyroom.services.empty_posts.service", "EmptyPostService")
    # documents the scheduled jobs wrote (文件), kept in the database for every workstation
    documents: _Area[DocumentService] = _Area("dutyroom.services.documents", "DocumentService")

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx
        self._lock = threading.RLock()

    @property
    def db(self):
        return self.ctx.db

    @property
    def clock(self):
        return self.ctx.clock

    @property
    def bus(self):
        return self.ctx.bus
