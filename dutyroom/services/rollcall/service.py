"""视频点名: the façade. Plans and the draw are in plans.py, the roll-call being run in live.py, its 更正 in amending.py, the 上级点名 in upper.py, the summary,
整改 and statistics in stats.py, the page's lists and the 每日要情 lines in listing.py, the import of past results in importing.py, the Excel export in export.py, the 通报's text and the issued 通报 in notices.py.

Entity kinds announced: "rollcall", "rollcall_plan", "rectification".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dutyroom.services.rollcall.amending import RollCallAmending
from dutyroom.services.rollcall.importing import RollCallImport
from dutyroom.services.rollcall.listing import RollCallListing
from dutyroom.services.rollcall.live import LiveRollCall
from dutyroom.services.rollcall.notices import RollCallNotices
from dutyroom.services.rollcall.plans import RollCallPlans
from dutyroom.services.rollcall.stats import RollCallStatistics
from dutyroom.services.rollcall.upper import UpperRollCall


class RollCallService(LiveRollCall, RollCallAmending, UpperRollCall, RollCallPlans, RollCallStatistics,
                      RollCallImport, RollCallListing, RollCallNotices):
    """Every part derives from RollCallArea (rollcall/base.py); the live part comes first, as it
    implements the reads the base declares."""

    def export_results(self, first: date, last: date, path: Path, period: str = "") -> int:
        """Finished roll-calls of [first, last] and the statistics by unit, to an .xlsx; returns result rows."""
        from dutyroom.services.rollcall.export import write_xlsx

        stats = self.statistics(first, last, period)
        start, end = self._day_bounds(first, last)
        finished = [r for r in self.rollcalls_between(start, end) if r.frozen]
        return write_xlsx(Path(path), finished, stats, self._zone())
