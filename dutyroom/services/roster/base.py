"""What every part of the roster service shares: the context, the office settings, loading a range of
the roster and checking it. RosterService and each of its parts derive from RosterArea.
"""

from __future__ import annotations

from datetime import date

from dutyroom.domain.months import month_range
from dutyroom.domain.roster_checks import check_roster
from dutyroom.errors import ValidationError
from dutyroom.services.context import ServiceContext
from dutyroom.services.records import OfficeSettings
from dutyroom.services.roster.load import EDGE, RosterData, load
from dutyroom.services.roster.records import RosterWarning

MAX_RANGE_DAYS = 731


def check_range(first: date, last: date, *, limit: int = MAX_RANGE_DAYS) -> None:
    if not isinstance(first, date) or not isinstance(last, date):
        raise ValidationError({"first": "请填写开始和结束日期"})
    if last < first:
        raise ValidationError({"last": "结束日期不能早于开始日期"})
    if (last - first).days >= limit:
        raise ValidationError({"last": f"一次最多 {limit} 天，请分段处理"})


class RosterArea:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def _settings(self) -> OfficeSettings:
        return self.ctx.settings()

    def _load(self, first: date, last: date) -> RosterData:
        settings = self._settings()
        with self.ctx.db.session() as s:
            return load(s, settings, first, last)

    def warnings(self, first: date, last: date) -> list[RosterWarning]:
        check_range(first, last, limit=3700)
        data = self._load(min(first.replace(day=1), first - EDGE), month_range(last.year, last.month)[1] + EDGE)
        return self._checks(data, first, last)

    @staticmethod
    def _checks(data: RosterData, first: date, last: date) -> list[RosterWarning]:
        return check_roster(first, last, days=data.days, shifts=data.shifts, cells=data.cells, people=data.people,
                            leaves=data.leaves, rules=data.rules, week_keys=data.week_keys)
