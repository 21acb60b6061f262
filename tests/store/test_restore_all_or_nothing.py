"""A restore completes or changes nothing, and tells the truth (issue 12, item 1)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from dutyroom.app import open_services
from dutyroom.errors import DatabaseUnavailable, DutyRoomError
from dutyroom.services.records import SYSTEM_ACTOR, UnitRecord
from dutyroom.store.backup import backup_sqlite, checksum_path, write_checksum
from dutyroom.store.restore import restore_sqlite

HOLDER = textwrap.dedent("""
    import sys
    from dutyroom.app import open_services
    svc = open_services(sys.argv[1], backup_folder=None)
    svc.units.list()  # an open connection, as the program's window keeps
    print("ready", flush=True)
    sys.stdin.readline()
""")


@pytest.fixture
def live(tmp_path, clock):
    """A live database with one unit in its backup and a second unit saved after the backup."""
    svc = open_services(tmp_path / "live.sqlite3", clock=clock, backup_folder=tmp_path / "auto")
    svc.units.save(SYSTEM_ACTOR, UnitRecord(name="区气象局"))
    backup = backup_sqlite(svc.db, tmp_path / "backups", when=clock.now())
    svc.units.save(SYSTEM_ACTOR, UnitRecord(name="区水务局"))  # saved after the backup: must survive a refusal
    yield svc, backup
    svc.db.dispose()


def names(svc) -> list[str]:
    return sorted(u.name for u in svc.units.list())


def leftovers(svc) -> list[str]:
    folder = svc.db.sqlite_path.parent
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or p.suffix == ".part")


def test_restore_is_refused_while_another_program_holds_the_database(live, tmp_path, clock):
    svc, backup = live
    env = {**os.environ, "DUTYROOM_HOME": str(tmp_path / "home")}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(svc.db.sqlite_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(DatabaseUnavailable) as info:
            restore_sqlite(svc.db, backup, safety_folder=tmp_path / "safety", when=clock.now())
        assert "数据库正被其他程序使用" in info.value.message and "没有任何改动" in info.value.message
        assert f"进程 {holder.pid}" in info.value.message  # says by what
    finally:
        holder.communicate("bye\n", timeout=30)
    assert names(svc) == ["区气象局", "区水务局"]
    assert not (tmp_path / "safety").exists() and leftovers(svc) == []
    # once the other program has closed, the same restore goes through
    result = restore_sqlite(svc.db, backup, safety_folder=tmp_path / "safety", when=clock.now())
    assert names(svc) == ["区气象局"]
    assert result.replaced_copy is not None and result.replaced_copy.is_file()
    assert checksum_path(result.replaced_copy).is_file()


def test_a_backup_without_its_schema_stamp_is_refused_before_anything_is_touched(live, tmp_path, clock):
    svc, backup = live
    with sqlite3.connect(backup) as conn:
        conn.execute("DROP TABLE alembic_version")
    conn.close()
    write_checksum(backup)
    with pytest.raises(DutyRoomError, match="没有结构版本记录"):
        restore_sqlite(svc.db, backup, safety_folder=tmp_path / "safety", when=clock.now())
    assert names(svc) == ["区气象局", "区水务局"] and not (tmp_path / "safety").exists()


def test_a_backup_edited_after_it_was_made_is_refused(live, tmp_path, clock):
    svc, backup = live
    with sqlite3.connect(backup) as conn:
        conn.execute("UPDATE unit SET name = '伪造单位'")
    conn.close()
    with pytest.raises(DutyRoomError, match="与它的校验值不符"):
        restore_sqlite(svc.db, backup, safety_folder=tmp_path / "safety", when=clock.now())
    assert names(svc) == ["区气象局", "区水务局"]


def test_a_backup_without_a_checksum_needs_to_be_taken_as_unverified(live, tmp_path, clock):
    svc, backup = live
    checksum_path(backup).unlink()
    with pytest.raises(DutyRoomError, match="没有校验文件"):
        restore_sqlite(svc.db, backup, safety_folder=tmp_path / "safety", when=clock.now())
    assert names(svc) == ["区气象局", "区水务局"]
    restore_sqlite(svc.db, backup, safety_folder=tmp_path / "safety", when=clock.now(), verified=False)
    assert names(svc) == ["区气象局"]


def test_a_failure_while_staging_leaves_the_live_database_and_no_litter(live, tmp_path, clock):
    svc, backup = live

    def fails(copy, replaced):
        raise DutyRoomError("写入恢复记录失败")

    with pytest.raises(DutyRoomError, match="写入恢复记录失败"):
        restore_sqlite(svc.db, backup, safety_folder=tmp_path / "safety", when=clock.now(), before_swap=fails)
    assert names(svc) == ["区气象局", "区水务局"] and leftovers(svc) == []
