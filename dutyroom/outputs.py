"""Where a document, an export or a backup may be written, and writing it without leaving debris.

Every output of the program, from the command line or a page, goes through here:
- `check_output` refuses the open database (and its -wal/-shm companions), the data folder's own
  files, a folder, and an extension that is not the document's kind; an existing file is replaced
  only when the user said so (`--force`, or the save dialog's own question);
- `replacing` hands the writer a temporary file beside the target and renames it into place only
  when the writer finished, so a full disk or a crash leaves the old file or nothing, never a
  0-byte or half-written document under the real name.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from dutyroom import paths
from dutyroom.errors import DutyRoomError

SUFFIXES = {"pdf": ".pdf", "xlsx": ".xlsx", "ics": ".ics", "csv": ".csv", "sqlite3": ".sqlite3", "png": ".png"}
KIND_NAMES = {"pdf": "PDF 文件", "xlsx": "Excel 文件", "ics": "日历文件", "csv": "CSV 文件", "sqlite3": "备份文件",
              "png": "图片"}

_open_databases: set[Path] = set()


class OutputRefused(DutyRoomError):
    """The chosen output file cannot be written (it would destroy something, or is the wrong kind)."""


class OutputExists(OutputRefused):
    """The file exists and the user has not said it may be replaced."""


def protect(database_file: Path) -> None:
    """Called for every SQLite database this process opens: no output may be written over it."""
    _open_databases.add(Path(database_file).resolve())


def _protected_files() -> set[Path]:
    out = set()
    for db in _open_databases:
        out |= {db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal")}
    return out


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def check_output(path: str | os.PathLike, kind: str, *, overwrite: bool, extra_protected: Iterable[Path] = ()
                 ) -> Path:
    """The absolute path to write a `kind` document to, or OutputRefused saying why not."""
    target = Path(path).expanduser()
    suffix = SUFFIXES[kind]
    if target.suffix.lower() != suffix:
        raise OutputRefused(f"{KIND_NAMES[kind]}的扩展名应为 {suffix}：{target}")
    target = target.resolve()
    protected = _protected_files() | {Path(p).resolve() for p in extra_protected}
    if target in protected:
        raise OutputRefused(f"不能写到正在使用的数据库文件上：{target}")
    data = paths.data_dir().resolve()
    if _inside(target, data) and not (kind == "sqlite3" and _inside(target, paths.backup_dir().resolve())):
        raise OutputRefused(f"不能写进程序的数据文件夹（{data}），请另选一个文件夹：{target}")
    if target.is_dir():
        raise OutputRefused(f"这是一个文件夹，不是文件：{target}")
    if target.exists() and not overwrite:
        raise OutputExists(f"文件已存在：{target}（确认覆盖请加 --force）")
    return target


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` (same extension) for the writer; renamed into place on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.stem}.{os.getpid()}.part{target.suffix}")
    fd = os.open(temp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
    os.close(fd)
    try:
        yield temp
        with open(temp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
