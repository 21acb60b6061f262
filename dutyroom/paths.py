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


def bundled_serif_font() -> Path:
    """The bundled Ming (宋体-like) font, GB 2312 only: titles and body where no official font is found."""
    return resources_dir() / "fonts" / "UMingCN-GB2312.ttf"


def data_dir() -> Path:
    override = os.environ.get("DUTYROOM_HOME")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "dutyroom.sqlite3"


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def local_settings_path() -> Path:
    return data_dir() / "workstation.json"
