"""The Registry contract area modules are written against: a new area appended to AREAS gets its
commands, group operations, reports, imports and exports, each with its own handler."""

from __future__ import annotations

import sys
import types

import pytest

import dutyroom.cli
from dutyroom.cli.common import Parser
from dutyroom.cli.registry import Registry
from dutyroom.errors import DutyRoomError


def registered(register) -> Parser:
    parser = Parser(prog="dutyroom")
    registry = Registry(parser.add_subparsers(dest="command", metavar="命令"))
    register(registry)
    registry.finish()
    return parser


@pytest.fixture
def area(monkeypatch):
    """An extra area module `dutyroom.cli.visits`, appended to AREAS the way a new area is."""
    seen = []

    def register(registry: Registry) -> None:
        registry.command("ping", "回应").set_defaults(handler=lambda args: seen.append(("ping", args.db)) or 0)
        visits = registry.group("visit", "来访")
        add = visits.command("add", "登记来访")
        add.add_argument("name")
        add.set_defaults(handler=lambda args: seen.append(("add", args.name)) or 0)
        report = registry.report("visits", "来访登记表")
        report.add_argument("--month", required=True)
        report.set_defaults(handler=lambda args: seen.append(("report", args.month, args.out)) or 0)
        registry.importer("visits", "导入来访台账", "来访台账表头：来访人、来访时间").set_defaults(
            handler=lambda args: seen.append(("import", args.file)) or 0)
        registry.export("visits", "导出来访登记").set_defaults(handler=lambda args: seen.append(("export", args.out)))

        def refuse(args):
            raise DutyRoomError("没有这次来访")

        visits.command("delete", "删除来访").set_defaults(handler=refuse)

    module = types.ModuleType("dutyroom.cli.visits")
    module.register = register
    monkeypatch.setitem(sys.modules, "dutyroom.cli.visits", module)
    monkeypatch.setattr(dutyroom.cli, "AREAS", (*dutyroom.cli.AREAS, "visits"))
    return seen


def test_a_new_area_gets_every_kind_of_command_and_main_calls_its_handlers(cli, area):
    assert cli("ping", "--db", "x.sqlite3").code == 0  # --db after the command too
    assert cli("visit", "add", "张伟").code == 0
    assert cli("report", "visits", "--month", "2026-12", "-o", "v.pdf").code == 0
    assert cli("import", "visits", "来访.xlsx").code == 0
    assert cli("export", "visits", "-o", "v.xlsx").code == 0  # a handler returning None is success
    assert area == [("ping", "x.sqlite3"), ("add", "张伟"), ("report", "2026-12", "v.pdf"),
                    ("import", "来访.xlsx"), ("export", "v.xlsx")]


def test_a_new_area_is_listed_in_help_and_its_import_help_joins_import_h(cli, area):
    assert "    ping" in cli("-h").out and "    visit" in cli("-h").out
    assert "    visits" in cli("report", "-h").out and "    visits" in cli("export", "-h").out
    assert "来访台账表头" in cli("import", "-h").out
    own = cli("import", "visits", "-h").out
    assert "整个文件先逐行检查" in own and "来访台账表头" in own and "单位表头" not in own


def test_a_new_area_s_mistakes_are_one_line_like_every_other(cli, area):
    refused = cli("visit", "delete")
    assert (refused.code, refused.err_lines) == (1, ["错误：没有这次来访"])
    usage = cli("report", "visits", "--month", "2026-12")
    assert usage.code == 2 and usage.err_lines == ["错误：缺少参数：-o/--out（用法见 dutyroom report visits -h）"]


def test_report_puts_out_last_and_requires_it():
    def register(registry):
        registry.report("roster", "值班表").add_argument("--month", required=True)

    parser = registered(register)
    with pytest.raises(SystemExit):
        parser.parse_args(["report", "roster"])
    report = parser.parse_args(["report", "roster", "--month", "2026-12", "-o", "r.pdf"])
    assert (report.op, report.month, report.out) == ("roster", "2026-12", "r.pdf")


def test_importer_takes_the_file_and_export_requires_out():
    def register(registry):
        registry.importer("units", "导入单位")
        registry.export("calls", "导出来电")

    parser = registered(register)
    assert parser.parse_args(["import", "units", "单位.csv", "--db", "d.sqlite3"]).file == "单位.csv"
    assert parser.parse_args(["export", "calls", "--out", "c.xlsx"]).out == "c.xlsx"
    with pytest.raises(SystemExit):
        parser.parse_args(["export", "calls"])


def test_group_operations_are_required_and_named_op():
    def register(registry):
        registry.group("search", "搜索", title="内容").command("calls", "搜索来电")

    parser = registered(register)
    assert parser.parse_args(["search", "calls"]).op == "calls"
    with pytest.raises(SystemExit):
        parser.parse_args(["search"])
