"""Issue 12 items 11 and 12: private files, no personal data in the log, and one clear line for every
kind of wrong database or wrong date given on the command line."""

from __future__ import annotations

import io
import os
import sqlite3
import stat

import pytest

from dutyroom.cli.common import _unexpected
from dutyroom.store.engine import Database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _one_line(result, start: str) -> None:
    assert result.code == 1, result
    assert len(result.err_lines) == 1 and "Traceback" not in result.err and "程序内部" not in result.err, result.err
    assert result.err.startswith(start), result.err


def test_data_folder_is_0700_and_every_file_the_program_writes_is_0600(cli, home, tmp_path):
    os.chmod(home, 0o755)  # as an earlier version left it
    db = home / "dutyroom.sqlite3"
    assert cli("demo").code == 0
    assert cli("backup").code == 0
    pdf = tmp_path / "contacts.pdf"
    assert cli("report", "contacts", "-o", pdf).code == 0
    from dutyroom.workstation import Workstation, save_workstation

    save_workstation(Workstation(database_url="postgresql://duty:secret@db/duty"))
    assert _mode(home) == 0o700 and _mode(home / "backups") == 0o700
    files = [db, pdf, home / "workstation.json", *(home / "backups").iterdir(), *(home / "audit-anchors").iterdir()]
    assert len(files) >= 6
    assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}


def test_the_log_keeps_no_sql_parameters(home, tmp_path):
    db = Database(tmp_path / "x.sqlite3")
    row = ("张三 " + "1101011990" + "01011234",)  # built at run time: the traceback quotes source lines
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE person (name TEXT UNIQUE)")
        conn.exec_driver_sql("INSERT INTO person VALUES (?)", row)
    try:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO person VALUES (?)", row)
    except Exception as exc:  # noqa: BLE001 - the real error a save would raise
        line = _unexpected(exc, ["--db", "postgresql://duty:secret@db/duty", "search"])
    db.dispose()
    log = (home / "logs" / "cli.log").read_text(encoding="utf-8")
    assert "IntegrityError" in log and "110101199001011234" not in log and "110101199001011234" not in line
    assert "secret" not in log
    assert _mode(home / "logs" / "cli.log") == 0o600


def test_only_demo_and_migrate_create_a_database(cli, tmp_path, monkeypatch):
    missing = tmp_path / "mistyped.sqlite3"
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    for args in (["search", "calls", "张"], ["audit", "verify"], ["user", "list"], ["roster", "show", "--now"]):
        _one_line(cli("--db", missing, *args), "错误：数据库文件不存在")
    (tmp_path / "u.csv").write_text("单位名称\n甲\n", encoding="utf-8")
    _one_line(cli("--db", missing, "import", "units", tmp_path / "u.csv"), "错误：数据库文件不存在")
    assert not missing.exists()
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    _one_line(cli("--db", empty, "search", "calls", "张"), "错误：数据库文件是空的")
    assert empty.stat().st_size == 0
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    _one_line(cli("--db", other, "audit", "verify"), "错误：这个数据库里没有值班室的数据")
    assert cli("--db", empty, "migrate").code == 0  # migrate may make it one


def test_a_file_that_is_not_a_database_a_read_only_one_and_a_full_disk(cli, tmp_path, demo_db, monkeypatch):
    text = tmp_path / "notes.sqlite3"
    text.write_text("值班笔记\n" * 10, encoding="utf-8")
    for args in (["migrate"], ["demo"], ["audit", "verify"]):
        _one_line(cli("--db", text, *args), "错误：")
    assert text.read_text(encoding="utf-8") == "值班笔记\n" * 10

    path, passwords = demo_db
    if os.geteuid() != 0:  # root writes through file modes
        os.chmod(path, 0o400)
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{passwords['admin']}\n"))
        _one_line(cli("--db", path, "user", "unlock", "officer", "--user", "admin", "--password-stdin"), "错误：")
        os.chmod(path, 0o600)

    from sqlalchemy.exc import OperationalError

    from dutyroom.cli.common import run_handler

    def full_disk(_args):
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))

    assert run_handler(full_disk, None, []) == 1
    def no_space(_args):
        raise OSError(28, "No space left on device", str(tmp_path / "a.pdf"))

    assert run_handler(no_space, None, []) == 1


@pytest.mark.parametrize("args", [["report", "roster", "--month", "0000-01"], ["report", "roster", "--month", "9999-12"],
                                  ["roster", "show", "--date", "0000-01-01"], ["roster", "show", "--date", "9999-12-31"],
                                  ["report", "calls", "--shift", "9999-12-31"], ["report", "daily", "--date", "0000-01-01"]])
def test_years_0000_and_9999_are_one_clear_line(cli, demo_db, tmp_path, args):
    path, _ = demo_db
    out = ["-o", str(tmp_path / "x.pdf")] if args[0] == "report" else []
    _one_line(cli("--db", path, *args, *out), "错误：")
    assert "1900—2999" in cli("--db", path, *args, *out).err


def test_an_imported_time_in_year_9999_is_a_rejected_row(cli, demo_db, tmp_path, monkeypatch):
    path, passwords = demo_db
    ledger = tmp_path / "来电.csv"
    ledger.write_text("来电时间,来电人,内容\n9999-12-31 23:59,张三,咨询\n", encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{passwords['admin']}\n"))
    result = cli("--db", path, "import", "calls", ledger, "--user", "admin", "--password-stdin")
    assert result.code == 1 and "Traceback" not in result.err and "程序内部" not in result.err
    assert "第 2 行" in result.err


def test_a_file_name_that_is_not_utf8_is_one_clear_line(cli, demo_db, tmp_path, monkeypatch):
    path, passwords = demo_db
    name = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"\xb5\xa5\xce\xbb.csv"))  # GBK bytes of 单位
    with open(name, "w", encoding="utf-8") as fh:
        fh.write("单位名称\n甲\n")
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{passwords['admin']}\n"))
    _one_line(cli("--db", path, "import", "units", name, "--user", "admin", "--password-stdin"), "错误：要导入的文件名")
    _one_line(cli("--db", path, "report", "contacts", "-o", name[:-4] + ".pdf"), "错误：输出的文件名")
