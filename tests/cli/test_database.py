"""`dutyroom demo | migrate | backup | restore` against real SQLite files."""

from __future__ import annotations

import io
import sqlite3

from dutyroom.domain.vocabulary import Role, UnitKind
from dutyroom.services.records import SYSTEM_ACTOR, UnitRecord
from dutyroom.store import migrate
from dutyroom.store.backup import write_checksum
from tests.cli.helpers import FakeTerminal


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
    assert "来电检索：SQLite FTS5 全文索引" in first.out  # on PostgreSQL it says RUM or GIN (test_search_index)
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
    write_checksum(backup)  # as a newer program would have written it
    result = cli("--db", path, "restore", backup, "--yes")
    assert result.code == 1
    assert result.err_lines == ["错误：该备份由更新版本的值班室程序创建（结构版本 0999_future），本程序无法打开，请先升级程序。"]
    assert len(open_db(path).people.list()) >= 30


def test_restore_asks_first_and_refuses_without_a_terminal(cli, demo_db, tmp_path, monkeypatch, open_db):
    path, passwords = demo_db
    backup = tmp_path / "b.sqlite3"
    cli("--db", path, "backup", "--out", backup)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    anonymous = cli("--db", path, "restore", backup, "--yes")
    assert anonymous.code == 1 and anonymous.err_lines[0].startswith("错误：此命令需要管理员的用户名和密码")
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{passwords['officer']}\n"))
    officer = cli("--db", path, "restore", backup, "--yes", "--user", "officer", "--password-stdin")
    assert officer.code == 1 and "需要管理员账户" in officer.err
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{passwords['admin']}\n"))
    result = cli("--db", path, "restore", backup, "--user", "admin", "--password-stdin")
    assert result.code == 1
    assert result.err_lines == ["错误：恢复会覆盖当前数据库，需要确认：请在终端中运行，或加 --yes"]

    monkeypatch.setattr("getpass.getpass", lambda prompt="": passwords["admin"])
    monkeypatch.setattr("sys.stdin", FakeTerminal("admin\nn\n"))
    answered_no = cli("--db", path, "restore", backup)
    assert answered_no.code == 1
    assert "确定恢复吗？" in answered_no.out and "已取消，数据库没有改动。" in answered_no.out

    monkeypatch.setattr("sys.stdin", FakeTerminal("admin\ny\n"))
    assert cli("--db", path, "restore", backup).code == 0
    restored = open_db(path)
    admin = restored.users.login("admin", passwords["admin"])
    entry = next(e for e in restored.audit.page(admin, 0, 50) if e.action == "restore")
    assert entry.actor_name != "系统"  # the administrator who logged in


def test_restore_records_itself_in_the_restored_log_and_keeps_what_it_replaced(cli, home, tmp_path, open_db):
    path = tmp_path / "duty.sqlite3"
    svc = open_db(path)
    svc.units.save(SYSTEM_ACTOR, UnitRecord(name="区气象局"))
    svc.db.dispose()
    backup = tmp_path / "b.sqlite3"
    assert cli("--db", path, "backup", "--out", backup).code == 0
    assert cli("--db", path, "restore", backup, "--yes").code == 0
    again = open_db(path)
    admin = again.users.create_first_admin("admin", "duty2026pass", "王管理")
    entries = [e for e in again.audit.page(admin, 0, 50) if e.action == "restore"]
    assert len(entries) == 1 and entries[0].after["file"] == str(backup)
    assert entries[0].after["checksum"] == "verified"
    kept = entries[0].after["saved_before"]
    assert kept and (home / "backups").joinpath(kept.rsplit("/", 1)[-1]).is_file()
    assert again.audit.verify().ok


def test_restore_of_an_edited_backup_is_one_line_and_changes_nothing(cli, demo_db, tmp_path, open_db):
    path, _ = demo_db
    backup = tmp_path / "b.sqlite3"
    assert cli("--db", path, "backup", "--out", backup).code == 0
    with sqlite3.connect(backup) as conn:
        conn.execute("DELETE FROM person")
    conn.close()
    result = cli("--db", path, "restore", backup, "--yes")
    assert result.code == 1 and len(result.err_lines) == 1
    assert result.err_lines[0].startswith("错误：备份文件与它的校验值不符")
    assert len(open_db(path).people.list()) >= 30


def test_no_output_may_overwrite_the_database_or_an_existing_file_without_force(cli, demo_db, tmp_path):
    path, _ = demo_db
    before = path.read_bytes()[:16]
    result = cli("--db", path, "report", "contacts", "-o", path)
    assert result.code == 1 and result.err_lines == [f"错误：PDF 文件的扩展名应为 .pdf：{path}"]
    result = cli("--db", path, "backup", "--out", path)
    assert result.code == 1 and result.err_lines == [f"错误：不能写到正在使用的数据库文件上：{path.resolve()}"]
    assert path.read_bytes()[:16] == before == b"SQLite format 3\x00"
    out = tmp_path / "通讯录.pdf"
    assert cli("--db", path, "report", "contacts", "-o", out).code == 0
    again = cli("--db", path, "report", "contacts", "-o", out)
    assert again.code == 1 and again.err_lines == [f"错误：文件已存在：{out.resolve()}（确认覆盖请加 --force）"]
    assert cli("--db", path, "report", "contacts", "-o", out, "--force").code == 0
