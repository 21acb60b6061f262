"""SQLite backups with the online backup API (safe while the program runs), checksums, rotation.

Every backup is written to a temporary file renamed into place (a full disk leaves no half backup
under the real name) and gets a `.sha256` sidecar, which a restore verifies (store/restore.py), and an
`.anchor` sidecar with the head of the audit chain it holds (store/audit_anchor.py).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from datetime import datetime, timezone
from pathlib import Path

from dutyroom.domain.audit_chain import Anchor
from dutyroom.errors import DutyRoomError
from dutyroom.store import audit_anchor
from dutyroom.store.engine import Database

BACKUP_SUFFIX = ".sqlite3"
CHECKSUM_SUFFIX = ".sha256"


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
    """Copy the live database to `out`, or to a time-stamped file in `folder`, with its checksum."""
    source = _require_file(db)
    if out is None:
        folder.mkdir(parents=True, exist_ok=True)
        out = backup_path(folder, when, label)
    out = Path(out)
    if out.exists() and out.is_dir():
        raise DutyRoomError(f"备份文件路径是一个文件夹：{out}")
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    try:
        fd = os.open(part, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
        os.close(fd)
        _copy(source, part)
        os.replace(part, out)
        write_checksum(out)
        # The head of the chain inside the copy, beside it: a later verify knows the chain reached it.
        audit_anchor.write_backup_anchor(out, audit_anchor.database_key(db), chain_head(out))
    except (OSError, sqlite3.Error) as exc:
        part.unlink(missing_ok=True)
        raise DutyRoomError(f"备份失败：{exc}") from None
    return out


def chain_head(copy: Path) -> Anchor | None:
    conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    except sqlite3.OperationalError:  # a database before its first migration has no audit log
        row = None
    finally:
        conn.close()
    return Anchor(row[0], row[1]) if row else None


def backup_path(folder: Path, when: datetime, label: str) -> Path:
    """Where backup_sqlite puts a backup made at `when` with `label` when no file is given."""
    stamp = when.astimezone(timezone.utc).strftime("%Y%m%d-%H%M%S")
    return Path(folder) / f"dutyroom-{stamp}-{label}{BACKUP_SUFFIX}"


def checksum_path(path: Path) -> Path:
    return path.with_name(path.name + CHECKSUM_SUFFIX)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_checksum(path: Path) -> Path:
    """`<hex>  <name>` as sha256sum writes it, so `sha256sum -c` checks a backup too."""
    sidecar = checksum_path(path)
    part = sidecar.with_name(sidecar.name + ".part")
    fd = os.open(part, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f"{file_sha256(path)}  {path.name}\n")
    os.replace(part, sidecar)
    return sidecar


def verify_checksum(path: Path) -> None:
    """Refuse a backup whose checksum is missing or does not match (edited, truncated, or not ours)."""
    sidecar = checksum_path(path)
    if not sidecar.is_file():
        raise DutyRoomError(f"备份没有校验文件 {sidecar.name}，无法确认它未被改动，未做任何改动。"
                            "如确认来源可靠，可加 --unverified 恢复")
    try:
        expected = sidecar.read_text(encoding="utf-8").split()[0].lower()
    except (OSError, UnicodeDecodeError, IndexError):
        raise DutyRoomError(f"备份的校验文件无法读取：{sidecar}") from None
    if file_sha256(path) != expected:
        raise DutyRoomError(f"备份文件与它的校验值不符（备份后被改动或已损坏），未做任何改动：{path}")


def rotate(folder: Path, *, label: str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups carrying `label`; returns what was removed."""
    files = sorted(folder.glob(f"dutyroom-*-{label}{BACKUP_SUFFIX}"))
    doomed = files[:-keep] if keep > 0 else files
    for path in doomed:
        path.unlink(missing_ok=True)
        checksum_path(path).unlink(missing_ok=True)
        audit_anchor.anchor_path(path).unlink(missing_ok=True)
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
            if "alembic_version" not in tables:
                raise DutyRoomError(f"该备份没有结构版本记录（alembic_version），不是完整的值班室备份，未做任何改动：{path}")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            (ok,) = conn.execute("PRAGMA integrity_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise DutyRoomError(f"不是有效的 SQLite 数据库文件：{path}") from None
    if ok != "ok":
        raise DutyRoomError(f"备份文件已损坏（integrity_check: {ok}）：{path}")
    return row[0] if row else None
