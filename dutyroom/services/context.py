"""What every service needs: the database, the clock, the change bus; plus the unit of work."""

from __future__ import annotations

import getpass
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from dutyroom.domain.audit_chain import CURRENT_VERSION, GENESIS, Anchor, canonical_json, record_hash
from dutyroom.domain.clock import Clock
from dutyroom.domain.vocabulary import Role
from dutyroom.errors import ConflictError, DutyRoomError, NotFound, PermissionDenied
from dutyroom.services import office_settings
from dutyroom.services.busy import DatabaseBusy, is_busy
from dutyroom.services.events import Change, ChangeBus, EntityKind
from dutyroom.services.records import Actor, OfficeSettings
from dutyroom.store import notify
from dutyroom.store.audit_anchor import AnchorBook
from dutyroom.store.engine import Database
from dutyroom.store.models import AuditRecord

Row = TypeVar("Row")
#: what a row looks like in the audit log: a plain dict of its fields
Snapshot = Callable[[Any], dict]

_ROLE_NEEDED = {Role.ADMIN: "管理员", Role.LEADER: "带班领导"}


@dataclass
class ServiceContext:
    db: Database
    clock: Clock
    bus: ChangeBus = field(default_factory=ChangeBus)
    #: this workstation's anchors of the audit chain (None: not kept, e.g. a test's throwaway database)
    anchors: AnchorBook | None = None

    def settings(self) -> OfficeSettings:
        """The office's settings as stored now (one short read; every workstation shares them)."""
        with self.db.session() as session:
            return office_settings.read(session)

    def listen_to_other_workstations(self) -> notify.RemoteChangeListener | None:
        """On PostgreSQL, start hearing other workstations' changes on this context's bus.

        After an outage the listener says so with Change(EntityKind.CONNECTION, op="relisten"), published
        only once it is listening again: whoever shows data reads it again then, and misses nothing.
        """
        if self.db.kind != "postgresql":
            return None
        listener = notify.RemoteChangeListener(
            self.db, lambda kind, entity_id, op, message, audience: self.bus.publish(
                Change(EntityKind.of(kind), entity_id, op, origin="remote", message=message, audience=audience)),
            relistened=lambda: self.bus.publish(Change(EntityKind.CONNECTION, None, "relisten", origin="remote")))
        listener.start()
        return listener

    def announce(self, change: Change) -> None:
        """Publish a change that no unit of work carries (a scheduler's notice) here and, on PostgreSQL, to
        every other workstation: a notice claimed by one workstation is read on all of them."""
        if self.db.kind == "postgresql":
            try:
                with self.db.session() as session:
                    notify.send(session, self.db, change.kind, change.id, change.op,
                                message=change.message, audience=change.audience)
            except DutyRoomError:  # the server is away: this workstation still shows it, the others
                pass               # read what is outstanding when they hear from the server again
        self.bus.publish(change)


def require_role(actor: Actor, *roles: Role) -> None:
    """Roles are enforced here, in services, not only by hiding buttons."""
    if actor.role not in roles:
        names = "或".join(_ROLE_NEEDED.get(r, r.label) for r in roles)
        raise PermissionDenied(f"没有权限：此操作需要{names}账户（当前为{actor.role.label}）")


class UnitOfWork:
    """One short transaction that records audit entries and announces changes after commit."""

    def __init__(self, ctx: ServiceContext, actor: Actor, session: Session):
        self.ctx = ctx
        self.actor = actor
        self.session = session
        self.changes: list[Change] = []
        self.now: datetime = ctx.clock.now()
        self.head: Anchor | None = None  # the last audit record this transaction appended

    def audit(self, action: str, kind: EntityKind, entity_id, *, before: dict | None = None,
              after: dict | None = None, announce: bool = True) -> None:
        self.head = append_audit(self.session, self.actor, self.now, action, kind, entity_id, before, after,
                                 origin=origin_of(self.ctx))
        if announce:
            op = action if action in ("create", "update", "delete") else "update"
            self.changes.append(Change(kind=kind, id=None if entity_id is None else str(entity_id), op=op))

    def fetch(self, model: type[Row], row_id, *, gone: str, version: int = 0,
              what: str | Callable[[Row], str] | None = None) -> Row:
        """The row an edit or a delete is about: NotFound(gone) if it went, ConflictError if it moved on.

        `what` names the row in the conflict message; without it the version is not checked (a row
        that is not edited from a form the user filled, e.g. a dependent row).
        """
        row = self.session.get(model, row_id)
        if row is None:
            raise NotFound(gone)
        if what is not None:
            check_version(row.version, version, what(row) if callable(what) else what)  # type: ignore[attr-defined]
        return row

    @contextmanager
    def edit(self, kind: EntityKind, row: Row, snapshot: Snapshot) -> Iterator[Row]:
        """Change `row` in the block; then it is flushed and audited with its state before and after."""
        before = snapshot(row)
        yield row
        self.session.flush()
        self.audit("update", kind, row.id, before=before, after=snapshot(row))  # type: ignore[attr-defined]

    def remove(self, kind: EntityKind, row, snapshot: Snapshot) -> None:
        """Delete `row`, keeping what it held in the audit log."""
        row_id, before = row.id, snapshot(row)
        self.session.delete(row)
        self.audit("delete", kind, row_id, before=before)


