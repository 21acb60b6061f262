"""The handover commands: `handover show`, `report dutylog`, `report handover` (registered through the CLI
package's registry). A shift is given by its date (the roster day it starts on) and, where a day has
several shifts, `--name`."""

from __future__ import annotations

from pathlib import Path

from dutyroom.errors import DutyRoomError

SHIFT_HELP = "哪一班：该班开始的日期，例如 2026-11-21（08:30 接班的班次记在当天）"
NAME_HELP = "班次名称（一天有多个班次时填写，例如 夜班；不填为当天第一个班次）"


def register(registry) -> None:
    group = registry.group("handover", "交接班：交接事项和交接情况")
    show = group.command("show", "列出一个班次的交接事项及其状态（每项一行）")
    _shift_options(show)
    show.set_defaults(handler=cmd_show)

    log = registry.report("dutylog", "值班日志（一个班次）")
    _shift_options(log)
    log.set_defaults(handler=cmd_report_dutylog)
    record = registry.report("handover", "交接班记录（一个班次，含签名栏和审计锚点）")
    _shift_options(record)
    record.set_defaults(handler=cmd_report_handover)


def _shift_options(parser) -> None:
    parser.add_argument("--shift", required=True, metavar="DATE", help=SHIFT_HELP)
    parser.add_argument("--name", default="", metavar="NAME", help=NAME_HELP)


def _key(services, args):
    from dutyroom.cli.common import date_arg

    return services.handover.resolve(date_arg(args.shift, "--shift"), args.name.strip())


def cmd_show(args) -> int:
    from dutyroom.cli.common import open_services
    from dutyroom.domain.localtime import format_local

    with open_services(args, must_exist=True) as services:
        key = _key(services, args)
        zone = services.settings.get().time_zone
        items = services.handover.items_of_shift(key)
        handover = services.handover.handover(key)
    if handover is None:
        print(f"{key.label}：尚未交接")
    elif handover.missed:
        print(f"{key.label}：未交接（交接窗口至 {format_local(handover.window_closes, zone)} 结束）")
    else:
        print(f"{key.label}：{format_local(handover.handed_at, zone)} {handover.outgoing}交班，"
              f"{handover.incoming}接班；{handover.anchor_text}")
    if not items:
        print("本班没有交接事项")
        return 0
    left = {a.item_id for a in handover.left_items} if handover else set()
    for item in items:
        due = f"\t期限 {format_local(item.due_at, zone)}" if item.due_at else ""
        flag = "\t未被接班人接收" if item.id in left else ""
        note = f"：{item.closing_note}" if item.closing_note else ""
        held = "→".join(k.label for k in item.holders)
        print(f"{item.id}\t{item.state_label}{note}\t{item.title}\t{item.source.label}{due}{flag}\t经手：{held}")
    return 0


def cmd_report_dutylog(args) -> int:
    from dutyroom.cli.common import open_services

    out = Path(args.out).expanduser()
    with open_services(args, must_exist=True) as services:
        key = _key(services, args)
        services.handover.write_duty_log_pdf(key, out)
    print(f"已生成值班日志：{out}（{key.label}）")
    return 0


def cmd_report_handover(args) -> int:
    from dutyroom.cli.common import open_services
    from dutyroom.reports.handover import NOT_HANDED

    out = Path(args.out).expanduser()
    with open_services(args, must_exist=True) as services:
        key = _key(services, args)
        if services.handover.handover(key) is None:
            raise DutyRoomError(f"{key.label}{NOT_HANDED}")
        services.handover.write_handover_pdf(key, out)
    print(f"已生成交接班记录：{out}（{key.label}）")
    return 0
