"""The duty contact list (值班通讯录): units with their duty lines, people with their phones."""

from __future__ import annotations

from dutyroom.domain.localtime import to_local
from dutyroom.services.context import ServiceContext
from dutyroom.services.people import PersonService
from dutyroom.services.records import ContactDirectory, ContactGroup
from dutyroom.services.units import UnitService


class ContactService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def directory(self, *, query: str = "") -> ContactDirectory:
        """Active units in their sort order, each with its active people; `query` filters by any text."""
        settings = self.ctx.settings()
        units = UnitService(self.ctx).list(include_inactive=False)
        people = PersonService(self.ctx).list(include_inactive=False)
        by_unit: dict[int | None, list] = {}
        for person in people:
            by_unit.setdefault(person.unit_id, []).append(person)
        needle = query.strip().lower()
        groups = []
        for unit in units:
            members = by_unit.get(unit.id, [])
            if needle:
                unit_hit = needle in " ".join([unit.name, unit.duty_phone, unit.fax, unit.address]).lower()
                if not unit_hit:
                    members = [p for p in members if needle in " ".join(
                        [p.name, p.title, p.office_phone, p.mobile, p.position_kind.label]).lower()]
                    if not members:
                        continue
            groups.append(ContactGroup(unit=unit, people=members))
        return ContactDirectory(
            office_name=settings.office_name, issuing_office=settings.issuing_office or settings.office_name,
            printed_on=to_local(self.ctx.clock.now(), settings.time_zone).date(), groups=groups)
