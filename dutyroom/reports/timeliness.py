"""突发事件信息报告情况通报: the monthly reporting-timeliness notice, A4 portrait.

Title, a sentence with the month's totals, then 一、 the table per reporting unit and rule (with a
合计 row), 二、 the late and missed reports one by one, 三、 a bar chart of on-time against late
reports per unit, and the issuing office and date at the end. The chart tells its two series
apart by fill (solid against white with a frame) and prints the numbers, so it reads in black and white.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from typing import BinaryIO

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from dutyroom.domain.localtime import DEFAULT_ZONE, format_date_cn, to_local
from dutyroom.reports.fonts import font_for
from dutyroom.reports.imprint import (
    Distribution,
    FootBlock,
    imprint_table,
    recipients_line,
    signature_lines,
)
from dutyroom.reports.page import build_document
from dutyroom.reports.styles import (
    EMPTY,
    OFFICIAL_MARGINS,
    DocStyles,
    frame_width,
    get_styles,
    grid_commands,
    para,
)
from dutyroom.services.incidents.records import ClockRecord, TimelinessRow

ON_TIME_FILL = colors.Color(0.35, 0.35, 0.35)
LATE_FILL = colors.white
COLUMNS = ("报告单位", "报送时限", "事件数", "按时", "迟报", "漏报", "迟报合计\n（分钟）", "按时率")
CHART_UNITS = 40
LATE_COLUMNS = ("序号", "事件", "报送时限", "应报时间", "实报时间", "迟报\n（分钟）")


def notice_title(year: int, month: int) -> str:
    return f"{year}年{month}月突发事件信息报告情况通报"


def rate_text(met: int, due: int) -> str:
    return f"{met / due * 100:.1f}%" if due else EMPTY


def _totals(rows: list[TimelinessRow]) -> dict[str, int]:
    # An incident counts once per unit: the service counts the unit's distinct incidents over all
    # rules; rows built without that count fall back to the rule covering most of them.
    per_unit: dict[str, int] = {}
    for row in rows:
        per_unit[row.reporting_unit] = max(per_unit.get(row.reporting_unit, 0), row.unit_incidents, row.incidents)
    met, late, missed = (sum(getattr(r, name) for r in rows) for name in ("met", "late", "missed"))
    return {"incidents": sum(per_unit.values()), "units": len(per_unit), "met": met, "late": late,
            "missed": missed, "due": met + late + missed, "minutes": sum(r.minutes_late_total for r in rows)}


def intro_text(rows: list[TimelinessRow], year: int, month: int) -> str:
    t = _totals(rows)
    if not rows:
        return f"{year}年{month}月，各地各部门未报送突发事件信息。"
    text = (f"{year}年{month}月，{t['units']}个单位共报告突发事件{t['incidents']}起，按规定时限应报送"
            f"{t['due']}次，其中按时报送{t['met']}次，迟报{t['late']}次")
    if t["late"]:
        text += f"、累计迟报{t['minutes']}分钟"  # no brackets: "），" may break before the comma
    text += f"，漏报{t['missed']}次，按时报送率{rate_text(t['met'], t['due'])}。现将有关情况通报如下。"
    return text


def _grouped(rows: list[TimelinessRow]) -> list[TimelinessRow]:
    """The rows in the order given (the service's order of units), each unit's rules together."""
    units: dict[str, list[TimelinessRow]] = {}
    for row in rows:
        units.setdefault(row.reporting_unit, []).append(row)
    return [row for group in units.values() for row in group]


def _unit_table(rows: list[TimelinessRow], styles: DocStyles, width: float) -> Table:
    center, cell = styles.cell_center, styles.cell
    data: list[list] = [[para(label, styles.cell_head) for label in COLUMNS]]
    commands = grid_commands(header_rows=1)
    ordered = _grouped(rows)
    start = 1
    for index, row in enumerate(ordered):
        due = row.met + row.late + row.missed
        data.append([para(row.reporting_unit, cell) if index == 0 or ordered[index - 1].reporting_unit
                     != row.reporting_unit else "", para(row.rule_name, cell),
                     *[para(str(n), center) for n in (row.incidents, row.met, row.late, row.missed,
                                                      row.minutes_late_total)],
                     para(rate_text(row.met, due), center)])
        last_of_unit = index == len(ordered) - 1 or ordered[index + 1].reporting_unit != row.reporting_unit
        if last_of_unit:
            end = len(data) - 1
            if end > start:  # a unit's rules share its name cell and stay on one page
                commands += [("SPAN", (0, start), (0, end)), ("NOSPLIT", (0, start), (-1, end))]
            start = end + 1
    if not ordered:
        data.append([para("本月无突发事件信息报告", center), *[""] * (len(COLUMNS) - 1)])
        commands.append(("SPAN", (0, 1), (-1, 1)))
    else:
        t = _totals(rows)
        data.append([para("合计", styles.cell_head), "",
                     *[para(str(t[k]), center) for k in ("incidents", "met", "late", "missed", "minutes")],
                     para(rate_text(t["met"], t["due"]), center)])
        commands += [("SPAN", (0, -1), (1, -1)), ("LINEABOVE", (0, -1), (-1, -1), 1.0, colors.black)]
    number = 11 * mm
    widths = [width * 0.22, 0, number, number, number, number, 18 * mm, 15 * mm]
    widths[1] = width - sum(widths)
    return Table(data, colWidths=widths, style=commands, repeatRows=1, hAlign="CENTER")


def _moment(instant: datetime, zone: str) -> str:
    local = to_local(instant, zone)
    return f"{local.month}月{local.day}日\n{local.hour}时{local.minute:02d}分"  # two lines, never broken


def _late_table(late: list[ClockRecord], styles: DocStyles, width: float, zone: str) -> Table:
    center, cell = styles.cell_center, styles.cell
    data: list[list] = [[para(label, styles.cell_head) for label in LATE_COLUMNS]]
    ordered = sorted(late, key=lambda c: (c.due_at, c.incident_title))
    for n, clock in enumerate(ordered, start=1):
        due_text = _moment(clock.due_at, zone)
        if clock.completed_at is None:
            sent, minutes = "未报送（漏报）", EMPTY
        else:
            sent, minutes = _moment(clock.completed_at, zone), str(clock.minutes_late or 0)
        unit = getattr(clock, "source_unit", "").strip()  # filled by the incidents service
        event = para(f"{clock.incident_title}\n（{unit}）" if unit else clock.incident_title, cell)
        data.append([para(str(n), center), event, para(clock.rule_name, cell),
                     para(due_text, center), para(sent, center), para(minutes, center)])
    widths = [10 * mm, 0, width * 0.24, 24 * mm, 24 * mm, 16 * mm]
    widths[1] = width - sum(widths)
    return Table(data, colWidths=widths, style=grid_commands(header_rows=1), repeatRows=1, hAlign="CENTER")


def _chart(rows: list[TimelinessRow], width: float) -> Drawing:
    """Horizontal bars per unit (names read on the left however long): on time, and late + missed."""
    units: dict[str, list[int]] = {}
    for row in rows:
        counts = units.setdefault(row.reporting_unit, [0, 0])
        counts[0] += row.met
        counts[1] += row.late + row.missed
    names = list(units)
    if len(names) > CHART_UNITS:  # a page holds so many: the units with most late and missed reports
        keep = set(sorted(names, key=lambda n: -units[n][1])[:CHART_UNITS])
        names = [n for n in names if n in keep]
    body, latin = font_for("body"), font_for("latin")
    bar = 7 if len(names) <= 20 else 5
    label_size = 10 if len(names) <= 20 else 8
    plot_height = max(60, (2 * bar + bar * 0.7) * len(names))
    label_room = min(width * 0.32, label_size * 1.05 * max(len(n) for n in names) + 8)
    height = plot_height + 52
    drawing = Drawing(width, height)
    # The drawing's initial font: left at Helvetica, it would enter the PDF unembedded.
    drawing.initialFontName, drawing.initialFontSize = body, label_size
    chart = HorizontalBarChart()
    chart.x, chart.y = label_room, 16
    chart.width, chart.height = width - label_room - 20, plot_height
    # Top of the chart is the first unit: reversed, because a horizontal chart counts upwards.
    # Series 0 is drawn lowest in each group: late first, so 按时 stands above it as in the legend.
    chart.data = [[units[n][1] for n in reversed(names)], [units[n][0] for n in reversed(names)]]
    chart.categoryAxis.categoryNames = list(reversed(names))
    chart.categoryAxis.labels.fontName = body
    chart.categoryAxis.labels.fontSize = label_size
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin = 0
    peak = max((max(v) for v in units.values()), default=0)
    chart.valueAxis.valueMax = max(5, peak + 1)
    chart.valueAxis.valueStep = max(1, (chart.valueAxis.valueMax + 9) // 10)
    chart.valueAxis.labels.fontName = latin
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.Color(0.8, 0.8, 0.8)
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.barWidth = bar
    chart.groupSpacing = bar * 0.7
    chart.barSpacing = 0
    chart.bars.strokeColor = colors.black
    chart.bars.strokeWidth = 0.6
    chart.bars[0].fillColor = LATE_FILL
    chart.bars[1].fillColor = ON_TIME_FILL
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = latin
    chart.barLabels.fontSize = 8
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    legend = Legend()
    legend.fontName = body
    legend.fontSize = 10
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 90
    legend.boxAnchor = "nw"
    legend.x, legend.y = label_room, height - 4
    legend.strokeColor = colors.black
    legend.strokeWidth = 0.6
    legend.colorNamePairs = [(ON_TIME_FILL, "按时报送（次）"), (LATE_FILL, "迟报及漏报（次）")]
    drawing.add(legend)
    return drawing


def timeliness_flowables(rows: list[TimelinessRow], *, year: int, month: int, late_list: list[ClockRecord],
                         issuing_office: str, printed_on: date, zone: str = DEFAULT_ZONE,
                         width: float | None = None, distribution: Distribution = Distribution()) -> list[Flowable]:
    width = width or frame_width(False, OFFICIAL_MARGINS)
    styles = get_styles(table_size=10.5)
    # A heading before a table only needs room for the table's first rows, not the whole table
    # (keepWithNext would move a long table to the next page with it).
    heading = ParagraphStyle("dr-notice-heading", parent=styles.heading, keepWithNext=0, spaceBefore=4 * mm)

    def section(title: str) -> list[Flowable]:
        return [CondPageBreak(50 * mm), para(title, heading)]

    story: list[Flowable] = [para(notice_title(year, month), styles.title), Spacer(1, 3 * mm),
                             recipients_line(distribution.recipients, styles), para(intro_text(rows, year, month), styles.body),
                             *section("一、各单位报送情况"), _unit_table(rows, styles, width),
                             *section("二、迟报、漏报情况")]
    if late_list:
        story.append(_late_table(late_list, styles, width, zone))
    else:
        story.append(para("本月无迟报、漏报。", styles.body))
    # The office and date close the notice, the 版记 at the foot of its page: never alone on a last page,
    # so they travel with the chart.
    closing = FootBlock(signature_lines(issuing_office, printed_on, styles),
                        imprint_table(issuing_office, printed_on, styles, width, distribution.copy_to,
                                      distribution.imprint_office))
    if rows:
        chart = [para("三、各单位按时报送与迟报、漏报次数", heading), _chart(rows, width)]
        story += [CondPageBreak(50 * mm), KeepTogether([*chart, closing])]
    else:
        story.append(closing)
    return story


def build_timeliness_pdf(rows: list[TimelinessRow], out: str | os.PathLike | BinaryIO, *, office_name: str,
                         issuing_office: str, year: int, month: int, late_list: list[ClockRecord],
                         printed_on: date, zone: str = DEFAULT_ZONE,
                         distribution: Distribution = Distribution()) -> None:
    """Write the month's 突发事件信息报告情况通报 to a path or a binary file object (主送 and 版记 from
    `distribution`)."""
    office = issuing_office.strip() or office_name
    title = notice_title(year, month)
    build_document(
        out,
        timeliness_flowables(rows, year=year, month=month, late_list=late_list, issuing_office=office,
                             printed_on=printed_on, zone=zone, distribution=distribution),
        title=title,
        author=office,
        subject=f"{title}（{format_date_cn(printed_on)}）",
        margins=OFFICIAL_MARGINS,
        header_mark="内部资料",
    )
