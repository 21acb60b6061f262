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

from dutyroom.errors import SchemaTooNew
from dutyroom.store.engine import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: the newest migration in migrations/versions; a test keeps it equal to Alembic's head
HEAD = "0005"


def _config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:  # no alembic_version table: an empty database
            conn.rollback()
            return None


def check_not_newer(revision: str | None, where: str) -> None:
    if revision is not None and revision != HEAD and revision not in known_revisions():
        raise SchemaTooNew(
            f"{where}由更新版本的值班室程序创建（结构版本 {revision}），本程序无法打开，请先升级程序。"
        )


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
        from dutyroom.store.backup import backup_sqlite

        backup_file = backup_sqlite(db, backup_to, when=when, label=f"pre-migrate-{before}")
    from alembic import command

    config = _config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return MigrationResult(before=before, after=current_revision(db), backup=backup_file)
