"""Services: one per area. They own sessions and audit, check roles, and return plain data.

Importing this package imports no area: a record module (`dutyroom.services.records`, an area's
`records.py`) is read by reports and the command line, which must not pay for every service and
SQLAlchemy to get a dataclass. The areas are imported when a Services is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dutyroom.services.context import ServiceContext


class Services:
    """The façade a GUI page or a CLI command holds: every area behind one object."""

    def __init__(self, ctx: ServiceContext):
        # Function-level imports: see the module's docstring (start-up of reports and commands).
        from dutyroom.services import shift_sources
        from dutyroom.services.audit import AuditService
        from dutyroom.services.calls.service import CallService
        from dutyroom.services.contacts import ContactService
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
        # leader instructions (领导批示), used by every area
        self.instructions = InstructionService(ctx)
        # empty posts (空岗) and the night's presence checks
        self.empty_posts = EmptyPostService(ctx)
        # documents the scheduled jobs wrote (文件), kept in the database for every workstation
        self.documents = DocumentService(ctx)

    @property
    def db(self):
        return self.ctx.db

    @property
    def clock(self):
        return self.ctx.clock

    @property
    def bus(self):
        return self.ctx.bus
