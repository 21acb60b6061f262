"""Schema migrations (Alembic) run at start-up, after a backup of a SQLite file.

Alembic is imported only when the database is not already at HEAD: a normal start of an
up-to-date database reads one row and moves on (launch time matters, DESIGN.md §8).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from dutyroom.store.backup import backup_sqlite
from dutyroom.store.engine import Database

# HEAD, head_revision and known_revisions are part of this module's interface (the CLI and start-up use them).
from dutyroom.store.schema import HEAD, alembic_config, check_not_newer, head_revision, known_revisions

__all__ = ["HEAD", "MigrationResult", "check_not_newer", "current_revision", "head_revision", "known_revisions",
           "upgrade"]


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:  # no alembic_version table: an empty database
            conn.rollback()
            return None


@dataclass(frozen=True)
class MigrationResult:
    before: str | None
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def upgrade(db: Database, *, backup_to: Path | None = None, when: datetime | None = None) -> MigrationResult:
    """Bring the database to the program's schema. Refuses a database newer than the program.

    When the SQLite file already holds data at an older revision, it is copied to `backup_to`
    (a folder) first, so a failed migration never costs the office its records.
    """
    before = current_revision(db)
    if before == HEAD:
        return MigrationResult(before=before, after=HEAD, backup=None)
    check_not_newer(before, "该数据库")
    backup_file = None
    if before is not None and backup_to is not None and when is not None and db.kind == "sqlite":
        backup_file = backup_sqlite(db, backup_to, when=when, label=f"pre-migrate-{before}")
    from alembic import command

    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    after = current_revision(db)
    if after is None:  # Alembic stamps every upgrade; a missing stamp means the upgrade did not happen
        raise RuntimeError("the schema upgrade left no alembic_version row")
    return MigrationResult(before=before, after=after, backup=backup_file)
