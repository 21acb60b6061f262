"""`dutyroom demo | migrate | backup | restore`: creating, upgrading, saving and restoring the database."""

from __future__ import annotations

from pathlib import Path

from dutyroom.cli.admin_login import admin_actor, admin_options
from dutyroom.cli.common import confirm, open_services, output_file, require_existing, table
from dutyroom.cli.registry import Registry
from dutyroom.errors import DutyRoomError


def register(registry: Registry) -> None:
    registry.command("demo", "向空数据库填充演示数据（不启动界面），显示演示账户的密码").set_defaults(handler=cmd_demo)
    registry.command("migrate", "把数据库结构升级到本程序的版本（SQLite 升级前自动备份）").set_defaults(
        handler=cmd_migrate)
    backup = registry.command("backup", "备份 SQLite 数据库（PostgreSQL 请用 pg_dump）")
    backup.add_argument("--out", metavar="FILE.sqlite3", help="备份文件路径（默认存入用户数据目录的 backups 文件夹）")
    backup.add_argument("--force", action="store_true", help="备份文件已存在时覆盖它")
    backup.set_defaults(handler=cmd_backup)
    restore = registry.command("restore", "用备份文件恢复 SQLite 数据库（恢复前自动另存当前数据库）")
    restore.add_argument("file", metavar="FILE", help="备份文件")
    restore.add_argument("-y", "--yes", action="store_true", help="不再询问，直接恢复")
    restore.add_argument("--unverified", action="store_true",
                         help="备份没有 .sha256 校验文件时仍然恢复（仅限确认来源可靠的旧备份）")
    admin_options(restore)
    restore.set_defaults(handler=cmd_restore)


def cmd_demo(args) -> int:
    from dutyroom.services.demo import seed_demo

    with open_services(args, must_exist=False) as services:
        passwords = seed_demo(services)
        units, people = len(services.units.list()), len(services.people.list())
        print(f"已在 {services.db.describe()} 中填充演示数据：{units} 个单位，{people} 名人员。")
        users = {u.username: u for u in services.users.list()}
    print("演示账户（密码只显示这一次）：")
    rows = [["用户名", "角色", "姓名", "密码"]]
    rows += [[name, users[name].role.label, users[name].display_name, pw] for name, pw in passwords.items()]
    table(rows)
    print("请现在记下密码；登录后可以在“管理 → 账户”中修改。")
    return 0
def search_index_words(db) -> str:
    """Which search index this database uses; on PostgreSQL RUM is taken when the server has it."""
    from dutyroom.store import call_search

    with db.engine.begin() as conn:
        if db.kind == "postgresql":
            call_search.ensure_best_index(conn)  # the extension may have been installed since the last migrate
    with db.session() as s:
        return call_search.index_description(s)


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
        print(f"来电检索：{search_index_words(db)}")
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
    from dutyroom.services.events import EntityKind
    from dutyroom.services.records import SYSTEM_ACTOR
    from dutyroom.store import migrate
    from dutyroom.store.backup import backup_sqlite
    from dutyroom.store.engine import Database

    url = resolve_database_url(args.db)
    require_existing(url)
    db = Database(url)
    try:
        clock = SystemClock()
        target = output_file(args, "sqlite3") if args.out else None
        out = backup_sqlite(db, paths.backup_dir(), when=clock.now(), out=target)
        if migrate.current_revision(db) == migrate.HEAD:
            services = Services(ServiceContext(db=db, clock=clock))
            services.audit.record(SYSTEM_ACTOR, "backup", EntityKind.DATABASE, after={"file": str(out)})
    finally:
        db.dispose()
    print(f"已备份到：{out}")
    return 0


def cmd_restore(args) -> int:
    from dutyroom import paths
    from dutyroom.app import resolve_database_url
    from dutyroom.domain.clock import SystemClock
    from dutyroom.services import Services
    from dutyroom.services.context import ServiceContext
    from dutyroom.services.events import EntityKind
    from dutyroom.store.audit_anchor import AnchorBook
    from dutyroom.store.backup import chain_head, check_backup_file, verify_checksum
    from dutyroom.store.engine import Database
    from dutyroom.store.restore import restore_sqlite
    from dutyroom.store.schema import check_not_newer

    url = resolve_database_url(args.db)
    backup = Path(args.file).expanduser()
    if not args.unverified:
        if not backup.is_file():
            raise DutyRoomError(f"找不到备份文件：{backup}")
        verify_checksum(backup)
    check_not_newer(check_backup_file(backup), "该备份")  # refuse before asking
    require_existing(url)
    with open_services(args) as live:  # the administrator logs in to the database being replaced
        actor = admin_actor(args, live)
    db = Database(url)
    clock = SystemClock()

    def record_restore(copy, replaced) -> None:
        Services(ServiceContext(db=copy, clock=clock)).audit.record(
            actor, "restore", EntityKind.DATABASE,
            after={"file": str(backup), "checksum": "unverified" if args.unverified else "verified",
                   "saved_before": str(replaced or "")})
        # Before the swap: killed after it, the restore's own chain is still known (services/audit_check.py).
        AnchorBook.for_database(paths.data_dir(), db).intend_reset(chain_head(copy.sqlite_path))

    try:
        if db.sqlite_path is None:
            raise DutyRoomError("只能恢复到本机 SQLite 数据库；PostgreSQL 请用服务器的工具（pg_restore）")
        if not args.yes and not confirm(
                f"将用备份 {backup} 覆盖数据库 {db.sqlite_path}（当前数据库会先另存一份）。确定恢复吗？输入 y 确认：",
                without_terminal="恢复会覆盖当前数据库，需要确认：请在终端中运行，或加 --yes"):
            print("已取消，数据库没有改动。")
            return 1
        result = restore_sqlite(db, backup, safety_folder=paths.backup_dir(), when=clock.now(),
                                verified=not args.unverified, before_swap=record_restore)
        # The chain is now the backup's: this workstation's anchors start again from its head.
        AnchorBook.for_database(paths.data_dir(), db).reset(chain_head(db.sqlite_path))
    finally:
        db.dispose()
    print(f"已从 {backup} 恢复数据库 {db.sqlite_path}")
    if result.replaced_copy:
        print(f"恢复前的数据库已另存为：{result.replaced_copy}")
    return 0
