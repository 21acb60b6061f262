"""Which schema revisions this program knows: the newest one (HEAD) and the check that refuses a
database or a backup written by a newer program. Migrating and restoring both need it.

Alembic is imported only when a revision other than HEAD has to be looked up (launch time matters).
"""

from __future__ import annotations

from pathlib import Path

from dutyroom.errors import SchemaTooNew

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: the newest migration in migrations/versions; a test keeps it equal to Alembic's head
HEAD = "0022"


def alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # only an install that lost migrations/versions gets here
        raise RuntimeError(f"no migrations in {MIGRATIONS_DIR}")
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def check_not_newer(revision: str | None, where: str) -> None:
    if revision is not None and revision != HEAD and revision not in known_revisions():
        raise SchemaTooNew(
            f"{where}由更新版本的值班室程序创建（结构版本 {revision}），本程序无法打开，请先升级程序。"
        )
