"""Per-workstation settings (a JSON file in the user data folder): database URL, theme, window place."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import asdict, dataclass, fields

from dutyroom import paths


@dataclass
class Workstation:
    database_url: str = ""
    theme: str = "light"  # "light" | "dark"
    window_geometry: str = ""  # the main window's size and place when it was last closed (Qt, base64)
    last_folder: str = ""  # where the last file was saved or opened: the next file dialog starts there
    # Font files the administrator chose for printed documents (empty: find the official fonts).
    font_title: str = ""  # 小标宋
    font_heading: str = ""  # 黑体
    font_body: str = ""  # 仿宋_GB2312
    font_kai: str = ""  # 楷体_GB2312
    # The alarm's loudness on this computer, 0–100 (its speakers, its room): 管理 → 设置 → 试听.
    alarm_volume: int = 100


def load_workstation() -> Workstation:
    path = paths.local_settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Workstation()
    if not isinstance(data, dict):
        return Workstation()
    # A value of the wrong type (a hand-edited file) is left out: the field keeps its default.
    kinds = {f.name: type(f.default) for f in fields(Workstation)}
    return Workstation(**{k: v for k, v in data.items() if k in kinds and type(v) is kinds[k]})


def save_workstation(ws: Workstation) -> None:
    path = paths.local_settings_path()
    tmp = path.with_suffix(".tmp")
    # Owner-only whatever the umask: the file may hold a PostgreSQL password in database_url.
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(json.dumps(asdict(ws), ensure_ascii=False, indent=2))
    os.chmod(tmp, stat.S_IRUSR | stat.S_IWUSR)  # an old .tmp left with wider rights
    tmp.replace(path)
