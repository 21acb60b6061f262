"""SQLite backups with the online backup API, rotation, and restores that refuse what they cannot trust."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys

import pytest

from dutyroom.app import open_services
from dutyroom.errors import DutyRoomError, SchemaTooNew
from dutyroom.services.records import SYSTEM_ACTOR, UnitRecord
from dutyroom.store import migrate
from dutyroom.store.backup import backup_sqlite, check_backup_file, rotate, write_checksum
from dutyroom.store.engine import Database
from dutyroom.store.restore import restore_sqlite


def unit_names(path, clock):
    svc = open_services(path, clock=clock, backup_folder=path.parent / "auto")
    try:
        return [u.name for u in svc.units.list()]
    finally:
        svc.db.dispose()


def test_restore_brings_back_a_deleted_unit_and_keeps_the_replaced_database(sqlite_services, clock, tmp_path):
    svc = sqlite_services
    unit = svc.units.save(SYSTEM_ACTOR, UnitRecord(name="区气象局", duty_phone="0123-83500110"))
    backup = backup_sqlite(svc.db, tmp_path / "backups", when=clock.now())
    svc.units.delete(SYSTEM_ACTOR, unit.id, unit.version)
    assert svc.units.list() == []

    safety = restore_sqlite(svc.db, backup, safety_folder=tmp_path / "safety", when=clock.now()).replaced_copy

    live = svc.db.sqlite_path
    assert unit_names(live, clock) == ["区气象局"]
    assert safety is not None and "pre-restore" in safety.name
    assert unit_names(safety, clock) == []  # what was replaced is kept, in case the restore was a mistake
    assert check_backup_file(backup) == migrate.HEAD


def test_backup_names_carry_the_time_and_rotation_keeps_the_newest(sqlite_services, clock, tmp_path):
    folder = tmp_path / "daily"
    made = []
    for _ in range(4):
        made.append(backup_sqlite(sqlite_services.db, folder, when=clock.now(), label="daily"))
        clock.advance(days=1)
    assert made == sorted(made) and made[0].name.startswith("dutyroom-20261121-010000-daily")
    removed = rotate(folder, label="daily", keep=2)
    assert removed == made[:2]
    assert sorted(folder.glob("*daily.sqlite3")) == made[2:]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_backup_file_is_readable_only_by_its_owner(sqlite_services, clock, tmp_path):
    out = backup_sqlite(sqlite_services.db, tmp_path, when=clock.now(), out=tmp_path / "x" / "copy.sqlite3")
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_restore_refuses_a_backup_from_a_newer_program(sqlite_services, clock, tmp_path):
    svc = sqlite_services
    svc.units.save(SYSTEM_ACTOR, UnitRecord(name="区水务局"))
    backup = backup_sqlite(svc.db, tmp_path / "b", when=clock.now())
    with sqlite3.connect(backup) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999_from_the_future'")
    conn.close()
    write_checksum(backup)  # a genuine backup of a newer program, not an edited one
    svc.units.save(SYSTEM_ACTOR, UnitRecord(name="区交通运输局"))

    with pytest.raises(SchemaTooNew) as info:
        restore_sqlite(svc.db, backup, safety_folder=tmp_path / "safety", when=clock.now())
    assert "0999_from_the_future" in info.value.message and "升级" in info.value.message
    assert not (tmp_path / "safety").exists()
    assert sorted(u.name for u in svc.units.list()) == ["区交通运输局", "区水务局"]


def test_only_real_dutyroom_backups_are_accepted(tmp_path):
    with pytest.raises(DutyRoomError, match="找不到备份文件"):
        check_backup_file(tmp_path / "missing.sqlite3")
    text = tmp_path / "notes.sqlite3"
    text.write_text("这不是数据库" * 200, encoding="utf-8")
    with pytest.raises(DutyRoomError, match="不是有效的 SQLite"):
        check_backup_file(text)
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE things (x)")
    conn.close()
    with pytest.raises(DutyRoomError, match="不是值班室数据库的备份"):
        check_backup_file(other)


def test_postgresql_is_not_backed_up_by_the_program(tmp_path, clock):
    db = Database("postgresql://nobody@127.0.0.1:1/x")  # never connected: refused before any I/O
    with pytest.raises(DutyRoomError, match="pg_dump"):
        backup_sqlite(db, tmp_path, when=clock.now())
    db.dispose()


def test_a_backup_is_one_self_contained_file(tmp_path, clock):
    svc = open_services(tmp_path / "live.sqlite3", clock=clock, backup_folder=tmp_path / "b")
    out = backup_sqlite(svc.db, tmp_path / "copies", when=clock.now())
    check_backup_file(out)
    svc.db.dispose()
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name, out.name + ".anchor", out.name + ".sha256"]
