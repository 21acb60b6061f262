"""Changes between workstations on PostgreSQL: NOTIFY on commit, LISTEN in a background thread.

A service's unit of work sends one notification per change inside its transaction, so other
workstations hear of it only if it committed. The listener publishes what it hears on the same
ChangeBus as local changes (origin="remote"), so pages refresh the same way whatever the source.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.orm import Session

from dutyroom.store.engine import Database

log = logging.getLogger(__name__)

#: identifies this process, so it does not hear its own changes twice
PROCESS_TOKEN = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"


def channel_for(db: Database) -> str:
    # One channel per schema keeps test schemas (and separate offices on one server) apart.
    return f"dutyroom_changes_{db.schema or 'public'}"


#: PostgreSQL refuses a payload of 8000 bytes or more; words longer than this are cut (the record stays whole)
MAX_MESSAGE_BYTES = 6000
#: the listener's connection, named so an administrator (and a test) can find it in pg_stat_activity
LISTENER_APPLICATION = "dutyroom-listen"
#: the longest wait between two attempts to listen again after the server went away
MAX_BACKOFF_SECONDS = 5.0


def _cut(message: str) -> str:
    raw = message.encode("utf-8")
    return message if len(raw) <= MAX_MESSAGE_BYTES else raw[:MAX_MESSAGE_BYTES].decode("utf-8", "ignore") + "…"


def send(session: Session, db: Database, kind: str, entity_id: str | None, op: str, *,
         message: str = "", audience: str = "all") -> None:
    data = {"k": kind, "i": entity_id, "o": op, "p": PROCESS_TOKEN}
    if message:  # words a person must read (an alarm, a notice) travel with the change
        data.update(m=_cut(message), a=audience)
    payload = json.dumps(data, ensure_ascii=False)
    session.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": channel_for(db), "payload": payload})


class RemoteChangeListener:
    """LISTENs on its own connection; calls `deliver(kind, id, op, message, audience)` for other processes'
    changes, and `relistened()` each time it is listening again after losing its connection.

    Whatever was committed while the connection was down was announced to nobody here, so `relistened`
    is the moment to read everything again: it comes only once LISTEN is in place, so a change committed
    after it is heard and one committed before it is read.
    """

    def __init__(self, db: Database, deliver: Callable[[str, str | None, str, str, str], None], *,
                 relistened: Callable[[], None] | None = None, poll_seconds: float = 1.0):
        if db.kind != "postgresql":
            raise ValueError("LISTEN/NOTIFY needs PostgreSQL")
        self.db = db
        self.deliver = deliver
        self.relistened = relistened
        self.poll_seconds = poll_seconds
        self.reconnections = 0
        self._own_token = PROCESS_TOKEN
        self._stop = threading.Event()
        self._ready = threading.Event()
        # start() stopped waiting before the first LISTEN: whoever read the data then may have missed a change.
        # Decided under the lock, so "ready" and "gave up" are never both missed.
        self._gave_up_waiting = False
        self._first = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="dutyroom-listen", daemon=True)

    def start(self, *, wait: float = 5.0) -> None:
        self._thread.start()
        self._ready.wait(wait)
        with self._first:
            self._gave_up_waiting = not self._ready.is_set()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.poll_seconds * 3)

    def _conninfo(self) -> str:
        return self.db.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def _run(self) -> None:
        import psycopg
        from psycopg import sql

        backoff = 1.0
        lost = False
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo(), autocommit=True, connect_timeout=5,
                                     application_name=LISTENER_APPLICATION,
                                     # a server that vanished without closing the socket is noticed, too
                                     keepalives=1, keepalives_idle=10, keepalives_interval=5,
                                     keepalives_count=2) as conn:
                    # Identifier quotes the channel as the server expects (pg_notify takes it unquoted).
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel_for(self.db))))
                    with self._first:
                        self._ready.set()
                        late, self._gave_up_waiting = self._gave_up_waiting, False
                    backoff = 1.0
                    if lost:
                        lost = False
                        self.reconnections += 1
                        self._relistened()
                    elif late:  # the first LISTEN came after start() stopped waiting: read again now
                        self._relistened()
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=self.poll_seconds):
                            self._handle(note.payload)
            except Exception as exc:  # lost server: wait and listen again; the GUI shows its own banner
                log.warning("change listener lost its connection: %s", exc)
                lost = True
                self._stop.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)

    def _relistened(self) -> None:
        if self.relistened is None:
            return
        try:
            self.relistened()
        except Exception:  # a failing reader must not stop the listening
            log.exception("reload after listening again failed")

    def _handle(self, payload: str) -> None:
        try:
            data = json.loads(payload)
        except ValueError:
            return
        if data.get("p") == self._own_token:
            return
        self.deliver(data.get("k", ""), data.get("i"), data.get("o", "update"), data.get("m", ""), data.get("a", "all"))
