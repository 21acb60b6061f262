"""The client side of the report helper: hand a report command to a warm helper, or say why not.

No request is ever run twice: the helper runs a command only after this side has answered its "ready" with
"go", so a client that gave up waiting (the helper busy with someone else's long report) runs the command
itself, and the helper, finding nobody to say "go", drops it.
"""

from __future__ import annotations

import os
import socket
import sys
from enum import Enum

from dutyroom import __version__
from dutyroom.resident import HELPER_ENV, wire

CONNECT_SECONDS = 1.0
#: how long the helper may take to take this command up (it runs one at a time) before it is run here
READY_SECONDS = 2.0
INTERRUPTED = "错误：文书常驻进程在运行命令时中断，文件可能没有生成，请重新运行这条命令"
STOPPED_WAITING = "错误：已停止等待；这条命令可能已由文书常驻进程执行，文件仍可能生成"
CANCELLED = "错误：已取消"


class Outcome(Enum):
    DONE = "done"  # the helper ran it: its exit code is the command's
    NO_HELPER = "none"  # none running (or it left): run here, and start one for the next command
    NOT_NOW = "not now"  # there is one, but busy, of another version, or leaving: run here, start none


def package_folder() -> str:
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def delegate(argv: list[str]) -> tuple[Outcome, int]:
    """Run `argv` in the helper: (DONE, exit code) when it did, else why it did not (and 0)."""
    path = wire.address_path()
    address = wire.read_address(path)
    if address is None:
        return Outcome.NO_HELPER, 0
    try:
        conn = socket.create_connection(("127.0.0.1", int(address["port"])), timeout=CONNECT_SECONDS)
    except (OSError, ValueError):
        wire.remove_address_if(path, address["token"])  # it is gone (ended, killed, the machine restarted)
        return Outcome.NO_HELPER, 0
    with conn:
        try:
            wire.send(conn, {"token": address["token"], "argv": argv, "cwd": os.getcwd(),
                             "env": wire.handed_environment(os.environ), "version": __version__,
                             "executable": sys.executable, "package": package_folder()})
            conn.settimeout(READY_SECONDS)
            ready = wire.receive(conn)
        except (OSError, ValueError):  # busy past READY_SECONDS, or gone: it has not run the command
            return Outcome.NOT_NOW, 0
        except KeyboardInterrupt:  # before "go": nothing was run
            print(CANCELLED, file=sys.stderr)
            return Outcome.DONE, 1
        if ready.get("state") != "ready":
            return (Outcome.NO_HELPER if ready.get("state") == "leaving" else Outcome.NOT_NOW), 0
        try:
            wire.send(conn, {"go": True})
            conn.settimeout(None)  # the command takes as long as it takes, as it would here
            answer = wire.receive(conn)
        except (OSError, ValueError):
            print(INTERRUPTED, file=sys.stderr)
            return Outcome.DONE, 1
        except KeyboardInterrupt:  # Ctrl+C: this side stops waiting; the helper finishes what it began
            print(STOPPED_WAITING, file=sys.stderr)
            return Outcome.DONE, 1
    sys.stdout.write(answer.get("stdout", ""))
    sys.stderr.write(answer.get("stderr", ""))
    sys.stdout.flush()
    sys.stderr.flush()
    return Outcome.DONE, int(answer.get("code", 1))


def start_helper() -> None:
    """Start a helper behind this process for the next report command; it lives on when this process ends."""
    import subprocess

    command = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "dutyroom"]
    env = dict(os.environ)
    env[HELPER_ENV] = "serve"
    if os.name == "nt":
        detached = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.CREATE_NO_WINDOW}
    else:
        detached = {"start_new_session": True}  # not killed with this terminal's process group (Ctrl+C)
    try:
        # What it served and when it left, for support: one helper's lines, the next one starts the file again.
        with open(wire.log_path(), "w", encoding="utf-8") as log:
            subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log,
                             cwd=wire.address_path().parent, env=env, close_fds=True, **detached)
    except OSError:  # no helper then: the next report command starts in its own process, as this one did
        pass
