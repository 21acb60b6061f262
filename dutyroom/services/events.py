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

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    kind: str  # entity kind, e.g. "unit", "person", "user", "holiday", "setting"
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
