"""`dutyroom report incident | bulletin | timeliness | daily` and `dutyroom import incidents`."""

from __future__ import annotations

import re

from dutyroom.cli.common import date_arg, month_arg, open_services, output_file, run_import
from dutyroom.cli.registry import Registry
from dutyroom.errors import DutyRoomError, NotFound

REPORT_HELP = """\
事件编号见程序的“突发事件”页面。每日要情列出突发事件和值得关注的来电（转办、报告领导、标记为苗头性或普遍性的来电，
以及逾期未办结的转办件）。
每天18时程序会自动生成当天的每日要情，存入用户数据目录的 reports 文件夹。"""
IMPORT_HELP = """\
突发事件表头：事件标题、事发时间、接报时间、事发地点（必填），首报时间、首报方式、类别、类型、级别、报告单位、
  死亡、受伤、失踪、被困、损失情况、原因、处置措施、敌情社情宗教动态（是/否）；时间写成 2026-11-03 14:05；
  导入的事件作为历史记录（已终报），按首报时间计算报送是否及时，没有首报时间的计为漏报"""


def register(registry: Registry) -> None:
    incident = registry.report("incident", "突发事件信息报告（首报/续报/终报，按报送时的内容）", REPORT_HELP)
    incident.add_argument("id", metavar="ID", help="事件编号")
    incident.add_argument("--report", metavar="N",
                          help="第几份报告：0=首报，1=续报一（或终报）……；默认最近报送的一份")
    incident.set_defaults(handler=cmd_report_incident)
    bulletin = registry.report("bulletin", "值班快报：重印该事件最近编发的一期；没有或加 --new 时编发新的一期",
                               REPORT_HELP)
    bulletin.add_argument("id", metavar="ID", help="事件编号；新一期的正文按事件情况自动撰写")
    bulletin.add_argument("--new", action="store_true",
                          help="编发新的一期（取下一个期号）；PDF 写成才占用期号")
    bulletin.set_defaults(handler=cmd_report_bulletin)
    timeliness = registry.report("timeliness", "突发事件信息报告情况通报（月度，含迟报、漏报和图表）", REPORT_HELP)
    timeliness.add_argument("--month", required=True, metavar="YYYY-MM", help="哪个月，例如 2026-11")
    timeliness.set_defaults(handler=cmd_report_timeliness)
    daily = registry.report("daily", "每日要情（前一日18时至当日18时接报的突发事件）", REPORT_HELP)
    daily.add_argument("--date", required=True, metavar="DATE", help="哪一天，例如 2026-11-21")
    daily.set_defaults(handler=cmd_report_daily)

    registry.importer("incidents", "导入突发事件历史台账", IMPORT_HELP).set_defaults(handler=cmd_import)


def cmd_report_incident(args) -> int:
    from dutyroom.reports import build_incident_report_pdf

    out = output_file(args, "pdf")
    with open_services(args) as services:
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
        assert report.id is not None  # a sent report is a stored one
        printed = services.incidents.printable(report.id)  # as it was sent, not as the incident is now
        build_incident_report_pdf(printed.incident, printed.report, out, office_name=printed.office_name,
                                  issuing_office=printed.issuing_office, zone=printed.time_zone)
    print(f"已生成突发事件信息报告（{report.title}）：{out}")
    return 0


def cmd_report_bulletin(args) -> int:
    from dutyroom.reports import build_bulletin_pdf
    from dutyroom.reports.bulletin import issue_number
    from dutyroom.services.records import SYSTEM_ACTOR

    out = output_file(args, "pdf")
    with open_services(args) as services:
        incident = _incident_arg(services, args.id)
        latest = None if args.new else services.bulletins.latest_for_incident(incident.id)
        if latest is not None:  # printed again as issued, with its own number
            build_bulletin_pdf(latest, out)
            print(f"已重印{latest.kind}{issue_number(latest)}“{latest.title}”：{out}（编发新的一期请加 --new）")
            return 0
        # The PDF is written inside the transaction that takes the number: no file, no number used.
        bulletin = services.bulletins.create(SYSTEM_ACTOR, services.bulletins.draft_for_incident(incident.id),
                                             write=lambda issued: build_bulletin_pdf(issued, out))
    print(f"已编发{bulletin.kind}{issue_number(bulletin)}“{bulletin.title}”：{out}")
    return 0


def cmd_report_timeliness(args) -> int:
    from dutyroom.services.incidents.bulletins import write_timeliness_notice

    out = output_file(args, "pdf")
    with open_services(args) as services:
        year, month = month_arg(args.month)
        late = write_timeliness_notice(services, year, month, out)
    print(f"已生成{year}年{month}月突发事件信息报告情况通报：{out}（迟报、漏报 {late} 次）")
    return 0


def cmd_report_daily(args) -> int:
    from dutyroom.services.incidents.bulletins import write_daily_digest

    out = output_file(args, "pdf")
    with open_services(args) as services:
        day = date_arg(args.date, "--date")
        count = write_daily_digest(services, day, out)
    print(f"已生成{day.year}年{day.month}月{day.day}日每日要情：{out}（突发事件 {count} 起）")
    return 0


def cmd_import(args) -> int:
    return run_import(args, lambda services, actor, path, skip: services.incidents.import_file(actor, path,
                                                                                               skip_invalid=skip))


def _incident_arg(services, text: str):
    if not re.fullmatch(r"\s*\d{1,9}\s*", text or ""):
        raise DutyRoomError(f"事件编号“{text}”无效，应为数字（见程序的“突发事件”页面）")
    try:
        return services.incidents.get(int(text))
    except NotFound:
        raise DutyRoomError(f"没有编号为 {text.strip()} 的事件") from None
