"""The report helper (dutyroom.resident) with real processes: a `dutyroom report …` answered by a warm helper
reads and writes exactly what it would have in its own process, a mistake is still one line, and whatever
goes wrong with the helper (gone, stale, another's, busy) the command is run once, here."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dutyroom.resident import HELPER_ENV, is_report_command, wire
from dutyroom.resident import client as helper_client
from tests.cli.conftest import REPO_ROOT, Result

pytestmark = pytest.mark.slow

GONE = "gone"  # the token of an address file whose helper no longer exists
WARM_UP_SECONDS = 120  # the helper imports the whole CLI, the services and reportlab before it listens


@pytest.fixture
def env(home) -> dict[str, str]:
    """A client's environment: the test's data folder, the helper on (tests turn it off everywhere else)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DUTYROOM_DATABASE_URL", HELPER_ENV)}
    env["DUTYROOM_HOME"] = str(home)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    env[f"{HELPER_ENV}_IDLE_SECONDS"] = "20"  # a helper a test started behind a command does not linger
    return env


@pytest.fixture
def report(env, tmp_path):
    """`python -m dutyroom …` as a user types it, from a folder of its own (relative paths are the client's)."""
    work = tmp_path / "work"
    work.mkdir()

    def run(*args: str, **overrides: str) -> Result:
        done = subprocess.run([sys.executable, "-m", "dutyroom", *map(str, args)], capture_output=True, text=True,
                              encoding="utf-8", env={**env, **overrides}, cwd=work, timeout=120)
        return Result(done.returncode, done.stdout, done.stderr)

    run.work = work
    return run


class RunningHelper:
    def __init__(self, env: dict[str, str], home: Path, idle: str = "60"):
        self.home = home
        self.process = subprocess.Popen([sys.executable, "-m", "dutyroom"], env={**env, HELPER_ENV: "serve",
                                        f"{HELPER_ENV}_IDLE_SECONDS": idle}, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                        encoding="utf-8", cwd=home)
        # It says it is listening once its address file is written: read from its log, not polled for.
        self.early = ""
        while " listening on port " not in self.early:
            line = self.process.stderr.readline()
            assert line, f"the helper ended before listening: {self.early}"
            self.early += line
        self.address = wire.read_address(home / wire.ADDRESS_FILE)
        assert self.address is not None and self.address["pid"] == self.process.pid

    def stop(self) -> str:
        """Ends it (if it has not left) and returns what it logged."""
        if self.process.poll() is None:
            self.process.terminate()
        _, err = self.process.communicate(timeout=30)
        return self.early + err


def wait_for_address(home: Path, *, other_than: str | None = None) -> dict:
    """The address of a helper a client started behind it (its lines go to a file, not to the test)."""
    deadline = time.monotonic() + WARM_UP_SECONDS
    while time.monotonic() < deadline:
        address = wire.read_address(home / wire.ADDRESS_FILE)
        if address is not None and address["token"] != other_than:
            return address
        time.sleep(0.05)  # polling a real process's file: there is no event to wait on
    raise AssertionError("no report helper came up")


def end_helper_of(home: Path) -> None:
    """Stop a helper a command started behind it (it would leave by itself after its idle time)."""
    address = wire.read_address(home / wire.ADDRESS_FILE)
    if address is not None and address["token"] != GONE:
        with contextlib.suppress(OSError):
            os.kill(address["pid"], signal.SIGTERM)


@pytest.fixture
def helper(env, home):
    running = RunningHelper(env, home)
    yield running
    running.stop()


@pytest.fixture
def demo(cli, tmp_path) -> Path:
    path = tmp_path / "demo.sqlite3"
    assert cli("--db", path, "demo").code == 0
    return path


def served(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith("served report")]


def test_only_report_commands_go_to_the_helper():
    assert is_report_command(["report", "contacts", "-o", "a.pdf"])
    assert is_report_command(["--db", "x.sqlite3", "report", "roster", "--month", "2026-12"])
    assert is_report_command(["--db=x.sqlite3", "report", "contacts"])
    assert not is_report_command(["report", "contacts", "-h"])  # help is printed here
    assert not is_report_command(["--db", "report", "users", "list"])  # a database named "report"
    assert not is_report_command(["users", "list"])
    assert not is_report_command([])


def test_a_report_run_by_the_helper_is_the_one_run_here(report, helper, demo):
    by_helper = report("--db", demo, "report", "contacts", "-o", "通讯录.pdf")
    here = report("--db", demo, "report", "contacts", "-o", "本机.pdf", **{HELPER_ENV: "0"})
    assert by_helper.code == 0 and here.code == 0, (by_helper, here)
    assert served(helper.stop()) == ["served report contacts (exit 0)"]
    # Written in the client's folder, with the same words on stdout and the same font notice on stderr.
    assert (report.work / "通讯录.pdf").read_bytes()[:5] == b"%PDF-"
    assert by_helper.out.replace("通讯录.pdf", "本机.pdf") == here.out
    assert by_helper.err == here.err


