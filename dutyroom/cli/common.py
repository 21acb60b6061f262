"""What every area's commands share: the Chinese argparse, opening the database, argument parsing,
printing, and turning exceptions into one line "错误：…" on stderr.

Imports nothing heavy at module level: this module is loaded on every start, even for --version.
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import stat
import sys
import traceback
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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

    must_exist=False only for the command that may create the database (demo; migrate opens its own).
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
    """Commands that read or change existing records must not silently create an empty database:
    only demo, migrate and the first start of the window do. A missing or empty file, or a database
    without DutyRoom's tables, is named instead."""
    from dutyroom.store import migrate
    from dutyroom.store.engine import Database, parse_url

    parsed = parse_url(url)
    is_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
    hint = "（请检查 --db；新建数据库请用 dutyroom migrate）"
    if is_file:
        path = Path(parsed.database)
        if not path.exists():
            raise DutyRoomError(f"数据库文件不存在：{path}{hint}")
        if path.is_file() and path.stat().st_size == 0:
            raise DutyRoomError(f"数据库文件是空的，还不是值班室数据库：{path}{hint}")
    db = Database(url)
    try:
        db.check_connection()
        revision = migrate.current_revision(db)
    finally:
        db.dispose()
    if revision is None:
        raise DutyRoomError(f"这个数据库里没有值班室的数据（{db.describe()}）{hint}")


def output_file(args, *kinds: str, printed_here: bool = True) -> Path:
    """The checked path of -o/--out: the right extension for one of `kinds`, never the database or
    the data folder's own files, an existing file only with --force (dutyroom.outputs).
    `printed_here=False`: a stored PDF is copied out, so no word about this machine's fonts follows."""
    from dutyroom.app import resolve_database_url
    from dutyroom.outputs import SUFFIXES, OutputRefused, check_output
    from dutyroom.store.engine import parse_url

    out = utf8_path(args.out, "输出")
    kind = next((k for k in kinds if out.suffix.lower() == SUFFIXES[k]), None)
    if kind is None and len(kinds) > 1:
        raise OutputRefused(f"文件的扩展名应为 {' 或 '.join(SUFFIXES[k] for k in kinds)}：{out}")
    kind = kind or kinds[0]
    parsed = parse_url(resolve_database_url(args.db))
    is_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
    protected = [Path(parsed.database)] if is_file and parsed.database else []
    checked = check_output(out, kind, overwrite=getattr(args, "force", False), extra_protected=protected)
    if kind == "pdf" and printed_here:
        global _fonts_wanted
        _fonts_wanted = True
    return checked


_fonts_wanted = False


def say_fonts_if_wanted() -> None:
    """Tell on stderr which fonts the PDF was printed in (and how to get the official ones), once a run,
    after a command that wrote one succeeded."""
    global _fonts_wanted
    if not _fonts_wanted:
        return
    _fonts_wanted = False
    from dutyroom.reports.font_notice import notice  # reportlab is heavy: only commands writing a PDF load it

    print(notice(), file=sys.stderr)


