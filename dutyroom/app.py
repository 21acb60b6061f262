"""Opening the office's database: connect, back up, migrate, seed what a fresh database needs."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import select

from dutyroom import paths
from dutyroom.domain.clock import Clock, SystemClock
from dutyroom.services import Services
from dutyroom.services.audit_check import settle_restore
from dutyroom.services.context import ServiceContext
from dutyroom.services.records import SYSTEM_ACTOR, OfficeSettings
from dutyroom.store import migrate
from dutyroom.store.audit_anchor import AnchorBook
from dutyroom.store.engine import Database
from dutyroom.store.models import DeadlineRule, ShiftDefinition
from dutyroom.workstation import load_workstation

ENV_URL = "DUTYROOM_DATABASE_URL"


def resolve_database_url(cli_url: str | None = None) -> str:
    """--db beats the environment, which beats the workstation settings file, which beats the default."""
    if cli_url:
        return cli_url
    if os.environ.get(ENV_URL):
        return os.environ[ENV_URL]
    configured = load_workstation().database_url
    return configured or str(paths.default_database_path())


def open_services(url: str | Path | None = None, *, clock: Clock | None = None, schema: str | None = None,
                  migrate_schema: bool = True, backup_folder: Path | None = None) -> Services:
    clock = clock or SystemClock()
    db = Database(resolve_database_url(str(url) if url else None), schema=schema)
    db.check_connection()
    anchors = AnchorBook.for_database(paths.data_dir(), db)
    if migrate_schema:
        result = migrate.upgrade(db, backup_to=backup_folder or (paths.backup_dir() if db.kind == "sqlite" else None),
                                 when=clock.now())
        if result.before is None:
            anchors.reset(None)  # a new database: anchors of an earlier file under this name do not apply
    else:
        migrate.check_not_newer(migrate.current_revision(db), "该数据库")
    services = Services(ServiceContext(db=db, clock=clock, anchors=anchors))
    settle_restore(services.ctx)  # a restore killed after its swap: its anchors, before the first save
    prepare_new_database(services)
    return services


def prepare_new_database(services: Services) -> None:
    """Idempotent: office settings exist, and the holiday years the package knows are in the calendar."""
    if services.settings.get().version == 0:
        services.settings.save(SYSTEM_ACTOR, OfficeSettings())
    services.holidays.seed_from_package()
    # Asked with one query each first: building the roster and incidents areas just to hear "already there"
    # imported both on every command (about 190 ms of `dutyroom report contacts`, issue 14).
    if _is_empty(services.db, ShiftDefinition):
        services.roster.ensure_default_shift()
    if _is_empty(services.db, DeadlineRule):
        services.incidents.ensure_default_rules()


def _is_empty(db: Database, model: type) -> bool:
    with db.engine.connect() as conn:
        return conn.execute(select(model.id).limit(1)).first() is None