def test_a_mistake_in_the_helper_is_still_one_line_and_exit_1(report, helper, demo):
    result = report("--db", demo, "report", "contacts", "-o", "通讯录.txt")
    assert result.code == 1
    assert result.err.startswith("错误：") and len(result.err_lines) == 1 and "Traceback" not in result.err
    usage = report("--db", demo, "report", "roster", "-o", "值班表.pdf")  # no --month: argparse's own exit
    assert usage.code == 2 and len(usage.err_lines) == 1 and "--month" in usage.err
    after = report("--db", demo, "report", "roster", "--month", "2026-12", "-o", "值班表.pdf")
    assert after.code == 0 and (report.work / "值班表.pdf").is_file()  # the helper goes on as before
    assert served(helper.stop()) == ["served report contacts (exit 1)", "served report roster (exit 2)",
                                     "served report roster (exit 0)"]


def test_the_clients_settings_reach_the_helper(report, helper, demo):
    # No --db: the database comes from the client's DUTYROOM_DATABASE_URL, not from the helper's.
    result = report("report", "contacts", "-o", "通讯录.pdf", DUTYROOM_DATABASE_URL=str(demo))
    assert result.code == 0, result
    assert served(helper.stop()) == ["served report contacts (exit 0)"]
    assert "18 个单位" in result.out


def test_the_first_report_starts_a_helper_and_the_next_one_uses_it(report, home, demo):
    try:
        first = report("--db", demo, "report", "contacts", "-o", "一.pdf")
        assert first.code == 0, first
        wait_for_address(home)
        second = report("--db", demo, "report", "contacts", "-o", "二.pdf")
        assert second.code == 0, second
        assert (report.work / "二.pdf").is_file()
        assert served((home / wire.LOG_FILE).read_text(encoding="utf-8")) == ["served report contacts (exit 0)"]
    finally:
        end_helper_of(home)


def test_a_helper_that_is_gone_leaves_the_report_to_this_process(report, home, demo):
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    wire.write_address(home / wire.ADDRESS_FILE, {"port": port, "token": GONE, "pid": -1, "version": "x"})
    try:
        result = report("--db", demo, "report", "contacts", "-o", "通讯录.pdf")
        assert result.code == 0, result
        assert (report.work / "通讯录.pdf").is_file()
        wait_for_address(home, other_than=GONE)  # its address cleared, a new helper started instead
    finally:
        end_helper_of(home)


def test_a_wrong_token_is_refused_and_the_report_runs_here(report, helper, home, demo):
    address = dict(helper.address, token="0" * 64)
    wire.write_address(home / wire.ADDRESS_FILE, address)
    result = report("--db", demo, "report", "contacts", "-o", "通讯录.pdf")
    assert result.code == 0 and (report.work / "通讯录.pdf").is_file()
    assert served(helper.stop()) == []


def test_the_helper_off_means_this_process(report, helper, demo):
    result = report("--db", demo, "report", "contacts", "-o", "通讯录.pdf", **{HELPER_ENV: "0"})
    assert result.code == 0
    assert served(helper.stop()) == []


def test_a_client_that_never_says_go_has_nothing_run(report, helper, demo):
    # A client that stopped waiting for a busy helper runs the command itself: the helper must not run it too.
    with socket.create_connection(("127.0.0.1", helper.address["port"]), timeout=10) as conn:
        wire.send(conn, {"token": helper.address["token"], "argv": ["--db", str(demo), "report", "contacts", "-o",
                                                                     str(report.work / "不该有.pdf")],
                         "cwd": str(report.work), "env": {}, "version": _version(),
                         "executable": sys.executable, "package": str(REPO_ROOT / "dutyroom")})
        assert wire.receive(conn) == {"state": "ready"}
    after = report("--db", demo, "report", "contacts", "-o", "通讯录.pdf")  # the helper goes on serving
    assert after.code == 0
    assert served(helper.stop()) == ["served report contacts (exit 0)"]
    assert not (report.work / "不该有.pdf").exists()


def test_a_helper_whose_program_changed_leaves_and_the_report_runs_here(report, helper, home, demo):
    module = REPO_ROOT / "dutyroom" / "resident" / "__init__.py"
    stat = module.stat()
    os.utime(module, (stat.st_atime, time.time() + 5))  # newer than any file: as an upgrade or an edit would
    try:
        result = report("--db", demo, "report", "contacts", "-o", "通讯录.pdf")
        assert result.code == 0 and (report.work / "通讯录.pdf").is_file()
        assert helper.process.wait(timeout=30) == 0
        assert "the program's files changed" in helper.stop()
        wait_for_address(home, other_than=helper.address["token"])  # the client started a fresh one
    finally:
        os.utime(module, (stat.st_atime, stat.st_mtime))
        end_helper_of(home)


