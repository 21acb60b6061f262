"""What every area's commands share: the Chinese argparse, opening the database, argument parsing,
printing, and turning exceptions into one line "错误：…" on stderr.

Imports nothing heavy at module level: this module is loaded on every start, even for --version.
"""

from __future__ import annotations

import argparse
import re
import sys
import traceback
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from dutyroom.errors import DutyRoomError, ImportRejected

PROG = "dutyroom"

# -- argparse in Chinese ------------------------------------------------------------------------
_ARGPARSE_MESSAGES = [
    (r"the following arguments are required: (.*)", r"缺少参数：\1"),
    (r"argument (\S+): invalid choice: '?([^'(]*)'? \(choose from (.*)\)", r"参数 \1 的值“\2”无效，可选：\3"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (\S+): expected one argument", r"参数 \1 后面需要一个值"),
    (r"argument (\S+): invalid int value: (.*)", r"参数 \1 需要整数，不能是 \2"),
    (r"argument (\S+): not allowed with argument (.*)", r"参数 \1 不能和 \2 同时使用"),
    (r"ambiguous option: (\S+) could match (.*)", r"选项 \1 有歧义，可能是：\2"),
]


def _translate(message: str) -> str:
    for pattern, chinese in _ARGPARSE_MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, chinese, message).replace("'", "")
    return message


class Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # argparse itself passes prefix="" when it builds a subcommand's name; keep that.
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def error(self, message):
        self.exit(2, f"错误：{_translate(message)}（用法见 {self.prog} -h）\n")


