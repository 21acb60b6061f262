"""视频点名: the façade. Plans and the draw are in plans.py, the roll-call being run in live.py, the summary,
整改 and statistics in stats.py, the page's lists and the 每日要情 lines in listing.py, the import of past results in importing.py, the Excel export in export.py.

Entity kinds announced: "rollcall", "rollcall_plan", "rectification".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from dutyroom.domain import localtime
from dutyroom.services.context import ServiceContext
from dutyroom.services.records import OfficeSettings
from dutyroom.services.rollcall.importing import ImportMixin
from dutyroom.services.rollcall.listing import ListingMixin
from dutyroom.services.rollcall.live import LiveMixin
from dutyroom.services.rollcall.plans import PlanMixin
from dutyroom.services.rollcall.stats import StatsMixin


class RollCallService(PlanMixin, LiveMixin, StatsMixin, ImportMixin, ListingMixin):
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def _settings(self) -> OfficeSettings:
        return self.ctx.settings()

    def _zone(self) -> ZoneInfo:
        return localtime.zone(self._settings().time_zone)

    def _answer_limit(self) -> int:
        return self._settings().answer_limit_seconds

    def today(self) -> date:
        """The office-local date now."""
        return self.ctx.clock.now().astimezone(self._zone()).date()

    def export_results(self, first: date, last: date, path: Path, period: str = "") -> int:
        """Finished roll-calls of [first, last] and the statistics by unit, to an .xlsx; returns result rows."""
        from dutyroom.services.rollcall.export import write_xlsx

        stats = self.statistics(first, last, period)
        start, end = self._day_bounds(first, last)
        finished = [r for r in self.rollcalls_between(start, end) if r.frozen]
        return write_xlsx(Path(path), finished, stats, self._zone())