def test_an_idle_helper_leaves_and_clears_its_address(env, home):
    helper = RunningHelper(env, home, idle="1")
    assert helper.process.wait(timeout=30) == 0
    assert "no report command for 1 s" in helper.stop()
    assert not (home / wire.ADDRESS_FILE).exists()


def _version() -> str:
    from dutyroom import __version__

    return __version__


def test_the_address_file_is_its_users_alone(helper, home):
    if os.name == "posix":
        assert (home / wire.ADDRESS_FILE).stat().st_mode & 0o077 == 0
    assert set(json.loads((home / wire.ADDRESS_FILE).read_text(encoding="utf-8"))) == {"port", "token", "pid",
                                                                                       "version"}


class FakeHelper:
    """A helper that speaks the protocol but does what a test needs: never answers (busy), or stops after "go"
    (`after_go`: "hang" or "close"). It lives in a thread of the test."""

    def __init__(self, home: Path, *, answer_ready: bool, after_go: str = "hang"):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.token = "f" * 64
        self.answer_ready, self.after_go = answer_ready, after_go
        self.requests: list[dict] = []
        self.went = threading.Event()
        self.release = threading.Event()
        wire.write_address(home / wire.ADDRESS_FILE, {"port": self.listener.getsockname()[1], "token": self.token,
                                                      "pid": -1, "version": "fake"})
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.listener.accept()
        with conn:
            self.requests.append(wire.receive(conn))
            if self.answer_ready:
                wire.send(conn, {"state": "ready"})
                if wire.receive(conn).get("go"):
                    self.went.set()
            if self.after_go == "hang" or not self.answer_ready:
                self.release.wait(120)

    def close(self) -> None:
        self.release.set()
        self.thread.join(timeout=30)
        self.listener.close()


def _client(env: dict[str, str], work: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dutyroom", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env, cwd=work)


def test_a_busy_helper_leaves_the_report_to_this_process(report, home, demo):
    busy = FakeHelper(home, answer_ready=False)
    try:
        result = report("--db", demo, "report", "contacts", "-o", "通讯录.pdf")
        assert result.code == 0, result
        assert (report.work / "通讯录.pdf").read_bytes()[:5] == b"%PDF-"
        assert len(busy.requests) == 1  # it asked, got no "ready" in time, and ran the command itself
    finally:
        busy.close()


def test_ctrl_c_while_the_helper_works_is_one_line(env, report, home, demo):
    working = FakeHelper(home, answer_ready=True, after_go="hang")
    try:
        client = _client(env, report.work, "--db", demo, "report", "contacts", "-o", "通讯录.pdf")
        assert working.went.wait(60)  # the command is the helper's now
        client.send_signal(signal.SIGINT)
        out, err = client.communicate(timeout=60)
        assert client.returncode == 1
        assert err.strip() == helper_client.STOPPED_WAITING and "Traceback" not in err
    finally:
        working.close()


def test_a_helper_that_dies_during_the_command_is_said_in_one_line(env, report, home, demo):
    dying = FakeHelper(home, answer_ready=True, after_go="close")
    try:
        client = _client(env, report.work, "--db", demo, "report", "contacts", "-o", "通讯录.pdf")
        out, err = client.communicate(timeout=60)
        assert client.returncode == 1
        assert err.strip() == helper_client.INTERRUPTED
        assert not (report.work / "通讯录.pdf").exists()  # not run again here: the helper may have begun it
    finally:
        dying.close()


def test_a_font_installed_while_the_helper_runs_is_used_by_the_next_report(report, helper, demo, tmp_path):
    from dutyroom import paths

    fonts = tmp_path / "fonts"
    fonts.mkdir()
    before = report("--db", demo, "report", "contacts", "-o", "前.pdf", DUTYROOM_FONT_DIRS=str(fonts))
    assert before.code == 0 and "小标题 黑体" not in before.err.splitlines()[0]
    shutil.copy(paths.bundled_font(), fonts / "simhei.ttf")  # the office installs 黑体 (here: a stand-in)
    after = report("--db", demo, "report", "contacts", "-o", "后.pdf", DUTYROOM_FONT_DIRS=str(fonts))
    assert after.code == 0 and "小标题 黑体" in after.err.splitlines()[0], after.err
    assert served(helper.stop()) == ["served report contacts (exit 0)"] * 2
