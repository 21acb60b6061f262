"""Building the parser, --version and --help load no database, service, report or GUI code.

The parser is built on every start, so a heavy import at the top of any area module would slow every
`dutyroom --version` and every command's -h. Each case runs in a fresh interpreter, where sys.modules
shows exactly what the start-up pulled in.
"""

from __future__ import annotations

import json

import pytest

HEAVY = ("sqlalchemy", "dutyroom.services", "dutyroom.store", "dutyroom.reports", "dutyroom.gui", "PySide6",
         "openpyxl", "reportlab")


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["report", "-h"], ["import", "-h"]])
def test_start_up_imports_nothing_heavy(run_process, argv):
    script = ("import contextlib, io, json, sys; from dutyroom.cli import main\n"
              "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
              f"    code = main({argv!r})\n"
              "print(json.dumps({'code': code, 'out': out.getvalue(), 'modules': sorted(sys.modules)}))")
    result = run_process("-c", script, module=False)
    assert result.code == 0, result.err
    seen = json.loads(result.out)
    assert seen["code"] == 0 and seen["out"]  # it really printed the version or the help
    heavy = [m for m in seen["modules"] if any(m == h or m.startswith(h + ".") for h in HEAVY)]
    assert heavy == []


def test_building_the_parser_imports_nothing_heavy(run_process):
    script = ("import json, sys; from dutyroom.cli import build_parser; build_parser(); "
              "print(json.dumps(sorted(sys.modules)))")
    result = run_process("-c", script, module=False)
    assert result.code == 0, result.err
    modules = json.loads(result.out)
    assert "dutyroom.cli.calls" in modules  # every area registered
    assert [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)] == []


def test_help_lists_every_area_command_report_and_import(cli):
    top = cli("-h").out
    for command in ("demo", "migrate", "backup", "restore", "user", "audit", "import", "report", "roster",
                    "search", "export", "screenshot"):
        assert f"    {command}" in top
    reports = cli("report", "-h").out
    for report in ("contacts", "roster", "incident", "bulletin", "timeliness", "daily", "calls", "call-stats"):
        assert f"    {report}" in reports
    imports = cli("import", "-h").out
    for kind in ("units", "people", "holidays", "roster", "incidents", "calls"):
        assert f"    {kind}" in imports
    for header in ("单位表头", "人员表头", "节假日表头", "值班表表头", "突发事件表头", "来电台账表头"):
        assert header in imports  # `import -h` explains every kind's columns


def test_each_import_kind_shows_the_shared_rules_and_only_its_own_area_columns(cli):
    calls = cli("import", "calls", "-h").out
    assert "整个文件先逐行检查" in calls and "来电台账表头" in calls and "单位表头" not in calls
    incidents = cli("import", "incidents", "-h").out
    assert "突发事件表头" in incidents and "来电台账表头" not in incidents
