"""Where the program's files are: Designer forms, resources, and the user's data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "DutyRoom"
_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def _bundled(name: str, package: str) -> Path:
    # PyInstaller unpacks data next to the executable; a source checkout has the folder at the top;
    # an installed wheel carries it as a data package.
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root and (Path(frozen_root) / name).is_dir():
        return Path(frozen_root) / name
    if (_SOURCE_ROOT / name).is_dir():
        return _SOURCE_ROOT / name
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0])
    raise FileNotFoundError(f"程序文件不完整：找不到 {name} 目录")


def ui_dir() -> Path:
    return _bundled("ui", "dutyroom_ui")


def resources_dir() -> Path:
    return _bundled("resources", "dutyroom_resources")


def bundled_font() -> Path:
    """The bundled sans CJK font (every Chinese character; no Latin): headings and the last fallback."""
    return resources_dir() / "fonts" / "DroidSansFallbackFull.ttf"


PRIVATE_UMASK = 0o077


def keep_files_private() -> None:
    """Everything this process creates is its user's alone: folders 0700, files 0600 (issue 12 item
    11). The data folder holds the database, backups, reports with names and phone numbers, and
    workstation.json, which may hold a PostgreSQL password; the umask covers every writer at once,
    including libraries (reportlab, openpyxl, SQLite's -wal/-shm files)."""
    if os.name == "posix":
        os.umask(PRIVATE_UMASK)


def bundled_serif_font() -> Path:
    """The bundled Ming (宋体-like) font, GB 2312 only: titles and body where no official font is found."""
    return resources_dir() / "fonts" / "UMingCN-GB2312.ttf"


def data_dir() -> Path:
    override = os.environ.get("DUTYROOM_HOME")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    # A folder made by an earlier version (0755) is closed too: what is inside follows its folder.
    if os.name == "posix" and path.stat().st_mode & 0o077 and path.stat().st_uid == os.getuid():
        path.chmod(0o700)
    return path


def default_database_path() -> Path:
    return data_dir() / "dutyroom.sqlite3"


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def local_settings_path() -> Path:
    return data_dir() / "workstation.json"
