"""SQLite backups with the online backup API (safe while the program runs), rotation, restore."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime, timezone
from pathlib import Path

from dutyroom.errors import DatabaseUnavailable, DutyRoomError
from dutyroom.store.engine import Database
from dutyroom.store.schema import check_not_newer

BACKUP_SUFFIX = ".sqlite3"


def _require_file(db: Database) -> Path:
    path = db.sqlite_path
    if path is None:
        raise DutyRoomError("只有本机 SQLite 数据库可以由本程序备份；PostgreSQL 服务器请用服务器的备份工具（pg_dump）。")
    return path


def _copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
            # A copy is a single self-contained file: no -wal/-shm companions to lose or leave behind.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def backup_sqlite(db: Database, folder: Path, *, when: datetime, label: str = "manual",
                  out: Path | None = None) -> Path:
    """Copy the live database to `out`, or to a time-stamped file in `folder`."""
    source = _require_file(db)
    if out is None:
        stamp = when.astimezone(timezone.utc).strftime("%Y%m%d-%H%M%S")
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / f"dutyroom-{stamp}-{label}{BACKUP_SUFFIX}"
    out = Path(out)
    if out.exists() and out.is_dir():
        raise DutyRoomError(f"备份文件路径是一个文件夹：{out}")
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(out, os.O_CREAT | os.O_WRONLY, stat.S_IRUSR | stat.S_IWUSR)
        os.close(fd)
        _copy(source, out)
    except (OSError, sqlite3.Error) as exc:
        raise DutyRoomError(f"备份失败：{exc}") from None
    return out


def rotate(folder: Path, *, label: str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups carrying `label`; returns what was removed."""
    files = sorted(folder.glob(f"dutyroom-*-{label}{BACKUP_SUFFIX}"))
    doomed = files[:-keep] if keep > 0 else files
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def check_backup_file(path: Path) -> str | None:
    """Return the schema revision inside a backup; refuse what is not a DutyRoom SQLite file."""
    if not path.is_file():
        raise DutyRoomError(f"找不到备份文件：{path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "unit" not in tables or "audit_log" not in tables:
                raise DutyRoomError(f"不是值班室数据库的备份：{path}")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone() \
                if "alembic_version" in tables else None
            (ok,) = conn.execute("PRAGMA integrity_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise DutyRoomError(f"不是有效的 SQLite 数据库文件：{path}") from None
    if ok != "ok":
        raise DutyRoomError(f"备份文件已损坏（integrity_check: {ok}）：{path}")
    return row[0] if row else None


def restore_sqlite(db: Database, backup: Path, *, safety_folder: Path, when: datetime) -> Path | None:
    """Replace the live database by `backup`, after saving the current one to `safety_folder`."""
    target = _require_file(db)
    revision = check_backup_file(backup)
    check_not_newer(revision, "该备份")
    safety = backup_sqlite(db, safety_folder, when=when, label="pre-restore") if target.exists() else None
    db.dispose()
    try:
        _copy(backup, target)
    except sqlite3.Error as exc:
        raise DatabaseUnavailable(f"恢复失败：{exc}；原数据库已另存为 {safety}") from None
    return safety