def db_option(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument("--db", metavar="URL", default=default,
                        help="数据库：SQLite 文件路径或 postgresql:// 地址")


# -- opening the database -----------------------------------------------------------------------
@contextmanager
def open_services(args, must_exist: bool = True) -> Iterator:
    """The services on the database of --db (or the configured one), disposed of afterwards.

    must_exist=False only for commands that may create the database (demo, import, user add).
    """
    from dutyroom.app import open_services as open_app_services
    from dutyroom.app import resolve_database_url

    url = resolve_database_url(args.db)
    if must_exist:
        require_existing(url)
    services = open_app_services(url)
    try:
        yield services
    finally:
        services.db.dispose()


def require_existing(url: str) -> None:
    """Commands that read or change existing records must not silently create an empty database."""
    from dutyroom.store.engine import parse_url

    parsed = parse_url(url)
    is_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
    if is_file and not Path(parsed.database).exists():
        raise DutyRoomError(f"数据库文件不存在：{parsed.database}（请检查 --db；新建数据库请用 dutyroom migrate）")


def output_file(args, *kinds: str) -> Path:
    """The checked path of -o/--out: the right extension for one of `kinds`, never the database or
    the data folder's own files, an existing file only with --force (dutyroom.outputs)."""
    from dutyroom.app import resolve_database_url
    from dutyroom.outputs import SUFFIXES, OutputRefused, check_output
    from dutyroom.store.engine import parse_url

    out = Path(args.out).expanduser()
    kind = next((k for k in kinds if out.suffix.lower() == SUFFIXES[k]), None)
    if kind is None and len(kinds) > 1:
        raise OutputRefused(f"文件的扩展名应为 {' 或 '.join(SUFFIXES[k] for k in kinds)}：{out}")
    kind = kind or kinds[0]
    parsed = parse_url(resolve_database_url(args.db))
    is_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
    protected = [Path(parsed.database)] if is_file and parsed.database else []
    checked = check_output(out, kind, overwrite=getattr(args, "force", False), extra_protected=protected)
    if kind == "pdf":
        say_fonts_once()
    return checked


_fonts_said = False


def say_fonts_once() -> None:
    """Tell on stderr which fonts the PDF is printed in (and how to get the official ones), once a run."""
    global _fonts_said
    if _fonts_said:
        return
    _fonts_said = True
    from dutyroom.reports.font_notice import notice  # reportlab is heavy: only commands writing a PDF load it

    print(notice(), file=sys.stderr)


# -- arguments ----------------------------------------------------------------------------------
def month_arg(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*[-/年.]\s*(\d{1,2})\s*月?\s*", text or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise DutyRoomError(f"--month 的月份“{text}”无法识别，请写成 2026-12")
    return int(match.group(1)), int(match.group(2))


def date_arg(text: str, option: str):
    from dutyroom.domain.tabular import parse_date

    try:
        return parse_date(text)
    except (ValueError, TypeError):
        raise DutyRoomError(f"{option} 的日期“{text}”无法识别，请写成 2026-12-01 或 2026/12/1") from None


def import_path(args) -> Path:
    path = Path(args.file).expanduser()
    if not path.is_file():
        raise DutyRoomError(f"找不到要导入的文件：{path}")
    return path


def run_import(args, do_import) -> int:
    """`dutyroom import KIND FILE`: the file checked, `do_import(services, actor, path)` run as the program
    itself, and what it returns printed: its summary() or a line of text."""
    from dutyroom.services.records import SYSTEM_ACTOR  # services load only when a command runs

    path = import_path(args)
    with open_services(args, must_exist=False) as services:
        result = do_import(services, SYSTEM_ACTOR, path)
    print(result if isinstance(result, str) else result.summary())
    return 0


# -- talking to the user ------------------------------------------------------------------------
def fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 1


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(rows: list[list[str]]) -> None:
    """Columns aligned for a terminal, where a Chinese character is two columns wide."""
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = (cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())


def confirm(question: str, *, without_terminal: str = "需要确认：请在终端中运行，或加 --yes") -> bool:
    """A yes from the terminal; a script (no terminal) is refused rather than left waiting."""
    if not sys.stdin or not sys.stdin.isatty():
        raise DutyRoomError(without_terminal)
    return input(question).strip().lower() in ("y", "yes", "是")


# -- errors -------------------------------------------------------------------------------------
def run_handler(handler: Callable[[argparse.Namespace], int | None], args, argv) -> int:
    """A user mistake is one line and exit 1; anything unexpected is one line plus a logged traceback."""
    try:
        return handler(args) or 0
    except ImportRejected as exc:
        for row, reason in exc.rejected:
            print(f"第 {row} 行：{reason}", file=sys.stderr)
        return fail(exc.message)
    except DutyRoomError as exc:
        return fail(exc.message)
    except OSError as exc:
        return fail(_os_message(exc))
    except (KeyboardInterrupt, EOFError):
        return fail("已取消")
    except Exception as exc:
        return fail(_unexpected(exc, argv))


def _os_message(exc: OSError) -> str:
    where = f"：{exc.filename}" if exc.filename else ""
    kinds = {FileNotFoundError: "找不到文件或文件夹", PermissionError: "没有权限访问",
             IsADirectoryError: "这是一个文件夹，不是文件", NotADirectoryError: "路径中有一段不是文件夹",
             FileExistsError: "文件已存在"}
    return kinds.get(type(exc), f"文件操作失败（{exc.strerror or exc}）") + where


def _unexpected(exc: BaseException, argv) -> str:
    summary = (str(exc).strip().splitlines() or [""])[0][:200]
    try:
        from dutyroom import paths
        from dutyroom.domain.clock import SystemClock

        folder = paths.data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "cli.log"
        command_line = argv if argv is not None else sys.argv[1:]
        with log.open("a", encoding="utf-8") as out:
            out.write(f"--- {SystemClock().now().isoformat()} dutyroom {command_line}\n")
            traceback.print_exception(exc, file=out)
        where = f"详细信息见日志：{log}"
    except OSError as log_error:
        traceback.print_exception(exc, file=sys.stderr)
        where = f"日志无法写入（{log_error}），详细信息见上方"
    return f"程序内部出错（{type(exc).__name__}：{summary}），{where}"


def make_streams_printable() -> None:
    """A console or pipe that cannot encode Chinese must not turn every message into a crash."""
    for stream in (sys.stdout, sys.stderr):
        try:
            "值班".encode(getattr(stream, "encoding", None) or "ascii")
        except (LookupError, UnicodeEncodeError):
            with suppress(AttributeError, ValueError):
                stream.reconfigure(encoding="utf-8")
