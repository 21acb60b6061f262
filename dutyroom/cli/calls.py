"""The telephone log's commands: `search calls`, `export calls`, `report calls`, `report call-stats` and
`import calls`."""

from __future__ import annotations

from dutyroom.cli.common import date_arg, month_arg, open_services, output_file, run_import
from dutyroom.cli.registry import Registry
from dutyroom.errors import DutyRoomError

IMPORT_HELP = """\
来电台账表头：内容摘要（必填）、来电时间（或“日期”和“时间”两列），以及结束时间、方向（来电/去电）、来电人、
  来电号码、来电单位、来电人类别、类别、处理情况、处理说明、承办单位、反馈时限、状态（待办/办理中/已办结）、
  反馈情况、反馈时间、办结时间、领导批示、苗头性、普遍性（是/否）、值班员；时间可写成 2026-11-03 14:05、
  2026/11/3 14:05、2026年11月3日14时05分或 Excel 日期。处理情况写“转××办理”或填了承办单位的计为转办；
  不在本单位类别中的类别计为“其他”，原类别附在内容摘要后。已登记过的来电（时间和内容相同）不会重复导入。"""
SEARCH_HELP = """\
在全部来电中搜索：来电人、号码、单位、内容摘要、处理情况、承办单位、反馈和领导批示。
多个词用空格分开表示同时包含；一个字也可以搜索；号码可以只输入其中一段。结果按时间从新到旧排列。"""
LIMIT_MAX = 1000
SUMMARY_HEAD = 30


def register(registry: Registry) -> None:
    search = registry.group("search", "搜索记录", SEARCH_HELP, title="内容")
    calls = search.command("calls", "搜索来电登记，每条结果一行", SEARCH_HELP)
    calls.add_argument("query", metavar="QUERY", help="要找的文字、号码或姓名")
    calls.add_argument("--limit", type=int, default=20, metavar="N", help=f"最多显示多少条（默认 20，最多 {LIMIT_MAX}）")
    calls.add_argument("--count", action="store_true", help="最后再显示一共有多少条")
    calls.set_defaults(handler=cmd_search)

    calls_xlsx = registry.export("calls", "导出来电登记（.xlsx，表头与导入相同，可再导入）")
    calls_xlsx.add_argument("--from", dest="first", metavar="DATE", help="开始日期（不写则从最早的来电起）")
    calls_xlsx.add_argument("--to", dest="last", metavar="DATE", help="结束日期（不写则到最新的来电）")
    calls_xlsx.add_argument("--search", metavar="Q", help="只导出包含这些文字的来电")
    calls_xlsx.set_defaults(handler=cmd_export)

    register = registry.report("calls", "来电登记表（A4 横向，一天或一段时间的来电，供打印签字）")
    which = register.add_mutually_exclusive_group(required=True)
    which.add_argument("--from", dest="first", metavar="DATE", help="开始日期，例如 2026-11-21")
    which.add_argument("--shift", metavar="DATE", help="打印这一值班日（如 08:30 至次日 08:30 的全天班）登记的来电，供交接班")
    register.add_argument("--to", dest="last", metavar="DATE", help="结束日期（不写则只打印开始日期这一天）")
    register.set_defaults(handler=cmd_report_calls)
    stats = registry.report("call-stats", "来电情况统计（月度，含办理率、逾期督办件和图表）")
    stats.add_argument("--month", required=True, metavar="YYYY-MM", help="哪个月，例如 2026-11")
    stats.set_defaults(handler=cmd_report_call_stats)

    registry.importer("calls", "导入来电历史台账", IMPORT_HELP).set_defaults(handler=cmd_import)


def _period(args) -> tuple:
    first = date_arg(args.first, "--from") if args.first else None
    last = date_arg(args.last, "--to") if args.last else None
    if first and last and last < first:
        raise DutyRoomError(f"--from 的日期 {first.isoformat()} 晚于 --to 的日期 {last.isoformat()}")
    return first, last


