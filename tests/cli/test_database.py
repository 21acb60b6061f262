"""`dutyroom demo | migrate | backup | restore | audit verify | user …` against real SQLite files."""

from __future__ import annotations

import io
import sqlite3

import pytest

from dutyroom.domain.vocabulary import Role, UnitKind
from dutyroom.errors import AuthError
from dutyroom.services.records import SYSTEM_ACTOR, UnitRecord
from dutyroom.store import migrate


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_demo_prints_three_accounts_once_and_fills_the_database(demo_db, open_db):
    path, passwords = demo_db
    assert sorted(passwords) == ["admin", "leader", "officer"]
    svc = open_db(path)
    assert len(svc.people.list()) >= 30
    assert sum(u.kind == UnitKind.SUBORDINATE for u in svc.units.list()) >= 10
    for username, password in passwords.items():
        assert svc.users.login(username, password).role == Role(username)


def test_demo_output_says_the_passwords_are_shown_only_this_time(cli, tmp_path):
    result = cli("--db", tmp_path / "d.sqlite3", "demo")
    assert result.code == 0 and result.err == ""
    assert "演示账户（密码只显示这一次）" in result.out
    assert "18 个单位，45 名人员" in result.out


def test_demo_twice_refuses_with_one_line(cli, demo_db):
    path, _ = demo_db
    result = cli("--db", path, "demo")
    assert result.code == 1
    assert result.err_lines == ["错误：数据库中已有数据，不能再填充演示数据"]
    assert "密码" not in result.out


def test_migrate_creates_a_fresh_database_then_says_it_is_current(cli, tmp_path, open_db):
    path = tmp_path / "new.sqlite3"
    first = cli("migrate", "--db", path)  # --db is accepted after the command too
    assert first.code == 0
    assert f"数据库：SQLite · {path}" in first.out
    assert f"结构版本：空数据库 → {migrate.HEAD}" in first.out
    second = cli("--db", path, "migrate")
    assert second.code == 0 and f"已是最新（结构版本 {migrate.HEAD}）" in second.out
    assert open_db(path).settings.get().version >= 1  # office settings seeded


def test_commands_that_need_data_do_not_create_an_empty_database(cli, tmp_path):
    missing = tmp_path / "typo.sqlite3"
    commands = (["audit", "verify"], ["backup"], ["user", "list"], ["report", "contacts", "-o", tmp_path / "c.pdf"])
    for args in commands:
        result = cli("--db", missing, *args)
        assert result.code == 1, args
        assert result.err_lines == [f"错误：数据库文件不存在：{missing}（请检查 --db；新建数据库请用 dutyroom migrate）"]
    assert not missing.exists()


def test_backup_then_restore_brings_back_a_deleted_unit(cli, home, tmp_path, open_db):
    path = tmp_path / "duty.sqlite3"
    svc = open_db(path)
    unit = svc.units.save(SYSTEM_ACTOR, UnitRecord(name="区气象局"))

    backed = cli("--db", path, "backup")
    assert backed.code == 0
    (backup_file,) = (home / "backups").glob("dutyroom-*-manual.sqlite3")
    assert backed.out.strip() == f"已备份到：{backup_file}"
    svc.units.delete(SYSTEM_ACTOR, unit.id, unit.version)
    svc.db.dispose()

    restored = cli("--db", path, "restore", backup_file, "--yes")
    assert restored.code == 0, restored.err
    assert f"已从 {backup_file} 恢复数据库 {path}" in restored.out
    assert "恢复前的数据库已另存为" in restored.out
    again = open_db(path)
    assert [u.name for u in again.units.list()] == ["区气象局"]
    assert again.audit.verify().ok


def test_backup_to_a_chosen_file(cli, demo_db, tmp_path):
    path, _ = demo_db
    out = tmp_path / "copies" / "today.sqlite3"
    result = cli("--db", path, "backup", "--out", out)
    assert result.code == 0 and out.is_file()
    assert result.out.strip() == f"已备份到：{out}"


def test_restore_refuses_a_backup_from_a_newer_program(cli, demo_db, tmp_path, open_db):
    path, _ = demo_db
    backup = tmp_path / "future.sqlite3"
    assert cli("--db", path, "backup", "--out", backup).code == 0
    with sqlite3.connect(backup) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999_future'")
    conn.close()
    result = cli("--db", path, "restore", backup, "--yes")
    assert result.code == 1
    assert result.err_lines == ["错误：该备份由更新版本的值班室程序创建（结构版本 0999_future），本程序无法打开，请先升级程序。"]
    assert len(open_db(path).people.list()) >= 30


