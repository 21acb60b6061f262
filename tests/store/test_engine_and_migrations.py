import os
import sqlite3
import stat

import pytest
from sqlalchemy import text

from dutyroom.app import open_services
from dutyroom.errors import DatabaseUnavailable, SchemaTooNew
from dutyroom.store import migrate, schema
from dutyroom.store.engine import Database, parse_url
from dutyroom.store.schema import alembic_config


def test_sqlite_pragmas_are_set(sqlite_services):
    with sqlite_services.db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_new_sqlite_file_is_readable_only_by_its_owner(tmp_path):
    db = Database(tmp_path / "private.sqlite3")
    db.check_connection()
    mode = stat.S_IMODE(os.stat(tmp_path / "private.sqlite3").st_mode)
    assert mode & 0o077 == 0
    db.dispose()


def test_fresh_database_is_migrated_to_head(services):
    assert migrate.current_revision(services.db) == migrate.head_revision()


def test_head_constant_matches_the_newest_migration():
    """migrate.HEAD lets an up-to-date start skip importing Alembic; it must name the real head."""
    assert migrate.head_revision() == migrate.HEAD


def test_migration_is_idempotent(db_target, clock, tmp_path):
    url, schema = db_target
    first = open_services(url, clock=clock, schema=schema, backup_folder=tmp_path)
    again = migrate.upgrade(first.db, backup_to=tmp_path, when=clock.now())
    assert not again.changed
    assert again.backup is None
    first.db.dispose()


def test_database_newer_than_program_refuses_to_open(db_target, clock, tmp_path):
    url, schema = db_target
    svc = open_services(url, clock=clock, schema=schema, backup_folder=tmp_path)
    with svc.db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    svc.db.dispose()
    with pytest.raises(SchemaTooNew) as info:
        open_services(url, clock=clock, schema=schema, backup_folder=tmp_path)
    assert "更新版本" in info.value.message and "升级程序" in info.value.message


def test_older_sqlite_database_is_backed_up_before_migrating(tmp_path, clock, monkeypatch):
    path = tmp_path / "old.sqlite3"
    svc = open_services(path, clock=clock, backup_folder=tmp_path / "b")
    svc.db.dispose()
    # Pretend the file was written by a program one migration behind.
    monkeypatch.setattr(migrate, "current_revision", lambda db: "0000_older")
    monkeypatch.setattr(schema, "known_revisions", lambda: {"0000_older", migrate.head_revision()})
    monkeypatch.setattr("alembic.command.upgrade", lambda config, rev: None)
    result = migrate.upgrade(Database(path), backup_to=tmp_path / "b", when=clock.now())
    assert result.backup is not None and result.backup.exists()
    conn = sqlite3.connect(result.backup)
    assert conn.execute("SELECT count(*) FROM holiday").fetchone()[0] > 0
    conn.close()


@pytest.mark.parametrize("bad", ["mysql://x@y/z", "oracle://a@b/c", "postgresql://u@h:port/db"])
def test_unsupported_or_malformed_urls_are_one_clear_error(bad):
    with pytest.raises(DatabaseUnavailable) as info:
        Database(parse_url(bad)).check_connection()
    assert "\n" not in info.value.message


def test_unreachable_server_is_one_clear_error():
    db = Database("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(DatabaseUnavailable) as info:
        db.check_connection()
    assert info.value.message.startswith("无法连接数据库")


def test_plain_path_means_sqlite(tmp_path):
    url = parse_url(str(tmp_path / "a.sqlite3"))
    assert url.get_backend_name() == "sqlite"
    assert parse_url("postgresql://u@h/db").drivername == "postgresql+psycopg"


def _revisions_oldest_first() -> list[str]:
    from alembic.script import ScriptDirectory

    return [rev.revision for rev in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))]


@pytest.mark.parametrize("start", _revisions_oldest_first()[:-1])
def test_every_older_revision_upgrades_to_head(db_target, clock, tmp_path, start):
    # Offices upgrade from whatever version they run: each older schema must reach HEAD in one start.
    from alembic import command

    url, schema = db_target
    db = Database(url, schema=schema)
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, start)
    assert migrate.current_revision(db) == start
    db.dispose()
    svc = open_services(url, clock=clock, schema=schema, backup_folder=tmp_path / "b")
    assert migrate.current_revision(svc.db) == migrate.HEAD
    assert svc.settings.get().version > 0  # the first start seeded the office settings
    svc.db.dispose()
