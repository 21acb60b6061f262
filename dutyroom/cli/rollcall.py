"""The roll-call commands: `rollcall plans`, `rollcall draw`, `import rollcall`, `report rollcall`,
`report rollcall-stats`, `export rollcall` (registered through the CLI package's registry)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from dutyroom.errors import DutyRoomError

IMPORT_HELP = """\
视频点名结果表头：点名时间、单位、结果（必填），以及点名类型（本级点名/上级点名/随机抽查，不填为本级点名）、应答人、
  应答用时（秒）或应答时间、画面声音（良好/异常）、备注、整改要求、整改期限。点名时间和点名类型相同的行为同一次点名；
  结果为在岗、离岗、设备故障、请假（已报备）或未应答。默认有一行有误就整份不导入；--skip-invalid 只导入正确的行。"""
DRAW_HELP = """\
显示某天随机抽查的抽取结果：参加抽取的单位（及距上次抽查的天数，越久权重越大）、随机种子和抽中的单位。
同一种子和同一名单总是得到同样的结果，任何人都可以复核；--record 把这次抽取记为一次随机抽查。"""
WEEKDAYS = "一二三四五六日"


def register(registry) -> None:
    group = registry.group("rollcall", "视频点名：点名计划和随机抽查")
    plans = group.command("plans", "列出视频点名计划")
    plans.set_defaults(handler=cmd_plans)
    draw = group.command("draw", "随机抽查的抽取（可复核）")
    draw.description = DRAW_HELP
    draw.add_argument("--date", required=True, metavar="DATE", help="哪一天，例如 2026-12-01")
    draw.add_argument("--seed", type=int, metavar="N", help="随机种子（不写则随机产生并显示）")
    draw.add_argument("--plan", type=int, metavar="ID", help="按哪个抽查计划（不写则用第一个启用的抽查计划）")
    draw.add_argument("--record", action="store_true", help="把这次抽取记为一次随机抽查")
    draw.set_defaults(handler=cmd_draw)

    notice = registry.report("rollcall", "视频点名情况通报（一次点名）：已编发的按编发时的内容重印，否则按当前记录生成")
    notice.add_argument("id", type=int, metavar="ID", help="点名编号")
    notice.add_argument("--issue", action="store_true", help="编发通报：保存为编发件，以后重印内容不变")
    notice.set_defaults(handler=cmd_report_notice)
    stats = registry.report("rollcall-stats", "视频点名情况统计（月度或季度，含排名和图表）")
    _period_options(stats)
    stats.set_defaults(handler=cmd_report_stats)

    importer = registry.importer("rollcall", "导入以往的视频点名结果（.xlsx/.csv）")
    importer.description = IMPORT_HELP
    importer.set_defaults(handler=cmd_import)

    export = registry.export("rollcall", "导出视频点名结果和单位统计（.xlsx）")
    _period_options(export)
    export.set_defaults(handler=cmd_export)


def _period_options(parser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--month", metavar="YYYY-MM", help="哪个月，例如 2026-11")
    which.add_argument("--quarter", metavar="YYYY-QN", help="哪个季度，例如 2026-Q4")


def quarter_arg(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*[-/年]?\s*[Qq第]?\s*([1-4一二三四])\s*(季度)?\s*", text or "")
    if not match:
        raise DutyRoomError(f"--quarter 的季度“{text}”无法识别，请写成 2026-Q4")
    number = match.group(2)
    return int(match.group(1)), int(number) if number.isdigit() else "一二三四".index(number) + 1


def _period(services, args):
    from dutyroom.cli.common import month_arg

    if args.month:
        year, month = month_arg(args.month)
        return services.rollcall.month_statistics(year, month)
    year, quarter = quarter_arg(args.quarter)
    return services.rollcall.quarter_statistics(year, quarter)


def _plan_when(plan) -> str:
    from dutyroom.domain.vocabulary import RollCallKind

    if plan.kind == RollCallKind.HOST:
        return f"每周{WEEKDAYS[plan.weekday]} {plan.at_time.strftime('%H:%M')}"
    if plan.kind == RollCallKind.UPPER:
        return f"自 {plan.anchor_day.isoformat()} 起每 {plan.interval_days} 天 {plan.at_time.strftime('%H:%M')}"
    return (f"自 {plan.anchor_day.isoformat()} 起每 {plan.interval_days} 天，{plan.window_start.strftime('%H:%M')}—"
            f"{plan.window_end.strftime('%H:%M')} 间抽 {plan.spot_count} 个单位")


def cmd_plans(args) -> int:
    from dutyroom.cli.common import open_services

    with open_services(args, must_exist=True) as services:
        plans = services.rollcall.plans()
    if not plans:
        print("还没有视频点名计划（在“视频点名 → 点名计划”中添加）")
        return 0
    for plan in plans:
        state = "" if plan.active else "（停用）"
        units = "、".join(plan.unit_names) or "—"
        print(f"{plan.id}\t{plan.kind.label}\t{plan.name}{state}\t{_plan_when(plan)}\t"
              f"{plan.holiday_rule.label}\t{len(plan.unit_ids)} 个单位：{units}")
    return 0


def cmd_draw(args) -> int:
    from dutyroom.cli.common import date_arg, open_services
    from dutyroom.domain.localtime import format_local
    from dutyroom.services.records import SYSTEM_ACTOR

    day = date_arg(args.date, "--date")
    with open_services(args, must_exist=True) as services:
        draw = services.rollcall.draw(day, args.seed, args.plan)
        if not draw.candidates:
            raise DutyRoomError("没有可抽取的单位：请先添加抽查计划或下级单位")
        zone = services.settings.get().time_zone
        print(f"{day.isoformat()} 随机抽查：种子 {draw.seed}，从 {len(draw.candidates)} 个单位中抽 {draw.count} 个，"
              f"时间 {format_local(draw.planned_at, zone)}")
        for c in draw.candidates:
            since = "从未抽查" if c.days_since_checked is None else f"{c.days_since_checked} 天前抽查"
            print(f"  {'★' if c in draw.chosen else ' '} {c.name}（{since}）")
        print("抽中：" + "、".join(c.name for c in draw.chosen))
        if args.record:
            recorded = services.rollcall.record_draw(SYSTEM_ACTOR, draw)
            print(f"已记为随机抽查，点名编号 {recorded.id}（种子和名单已写入审计记录）")
    return 0


def cmd_report_notice(args) -> int:
    from dutyroom.cli.common import open_services, output_file
    from dutyroom.domain.localtime import to_local
    from dutyroom.outputs import replacing
    from dutyroom.reports.rollcall import build_notice_pdf
    from dutyroom.services.records import SYSTEM_ACTOR

    out = output_file(args, "pdf")
    with open_services(args, must_exist=True) as services:
        summary = services.rollcall.summary(args.id)
        issued = services.rollcall.issued_notice(args.id)
        fresh = issued is None and args.issue
        if fresh:
            issued = services.rollcall.issue_notice(SYSTEM_ACTOR, args.id)
        if issued is None:
            build_notice_pdf(summary, out, printed_on=services.rollcall.today())
            how = "尚未编发，按当前记录生成；编发请加 --issue"
        else:  # the document as issued, byte for byte
            with replacing(out) as temp:
                temp.write_bytes(issued.pdf)
            local = to_local(issued.issued_at, services.settings.get().time_zone)
            how = f"{'已编发' if fresh else '按编发时的内容重印'}，编发时间 {local:%Y-%m-%d %H:%M}"
    print(f"已生成视频点名情况通报：{out}（{summary.tally.units} 个单位，在岗率 "
          f"{_rate(summary.tally.presence_rate)}；{how}）")
    return 0


def _rate(rate) -> str:
    from dutyroom.domain.rollcall import rate_text

    return rate_text(rate)


def cmd_report_stats(args) -> int:
    from dutyroom.cli.common import open_services, output_file
    from dutyroom.reports.rollcall import build_stats_pdf, stats_title

    out = output_file(args, "pdf")
    with open_services(args, must_exist=True) as services:
        stats = _period(services, args)
        today = services.rollcall.today()
    build_stats_pdf(stats, out, printed_on=today)
    print(f"已生成{stats_title(stats)}：{out}（{stats.rollcalls} 次点名，{len(stats.units)} 个单位）")
    return 0


def cmd_import(args) -> int:
    from dutyroom.cli.admin_login import admin_actor
    from dutyroom.cli.common import open_services

    path = Path(args.file).expanduser()
    if not path.is_file():
        raise DutyRoomError(f"找不到要导入的文件：{path}")
    with open_services(args) as services:
        result = services.rollcall.import_rollcalls(admin_actor(args, services), path,
                                                    skip_invalid=bool(getattr(args, "skip_invalid", False)))
    for row, reason in result.rejected:
        print(f"第 {row} 行：{reason}", file=sys.stderr)
    print(result.summary())
    return 0


def cmd_export(args) -> int:
    from dutyroom.cli.common import open_services, output_file

    out = output_file(args, "xlsx")
    with open_services(args, must_exist=True) as services:
        stats = _period(services, args)
        count = services.rollcall.export_results(stats.first, stats.last, out, stats.period)
    print(f"已导出{stats.period}视频点名结果 {count} 行：{out}")
    return 0