def test_restore_asks_first_and_refuses_without_a_terminal(cli, demo_db, tmp_path, monkeypatch, open_db):
    path, _ = demo_db
    backup = tmp_path / "b.sqlite3"
    cli("--db", path, "backup", "--out", backup)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    result = cli("--db", path, "restore", backup)
    assert result.code == 1
    assert result.err_lines == ["错误：恢复会覆盖当前数据库，需要确认：请在终端中运行，或加 --yes"]

    monkeypatch.setattr("sys.stdin", FakeTerminal("n\n"))
    answered_no = cli("--db", path, "restore", backup)
    assert answered_no.code == 1
    assert "确定恢复吗？" in answered_no.out and "已取消，数据库没有改动。" in answered_no.out

    monkeypatch.setattr("sys.stdin", FakeTerminal("y\n"))
    assert cli("--db", path, "restore", backup).code == 0


def test_audit_verify_reports_a_tampered_record_by_number(cli, demo_db):
    path, _ = demo_db
    ok = cli("--db", path, "audit", "verify")
    assert ok.code == 0
    total = int(ok.out.split("共 ")[1].split(" 条")[0])
    assert ok.out.strip() == f"审计日志完整：共 {total} 条记录" and total > 50

    with sqlite3.connect(path) as conn:
        seq = conn.execute("SELECT min(seq) FROM audit_log WHERE entity_kind = 'unit'").fetchone()[0]
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET after = replace(after, '0110', '9999') WHERE seq = ?", (seq,))
    conn.close()
    broken = cli("--db", path, "audit", "verify")
    assert broken.code == 1
    assert broken.out.startswith(f"审计日志第 {seq} 条记录异常：第 {seq} 条记录的内容被改动过")
    assert f"此前的 {seq - 1} 条完好" in broken.out


def test_user_add_with_password_from_stdin_then_login_works(cli, demo_db, monkeypatch, open_db):
    path, _ = demo_db
    monkeypatch.setattr("sys.stdin", io.StringIO("Night2026shift\n"))
    result = cli("--db", path, "user", "add", "zhouxm", "--role", "officer", "--person", "周晓梅",
                 "--password-stdin")
    assert result.code == 0, result.err
    assert result.out.strip() == "已新建账户 zhouxm（值班员，周晓梅）"
    svc = open_db(path)
    actor = svc.users.login("zhouxm", "Night2026shift")
    assert (actor.role, actor.display_name) == (Role.OFFICER, "周晓梅")
    assert svc.users.find("zhouxm").person_id == next(p.id for p in svc.people.list() if p.name == "周晓梅")


def test_user_add_asks_twice_on_a_terminal(cli, tmp_path, monkeypatch, open_db):
    path = tmp_path / "u.sqlite3"
    answers = iter(["Admin2026pass", "Admin2026pasS"])
    monkeypatch.setattr("sys.stdin", FakeTerminal(""))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    mismatch = cli("--db", path, "user", "add", "root", "--role", "admin", "--name", "王管理")
    assert mismatch.err_lines == ["错误：两次输入的密码不一致，密码没有改动"]
    answers = iter(["Admin2026pass", "Admin2026pass"])
    assert cli("--db", path, "user", "add", "root", "--role", "admin", "--name", "王管理").code == 0
    assert open_db(path).users.login("root", "Admin2026pass").display_name == "王管理"


def test_user_mistakes_are_one_line_each(cli, demo_db, monkeypatch):
    path, _ = demo_db
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    weak = cli("--db", path, "user", "add", "x1", "--role", "officer", "--password-stdin")
    assert weak.code == 1 and weak.err_lines == ["错误：密码至少 8 位"]
    taken = cli("--db", path, "user", "add", "admin", "--role", "officer", "--password-stdin")
    assert taken.err_lines == ["错误：用户名 admin 已被使用"]
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    no_terminal = cli("--db", path, "user", "passwd", "admin")
    assert no_terminal.err_lines == ["错误：没有可以输入密码的终端；在脚本中请加 --password-stdin，从标准输入传入密码"]
    nobody = cli("--db", path, "user", "unlock", "nobody")
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

    assert cli("--db", path, "user", "unlock", "officer").out.strip() == "已解锁账户 officer"
    assert svc.users.login("officer", passwords["officer"]).username == "officer"

    monkeypatch.setattr("sys.stdin", io.StringIO("Fresh2026pass\r\n"))
    assert cli("--db", path, "user", "passwd", "leader", "--password-stdin").code == 0
    assert svc.users.login("leader", "Fresh2026pass").role == Role.LEADER
