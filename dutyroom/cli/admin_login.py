"""Administrative commands act as a named administrator, never as an anonymous "系统" (issue 12 item 8).

Whoever can reach the database (on PostgreSQL: anyone with its address) could otherwise add an admin
account or reset a password. So users, restore, imports and roster generation ask for an
administrator's username and password: at a terminal by prompt, in a script with `--user NAME
--password-stdin` (the password on the first line of standard input). The login is the ordinary one:
wrong passwords count towards the lockout and the audit log names the account; every audit record
also carries the operating-system user and the computer (services/context.py).

A database with no active administrator yet (first setup, `dutyroom demo` before its accounts) has
nobody to ask: the command runs as the program itself, as it did before.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from dutyroom.errors import DutyRoomError, PermissionDenied

NO_TERMINAL = ("此命令需要管理员的用户名和密码：请在终端中运行，"
               "或在脚本中加 --user 用户名 --password-stdin（密码放在标准输入的第一行）")


def admin_options(parser: argparse.ArgumentParser, *, stdin_option: bool = True) -> None:
    """--user (and --password-stdin, unless the command already reads a new password from stdin)."""
    parser.add_argument("--user", metavar="NAME", help="以哪个管理员账户执行（不给时在终端中询问）")
    if stdin_option:
        parser.add_argument("--password-stdin", action="store_true",
                            help="从标准输入的第一行读取该管理员的密码（用于脚本）")


def admin_actor(args, services):
    """The administrator this command acts as, logged in with the password given; or the program
    itself while the database has no administrator."""
    from dutyroom.domain.vocabulary import Role
    from dutyroom.services.records import SYSTEM_ACTOR

    if not any(u.role == Role.ADMIN and u.active for u in services.users.list()):
        return SYSTEM_ACTOR
    username = (getattr(args, "user", None) or "").strip()
    if getattr(args, "password_stdin", False) and username:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise DutyRoomError("标准输入中没有读到管理员的密码")
    elif sys.stdin is not None and sys.stdin.isatty():
        username = username or input("管理员用户名：").strip()
        password = getpass.getpass(f"{username} 的密码：")
    else:
        raise DutyRoomError(NO_TERMINAL)
    if not username:
        raise DutyRoomError("没有给出管理员用户名")
    actor = services.users.login(username, password)
    if actor.role != Role.ADMIN:
        raise PermissionDenied(f"没有权限：此命令需要管理员账户（{username} 是{actor.role.label}）")
    return actor
