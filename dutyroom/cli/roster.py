"""`dutyroom roster generate | show | export`, `dutyroom report roster`, and `dutyroom import holidays |
roster`: the duty roster and the holiday calendar it is generated against."""

from __future__ import annotations

from dutyroom.cli.admin_login import admin_actor, admin_options
from dutyroom.cli.common import date_arg, month_arg, open_services, output_file, run_import
from dutyroom.cli.registry import Registry
from dutyroom.errors import DutyRoomError

ROSTER_HELP = "排班：按轮班生成值班表，查看某天或此刻谁在值班。日期可写成 2026-12-01 或 2026/12/1。"
HOLIDAYS_IMPORT_HELP = "节假日表头：日期、类型（法定节假日/调休上班，或“休”/“班”）、名称；导入的年份整年替换"
ROSTER_IMPORT_HELP = ("值班表表头：日期、带班领导、值班员、备班（一格多人用顿号分隔；姓名须与人员名单完全一致）；"
                      "文件中的日期整天替换")


def register(registry: Registry) -> None:
    roster = registry.group("roster", "排班：生成值班表、查看谁在值班", ROSTER_HELP)
    generate = roster.command("generate", "按轮班生成一段时间的值班表（已有的手工排班、调班不会被覆盖）",
                              ROSTER_HELP)
    generate.add_argument("--from", dest="first", required=True, metavar="DATE", help="开始日期")
    generate.add_argument("--to", dest="last", required=True, metavar="DATE", help="结束日期")
    generate.add_argument("--replace", action="store_true", help="重排这段时间内自动生成的班位")
    generate.add_argument("--allow-unknown-years", action="store_true",
                          help="节假日日历缺少某年的安排时仍然生成（节假日会被当作普通日子）")
    admin_options(generate)
    generate.set_defaults(handler=cmd_generate)
    export = roster.command("export", "导出一个月的值班表：.xlsx（Excel）或 .ics（日历，可只导出某人）")
    export.add_argument("--month", required=True, metavar="YYYY-MM", help="哪个月，例如 2026-12")
    export.add_argument("--person", metavar="姓名", help="只导出此人的班次（仅 .ics）")
    export.add_argument("--remind", type=int, metavar="分钟", help="日历在每个班次开始前多少分钟提醒（仅 .ics）")
    export.add_argument("-o", "--out", required=True, metavar="FILE.xlsx|FILE.ics", help="按扩展名决定格式")
    export.set_defaults(handler=cmd_export)
    show = roster.command("show", "查看某天或此刻谁在值班，以及下一班", ROSTER_HELP)
    when = show.add_mutually_exclusive_group(required=True)
    when.add_argument("--date", metavar="DATE", help="这一天的班次")
    when.add_argument("--now", action="store_true", help="此刻在值班的班次")
    show.set_defaults(handler=cmd_show)

    pdf = registry.report("roster", "月度值班表（A4 横向）")
    pdf.add_argument("--month", required=True, metavar="YYYY-MM", help="哪个月，例如 2026-12")
    pdf.set_defaults(handler=cmd_report_roster)

    holidays = registry.importer("holidays", "导入节假日安排", HOLIDAYS_IMPORT_HELP)
    holidays.add_argument("--year", type=int, metavar="YYYY", help="导入哪一年（默认取文件中的日期）")
    holidays.set_defaults(handler=cmd_import_holidays)
    registry.importer("roster", "导入值班表", ROSTER_IMPORT_HELP).set_defaults(handler=cmd_import_roster)


def cmd_generate(args) -> int:
    from dutyroom.services.roster import text as roster_text

    with open_services(args) as services:
        report = services.roster.generate(admin_actor(args, services), date_arg(args.first, "--from"),
                                          date_arg(args.last, "--to"), replace=args.replace,
                                          allow_unknown_years=args.allow_unknown_years)
    print("\n".join(roster_text.generation_lines(report)))
    return 0


def cmd_show(args) -> int:
    from dutyroom.services.roster import text as roster_text

    with open_services(args) as services:
        lines = roster_text.on_duty_lines(services, None if args.now else date_arg(args.date, "--date"))
    print("\n".join(lines))
    return 0


def cmd_export(args) -> int:
    import calendar
    from datetime import date

    from dutyroom.services.roster.export import calendar_shifts, roster_to_ics, roster_to_xlsx

    with open_services(args) as services:
        year, month = month_arg(args.month)
        out = output_file(args, "xlsx", "ics")
        kind = out.suffix.lower()
        if args.person and kind != ".ics":
            raise DutyRoomError("--person 只用于导出个人日历（.ics）")
        if args.remind is not None and kind != ".ics":
            raise DutyRoomError("--remind 只用于导出日历（.ics）")
        if args.remind is not None and not 1 <= args.remind <= 7 * 24 * 60:
            raise DutyRoomError("--remind 应为 1 到 10080 分钟（一周）")
        if kind == ".xlsx":
            roster_to_xlsx(services.roster.month(year, month), out)
            print(f"已导出 {year}年{month}月值班表：{out}")
            return 0
        person_id, person_name = None, ""
        if args.person:
            matches = [p for p in services.people.list() if p.name == args.person.strip()]
            if len(matches) != 1:
                raise DutyRoomError(f"找不到人员“{args.person}”" if not matches
                                    else f"有 {len(matches)} 位“{args.person}”，请在程序的 排班 → 按人员 中导出")
            person_id, person_name = matches[0].id, matches[0].name
        settings = services.settings.get()
        first = date(year, month, 1)
        last = first.replace(day=calendar.monthrange(year, month)[1])
        shifts, released = calendar_shifts(services.roster, first, last, person_id, person_name)
        count = roster_to_ics(shifts, out, office_name=settings.office_name, person_id=person_id,
                              stamp=services.clock.now(), time_zone=settings.time_zone,
                              remind_minutes=args.remind, released=released)
    print(f"已导出 {count} 个班次到日历文件：{out}")
    return 0


def cmd_report_roster(args) -> int:
    from dutyroom.reports import build_roster_pdf

    out = output_file(args, "pdf")
    year, month = month_arg(args.month)
    with open_services(args) as services:
        roster_month = services.roster.month(year, month)
    build_roster_pdf(roster_month, out)
    print(f"已生成 {year}年{month}月值班表：{out}")
    return 0


def cmd_import_holidays(args) -> int:
    from dutyroom.services import importing

    return run_import(args, lambda services, actor, path, skip: importing.import_holidays(
        services, actor, path, year=args.year, skip_invalid=skip))


def cmd_import_roster(args) -> int:
    return run_import(args, lambda services, actor, path, skip: services.roster.import_file(actor, path,
                                                                                            skip_invalid=skip))
