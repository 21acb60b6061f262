"""What every part of the roll-call service shares. RollCallService and each of its parts (plans, live,
stats, import, listing) derive from RollCallArea, so every helper a part calls is declared here, typed,
and not only on the assembled façade. The three reads one part takes from another (a roll-call, the
roll-calls of a period, inserting a new one) are declared here and implemented in live.py.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from dutyroom.domain import localtime
from dutyroom.domain.vocabulary import RollCallKind
from dutyroom.services.context import ServiceContext
from dutyroom.services.records import Actor, OfficeSettings
from dutyroom.services.rollcall.records import RollCallRecord, RollCallSummary


class RollCallArea:
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

    def _instant(self, local: datetime) -> datetime:
        """An office-local wall-clock time as an aware UTC instant."""
        return local.replace(tzinfo=self._zone()).astimezone(timezone.utc)

    def _day_bounds(self, first: date, last: date) -> tuple[datetime, datetime]:
        """[start of `first`, start of the day after `last`) in office-local days, as UTC instants."""
        return (self._instant(datetime.combine(first, time(0, 0))),
                self._instant(datetime.combine(last + timedelta(days=1), time(0, 0))))

    # -- implemented by the live part (live.py) ----------------------------------------------------
    def get(self, rollcall_id: int) -> RollCallRecord:
        raise NotImplementedError

    def rollcalls_between(self, start: datetime, end: datetime, kind: RollCallKind | None = None
                          ) -> list[RollCallRecord]:
        raise NotImplementedError

    def _insert_rollcall(self, actor: Actor, kind: RollCallKind, planned_at: datetime,
                         units: list[tuple[int | None, str]], *, plan_id: int | None = None, seed: int | None = None,
                         candidates=(), host: str = "") -> RollCallRecord:
        raise NotImplementedError

    # -- implemented by the statistics part (stats.py) ---------------------------------------------
    def summary(self, rollcall_id: int) -> RollCallSummary:
        raise NotImplementedError
