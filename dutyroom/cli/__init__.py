"""The `dutyroom` command: the GUI by default, plus headless subcommands for administrators and scripts.

Headless commands import neither Qt nor the GUI. Every user mistake ends in one line "错误：…" on
stderr (exit 1; usage errors exit 2); anything unexpected is one line plus a traceback in the log.
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
import traceback
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path

from dutyroom import __version__, cli_calls
from dutyroom.errors import DutyRoomError, ImportRejected
from dutyroom.services.records import SYSTEM_ACTOR

PROG = "dutyroom"
ROLES = {"officer": "值班员", "leader": "带班领导", "admin": "管理员"}

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
USER_HELP = ("管理登录账户。这些命令以“系统”身份执行，不需要登录：能在本机命令行操作数据库的人本来就掌管它；"
             "审计日志中记为“系统”。")
IMPORT_HELP = """\
从 .xlsx（第一个工作表）或 .csv（UTF-8 或 GBK 编码）导入。表头写在第一行（上方可以有一行标题）。
整个文件先逐行检查：只要有一行不合格，就列出所有不合格的行号和原因，什么也不导入。
同名单位会被更新；同一单位的同名人员会被更新；空白单元格不会清除原有内容。
“序号”“备注”列会被忽略。

单位表头：单位名称（必填）、类型（上级机关/本机关/下级单位/部门，默认下级单位）、值班电话、传真、地址、排序、状态（启用/停用）
人员表头：姓名（必填）、单位（须是已有单位的完整名称）、职务、岗位（带班领导/值班员/备班）、办公电话、手机、状态
节假日表头：日期、类型（法定节假日/调休上班，或“休”/“班”）、名称；导入的年份整年替换
值班表表头：日期、带班领导、值班员、备班（一格多人用顿号分隔；姓名须与人员名单完全一致）；文件中的日期整天替换
突发事件表头：事件标题、事发时间、接报时间、事发地点（必填），首报时间、首报方式、类别、类型、级别、报告单位、
  死亡、受伤、失踪、被困、损失情况、原因、处置措施、敌情社情宗教动态（是/否）；时间写成 2026-11-03 14:05；
  导入的事件作为历史记录（已终报），按首报时间计算报送是否及时，没有首报时间的计为漏报"""
REPORT_HELP = """\
事件编号见程序的“突发事件”页面。每日要情列出突发事件和值得关注的来电（转办、报告领导、标记为苗头性或普遍性的来电，
以及逾期未办结的转办件）。
每天18时程序会自动生成当天的每日要情，存入用户数据目录的 reports 文件夹。"""
ROSTER_HELP = "排班：按轮班生成值班表，查看某天或此刻谁在值班。日期可写成 2026-12-01 或 2026/12/1。"


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


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # argparse itself passes prefix="" when it builds a subcommand's name; keep that.
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def error(self, message):
        self.exit(2, f"错误：{_translate(message)}（用法见 {self.prog} -h）\n")


def _db_option(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument("--db", metavar="URL", default=default,
                        help="数据库：SQLite 文件路径或 postgresql:// 地址")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description=DESCRIPTION, epilog=EPILOG)
    _db_option(parser, None)
    parser.add_argument("--demo", action="store_true", help="向空数据库填充演示数据后启动图形界面")
    parser.add_argument("--version", action="version", version=f"值班室 DutyRoom {__version__}",
                        help="显示版本号并退出")
    commands = parser.add_subparsers(dest="command", title="命令", metavar="命令",
                                     help="每个命令都可以加 -h 查看用法")

    def command(group, name: str, help_text: str, description: str | None = None, **kwargs):
        sub = group.add_parser(name, help=help_text, description=description or help_text, **kwargs)
        _db_option(sub, argparse.SUPPRESS)  # accepted after the command too
        return sub

    command(commands, "demo", "向空数据库填充演示数据（不启动界面），显示演示账户的密码")
    command(commands, "migrate", "把数据库结构升级到本程序的版本（SQLite 升级前自动备份）")
    backup = command(commands, "backup", "备份 SQLite 数据库（PostgreSQL 请用 pg_dump）")
    backup.add_argument("--out", metavar="FILE", help="备份文件路径（默认存入用户数据目录的 backups 文件夹）")
    restore = command(commands, "restore", "用备份文件恢复 SQLite 数据库（恢复前自动另存当前数据库）")
    restore.add_argument("file", metavar="FILE", help="备份文件")
    restore.add_argument("-y", "--yes", action="store_true", help="不再询问，直接恢复")

    user = command(commands, "user", "管理登录账户（以系统身份执行）", USER_HELP)
    user_ops = user.add_subparsers(dest="op", title="操作", metavar="操作", required=True)
    add = command(user_ops, "add", "新建账户", USER_HELP)
    add.add_argument("username", metavar="USERNAME", help="用户名（登录时输入）")
    add.add_argument("--role", required=True, choices=list(ROLES),
                     help="角色：officer=值班员，leader=带班领导，admin=管理员")
    add.add_argument("--name", metavar="NAME", default="", help="显示名：界面和审计日志中显示的名字")
    add.add_argument("--person", metavar="NAME", help="关联的人员姓名（须在人员名单中且不重名）")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读取一行作为密码（用于脚本）")
    passwd = command(user_ops, "passwd", "重设账户密码（同时解除锁定）", USER_HELP)
    passwd.add_argument("username", metavar="USERNAME")
    passwd.add_argument("--password-stdin", action="store_true", help="从标准输入读取一行作为密码（用于脚本）")
    command(user_ops, "unlock", "解除因密码输错而锁定的账户", USER_HELP).add_argument("username", metavar="USERNAME")
    command(user_ops, "list", "列出所有账户", USER_HELP)

    audit = command(commands, "audit", "审计日志")
    audit_ops = audit.add_subparsers(dest="op", title="操作", metavar="操作", required=True)
    command(audit_ops, "verify", "检查审计日志的哈希链，指出第一条被改动或删除的记录")

    imports = command(commands, "import", "从 Excel（.xlsx）或 CSV 导入单位、人员、节假日、值班表、突发事件台账、来电台账",
                      IMPORT_HELP + "\n" + cli_calls.CALL_IMPORT_HELP)
    import_ops = imports.add_subparsers(dest="op", title="内容", metavar="内容", required=True)
    for name, label in (("units", "单位"), ("people", "人员"), ("holidays", "节假日安排"), ("roster", "值班表"),
                        ("incidents", "突发事件历史台账"), ("calls", "来电历史台账")):
        sub = command(import_ops, name, f"导入{label}", IMPORT_HELP + "\n" + cli_calls.CALL_IMPORT_HELP)
        sub.add_argument("file", metavar="FILE", help=".xlsx 或 .csv 文件")
        if name == "holidays":
            sub.add_argument("--year", type=int, metavar="YYYY", help="导入哪一年（默认取文件中的日期）")

    roster = command(commands, "roster", "排班：生成值班表、查看谁在值班", ROSTER_HELP)
    roster_ops = roster.add_subparsers(dest="op", title="操作", metavar="操作", required=True)
    generate = command(roster_ops, "generate", "按轮班生成一段时间的值班表（已有的手工排班、调班不会被覆盖）",
                       ROSTER_HELP)
    generate.add_argument("--from", dest="first", required=True, metavar="DATE", help="开始日期")
    generate.add_argument("--to", dest="last", required=True, metavar="DATE", help="结束日期")
    generate.add_argument("--replace", action="store_true", help="重排这段时间内自动生成的班位")
    generate.add_argument("--allow-unknown-years", action="store_true",
                          help="节假日日历缺少某年的安排时仍然生成（节假日会被当作普通日子）")
    export = command(roster_ops, "export", "导出一个月的值班表：.xlsx（Excel）或 .ics（日历，可只导出某人）")
    export.add_argument("--month", required=True, metavar="YYYY-MM", help="哪个月，例如 2026-12")
    export.add_argument("--person", metavar="姓名", help="只导出此人的班次（仅 .ics）")
    export.add_argument("-o", "--out", required=True, metavar="FILE.xlsx|FILE.ics", help="按扩展名决定格式")
    show = command(roster_ops, "show", "查看某天或此刻谁在值班，以及下一班", ROSTER_HELP)
    when = show.add_mutually_exclusive_group(required=True)
    when.add_argument("--date", metavar="DATE", help="这一天的班次")
    when.add_argument("--now", action="store_true", help="此刻在值班的班次")

    report = command(commands, "report", "生成打印文件（PDF）")
    report_ops = report.add_subparsers(dest="op", title="文件", metavar="文件", required=True)
    contacts = command(report_ops, "contacts", "值班通讯录（A4，按单位分组）")
    contacts.add_argument("-o", "--out", required=True, metavar="FILE.pdf", help="保存到哪个 PDF 文件")
    roster_pdf = command(report_ops, "roster", "月度值班表（A4 横向）")
    roster_pdf.add_argument("--month", required=True, metavar="YYYY-MM", help="哪个月，例如 2026-12")
    roster_pdf.add_argument("-o", "--out", required=True, metavar="FILE.pdf", help="保存到哪个 PDF 文件")
    incident_pdf = command(report_ops, "incident", "突发事件信息报告（首报/续报/终报，按报送时的内容）",
                           REPORT_HELP)
    incident_pdf.add_argument("id", metavar="ID", help="事件编号")
    incident_pdf.add_argument("--report", metavar="N", help="第几份报告：0=首报，1=续报一（或终报）……；默认最近报送的一份")
    bulletin_pdf = command(report_ops, "bulletin", "值班快报：按事件编发新的一期（自动编期号）并生成 PDF",
                           REPORT_HELP)
    bulletin_pdf.add_argument("id", metavar="ID", help="事件编号；正文按事件情况自动撰写，可在程序中修改后重印")
    timeliness_pdf = command(report_ops, "timeliness", "突发事件信息报告情况通报（月度，含迟报、漏报和图表）",
                             REPORT_HELP)
    timeliness_pdf.add_argument("--month", required=True, metavar="YYYY-MM", help="哪个月，例如 2026-11")
    daily_pdf = command(report_ops, "daily", "每日要情（前一日18时至当日18时接报的突发事件）", REPORT_HELP)
    daily_pdf.add_argument("--date", required=True, metavar="DATE", help="哪一天，例如 2026-11-21")
    for sub in (incident_pdf, bulletin_pdf, timeliness_pdf, daily_pdf):
        sub.add_argument("-o", "--out", required=True, metavar="FILE.pdf", help="保存到哪个 PDF 文件")
    cli_calls.add_commands(commands, report_ops, command)

    shots = command(commands, "screenshot", "用演示数据把每个页面渲染成 PNG（无需显示器）")
    shots.add_argument("--out", required=True, metavar="DIR", help="保存图片的文件夹")
    shots.add_argument("--theme", choices=("light", "dark"),
                       help="light=日间，dark=夜间（不指定则两种都渲染）")
    return parser


# -- entry point --------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    _make_streams_printable()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.demo and args.command:
            parser.error("--demo 只用于启动图形界面；只填充演示数据请用 dutyroom demo")
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 0
    try:
        if args.command is None:
            from dutyroom.gui.app import run

            return run(args.db, demo=args.demo) or 0
        return COMMANDS[args.command](args) or 0
    except ImportRejected as exc:
        for row, reason in exc.rejected:
            print(f"第 {row} 行：{reason}", file=sys.stderr)
        return _fail(exc.message)
    except DutyRoomError as exc:
        return _fail(exc.message)
    except OSError as exc:
        return _fail(_os_message(exc))
    except (KeyboardInterrupt, EOFError):
        return _fail("已取消")
    except Exception as exc:
        return _fail(_unexpected(exc, argv))


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 1


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


def _make_streams_printable() -> None:
    """A console or pipe that cannot encode Chinese must not turn every message into a crash."""
    for stream in (sys.stdout, sys.stderr):
        try:
            "值班".encode(getattr(stream, "encoding", None) or "ascii")
        except (LookupError, UnicodeEncodeError):
            with suppress(AttributeError, ValueError):
                stream.reconfigure(encoding="utf-8")


# -- opening the database -----------------------------------------------------------------------
@contextmanager
def _services(args, *, must_exist: bool = False) -> Iterator:
    from dutyroom.app import open_services, resolve_database_url

    url = resolve_database_url(args.db)
    if must_exist:
        _require_existing(url)
    services = open_services(url)
    try:
        yield services
    finally:
        services.db.dispose()


def _require_existing(url: str) -> None:
    """Commands that read or change existing records must not silently create an empty database."""
    from dutyroom.store.engine import parse_url

    parsed = parse_url(url)
    is_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
    if is_file and not Path(parsed.database).exists():
        raise DutyRoomError(f"数据库文件不存在：{parsed.database}（请检查 --db；新建数据库请用 dutyroom migrate）")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(rows: list[list[str]]) -> None:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = (cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())


# -- commands -----------------------------------------------------------------------------------
def cmd_demo(args) -> int:
    from dutyroom.services.demo import seed_demo

    with _services(args) as services:
        passwords = seed_demo(services)
        units, people = len(services.units.list()), len(services.people.list())
        print(f"已在 {services.db.describe()} 中填充演示数据：{units} 个单位，{people} 名人员。")
        users = {u.username: u for u in services.users.list()}
    print("演示账户（密码只显示这一次）：")
    rows = [["用户名", "角色", "姓名", "密码"]]
    rows += [[name, users[name].role.label, users[name].display_name, pw] for name, pw in passwords.items()]
    _table(rows)
    print("请现在记下密码；登录后可以在“管理 → 账户”中修改。")
    return 0


def cmd_migrate(args) -> int:
    from dutyroom import paths
    from dutyroom.app import prepare_new_database, resolve_database_url
    from dutyroom.domain.clock import SystemClock
    from dutyroom.services import Services
    from dutyroom.services.context import ServiceContext
    from dutyroom.store import migrate
    from dutyroom.store.engine import Database

    db = Database(resolve_database_url(args.db))
    try:
        db.check_connection()
        clock = SystemClock()
        result = migrate.upgrade(db, backup_to=paths.backup_dir() if db.kind == "sqlite" else None,
                                 when=clock.now())
        prepare_new_database(Services(ServiceContext(db=db, clock=clock)))
        print(f"数据库：{db.describe()}")
        if result.changed:
            print(f"结构版本：{result.before or '空数据库'} → {result.after}")
        else:
            print(f"已是最新（结构版本 {result.after}）")
        if result.backup:
            print(f"升级前已备份到：{result.backup}")
    finally:
        db.dispose()
    return 0


def cmd_backup(args) -> int:
    from dutyroom import paths
    from dutyroom.app import resolve_database_url
    from dutyroom.domain.clock import SystemClock
    from dutyroom.services import Services
    from dutyroom.services.context import ServiceContext
    from dutyroom.store import migrate
    from dutyroom.store.backup import backup_sqlite
    from dutyroom.store.engine import Database

    url = resolve_database_url(args.db)
    _require_existing(url)
    db = Database(url)
    try:
        clock = SystemClock()
        target = Path(args.out).expanduser() if args.out else None
        out = backup_sqlite(db, paths.backup_dir(), when=clock.now(), out=target)
        if migrate.current_revision(db) == migrate.HEAD:
            services = Services(ServiceContext(db=db, clock=clock))
            services.audit.record(SYSTEM_ACTOR, "backup", "database", after={"file": str(out)})
    finally:
        db.dispose()
    print(f"已备份到：{out}")
    return 0


def cmd_restore(args) -> int:
    from dutyroom import paths
    from dutyroom.app import resolve_database_url
    from dutyroom.domain.clock import SystemClock
    from dutyroom.store import migrate
    from dutyroom.store.backup import check_backup_file, restore_sqlite
    from dutyroom.store.engine import Database

    url = resolve_database_url(args.db)
    backup = Path(args.file).expanduser()
    migrate.check_not_newer(check_backup_file(backup), "该备份")
    db = Database(url)
    try:
        if db.sqlite_path is None:
            raise DutyRoomError("只能恢复到本机 SQLite 数据库；PostgreSQL 请用服务器的工具（pg_restore）")
        if db.sqlite_path.exists() and backup.resolve() == db.sqlite_path.resolve():
            raise DutyRoomError("备份文件就是当前数据库本身，无需恢复")
        if not args.yes and not _confirm(f"将用备份 {backup} 覆盖数据库 {db.sqlite_path}"
                                         "（当前数据库会先另存一份）。确定恢复吗？输入 y 确认："):
            print("已取消，数据库没有改动。")
            return 1
        safety = restore_sqlite(db, backup, safety_folder=paths.backup_dir(), when=SystemClock().now())
    finally:
        db.dispose()
    with _services(args) as services:  # brings an older backup up to this program's schema
        services.audit.record(SYSTEM_ACTOR, "restore", "database",
                              after={"file": str(backup), "saved_before": str(safety or "")})
    print(f"已从 {backup} 恢复数据库 {db.sqlite_path}")
    if safety:
        print(f"恢复前的数据库已另存为：{safety}")
    return 0


def _confirm(question: str) -> bool:
    if not sys.stdin or not sys.stdin.isatty():
        raise DutyRoomError("恢复会覆盖当前数据库，需要确认：请在终端中运行，或加 --yes")
    return input(question).strip().lower() in ("y", "yes", "是")


def cmd_user(args) -> int:
    from dutyroom.services.records import UserRecord
    from dutyroom.services.users import password_problem

    with _services(args, must_exist=args.op != "add") as services:
        if args.op == "list":
            return _list_users(services)
        if args.op == "add":
            from dutyroom.domain.vocabulary import Role

            person_id = _find_person(services, args.person) if args.person else None
            if services.users.find(args.username):
                raise DutyRoomError(f"用户名 {args.username} 已被使用")
            password = _new_password(args, password_problem)
            record = UserRecord(username=args.username, role=Role(args.role), person_id=person_id,
                                display_name=args.name)
            created = services.users.save(SYSTEM_ACTOR, record, password)
            print(f"已新建账户 {created.username}（{created.role.label}，{created.display_name}）")
            return 0
        user = services.users.find(args.username)
        if user is None:
            raise DutyRoomError(f"没有用户名为 {args.username} 的账户（用 dutyroom user list 查看）")
        if args.op == "passwd":
            services.users.set_password(SYSTEM_ACTOR, user.id, _new_password(args, password_problem))
            print(f"已重设 {user.username} 的密码")
        else:
            services.users.unlock(SYSTEM_ACTOR, user.id)
            print(f"已解锁账户 {user.username}")
    return 0


def _find_person(services, name: str) -> int:
    matches = [p for p in services.people.list() if p.name == name.strip()]
    if not matches:
        raise DutyRoomError(f"人员名单中没有“{name}”，请先添加该人员，或不用 --person")
    if len(matches) > 1:
        units = "、".join(p.unit_name or "无单位" for p in matches)
        raise DutyRoomError(f"有 {len(matches)} 名人员叫“{name}”（{units}），请在程序的账户管理中关联")
    return matches[0].id


def _new_password(args, password_problem) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise DutyRoomError("标准输入中没有读到密码")
        return password
    if not sys.stdin or not sys.stdin.isatty():
        raise DutyRoomError("没有可以输入密码的终端；在脚本中请加 --password-stdin，从标准输入传入密码")
    first = getpass.getpass("新密码：")
    problem = password_problem(first)
    if problem:
        raise DutyRoomError(problem)
    if getpass.getpass("再输入一次：") != first:
        raise DutyRoomError("两次输入的密码不一致，密码没有改动")
    return first


def _list_users(services) -> int:
    from dutyroom.domain.localtime import format_local

    zone = services.settings.get().time_zone
    now = services.clock.now()
    rows = [["用户名", "角色", "姓名", "状态", "最近登录"]]
    for u in services.users.list():
        if not u.active:
            state = "停用"
        elif u.locked_until and u.locked_until > now:
            state = f"锁定至 {format_local(u.locked_until, zone, '%H:%M')}"
        else:
            state = "正常"
        last = format_local(u.last_login_at, zone) or "—"
        rows.append([u.username, u.role.label, u.display_name, state, last])
    if len(rows) == 1:
        print("还没有任何账户。新建：dutyroom user add 用户名 --role admin")
        return 0
    _table(rows)
    return 0


def cmd_audit(args) -> int:
    with _services(args, must_exist=True) as services:
        report = services.audit.verify()
    if report.ok:
        print(f"审计日志完整：共 {report.checked} 条记录")
        return 0
    print(f"审计日志第 {report.broken_seq} 条记录异常：{report.reason}（此前的 {report.checked} 条完好）")
    return 1


def cmd_import(args) -> int:
    from dutyroom.services import importing
    from dutyroom.services.records import SYSTEM_ACTOR

    path = Path(args.file).expanduser()
    if not path.is_file():
        raise DutyRoomError(f"找不到要导入的文件：{path}")
    with _services(args) as services:
        if args.op == "units":
            result = importing.import_units(services, SYSTEM_ACTOR, path)
        elif args.op == "people":
            result = importing.import_people(services, SYSTEM_ACTOR, path)
        elif args.op == "roster":
            result = services.roster.import_file(SYSTEM_ACTOR, path)
        elif args.op == "incidents":
            result = services.incidents.import_file(SYSTEM_ACTOR, path)
        elif args.op == "calls":
            print(cli_calls.import_calls(services, SYSTEM_ACTOR, path))
            return 0
        else:
            result = importing.import_holidays(services, SYSTEM_ACTOR, path, year=args.year)
    print(result.summary())
    return 0


def cmd_report(args) -> int:
    from dutyroom.reports import build_contacts_pdf, build_roster_pdf

    out = Path(args.out).expanduser()
    if args.op in _INCIDENT_REPORTS:
        with _services(args, must_exist=True) as services:
            print(_INCIDENT_REPORTS[args.op](services, args, out))
        return 0
    if args.op == "roster":
        year, month = _month_arg(args.month)
        with _services(args, must_exist=True) as services:
            roster_month = services.roster.month(year, month)
        build_roster_pdf(roster_month, out)
        print(f"已生成 {year}年{month}月值班表：{out}")
        return 0
    with _services(args, must_exist=True) as services:
        directory = services.contacts.directory()
    build_contacts_pdf(directory, out)
    people = sum(len(g.people) for g in directory.groups)
    print(f"已生成值班通讯录：{out}（{len(directory.groups)} 个单位，{people} 人）")
    return 0


def _incident_arg(services, text: str):
    from dutyroom.errors import NotFound

    if not re.fullmatch(r"\s*\d{1,9}\s*", text or ""):
        raise DutyRoomError(f"事件编号“{text}”无效，应为数字（见程序的“突发事件”页面）")
    try:
        return services.incidents.get(int(text))
    except NotFound:
        raise DutyRoomError(f"没有编号为 {text.strip()} 的事件") from None


def _report_incident(services, args, out: Path) -> str:
    from dutyroom.reports import build_incident_report_pdf

    incident = _incident_arg(services, args.id)
    sent = [r for r in services.incidents.reports(incident.id) if r.sent_at is not None]
    if args.report is None:
        if not sent:
            raise DutyRoomError(f"事件“{incident.title}”还没有报送过报告")
        report = sent[-1]
    else:
        if not re.fullmatch(r"\s*\d{1,3}\s*", args.report):
            raise DutyRoomError(f"--report 的“{args.report}”无效，应为 0（首报）、1（续报一）……")
        report = next((r for r in sent if r.number == int(args.report)), None)
        if report is None:
            done = "、".join(f"{r.number}={r.title}" for r in sent) or "还没有"
            raise DutyRoomError(f"该事件没有第 {args.report.strip()} 份已报送的报告（已报送：{done}）")
    settings = services.settings.get()
    build_incident_report_pdf(incident, report, out, office_name=settings.office_name,
                              issuing_office=settings.issuing_office, zone=settings.time_zone)
    return f"已生成突发事件信息报告（{report.title}）：{out}"


def _report_bulletin(services, args, out: Path) -> str:
    from dutyroom.reports import build_bulletin_pdf
    from dutyroom.reports.bulletin import issue_number

    incident = _incident_arg(services, args.id)
    bulletin = services.bulletins.create(SYSTEM_ACTOR, services.bulletins.draft_for_incident(incident.id))
    build_bulletin_pdf(bulletin, out)
    return f"已编发{bulletin.kind}{issue_number(bulletin)}“{bulletin.title}”：{out}"


def _report_timeliness(services, args, out: Path) -> str:
    from dutyroom.services.incidents.bulletins import write_timeliness_notice

    year, month = _month_arg(args.month)
    late = write_timeliness_notice(services, year, month, out)
    return f"已生成{year}年{month}月突发事件信息报告情况通报：{out}（迟报、漏报 {late} 次）"


def _report_daily(services, args, out: Path) -> str:
    from dutyroom.services.incidents.bulletins import write_daily_digest

    day = _date_arg(args.date, "--date")
    count = write_daily_digest(services, day, out)
    return f"已生成{day.year}年{day.month}月{day.day}日每日要情：{out}（突发事件 {count} 起）"


_INCIDENT_REPORTS = {"incident": _report_incident, "bulletin": _report_bulletin, "timeliness": _report_timeliness,
                     "daily": _report_daily, **cli_calls.REPORTS}


def cmd_roster(args) -> int:
    from dutyroom.services.roster import text as roster_text

    with _services(args, must_exist=True) as services:
        if args.op == "export":
            return _export_roster(services, args)
        if args.op == "generate":
            report = services.roster.generate(SYSTEM_ACTOR, _date_arg(args.first, "--from"),
                                              _date_arg(args.last, "--to"), replace=args.replace,
                                              allow_unknown_years=args.allow_unknown_years)
            lines = roster_text.generation_lines(report)
        else:
            lines = roster_text.on_duty_lines(services, None if args.now else _date_arg(args.date, "--date"))
    print("\n".join(lines))
    return 0


def _export_roster(services, args) -> int:
    import calendar

    from dutyroom.services.roster.export import roster_to_ics, roster_to_xlsx

    year, month = _month_arg(args.month)
    out = Path(args.out).expanduser()
    kind = out.suffix.lower()
    if kind not in (".xlsx", ".ics"):
        raise DutyRoomError(f"不知道导出成哪种文件：{out.name}（请用 .xlsx 或 .ics 结尾）")
    if args.person and kind != ".ics":
        raise DutyRoomError("--person 只用于导出个人日历（.ics）")
    if kind == ".xlsx":
        roster_to_xlsx(services.roster.month(year, month), out)
        print(f"已导出 {year}年{month}月值班表：{out}")
        return 0
    person_id = None
    if args.person:
        matches = [p for p in services.people.list() if p.name == args.person.strip()]
        if len(matches) != 1:
            raise DutyRoomError(f"找不到人员“{args.person}”" if not matches
                                else f"有 {len(matches)} 位“{args.person}”，请在程序的 排班 → 按人员 中导出")
        person_id = matches[0].id
    settings = services.settings.get()
    first = date(year, month, 1)
    shifts = services.roster.shifts_between(first, first.replace(day=calendar.monthrange(year, month)[1]),
                                            person_id=person_id)
    count = roster_to_ics(shifts, out, office_name=settings.office_name, person_id=person_id,
                          stamp=services.clock.now(), time_zone=settings.time_zone)
    print(f"已导出 {count} 个班次到日历文件：{out}")
    return 0


def _month_arg(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*[-/年.]\s*(\d{1,2})\s*月?\s*", text or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise DutyRoomError(f"--month 的月份“{text}”无法识别，请写成 2026-12")
    return int(match.group(1)), int(match.group(2))


def _date_arg(text: str, option: str):
    from dutyroom.domain.tabular import parse_date

    try:
        return parse_date(text)
    except (ValueError, TypeError):
        raise DutyRoomError(f"{option} 的日期“{text}”无法识别，请写成 2026-12-01 或 2026/12/1") from None


def cmd_screenshot(args) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from dutyroom.gui.screenshot import render_all

    for path in render_all(Path(args.out).expanduser(), theme=args.theme):
        print(path)
    return 0


COMMANDS = {"demo": cmd_demo, "migrate": cmd_migrate, "backup": cmd_backup, "restore": cmd_restore,
            "user": cmd_user, "audit": cmd_audit, "import": cmd_import, "report": cmd_report, "roster": cmd_roster,
            "screenshot": cmd_screenshot, "search": cli_calls.cmd_search, "export": cli_calls.cmd_export}
