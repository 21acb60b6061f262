"""Services: one per area. They own sessions and audit, check roles, and return plain data."""

from __future__ import annotations

from dutyroom.services import shift_sources
from dutyroom.services.audit import AuditService
from dutyroom.services.calls.service import CallService
from dutyroom.services.contacts import ContactService
from dutyroom.services.context import ServiceContext
from dutyroom.services.handover.service import HandoverService
from dutyroom.services.holidays import HolidayService
from dutyroom.services.incidents.bulletins import BulletinService
from dutyroom.services.incidents.service import IncidentService
from dutyroom.services.people import PersonService
from dutyroom.services.rollcall.service import RollCallService
from dutyroom.services.roster.service import RosterService
from dutyroom.services.settings import SettingsService
from dutyroom.services.units import UnitService
from dutyroom.services.users import UserService


class Services:
    """The façade a GUI page or a CLI command holds: every area behind one object."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx
        self.units = UnitService(ctx)
        self.people = PersonService(ctx)
        self.users = UserService(ctx)
        self.settings = SettingsService(ctx)
        self.holidays = HolidayService(ctx)
        self.audit = AuditService(ctx)
        self.contacts = ContactService(ctx)
        self.roster = RosterService(ctx)
        self.incidents = IncidentService(ctx)
        self.bulletins = BulletinService(ctx)
        self.calls = CallService(ctx)
        self.rollcall = RollCallService(ctx)
        # handover and the duty log: its hooks read the areas above through their services
        self.handover = HandoverService(ctx)
        shift_sources.connect(self)

    @property
    def db(self):
        return self.ctx.db

    @property
    def clock(self):
        return self.ctx.clock

    @property
    def bus(self):
        return self.ctx.bus
