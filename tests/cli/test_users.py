"""`dutyroom user add | passwd | unlock | list` against a real SQLite file, as a logged-in administrator."""

from __future__ import annotations

import io

import pytest

from dutyroom.domain.vocabulary import Role
from dutyroom.errors import AuthError
from tests.cli.helpers import FakeTerminal


def test_user_add_with_password_from_stdin_then_login_works(cli, demo_db, monkeypatch, open_db):
    path, passwords = demo_db
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{passwords['admin']}\nNight2026shift\n"))
    result = cli("--db", path, "user", "add", "zhouxm", "--role", "officer", "--person", "周晓梅",
                 "--password-stdin", "--user", "admin")
    assert result.code == 0, result.err
    assert result.out.strip() == "已新建账户 zhouxm（值班员，周晓梅）"
    svc = open_db(path)
    actor = svc.users.login("zhouxm", "Night2026shift")
    assert (actor.role, actor.display_name) == (Role.OFFICER, "周晓梅")
    assert svc.users.find("zhouxm").person_id == next(p.id for p in svc.people.list() if p.name == "周晓梅")


def test_user_add_asks_twice_on_a_terminal(cli, tmp_path, monkeypatch, open_db):
    path = tmp_path / "u.sqlite3"
    assert cli("--db", path, "migrate").code == 0  # first setup: a new database, no administrator yet
    answers = iter(["Admin2026pass", "Admin2026pasS"])
    monkeypatch.setattr("sys.stdin", FakeTerminal(""))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    mismatch = cli("--db", path, "user", "add", "root", "--role", "admin", "--name", "王管理")
    assert mismatch.err_lines == ["错误：两次输入的密码不一致，密码没有改动"]
    answers = iter(["Admin2026pass", "Admin2026pass"])
    assert cli("--db", path, "user", "add", "root", "--role", "admin", "--name", "王管理").code == 0
    assert open_db(path).users.login("root", "Admin2026pass").display_name == "王管理"


def test_user_mistakes_are_one_line_each(cli, demo_db, monkeypatch):
    path, passwords = demo_db
    admin = passwords["admin"]
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{admin}\nshort\n"))
    weak = cli("--db", path, "user", "add", "x1", "--role", "officer", "--password-stdin", "--user", "admin")
    assert weak.code == 1 and weak.err_lines == ["错误：密码至少 8 位"]
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{admin}\nLong2026enough\n"))
    taken = cli("--db", path, "user", "add", "admin", "--role", "officer", "--password-stdin", "--user", "admin")
    assert taken.err_lines == ["错误：用户名 admin 已被使用"]
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{admin}\n"))
    no_terminal = cli("--db", path, "user", "passwd", "admin", "--user", "admin")
    assert no_terminal.err_lines == ["错误：此命令需要管理员的用户名和密码：请在终端中运行，"
                                     "或在脚本中加 --user 用户名 --password-stdin（密码放在标准输入的第一行）"]
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{admin}\n"))
    nobody = cli("--db", path, "user", "unlock", "nobody", "--user", "admin", "--password-stdin")
    assert nobody.err_lines == ["错误：没有用户名为 nobody 的账户（用 dutyroom user list 查看）"]
    wrong_role = cli("--db", path, "user", "add", "x2", "--role", "boss")
    assert wrong_role.code == 2 and wrong_role.err_lines[0].startswith("错误：参数 --role 的值“boss”无效")


def test_user_unlock_and_passwd_release_a_locked_account(cli, demo_db, monkeypatch, open_db):
    path, passwords = demo_db
    svc = open_db(path)
    for _ in range(5):
        with pytest.raises(AuthError):
            svc.users.login("officer", "wrong-password1")
    with pytest.raises(AuthError, match="锁定"):
        svc.users.login("officer", passwords["officer"])
    listing = cli("--db", path, "user", "list")
    officer_line = next(line for line in listing.out.splitlines() if line.startswith("officer"))
    assert "锁定至" in officer_line and "吴磊" in officer_line

    monkeypatch.setattr("sys.stdin", io.StringIO(f"{passwords['admin']}\n"))
    assert cli("--db", path, "user", "unlock", "officer", "--user", "admin",
               "--password-stdin").out.strip() == "已解锁账户 officer"
    assert svc.users.login("officer", passwords["officer"]).username == "officer"

    monkeypatch.setattr("sys.stdin", io.StringIO(f"{passwords['admin']}\nFresh2026pass\r\n"))
    assert cli("--db", path, "user", "passwd", "leader", "--password-stdin", "--user", "admin").code == 0
    assert svc.users.login("leader", "Fresh2026pass").role == Role.LEADER


def test_administration_needs_an_administrator_and_the_audit_names_account_os_user_and_host(
        cli, demo_db, monkeypatch):
    import sqlite3

    from dutyroom.services.context import ORIGIN

    path, passwords = demo_db
    monkeypatch.setattr("sys.stdin", io.StringIO("Rogue2026pass\n"))
    rogue = cli("--db", path, "user", "add", "rogue", "--role", "admin", "--password-stdin")
    assert rogue.code == 1 and rogue.err_lines[0].startswith("错误：此命令需要管理员的用户名和密码")
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong-password\nRogue2026pass\n"))
    wrong = cli("--db", path, "user", "add", "rogue", "--role", "admin", "--password-stdin", "--user", "admin")
    assert wrong.code == 1 and len(wrong.err_lines) == 1 and "密码" in wrong.err
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{passwords['leader']}\nRogue2026pass\n"))
    leader = cli("--db", path, "user", "add", "rogue", "--role", "admin", "--password-stdin", "--user", "leader")
    assert leader.code == 1 and "需要管理员账户" in leader.err
    monkeypatch.setattr("getpass.getpass", lambda prompt="": passwords["admin"] if "admin" in prompt else "Ok2026password")
    monkeypatch.setattr("sys.stdin", FakeTerminal("admin\n"))
    assert cli("--db", path, "user", "add", "helper", "--role", "officer").code == 0
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT actor_name, actor_id, os_user, host FROM audit_log WHERE entity_kind = 'user' "
                            "AND action = 'create' ORDER BY seq DESC LIMIT 1").fetchall()
        names = {r[0] for r in conn.execute("SELECT actor_name FROM audit_log WHERE after LIKE '%rogue%'")}
    conn.close()
    assert rows[0][0] != "系统" and rows[0][1] is not None and rows[0][2] == ORIGIN[0] and rows[0][3].startswith(ORIGIN[1] + "#")
    assert names == set()  # nothing was created for the refused attempts
