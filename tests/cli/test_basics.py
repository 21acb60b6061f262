"""Help, version, usage errors, the GUI hand-off, and what happens when something unexpected breaks."""

from __future__ import annotations

import os
import sys
import types

import pytest

from dutyroom import __version__
from dutyroom.cli import database


def test_help_is_chinese_and_lists_every_command(cli):
    result = cli("-h")
    assert result.code == 0
    assert result.out.startswith("用法：dutyroom")
    commands = ("demo", "migrate", "backup", "restore", "user", "audit", "import", "report", "screenshot")
    for command in commands:
        assert f"    {command}" in result.out
    assert "显示帮助并退出" in result.out


def test_subcommand_help_explains_import_matching_and_administrator_login(cli):
    imports = cli("import", "units", "-h")
    assert "同名单位会被更新" in imports.out and "空白单元格不会清除原有内容" in imports.out
    user = cli("user", "add", "-h")
    assert user.out.startswith("用法：dutyroom user add") and "需要管理员的用户名和密码" in user.out
    assert "--user NAME" in imports.out and "--password-stdin" in imports.out


def test_version(cli):
    result = cli("--version")
    assert (result.code, result.out.strip()) == (0, f"值班室 DutyRoom {__version__}")


def test_the_version_constant_is_the_one_in_pyproject():
    # dutyroom.__version__ is written out (reading package metadata costs every start); the installer
    # and pip read pyproject.toml, so the two must name the same release.
    import re
    from pathlib import Path

    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^version = "([^"]+)"$', pyproject, re.MULTILINE).group(1) == __version__


@pytest.mark.parametrize(("args", "message"), [
    (["frobnicate"], "错误：参数 命令 的值“frobnicate”无效"),
    (["import", "units"], "错误：缺少参数：FILE（用法见 dutyroom import units -h）"),
    (["report", "contacts"], "错误：缺少参数：-o/--out"),
    (["import", "holidays", "x.csv", "--year", "明年"], "错误：参数 --year 需要整数"),
    (["--demo", "migrate"], "错误：--demo 只用于启动图形界面"),
    (["audit"], "错误：缺少参数：操作"),
])
def test_usage_errors_are_one_chinese_line_and_exit_2(cli, args, message):
    result = cli(*args)
    assert result.code == 2
    assert len(result.err_lines) == 1 and result.err.startswith(message)


def test_no_command_starts_the_gui_with_the_database_and_demo_flag(cli, monkeypatch):
    calls = []
    fake = types.ModuleType("dutyroom.gui.app")
    fake.run = lambda url, *, demo=False: calls.append((url, demo)) or 0
    monkeypatch.setitem(sys.modules, "dutyroom.gui.app", fake)
    assert cli("--db", "x.sqlite3", "--demo").code == 0
    assert cli().code == 0
    assert calls == [("x.sqlite3", True), (None, False)]


def test_screenshot_renders_offscreen_and_prints_each_file(cli, monkeypatch, tmp_path):
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    seen = {}

    def render_all(out, *, theme=None):
        seen.update(out=out, theme=theme, platform=os.environ.get("QT_QPA_PLATFORM"))
        return [out / "01-contacts-dark.png", out / "02-admin-dark.png"]

    fake = types.ModuleType("dutyroom.gui.screenshot")
    fake.render_all = render_all
    monkeypatch.setitem(sys.modules, "dutyroom.gui.screenshot", fake)
    result = cli("screenshot", "--out", tmp_path / "shots", "--theme", "dark")
    assert result.code == 0
    assert seen == {"out": tmp_path / "shots", "theme": "dark", "platform": "offscreen"}
    assert result.out.splitlines() == [str(tmp_path / "shots" / "01-contacts-dark.png"),
                                       str(tmp_path / "shots" / "02-admin-dark.png")]


def test_an_unexpected_failure_is_one_line_and_a_logged_traceback(cli, home, monkeypatch, tmp_path):
    def broken(args):
        raise RuntimeError("boom\nsecond line of detail")

    monkeypatch.setattr(database, "cmd_migrate", broken)  # the parser is built on each main()
    result = cli("--db", tmp_path / "x.sqlite3", "migrate")
    assert result.code == 1
    log = home / "logs" / "cli.log"
    assert result.err_lines == [f"错误：程序内部出错（RuntimeError：boom），详细信息见日志：{log}"]
    logged = log.read_text(encoding="utf-8")
    assert "Traceback" in logged and "second line of detail" in logged and "migrate" in logged


def test_file_system_errors_are_one_line(cli, demo_db, tmp_path):
    path, _ = demo_db
    folder = tmp_path / "a-folder.pdf"
    folder.mkdir()
    result = cli("--db", path, "report", "contacts", "-o", folder)
    assert result.code == 1 and len(result.err_lines) == 1
    assert result.err.startswith("错误：") and "Traceback" not in result.err
