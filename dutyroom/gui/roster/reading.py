"""What the 排班 page shows of one month, read in one go off the GUI thread (Page.load).

The grid, the people, the warnings and the balance are read together, so a page switch or a change
during an outage waits on the worker, never on the window; a part whose read is refused for a reason
other than a server away is shown empty, as the page did before (a missing roster, a person not linked).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from dutyroom.domain.localtime import to_local
from dutyroom.errors import DatabaseUnavailable, DutyRoomError

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services
    from dutyroom.services.records import OfficeSettings


@dataclass
class MonthRead:
    settings: OfficeSettings
    today: date
    roster: Any = None
    people: list = field(default_factory=list)
    me: int | None = None
    warnings: list = field(default_factory=list)
    balance: tuple = (None, None, [])  # first, last, rows
    changes: list = field(default_factory=list)  # the month's 调班 and 代班


def _or(default, read: Callable[[], Any]):
    try:
        return read()
    except DatabaseUnavailable:
        raise  # the connection banner says so; the page keeps what it shows
    except DutyRoomError:
        return default


def balance_of(roster, position, last_day: date) -> tuple:
    first, last = roster.default_lookback(last_day)
    return first, last, list(roster.balance(position, first, last))


def read_month(services: Services, user_id: int, year: int, month: int, first: date, last: date,
               position) -> MonthRead:
    """Every read of the page's refresh (a worker thread runs this: services only, no widget)."""
    settings = services.settings.get()
    roster = getattr(services, "roster", None)
    read = MonthRead(settings, to_local(services.clock.now(), settings.time_zone).date())
    if roster is not None:
        read.roster = roster.month(year, month)
        read.warnings = _or([], lambda: list(roster.warnings(first, last)))
        read.balance = _or((None, None, []), lambda: balance_of(roster, position, last))
        read.changes = _or([], lambda: list(roster.changes(first, last)))
    read.people, read.me = _or(([], None), lambda: (services.people.staff(), services.people.of_user(user_id)))
    return read
