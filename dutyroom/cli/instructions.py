"""领导批示 commands: `instructions list [--open]`, `report instructions [--open] -o FILE.pdf`, and the month's
duty figures with the 空岗 records, `report duty-month --month YYYY-MM -o FILE.pdf`."""

from __future__ import annotations

from pathlib import Path

from dutyroom.errors import DutyRoomError


def register(registry) -> None:
    group = registry.group("instructions", "领导批示：台账和未落实的批示")
    listing = group.command("list", "列出领导批示，每件一行（未落实的在前）")
    listing.add_argument("--open", action="store_true", help="只列出尚未落实的批示")
    listing.set_defaults(handler=cmd_list)
    report = registry.report("instructions", "领导批示台账（--open 为未落实领导批示清单）")
    report.add_argument("--open", action="store_true", help="只打印尚未落实的批示")
    report.set_defaults(handler=cmd_report)
    figures = registry.report("duty-month", "月度值班情况（交接班按时、空岗记录、领导批示按期落实）")
    figures.add_argument("--month", required=True, metavar="YYYY-MM", help="哪个月，例如 2026-11")
    figures.set_defaults(handler=cmd_report_month)


def _line(item, zone: str, now) -> str:
    from dutyroom.domain.instruction_text import giver, quote
    from dutyroom.domain.localtime import format_local
    from dutyroom.reports.instructions import status_words

    due = f" 期限{format_local(item.due_at, zone, '%m-%d %H:%M')}" if item.due_at else ""
    to = f" → {item.passed_to}" if item.passed_to else ""
    return (f"{item.id:>5}  {format_local(item.given_at, zone, '%Y-%m-%d %H:%M')}  {status_words(item, now)}  "
            f"{giver(item) or '（未记录领导）'}：{quote(item.text, 40)}{to}{due}")


def cmd_list(args) -> int:
    from dutyroom.cli.common import open_services

    with open_services(args) as services:
        items = services.instructions.list(open_only=args.open, limit=100_000)
        zone, now = services.settings.get().time_zone, services.clock.now()
    if not items:
        print("没有未落实的领导批示" if args.open else "还没有领导批示")
        return 0
    for item in items:
        print(_line(item, zone, now))
    open_count = sum(1 for i in items if i.is_open)
    overdue = sum(1 for i in items if i.is_overdue(now))
    print(f"共 {len(items)} 件，未落实 {open_count} 件，其中超期 {overdue} 件")
    return 0


def cmd_report(args) -> int:
    from dutyroom.cli.common import open_services
    from dutyroom.reports.instructions import build_instruction_list_pdf

    out = Path(args.out).expanduser()
    if out.suffix.lower() != ".pdf":
        raise DutyRoomError(f"只能保存为 .pdf 文件：{out.name}")
    with open_services(args) as services:
        items = services.instructions.list(open_only=args.open, limit=100_000)
        settings, now = services.settings.get(), services.clock.now()
    build_instruction_list_pdf(items, out, office_name=settings.office_name, zone=settings.time_zone, now=now,
                               open_only=args.open)
    print(f"已生成{'未落实领导批示清单' if args.open else '领导批示台账'}：{out}（{len(items)} 件）")
    return 0


def cmd_report_month(args) -> int:
    from dutyroom.cli.common import month_arg, open_services
    from dutyroom.domain.localtime import to_local
    from dutyroom.reports.duty_month import build_duty_month_pdf
    from dutyroom.services.duty_figures import month_figures

    year, month = month_arg(args.month)
    out = Path(args.out).expanduser()
    if out.suffix.lower() != ".pdf":
        raise DutyRoomError(f"只能保存为 .pdf 文件：{out.name}")
    with open_services(args) as services:
        figures = month_figures(services, year, month)
        printed_on = to_local(services.clock.now(), services.settings.get().time_zone).date()
    build_duty_month_pdf(figures, out, printed_on=printed_on)
    print(f"已生成{year}年{month}月值班情况：{out}（空岗 {figures.empty_post_total} 次，领导批示 {figures.instructions_given} 件）")
    return 0
