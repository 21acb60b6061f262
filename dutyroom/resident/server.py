"""The report helper itself: warm once, then run report commands one at a time until none comes for a while."""

from __future__ import annotations

import argparse
import contextlib
import hmac
import io
import logging
import os
import secrets
import socket
import sys
from pathlib import Path

from dutyroom import __version__, paths
from dutyroom.resident import IDLE_SECONDS, wire
from dutyroom.resident.client import package_folder

log = logging.getLogger(__name__)
#: how long a client that connected may take to send its command and its "go"
CLIENT_SECONDS = 10.0


def program_stamp(folder: str) -> tuple[int, int]:
    """How many of the program's own files there are and the sum of their modification times: an upgrade, a
    downgrade or an edit (a file newer or older than before, added or removed) makes the helper stale."""
    count, total = 0, 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if name.endswith(".py"):
                with contextlib.suppress(OSError):
                    total += os.stat(os.path.join(root, name)).st_mtime_ns
                    count += 1
    return count, total


def font_stamp() -> tuple:
    """What the fonts of a document depend on: the folders searched (a font installed into any of them or their
    subfolders changes a folder's time), this workstation's settings, where an administrator names font files,
    and those files.
    Unchanged, the fonts found last time are used again, and so are the measurements cached with them."""
    from dutyroom.reports.fonts import chosen_font_files, font_dirs

    def changed(path: str | Path) -> tuple | None:
        try:
            found = os.stat(path)
        except OSError:
            return None
        return str(path), found.st_mtime_ns, found.st_size

    folders = [changed(folder) for top in font_dirs()
               for folder, _subdirs, _files in os.walk(top, onerror=lambda _e: None)]
    chosen = [changed(file) for file in chosen_font_files().values() if file]
    return tuple(folders), changed(paths.local_settings_path()), tuple(chosen)


def warm_up() -> argparse.ArgumentParser:
    """Import and load now what every report command needs, so the first one a client sends is warm too; the
    command line's parser, built once for every command."""
    import importlib
    import pkgutil

    import dutyroom.app  # noqa: F401 - SQLAlchemy, the models and the services
    from dutyroom import cli, reports, services
    from dutyroom.reports import fonts

    parser = cli.build_parser()
    for package in (cli, services, reports):  # every command's modules: they are imported inside the handlers
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    fonts.current_fonts()  # the fonts found, parsed and registered
    return parser


class Helper:
    def __init__(self, idle_seconds: float = IDLE_SECONDS):
        self.idle_seconds = idle_seconds
        self.folder = package_folder()
        self.stamp = program_stamp(self.folder)
        self.home = paths.data_dir()
        self.address_file = wire.address_path()
        self.token = secrets.token_hex(32)
        self.listener: socket.socket | None = None
        self.parser: argparse.ArgumentParser | None = None
        self.fonts_seen: tuple | None = None

    def serve(self) -> int:
        self.parser = warm_up()
        if self._another_is_running():
            return 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(self.idle_seconds)
        try:
            wire.write_address(self.address_file, {"port": self.listener.getsockname()[1], "token": self.token,
                                                   "pid": os.getpid(), "version": __version__})
        except OSError as exc:  # a data folder this user may not write (shared, read-only): no helper then
            log.warning("report helper %s cannot write %s: %s", os.getpid(), self.address_file, exc)
            self.listener.close()
            return 1
        log.info("report helper %s listening on port %s", os.getpid(), self.listener.getsockname()[1])
        try:
            while True:
                try:
                    conn, _ = self.listener.accept()
                except TimeoutError:
                    log.info("report helper %s leaves: no report command for %.0f s", os.getpid(), self.idle_seconds)
                    return 0
                with conn:
                    if not self._handle(conn):
                        return 0
        finally:
            wire.remove_address_if(self.address_file, self.token)
            self.listener.close()

    def _another_is_running(self) -> bool:
        address = wire.read_address(self.address_file)
        if address is None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", int(address["port"])), timeout=1.0):
                return True  # it reads nothing from this connection and goes on
        except (OSError, ValueError):
            return False

    def _handle(self, conn: socket.socket) -> bool:
        """Serve one client; False when this helper must leave (its program files changed)."""
        conn.settimeout(CLIENT_SECONDS)
        try:
            request = wire.receive(conn)
            if not hmac.compare_digest(str(request.get("token", "")), self.token):
                wire.send(conn, {"state": "refused"})
                return True
            if (request.get("version"), request.get("executable"), request.get("package")) != \
                    (__version__, sys.executable, self.folder):
                wire.send(conn, {"state": "other"})  # another installation: it runs its command itself
                return True
            if program_stamp(self.folder) != self.stamp:
                wire.send(conn, {"state": "leaving"})  # upgraded or edited: the next client starts a fresh one
                log.info("report helper %s leaves: the program's files changed", os.getpid())
                return False
            wire.send(conn, {"state": "ready"})
            if not wire.receive(conn).get("go"):
                return True
        except (OSError, ValueError):  # the client gave up or went away: nothing was run
            return True
        code, out, err = self._run(request)
        log.info("served report %s (exit %s)", _report_name(request["argv"]), code)
        with contextlib.suppress(OSError):
            conn.settimeout(CLIENT_SECONDS)
            wire.send(conn, {"code": code, "stdout": out, "stderr": err})
        return True

    def _run(self, request: dict) -> tuple[int, str, str]:
        """The command as the CLI runs it, in the client's folder with the client's settings."""
        from dutyroom.cli import main
        from dutyroom.reports.fonts import reset_font_cache

        out, err = io.StringIO(), io.StringIO()
        wire.apply_environment(dict(request.get("env", {})))
        fonts_now = font_stamp()
        if fonts_now != self.fonts_seen:  # fonts installed or chosen since the last command: looked up again
            reset_font_cache()
            self.fonts_seen = fonts_now
        try:
            os.chdir(request["cwd"])
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(list(request["argv"]), parser=self.parser)
        except OSError as exc:  # the client's folder is gone or closed to this user
            return 1, "", f"错误：无法进入当前文件夹：{exc}\n"
        except Exception as exc:  # main() answers every mistake itself; this is a bug, said as one line
            log.exception("report helper: unexpected failure")
            return 1, out.getvalue(), err.getvalue() + f"错误：程序内部错误：{type(exc).__name__}: {exc}\n"
        finally:
            # Never keep a client's folder in use (Windows would refuse to delete it).
            with contextlib.suppress(OSError):
                os.chdir(self.home)
        return code, out.getvalue(), err.getvalue()


def _report_name(argv: list[str]) -> str:
    """The report's name only: the command line may hold a database password."""
    words = list(argv)
    return words[words.index("report") + 1] if "report" in words[:-1] else "?"


def serve(idle_seconds: float | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    os.chdir(Path(paths.data_dir()))
    return Helper(IDLE_SECONDS if idle_seconds is None else idle_seconds).serve()