def _query(text: str) -> str:
    from dutyroom.domain.bigrams import query_runs

    if not query_runs(text or ""):
        raise DutyRoomError(f"搜索内容“{text}”中没有可以搜索的文字、字母或数字")
    return text


def cmd_import(args) -> int:
    return run_import(args, lambda services, actor, path, skip: services.calls.import_ledger(actor, path,
                                                                                            skip_invalid=skip))


def cmd_search(args) -> int:
    from dutyroom.services.calls.records import CallFilter

    query = _query(args.query)
    if not 1 <= args.limit <= LIMIT_MAX:
        raise DutyRoomError(f"--limit 应在 1 到 {LIMIT_MAX} 之间")
    flt = CallFilter(text=query)
    with open_services(args) as services:
        zone = services.settings.get().time_zone
        rows = services.calls.page(flt, 0, args.limit)
        total = services.calls.count(flt) if args.count else None
    if not rows:
        print(f"没有找到包含“{query}”的来电")
        return 0
    for row in rows:
        print(search_line(row, zone))
    if total is not None:
        print(f"共 {total} 条")
    elif len(rows) == args.limit:
        print(f"（只显示最新的 {args.limit} 条；加 --count 查看总数，--limit 显示更多）")
    return 0


def search_line(row, zone: str) -> str:
    """One match: local time, caller, number, category, the head of the summary, outcome."""
    from dutyroom.domain.call_stats import shorten
    from dutyroom.domain.localtime import format_local
    from dutyroom.domain.phones import format_number

    caller = " ".join(p for p in (row.caller_unit, row.caller_name) if p) or "—"
    outcome = row.outcome.label
    if row.assigned_unit and row.follow_status is not None:
        outcome = f"转办{row.assigned_unit}（{row.follow_status.label}）"
    parts = [format_local(row.started_at, zone), caller, format_number(row.caller_number) or "—", row.category,
             shorten(row.summary, SUMMARY_HEAD), outcome]
    return "  ".join(parts)


def cmd_export(args) -> int:
    from dutyroom.services.calls.records import CallFilter

    out = output_file(args, "xlsx")
    first, last = _period(args)
    flt = CallFilter(text=_query(args.search) if args.search is not None else "", date_from=first, date_to=last)
    with open_services(args) as services:
        count = services.calls.export_calls(flt, out)
    print(f"已导出 {count} 条来电记录：{out}")
    return 0


def cmd_report_calls(args) -> int:
    from dutyroom.reports.calls import period_text
    from dutyroom.services.calls.documents import write_call_register

    out = output_file(args, "pdf")
    with open_services(args) as services:
        if args.shift:
            from dutyroom.domain.localtime import format_date_cn
            from dutyroom.services.calls.documents import write_shift_register

            if args.last:
                raise DutyRoomError("--shift 打印一个值班日的来电，不能与 --to 同用")
            day = date_arg(args.shift, "--shift")
            count = write_shift_register(services, day, out)
            print(f"已生成{format_date_cn(day)}值班来电登记表：{out}（{count} 条）")
            return 0
        first, last = _period(args)
        last = last or first
        count = write_call_register(services, first, last, out)
    print(f"已生成{period_text(first, last)}来电登记表：{out}（{count} 条）")
    return 0


def cmd_report_call_stats(args) -> int:
    from dutyroom.domain.call_stats import rate_text
    from dutyroom.domain.months import month_range
    from dutyroom.services.calls.documents import write_call_stats

    out = output_file(args, "pdf")
    with open_services(args) as services:
        year, month = month_arg(args.month)
        stats = write_call_stats(services, *month_range(year, month), out)
    print(f"已生成{year}年{month}月来电情况统计：{out}（来电 {stats.incoming} 件，"
          f"办理率 {rate_text(stats.handled_rate)}，逾期未办结 {stats.overdue_follow_ups} 件）")
    return 0
