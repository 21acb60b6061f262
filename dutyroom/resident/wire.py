"""What client and helper share: the helper's address file, the messages on the socket, the commands it takes.

Imports only the standard library's light modules and dutyroom.paths: the client runs before anything else.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import struct
import time
from pathlib import Path

from dutyroom import paths
from dutyroom.resident import HELPER_ENV

ADDRESS_FILE = "report-helper.json"
LOG_FILE = "report-helper.log"
#: the environment the client hands over: the program's own settings (the database, font folders…) and the
#: time zone; DUTYROOM_HOME is the helper's by construction (its address file lives in that folder)
HANDED_PREFIX = "DUTYROOM_"
HANDED_NAMES = ("TZ",)
_KEPT_BY_HELPER = ("DUTYROOM_HOME", HELPER_ENV)
_LENGTH = struct.Struct(">I")
MAX_MESSAGE = 64 * 1024 * 1024  # a command's output is a line or two; this bounds a garbled length


def address_path() -> Path:
    return paths.data_dir() / ADDRESS_FILE


def log_path() -> Path:
    return paths.data_dir() / LOG_FILE


def handed_environment(environ: os._Environ | dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in environ.items()
            if (name.startswith(HANDED_PREFIX) or name in HANDED_NAMES) and name not in _KEPT_BY_HELPER}


def apply_environment(handed: dict[str, str]) -> None:
    """The client's settings in this process: those it has set, those it has not removed."""
    for name in [n for n in os.environ if (n.startswith(HANDED_PREFIX) or n in HANDED_NAMES)
                 and n not in _KEPT_BY_HELPER and n not in handed]:
        del os.environ[name]
    os.environ.update(handed)
    if hasattr(time, "tzset"):  # the local time zone follows TZ only once told (POSIX)
        time.tzset()


def send(conn: socket.socket, message: dict) -> None:
    data = json.dumps(message, ensure_ascii=False).encode("utf-8")
    conn.sendall(_LENGTH.pack(len(data)) + data)


def receive(conn: socket.socket) -> dict:
    """One message; ConnectionError when the other side went away before it was whole."""
    (length,) = _LENGTH.unpack(_exactly(conn, _LENGTH.size))
    if length > MAX_MESSAGE:
        raise ConnectionError("message too long")
    return json.loads(_exactly(conn, length).decode("utf-8"))


def _exactly(conn: socket.socket, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = conn.recv(min(left, 1 << 20))
        if not chunk:
            raise ConnectionError("closed")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_address(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and {"port", "token", "pid"} <= data.keys() else None


def write_address(path: Path, address: dict) -> None:
    """Whole or not at all (a client never reads half a file), and readable by this user only."""
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        json.dump(address, file)
    os.replace(temp, path)


def remove_address_if(path: Path, token: str) -> None:
    """Remove the address file if it still names the helper of `token` (a newer helper may have replaced it)."""
    current = read_address(path)
    if current is not None and current.get("token") == token:
        with contextlib.suppress(OSError):
            path.unlink()
