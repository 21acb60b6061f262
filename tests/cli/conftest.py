"""Running `dutyroom` in-process (main(argv) with captured output) and as a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import dutyroom
from dutyroom.cli import main
from tests.cli.helpers import demo_passwords

REPO_ROOT = Path(dutyroom.__file__).resolve().parent.parent


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A private user data folder: default database, backups and logs of this test only."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("DUTYROOM_HOME", str(folder))
    monkeypatch.delenv("DUTYROOM_DATABASE_URL", raising=False)
    return folder


@pytest.fixture
def cli(home, capsys):
    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def run_process(tmp_path):
    """`python -m dutyroom …` in a fresh interpreter, the way a user runs it."""
    env = {k: v for k, v in os.environ.items() if k != "DUTYROOM_DATABASE_URL"}
    env["DUTYROOM_HOME"] = str(tmp_path / "process-home")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"

    def run(*args: str, stdin: str | None = None, module: bool = True) -> Result:
        command = [sys.executable, "-m", "dutyroom", *map(str, args)] if module else [sys.executable, *args]
        done = subprocess.run(command, input=stdin, capture_output=True, text=True, encoding="utf-8",
                              env=env, cwd=tmp_path, timeout=120)
        return Result(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def demo_db(cli, tmp_path) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "demo.sqlite3"
    result = cli("--db", path, "demo")
    assert result.code == 0, result.err
    return path, demo_passwords(result.out)


@pytest.fixture
def open_db():
    """Open a database file the CLI wrote, as the program would; closed after the test."""
    from dutyroom.app import open_services

    opened = []

    def open_(path):
        svc = open_services(path, backup_folder=Path(path).parent / "test-backups")
        opened.append(svc)
        return svc

    yield open_
    for svc in opened:
        svc.db.dispose()
