"""The `dutyroom` command: the GUI by default, plus headless subcommands for administrators and scripts.

Headless commands import neither Qt nor the GUI. Every user mistake ends in one line "错误：…" on
stderr (exit 1; usage errors exit 2); anything unexpected is one line plus a traceback in the log.
Each area's commands live in dutyroom/cli/<area>.py and are added through registry.Registry.
"""

from __future__ import annotations

import argparse
import gc
import importlib

from dutyroom import __version__
from dutyroom.cli.common import PROG, Parser, db_option, run_handler
from dutyroom.cli.registry import Registry
from dutyroom.paths import keep_files_private
from dutyroom.streams import make_streams_printable

# The order of `dutyroom -h`; a new area appends its module's name here.
AREAS = ("database", "users", "audit", "contacts", "roster", "incidents", "calls", "rollcall", "screenshot", "handover",
         "instructions", "documents")

#: the cycle collector's first threshold while this process's own headless command runs (Python's is 700)
COMMAND_GC_THRESHOLD = 100_000

DESCRIPTION = "值班室 DutyRoom。不带命令时启动图形界面；下面的命令在命令行中直接完成工作，不打开窗口。"
EPILOG = """\
数据库：用 --db 指定 SQLite 文件路径或 postgresql://用户@主机:端口/库名；
不指定时依次使用环境变量 DUTYROOM_DATABASE_URL、本机设置、用户数据目录中的默认 SQLite 文件。

示例：
  dutyroom --demo                       填充演示数据并启动（只能用于空数据库）
  dutyroom --db D:/值班/duty.sqlite3     打开指定的数据库
  dutyroom backup                       立即备份
  dutyroom import units 单位.xlsx        从 Excel 导入单位
  dutyroom 命令 -h                       查看某个命令的用法"""


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog=PROG, description=DESCRIPTION, epilog=EPILOG)
    db_option(parser, None)
    parser.add_argument("--demo", action="store_true", help="向空数据库填充演示数据后启动图形界面")
    parser.add_argument("--version", action="version", version=f"值班室 DutyRoom {__version__}",
                        help="显示版本号并退出")
    registry = Registry(parser.add_subparsers(dest="command", title="命令", metavar="命令",
                                              help="每个命令都可以加 -h 查看用法"))
    for area in AREAS:
        importlib.import_module(f"{__name__}.{area}").register(registry)
    registry.finish()
    return parser


def main(argv: list[str] | None = None, *, parser: argparse.ArgumentParser | None = None) -> int:
    """Run the command of `argv`; None means this process's own command line (the `dutyroom` program, whose
    process ends when this returns), a list is a caller that goes on (tests, the warm benchmark, the report
    helper, which passes the `parser` it built once: parsing leaves a parser as it was)."""
    make_streams_printable()
    keep_files_private()
    parser = parser or build_parser()
    try:
        args = parser.parse_args(argv)
        if args.demo and args.command:
            parser.error("--demo 只用于启动图形界面；只填充演示数据请用 dutyroom demo")
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 0
    if args.command is None:
        return run_handler(_start_gui, args, argv)
    if argv is None:
        _collect_less_while_the_command_runs()
    code = run_handler(args.handler, args, argv)
    if argv is None:
        _skip_collection_at_exit()
    return code


def _collect_less_while_the_command_runs() -> None:
    """At Python's threshold of 700 new objects the collector ran ~200 times during one cold report, mostly
    inside imports, each time walking the young objects again to find almost no garbage (~1,500 of 130,000).
    A command's process is short; it still collects every 100,000 new objects (a long import or export)."""
    gc.set_threshold(COMMAND_GC_THRESHOLD, *gc.get_threshold()[1:])


def _skip_collection_at_exit() -> None:
    """Python's shutdown walks every object the command made for garbage cycles (~130,000 after a report:
    0.2 s, a quarter of a cold `report contacts`, issue 14), only to free memory the ending process hands
    back anyway. Frozen, they are skipped. What must happen at exit does not wait for that collection: the
    command has closed its files and database (with-blocks, dispose), logging flushes in atexit, and
    temporary folders are removed by weakref.finalize's atexit hook."""
    gc.freeze()


def _start_gui(args) -> int:
    from dutyroom.gui.app import run

    return run(args.db, demo=args.demo) or 0
