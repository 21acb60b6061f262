"""The one path for "something changed" (DESIGN.md §4).

Services publish a Change after their transaction commits. The GUI subscribes once and
re-emits on its own thread; the scheduler and, later, PostgreSQL LISTEN/NOTIFY from other
workstations publish into the same bus, so a page never needs to know where a change came from.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

log = logging.getLogger(__name__)


class EntityKind(str, Enum):
    """What a change or an audit record is about. The values are the plain words stored in the audit
    log and sent between workstations, so a str enum keeps both exactly as they were."""

    UNIT = "unit"
    PERSON = "person"
    USER = "user"
    HOLIDAY = "holiday"
    SETTING = "setting"
    SHIFT = "shift"
    ROTATION = "rotation"
    LEAVE = "leave"
    SPECIAL_PERIOD = "special_period"
    ASSIGNMENT = "assignment"
    ROSTER = "roster"
    ROSTER_CHANGE = "roster_change"
    CALL = "call"
    INCIDENT = "incident"
    REPORT = "report"
    CLOCK = "clock"
    INSTRUCTION = "instruction"
    DEADLINE_RULE = "deadline_rule"
    BULLETIN = "bulletin"
    ROLLCALL = "rollcall"
    ROLLCALL_PLAN = "rollcall_plan"
    RECTIFICATION = "rectification"
    JOB_RUN = "job_run"
    #: a document a scheduled job stored (每日要情, 信息报告情况通报)
    DOCUMENT = "document"
    #: the database file as a whole: backups and restores
    DATABASE = "database"
    # empty posts (空岗) and the night's presence checks (在岗确认)
    EMPTY_POST = "empty_post"
    PRESENCE_CHECK = "presence_check"
    #: not a stored entity: a deadline alert was claimed (id = the clock's id)
    ALERT = "alert"
    #: not a stored entity: words the scheduler wants a person to read (message, audience)
    NOTICE = "notice"
    #: not a stored entity: this workstation hears other workstations again after losing the server
    CONNECTION = "connection"
    # handover and the duty log (交接班 / 值班日志)
    DUTY_LOG = "duty_log"
    LOG_ENTRY = "log_entry"
    EQUIPMENT = "equipment"
    EQUIPMENT_STATUS = "equipment_status"
    HANDOVER_ITEM = "handover_item"
    HANDOVER = "handover"
    REVIEW = "review"

    # The plain word wherever it is written out (f-strings, str(), JSON), on every Python version.
    __str__ = str.__str__
    __format__ = str.__format__

    @classmethod
    def of(cls, word: str) -> EntityKind | str:
        """The member for a word heard from another workstation; an unknown word (a newer program)
        passes through as it is, so its change still reaches the pages."""
        try:
            return cls(word)
        except ValueError:
            return word


@dataclass(frozen=True)
class Change:
    kind: EntityKind | str  # an EntityKind; a plain word only when heard from a newer program
    id: str | None = None  # None means "many rows of this kind"
    op: str = "update"  # "create" | "update" | "delete" | "bulk"
    origin: str = "local"  # "local" | "scheduler" | "remote"
    # Only for kind "notice" (a reminder or warning the scheduler wants a person to read): the text,
    # and who should see it ("all" or a role value such as "admin").
    message: str = ""
    audience: str = "all"


Listener = Callable[[Change], None]


class ChangeBus:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, change: Change) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(change)
            except Exception:  # one broken page must not stop the others from refreshing
                log.exception("change listener failed for %s", change)
