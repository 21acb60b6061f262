"""`dutyroom user add | passwd | unlock | list`: login accounts, changed by a named administrator."""

from __future__ import annotations

import getpass
import sys

from dutyroom.cli.admin_login import admin_actor, admin_options
from dutyroom.cli.common import open_services, table
from dutyroom.cli.registry import Registry
from dutyroom.errors import DutyRoomError

ROLES = {"officer": "值班员", "leader": "带班领导", "admin": "管理员"}
USER_HELP = ("管理登录账户。新建、重设密码和解锁需要管理员的用户名和密码（终端中询问；脚本中用 --user 用户名 "
             "--password-stdin，标准输入第一行是管理员密码，第二行是新密码）。数据库还没有管理员时（首次设置）"
             "不需要登录。审计日志记下执行的账户、操作系统用户和计算机。")


STDIN_HELP = "从标准输入读取新密码（用于脚本；和 --user 一起用时，第一行是管理员密码，第二行是新密码）"


def register(registry: Registry) -> None:
    user = registry.group("user", "管理登录账户（需要管理员登录）", USER_HELP)
    add = user.command("add", "新建账户", USER_HELP)
    add.add_argument("username", metavar="USERNAME", help="用户名（登录时输入）")
    add.add_argument("--role", required=True, choices=list(ROLES),
                     help="角色：officer=值班员，leader=带班领导，admin=管理员")
    add.add_argument("--name", metavar="NAME", default="", help="显示名：界面和审计日志中显示的名字")
    add.add_argument("--person", metavar="NAME", help="关联的人员姓名（须在人员名单中且不重名）")
    add.add_argument("--password-stdin", action="store_true", help=STDIN_HELP)
    admin_options(add, stdin_option=False)
    add.set_defaults(handler=cmd_add)
    passwd = user.command("passwd", "重设账户密码（同时解除锁定）", USER_HELP)
    passwd.add_argument("username", metavar="USERNAME")
    passwd.add_argument("--password-stdin", action="store_true", help=STDIN_HELP)
    admin_options(passwd, stdin_option=False)
    passwd.set_defaults(handler=cmd_passwd)
    unlock = user.command("unlock", "解除因密码输错而锁定的账户", USER_HELP)
    unlock.add_argument("username", metavar="USERNAME")
    admin_options(unlock)
    unlock.set_defaults(handler=cmd_unlock)
    user.command("list", "列出所有账户", USER_HELP).set_defaults(handler=cmd_list)


def cmd_add(args) -> int:
    from dutyroom.domain.vocabulary import Role
    from dutyroom.services.records import UserRecord

    with open_services(args) as services:
        actor = admin_actor(args, services)
        person_id = _find_person(services, args.person) if args.person else None
        if services.users.find(args.username):
            raise DutyRoomError(f"用户名 {args.username} 已被使用")
        password = _new_password(args)
        record = UserRecord(username=args.username, role=Role(args.role), person_id=person_id,
                            display_name=args.name)
        created = services.users.save(actor, record, password)
    print(f"已新建账户 {created.username}（{created.role.label}，{created.display_name}）")
    return 0


def cmd_passwd(args) -> int:
    with open_services(args) as services:
        actor = admin_actor(args, services)
        user = _existing_user(services, args.username)
        services.users.set_password(actor, user.id, _new_password(args))
    print(f"已重设 {user.username} 的密码")
    return 0


def cmd_unlock(args) -> int:
    with open_services(args) as services:
        actor = admin_actor(args, services)
        user = _existing_user(services, args.username)
        services.users.unlock(actor, user.id)
    print(f"已解锁账户 {user.username}")
    return 0


def cmd_list(args) -> int:
    from dutyroom.domain.localtime import format_local

    with open_services(args) as services:
        zone = services.settings.get().time_zone
        now = services.clock.now()
        accounts = services.users.list()
    rows = [["用户名", "角色", "姓名", "状态", "最近登录"]]
    for u in accounts:
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
    table(rows)
    return 0


def _existing_user(services, username: str):
    user = services.users.find(username)
    if user is None:
        raise DutyRoomError(f"没有用户名为 {username} 的账户（用 dutyroom user list 查看）")
    return user


def _find_person(services, name: str) -> int:
    matches = [p for p in services.people.list() if p.name == name.strip()]
    if not matches:
        raise DutyRoomError(f"人员名单中没有“{name}”，请先添加该人员，或不用 --person")
    if len(matches) > 1:
        units = "、".join(p.unit_name or "无单位" for p in matches)
        raise DutyRoomError(f"有 {len(matches)} 名人员叫“{name}”（{units}），请在程序的账户管理中关联")
    return matches[0].id


def _new_password(args) -> str:
    from dutyroom.services.users import password_problem

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
