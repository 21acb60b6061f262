"""A database that is busy for a moment (another workstation holds the write lock) is retried, then
named in Chinese; it never reaches the user as a raw OperationalError.

SQLite allows one writer at a time and waits its busy timeout for the lock; PostgreSQL reports lock
timeouts, deadlocks and serialization failures. All of them are "try again shortly", which is what
`retrying` does, with a growing pause, before it gives up with DatabaseBusy. unit_of_work turns a busy
error of any save into DatabaseBusy, so a save that still fails says so in one Chinese line.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError

from dutyroom.errors import DutyRoomError

Result = TypeVar("Result")

_BUSY_WORDS = ("database is locked", "database is busy", "database table is locked", "lock timeout",
               "deadlock detected", "could not serialize access", "canceling statement due to lock timeout")
_PG_BUSY_CODES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available


class DatabaseBusy(DutyRoomError):
    """The database stayed busy through every retry; nothing of the failed step was saved."""

    def __init__(self, what: str = "保存"):
        super().__init__(f"数据库正忙（其他工作站正在保存），{what}已重试多次仍未成功，本次没有保存，请稍后再试")


def is_busy(exc: BaseException) -> bool:
    if not isinstance(exc, (OperationalError, DBAPIError)):
        return False
    if getattr(exc.orig, "sqlstate", None) in _PG_BUSY_CODES:
        return True
    text = str(exc.orig).lower()
    return any(word in text for word in _BUSY_WORDS)


def retrying(step: Callable[[], Result], *, what: str = "保存", attempts: int = 6,
             first_pause: float = 0.2) -> Result:
    """Run `step` (one whole transaction) again while the database is busy; DatabaseBusy at the end."""
    pause = first_pause
    for attempt in range(attempts):
        try:
            return step()
        except (OperationalError, DBAPIError, DatabaseBusy) as exc:
            if not isinstance(exc, DatabaseBusy) and not is_busy(exc):
                raise
            if attempt == attempts - 1:
                raise DatabaseBusy(what) from None
        time.sleep(pause)  # a pause, not a time of day: the other writer finishes meanwhile
        pause = min(pause * 2, 2.0)
    raise DatabaseBusy(what)  # not reached: the loop returns or raises