#: PostgreSQL advisory lock keys: one per "read the last value, then write the next" sequence
AUDIT_CHAIN_LOCK = 7263001
CALL_KEY_LOCK = 7263002
BULLETIN_NUMBER_LOCK = 7263003
LOGIN_LOCK = 7263004


def hold_write_lock(session: Session, pg_key: int) -> None:
    """Hold a write lock until the transaction ends, before reading a value the write will follow.

    Two workstations that both read "the last seq / the last key" and then write the next one would
    take the same value. PostgreSQL: a transaction-scoped advisory lock on `pg_key`. SQLite: a write
    statement that changes nothing still takes the database's single write lock (a transaction that
    has only read so far would otherwise read unlocked and lose the race at commit).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": pg_key})
    else:
        session.execute(text("UPDATE audit_log SET seq = seq WHERE 1 = 0"))


def _lock_audit_chain(session: Session) -> None:
    hold_write_lock(session, AUDIT_CHAIN_LOCK)


def _who_and_where() -> tuple[str, str]:
    """The operating-system user and the computer, kept in every audit record (and hashed)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError, ImportError):  # no login name in a service account's environment
        user = ""
    return user[:64], socket.gethostname()[:255]


ORIGIN = _who_and_where()


def origin_of(ctx: ServiceContext) -> tuple[str, str]:
    """(OS user, "computer#workstation") this context writes into the audit log."""
    if ctx.anchors is None:
        return ORIGIN
    return ORIGIN[0], f"{ORIGIN[1][:240]}#{ctx.anchors.workstation}"


def append_audit(session: Session, actor: Actor, at: datetime, action: str, kind: str, entity_id,
                 before: dict | None, after: dict | None, origin: tuple[str, str] = ORIGIN) -> Anchor:
    _lock_audit_chain(session)
    last = session.execute(
        select(AuditRecord.seq, AuditRecord.hash).order_by(AuditRecord.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = at.replace(microsecond=0)
    fields: dict[str, Any] = dict(
        seq=seq, at=at, actor_name=actor.display_name or actor.username, action=action,
        entity_kind=kind, entity_id="" if entity_id is None else str(entity_id),
        before=canonical_json(before), after=canonical_json(after),
        actor_id=actor.user_id, os_user=origin[0], host=origin[1],
    )
    digest = record_hash(prev_hash=prev_hash, version=CURRENT_VERSION, **fields)
    session.add(AuditRecord(prev_hash=prev_hash, hash=digest, hash_version=CURRENT_VERSION, **fields))
    return Anchor(seq, digest)


@contextmanager
def unit_of_work(ctx: ServiceContext, actor: Actor) -> Iterator[UnitOfWork]:
    try:
        with ctx.db.session() as session:
            uow = UnitOfWork(ctx, actor, session)
            yield uow
            if ctx.db.kind == "postgresql":
                for change in uow.changes:
                    notify.send(session, ctx.db, change.kind, change.id, change.op)
            if uow.head is not None and ctx.anchors is not None:
                with suppress(OSError):  # before the commit: a kill right after it leaves no false "forged"
                    ctx.anchors.intend(uow.head)
    except StaleDataError:
        raise ConflictError() from None
    except (OperationalError, DBAPIError) as exc:
        if is_busy(exc):  # another workstation held the lock past the busy timeout: say so, in Chinese
            raise DatabaseBusy() from exc
        raise
    if uow.head is not None and ctx.anchors is not None:
        # After the commit, so the anchor never runs ahead of the chain. The save has happened: a
        # data folder that cannot be written must not turn it into a reported failure; the next
        # save or verify writes the head again.
        with suppress(OSError):
            ctx.anchors.advance(uow.head)
    for change in uow.changes:
        ctx.bus.publish(change)


def check_version(current: int, expected: int, what: str) -> None:
    """The version the user started editing from must still be the stored one."""
    if expected and current != expected:
        raise ConflictError(f"{what}已被其他人修改（您编辑的是第 {expected} 版，现在是第 {current} 版），"
                            "请刷新后再改；您输入的内容已保留。")


def is_unique_violation(exc: IntegrityError) -> bool:
    text = str(exc.orig).lower()
    return "unique" in text or "duplicate" in text
