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


def send(session: Session, db: Database, kind: str, entity_id: str | None, op: str) -> None:
    payload = json.dumps({"k": kind, "i": entity_id, "o": op, "p": PROCESS_TOKEN}, ensure_ascii=False)
    session.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": channel_for(db), "payload": payload})


class RemoteChangeListener:
    """LISTENs on its own connection; calls `deliver(kind, id, op)` for other processes' changes."""

    def __init__(self, db: Database, deliver: Callable[[str, str | None, str], None], *, poll_seconds: float = 1.0):
        if db.kind != "postgresql":
            raise ValueError("LISTEN/NOTIFY needs PostgreSQL")
        self.db = db
        self.deliver = deliver
        self.poll_seconds = poll_seconds
        self._own_token = PROCESS_TOKEN
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="dutyroom-listen", daemon=True)

    def start(self, *, wait: float = 5.0) -> None:
        self._thread.start()
        self._ready.wait(wait)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.poll_seconds * 3)

    def _conninfo(self) -> str:
        return self.db.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def _run(self) -> None:
        import psycopg
        from psycopg import sql

        backoff = 1.0
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo(), autocommit=True, connect_timeout=5) as conn:
                    # Identifier quotes the channel as the server expects (pg_notify takes it unquoted).
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel_for(self.db))))
                    self._ready.set()
                    backoff = 1.0
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=self.poll_seconds):
                            self._handle(note.payload)
            except Exception as exc:  # lost server: wait and listen again; the GUI shows its own banner
                log.warning("change listener lost its connection: %s", exc)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 30.0)

    def _handle(self, payload: str) -> None:
        try:
            data = json.loads(payload)
        except ValueError:
            return
        if data.get("p") == self._own_token:
            return
        self.deliver(data.get("k", ""), data.get("i"), data.get("o", "update"))
