"""What every part of the call service shares: the context, the office settings the log depends on,
and the clean-up of a call before it is written. CallService and each of its parts derive from CallArea,
so every helper a part calls is declared here, not only on the assembled façade.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from dutyroom.domain import localtime
from dutyroom.domain.call_settings import parse_categories
from dutyroom.domain.vocabulary import DEFAULT_CALL_CATEGORIES
from dutyroom.services.calls import checks
from dutyroom.services.calls.records import CallRecord
from dutyroom.services.context import ServiceContext
from dutyroom.services.records import OfficeSettings
from dutyroom.store import call_search
from dutyroom.store.models import CallFollowUp

GONE = "找不到该来电记录，可能已被删除"


def categories_of(settings: OfficeSettings) -> list[str]:
    return parse_categories(settings.call_categories) or list(DEFAULT_CALL_CATEGORIES)


class CallArea:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def _settings(self) -> OfficeSettings:
        return self.ctx.settings()

    def _zone(self, settings: OfficeSettings | None = None) -> ZoneInfo:
        return localtime.zone((settings or self._settings()).time_zone)

    def today(self) -> date:
        """The office-local date now."""
        return self.ctx.clock.now().astimezone(self._zone()).date()

    def categories(self) -> list[str]:
        return categories_of(self._settings())

    def _clean(self, record: CallRecord, settings: OfficeSettings, keep_category: str | None = None) -> CallRecord:
        zone = self._zone(settings)
        allowed = categories_of(settings)
        if keep_category and keep_category not in allowed:
            allowed.append(keep_category)  # a category removed from the list stays valid on its old calls
        return checks.cleaned(record, self.ctx.clock.now(), allowed, local_date=lambda t: t.astimezone(zone).date(),
                              follow_up_days=settings.follow_up_days)

    @staticmethod
    def _instruction_text(s: Session, call_id: int) -> str:
        """The call's 领导批示 as its form shows it: the first instruction given about it."""
        return call_search.call_instructions(s, [call_id]).get(call_id, "")

    @staticmethod
    def _follow_up_rows(s: Session, call_id: int) -> list[CallFollowUp]:
        return list(s.scalars(select(CallFollowUp).where(CallFollowUp.call_id == call_id)
                              .order_by(CallFollowUp.at, CallFollowUp.id)))