# -- arguments ----------------------------------------------------------------------------------
def month_arg(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*[-/年.]\s*(\d{1,2})\s*月?\s*", text or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise DutyRoomError(f"--month 的月份“{text}”无法识别，请写成 2026-12")
    if not 1900 <= int(match.group(1)) <= 2999:
        raise DutyRoomError(f"--month 的年份“{match.group(1)}”不在 1900—2999 之间，请检查")
    return int(match.group(1)), int(match.group(2))


def date_arg(text: str, option: str):
    from dutyroom.domain.tabular import parse_date

    try:
        return parse_date(text)
    except (ValueError, TypeError) as exc:
        if "年份" in str(exc):
            raise DutyRoomError(f"{option} 的日期“{text}”年份不在 1900—2999 之间，请检查") from None
        raise DutyRoomError(f"{option} 的日期“{text}”无法识别，请写成 2026-12-01 或 2026/12/1") from None


def utf8_path(text: str, what: str) -> Path:
    """A file name given on the command line that cannot be written as UTF-8 (bytes from another
    system's encoding) cannot be stored in a record or printed: one clear line instead."""
    try:
        str(text).encode("utf-8")
    except UnicodeEncodeError:
        shown = str(text).encode("utf-8", "backslashreplace").decode("ascii", "replace")
        raise DutyRoomError(f"{what}的文件名含有无法识别的字符（不是 UTF-8 编码），请改名后再试：{shown}") from None
    return Path(text).expanduser()


def import_path(args) -> Path:
    path = utf8_path(args.file, "要导入")
    if not path.is_file():
        raise DutyRoomError(f"找不到要导入的文件：{path}")
    return path


SHOWN_REFUSALS = 20


def run_import(args, do_import) -> int:
    """`dutyroom import KIND FILE [--skip-invalid]`: the file checked, `do_import(services, actor, path,
    skip_invalid)` run as the administrator who logged in (dutyroom.cli.admin_login), and its summary()
    printed; rows skipped are listed on stderr (the first SHOWN_REFUSALS; all of them are in the
    rejected-rows file)."""
    from dutyroom.cli.admin_login import admin_actor

    path = import_path(args)
    with open_services(args) as services:
        result = do_import(services, admin_actor(args, services), path, bool(getattr(args, "skip_invalid", False)))
    refused = getattr(result, "refused", None)
    rows = refused.rows if refused is not None else ()
    for row, reason in rows[:SHOWN_REFUSALS]:
        print(f"跳过第 {row} 行：{reason}", file=sys.stderr)
    if len(rows) > SHOWN_REFUSALS:
        print(f"……另有 {len(rows) - SHOWN_REFUSALS} 行，见 {refused.file}", file=sys.stderr)
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
        code = handler(args) or 0
        if code == 0:
            say_fonts_if_wanted()  # after the document is written: a mistake stays one line
        return code
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
    except Exception as exc:  # the database's own refusals are the user's to act on; the rest is a bug
        known = _database_message(exc)
        return fail(known if known else _unexpected(exc, argv))


def _database_message(exc: Exception) -> str | None:
    """A read-only file, a full disk, a file that is not a database: what the user can act on."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    if type(exc).__name__ not in ("OperationalError", "DatabaseError"):
        return None
    if "readonly" in text or "read-only" in text:
        return "数据库文件是只读的，无法写入（请检查文件和文件夹的权限）"
    if "disk is full" in text or "no space" in text or "disk full" in text:
        return "磁盘已满，无法写入数据库；没有保存任何改动，请清理磁盘后再试"
    if "not a database" in text or "malformed" in text:
        return "这不是有效的 SQLite 数据库文件，或文件已损坏（请检查 --db）"
    return None


def _os_message(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "磁盘已满，无法写入文件；请清理磁盘后再试" + (f"：{exc.filename}" if exc.filename else "")
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
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        log = folder / "cli.log"
        command_line = argv if argv is not None else sys.argv[1:]
        fd = os.open(log, os.O_CREAT | os.O_WRONLY | os.O_APPEND, stat.S_IRUSR | stat.S_IWUSR)
        with os.fdopen(fd, "a", encoding="utf-8") as out:
            out.write(f"--- {SystemClock().now().isoformat()} dutyroom {_without_secrets(command_line)}\n")
            out.writelines(_without_personal_data(traceback.format_exception(exc)))
        where = f"详细信息见日志：{log}"
    except OSError as log_error:
        traceback.print_exception(exc, file=sys.stderr)
        where = f"日志无法写入（{log_error}），详细信息见上方"
    return f"程序内部出错（{type(exc).__name__}：{summary}），{where}"


def _without_secrets(command_line) -> list[str]:
    """A URL's password never reaches the log (postgresql://user:secret@host)."""
    return [re.sub(r"(://[^:/@\s]+):[^@\s]*@", r"\1:***@", str(a)) for a in command_line]


def _without_personal_data(lines: list[str]) -> list[str]:
    """The log is for finding the bug, not the records: SQL parameters are hidden by the engine
    (hide_parameters), and the server's DETAIL lines, which quote the values of a row, are dropped."""
    kept = []
    for chunk in lines:
        kept.append("".join(line for line in chunk.splitlines(keepends=True)
                            if not line.lstrip().startswith(("DETAIL:", "[parameters:"))))
    return kept

