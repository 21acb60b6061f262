"""Restoring a SQLite backup: all or nothing, and only when nobody else has the database open.

The backup is checked (checksum, DutyRoom tables, schema revision, integrity), copied beside the
live file and brought up to this program's schema there; the caller may then write into the copy
(the audit record of the restore). Only then is the live database — once it is known that no other
program holds it — saved aside and replaced by the copy in one rename, and the result verified.
A failure at any step before the rename leaves the live database exactly as it was.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dutyroom.errors import DatabaseUnavailable, DutyRoomError
from dutyroom.store import migrate
from dutyroom.store.backup import backup_path, backup_sqlite, check_backup_file, verify_checksum
from dutyroom.store.engine import Database
from dutyroom.store.schema import HEAD, check_not_newer


@dataclass(frozen=True)
class RestoreResult:
    backup_revision: str
    replaced_copy: Path | None  # the database as it was before, kept in the safety folder


def restore_sqlite(db: Database, backup: Path, *, safety_folder: Path, when: datetime, verified: bool = True,
                   before_swap: Callable[[Database, Path | None], None] | None = None) -> RestoreResult:
    """Replace the live database of `db` by `backup`.

    `before_swap(copy, replaced_copy)` may write into the staged copy (the audit record of the
    restore, naming where the database being replaced will be kept).
    """
    target = db.sqlite_path
    if target is None:
        raise DutyRoomError("只能恢复到本机 SQLite 数据库；PostgreSQL 请用服务器的工具（pg_restore）")
    backup = Path(backup)
    if target.exists() and backup.resolve() == target.resolve():
        raise DutyRoomError("备份文件就是当前数据库本身，无需恢复")
    if verified:
        if not backup.is_file():
            raise DutyRoomError(f"找不到备份文件：{backup}")
        verify_checksum(backup)
    revision = check_backup_file(backup) or ""
    check_not_newer(revision, "该备份")
    db.dispose()  # this process's own connections would count as "in use"
    staged = target.with_name(f".{target.name}.restoring")
    replaced = backup_path(safety_folder, when, "pre-restore") if target.exists() else None
    try:
        _stage(backup, staged, when, lambda copy: before_swap(copy, replaced) if before_swap else None)
        refuse_if_in_use(target)
        if replaced is not None:
            backup_sqlite(db, safety_folder, when=when, out=replaced)
        _swap(staged, target)
    finally:
        _remove_with_companions(staged)
    _verify_live(target)
    return RestoreResult(backup_revision=revision, replaced_copy=replaced)


def _stage(backup: Path, staged: Path, when: datetime, before_swap: Callable[[Database], None]) -> None:
    _remove_with_companions(staged)
    src, dst = sqlite3.connect(f"file:{backup}?mode=ro", uri=True), sqlite3.connect(str(staged))
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        src.close()
        dst.close()
    os.chmod(staged, 0o600)
    copy = Database(staged)
    try:
        migrate.upgrade(copy, backup_to=None, when=when)  # an unmigratable backup fails here, not in the live file
        before_swap(copy)
    finally:
        copy.dispose()
    _to_single_file(staged)


def _to_single_file(path: Path) -> None:
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA journal_mode=DELETE")  # fold any WAL the staging opened back into the file
    finally:
        conn.close()


def refuse_if_in_use(target: Path) -> None:
    """SQLite cannot leave WAL mode while another connection has the file open: that is the test."""
    if not target.exists():
        return
    conn = sqlite3.connect(str(target), timeout=0.5)
    try:
        conn.execute("PRAGMA journal_mode=DELETE").fetchone()
    except sqlite3.OperationalError:
        holders = database_holders(target)
        by = f"（{'、'.join(holders)}）" if holders else "（例如值班室程序的窗口或另一个命令）"
        raise DatabaseUnavailable(f"数据库正被其他程序使用{by}，请先关闭后再恢复；数据库没有任何改动。") from None
    finally:
        conn.close()


def database_holders(target: Path) -> list[str]:
    """Processes that have the file open, by pid and name, where the system says (Linux /proc)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    wanted = {str(target.resolve()), str(target.resolve()) + "-wal", str(target.resolve()) + "-shm"}
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if any(os.readlink(fd) in wanted for fd in (entry / "fd").iterdir()):
                name = (entry / "comm").read_text().strip()
                found.append(f"进程 {entry.name} {name}")
        except OSError:
            continue
    return found


def _swap(staged: Path, target: Path) -> None:
    # Hold the live file exclusively while it is replaced, so a program opening it meanwhile waits
    # and then opens the restored file rather than writing into the one being replaced.
    lock = sqlite3.connect(str(target), timeout=5) if target.exists() else None
    try:
        if lock is not None:
            lock.execute("BEGIN EXCLUSIVE")
        os.replace(staged, target)
    finally:
        if lock is not None:
            lock.close()
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def _verify_live(target: Path) -> None:
    revision = check_backup_file(target)
    if revision != HEAD:
        raise DutyRoomError(f"恢复后的数据库结构版本为 {revision}，应为 {HEAD}；恢复前的数据库已另存，请联系管理员")


def _remove_with_companions(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
