"""What every part of the incident service shares. IncidentService and each of its parts (clocks,
reports, rules, import) derive from IncidentArea, so what a part uses is declared here.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from dutyroom.domain.localtime import zone
from dutyroom.services.context import ServiceContext


class IncidentArea:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def _office_zone(self) -> ZoneInfo:
        return zone(self.ctx.settings().time_zone)
