"""End to end in a fresh interpreter: `python -m dutyroom …` exactly as a user types it."""

from __future__ import annotations

import sqlite3

import pytest

from tests.cli.helpers import demo_passwords

pytestmark = pytest.mark.slow


def assert_one_error_line(result, expected_start: str) -> None:
    assert result.code == 1, result
    assert "Traceback" not in result.err
    assert len(result.err_lines) == 1, result.err
    assert result.err.startswith(expected_start), result.err


def test_demo_then_audit_verify_in_real_processes(run_process, tmp_path):
    db = tmp_path / "duty.sqlite3"
    demo = run_process("--db", db, "demo")
    assert demo.code == 0, demo.err
    assert "演示账户（密码只显示这一次）" in demo.out
    assert sorted(demo_passwords(demo.out)) == ["admin", "leader", "officer"]
    verify = run_process("audit", "verify", "--db", db)
    assert verify.code == 0 and verify.out.startswith("审计日志完整：共 ")
    assert (tmp_path / "process-home").is_dir()  # DUTYROOM_HOME honoured, nothing in the real home


def test_user_mistakes_never_show_a_traceback(run_process, tmp_path):
    assert_one_error_line(run_process("--db", "mysql://root@localhost/duty", "migrate"),
                          "错误：不支持的数据库类型：mysql")
    assert_one_error_line(run_process("--db", "postgresql://nobody@127.0.0.1:1/x", "migrate"),
                          "错误：无法连接数据库（PostgreSQL · 127.0.0.1:1/x）")
    assert run_process("--db", tmp_path / "d.sqlite3", "migrate").code == 0
    assert_one_error_line(run_process("--db", tmp_path / "d.sqlite3", "import", "units", tmp_path / "无.csv"),
                          "错误：找不到要导入的文件")
    (tmp_path / "x.csv").write_bytes(b"\x00\x01\x02binary")
    assert_one_error_line(run_process("--db", tmp_path / "d.sqlite3", "import", "units", tmp_path / "x.csv"),
                          "错误：这不是文本格式的 CSV 文件")
    usage = run_process("import")
    assert usage.code == 2 and len(usage.err_lines) == 1 and "Traceback" not in usage.err


def test_a_database_from_a_newer_program_is_refused_in_one_line(run_process, tmp_path):
    db = tmp_path / "duty.sqlite3"
    assert run_process("--db", db, "migrate").code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999_future'")
    conn.close()
    for args in (["audit", "verify"], ["migrate"], ["demo"]):
        assert_one_error_line(run_process("--db", db, *args),
                              "错误：该数据库由更新版本的值班室程序创建（结构版本 0999_future）")


def test_headless_commands_never_load_qt(run_process, tmp_path):
    script = ("import sys; from dutyroom.cli import main; "
              f"code = main(['--db', {str(tmp_path / 'q.sqlite3')!r}, 'migrate']); "
              "print('exit', code, 'qt', any(m.startswith('PySide6') for m in sys.modules))")
    result = run_process("-c", script, module=False)
    assert result.out.strip().splitlines()[-1] == "exit 0 qt False", result.err
