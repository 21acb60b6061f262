"""The one place subcommands are added: each area module's register(registry) calls these methods.

The parser is built on every start, even for --version and --help, while a handler runs once: so an
area module imports only argparse-level things at the top and its services, store and report modules
inside the handlers. tests/cli/test_startup.py holds every area to that.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from dutyroom.cli.admin_login import admin_options
from dutyroom.cli.common import db_option


@dataclass(frozen=True)
class _Section:
    """`dutyroom report|import|export NAME`: a command whose operations several areas contribute."""

    help: str
    title: str
    description: str = ""


_SECTIONS = {
    "import": _Section("从 Excel（.xlsx）或 CSV 导入名单、值班表和历史台账", "内容", """\
从 .xlsx（第一个工作表）或 .csv（UTF-8 或 GBK 编码）导入。表头写在第一行（上方可以有一行标题）。
整个文件先逐行检查：只要有一行不合格，就列出所有不合格的行号和原因，什么也不导入。
加 --skip-invalid 则只导入合格的行，不合格的行连同“原因”一列写到源文件旁的 文件名.rejected.xlsx（或 .csv），
改正后可再导入这个文件。
“序号”“备注”列会被忽略。"""),
    "report": _Section("生成打印文件（PDF）", "文件"),
    "export": _Section("导出记录到 Excel", "内容"),
}


class Registry:
    """Adds `dutyroom NAME …` commands; a group() is a Registry of `dutyroom NAME OP …`.

    Every parser it makes accepts --db after the command too, and a handler is attached with
    parser.set_defaults(handler=fn), fn(args) -> int.
    """

    def __init__(self, subparsers, root: Registry | None = None):
        self._subparsers = subparsers
        self._root = root or self
        if root is None:
            self._sections: dict[str, Registry] = {}
            self._section_parsers: dict[str, argparse.ArgumentParser] = {}
            self._needs_out: list[argparse.ArgumentParser] = []

    def command(self, name: str, help: str, description: str | None = None) -> argparse.ArgumentParser:
        parser = self._subparsers.add_parser(name, help=help, description=description or help)
        db_option(parser, argparse.SUPPRESS)  # accepted after the command too
        return parser

    def group(self, name: str, help: str, description: str | None = None, *, title: str = "操作") -> Registry:
        parser = self.command(name, help, description)
        return Registry(parser.add_subparsers(dest="op", title=title, metavar=title, required=True), self._root)

    def report(self, name: str, help: str, description: str | None = None) -> argparse.ArgumentParser:
        parser = self._root._section("report").command(name, help, description)
        # -o/--out goes last, after the report's own options, as in usage lines and "缺少参数" messages.
        self._root._needs_out.append(parser)
        return parser

    def importer(self, name: str, help: str, description: str | None = None) -> argparse.ArgumentParser:
        """`import NAME FILE`: -h shows the rules shared by every import, then this kind's own."""
        root = self._root
        common = _SECTIONS["import"].description
        parser = root._section("import").command(name, help, "\n".join(filter(None, (common, description))))
        parser.add_argument("file", metavar="FILE", help=".xlsx 或 .csv 文件")
        parser.add_argument("--skip-invalid", action="store_true",
                            help="跳过有误的行，只导入正确的行（有误的行和原因写到 FILE.rejected.xlsx 或 .csv）")
        admin_options(parser)  # an import changes the office's records: an administrator's
        section = root._section_parsers["import"]
        if description and description not in section.description:
            section.description += "\n" + description  # `import -h` explains every kind
        return parser

    def export(self, name: str, help: str, description: str | None = None) -> argparse.ArgumentParser:
        parser = self._root._section("export").command(name, help, description)
        parser.add_argument("-o", "--out", required=True, metavar="FILE.xlsx", help="保存到哪个 Excel 文件")
        parser.add_argument("--force", action="store_true", help="文件已存在时覆盖它")
        return parser

    def finish(self) -> None:
        """Called once all areas have registered."""
        for parser in self._root._needs_out:
            parser.add_argument("-o", "--out", required=True, metavar="FILE.pdf", help="保存到哪个 PDF 文件")
            parser.add_argument("--force", action="store_true", help="文件已存在时覆盖它")
        self._root._needs_out.clear()

    def _section(self, kind: str) -> Registry:
        # Created on first use, so `dutyroom -h` lists it where the first area contributing to it registers.
        if kind not in self._sections:
            spec = _SECTIONS[kind]
            parser = self.command(kind, spec.help, spec.description or spec.help)
            self._section_parsers[kind] = parser
            self._sections[kind] = Registry(
                parser.add_subparsers(dest="op", title=spec.title, metavar=spec.title, required=True), self)
        return self._sections[kind]
