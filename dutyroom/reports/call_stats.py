"""来电情况统计: a month's (or any period's) calls in figures, A4 portrait.

Title, a paragraph with the totals and the handled rate (办理率) against the 95 % every office is held
to, the rate's definition, then 一、 a bar chart and table by category, 二、 by caller kind and by
outcome side by side, 三、 per officer, 四、 a bar chart of calls per day, and the issuing office and
date. Bars are grey with a black outline and carry their numbers, so the page reads in black and white.
"""

from __future__ import annotations

import os
from datetime import date
from typing import BinaryIO

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from dutyroom.domain.call_stats import TARGET_RATE, rate_text, share_text
from dutyroom.domain.localtime import format_date_cn
from dutyroom.domain.months import month_range
from dutyroom.reports.fonts import font_for
from dutyroom.reports.imprint import (
    Distribution,
    FootBlock,
    imprint_table,
    recipients_line,
    signature_lines,
)
from dutyroom.reports.page import build_document
from dutyroom.reports.styles import OFFICIAL_MARGINS, DocStyles, frame_width, get_styles, grid_commands, para
from dutyroom.services.calls.records import HANDLED_RATE_DEFINITION, CallStats, CountRow

BAR_FILL = colors.Color(0.55, 0.55, 0.55)
GRID_GREY = colors.Color(0.8, 0.8, 0.8)


def period_title(first: date, last: date) -> str:
    """"2026年11月" for a whole month, "2026年11月21日" for a day, else the two dates."""
    if (first, last) == month_range(first.year, first.month):
        return f"{first.year}年{first.month}月"
    if first == last:
        return format_date_cn(first)
    end = f"{last.month}月{last.day}日" if last.year == first.year else format_date_cn(last)
    return f"{format_date_cn(first)}至{end}"


def stats_title(stats: CallStats) -> str:
    return f"{period_title(stats.first, stats.last)}来电情况统计"


def intro_text(stats: CallStats) -> str:
    period = period_title(stats.first, stats.last)
    if not stats.total:
        return f"{period}，未登记来电。"
    text = f"{period}，共登记来电{stats.incoming}件、去电{stats.outgoing}件。"
    if stats.needing_handling:
        text += (f"需办理来电{stats.needing_handling}件，已办理{stats.handled}件，办理率{rate_text(stats.handled_rate)}，")
        if stats.complete:
            verdict = "达到" if stats.handled_rate is not None and stats.handled_rate >= TARGET_RATE else "未达到"
            text += f"{verdict}{TARGET_RATE * 100:.0f}%的要求。"
        else:  # calls still being handled would count: a month two days old is not judged against 95 %
            text += f"统计期尚未结束，暂不作是否达到{TARGET_RATE * 100:.0f}%要求的评价。"
    if stats.assigned:
        text += f"转办{stats.assigned}件，尚未办结{stats.open_follow_ups}件"
        text += f"，其中逾期未办结{stats.overdue_follow_ups}件。" if stats.overdue_follow_ups else "，无逾期。"
    flags = [f"{label}{n}件" for label, n in (("苗头性问题", stats.early_warning), ("普遍性问题", stats.widespread)) if n]
    if flags:
        text += "标记" + "、".join(flags) + "。"
    return text


def _count_table(title: str, rows: tuple[CountRow, ...], total: int, styles: DocStyles, width: float) -> Table:
    center = styles.cell_center
    data: list[list] = [[para(title, styles.cell_head), para("件数", styles.cell_head), para("占比", styles.cell_head)]]
    for row in rows:
        data.append([para(row.label, styles.cell), para(str(row.count), center), para(share_text(row.count, total), center)])
    data.append([para("合计", styles.cell_head), para(str(total), center), para(share_text(total, total), center)])
    commands = grid_commands(header_rows=1, padding=2.5) + [("LINEABOVE", (0, -1), (-1, -1), 1.0, colors.black)]
    number, share = 14 * mm, 18 * mm
    return Table(data, colWidths=[width - number - share, number, share], style=commands, repeatRows=1)


def _axis_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if peak / step <= 8:
            return step
    return max(1, peak // 8)


def _style_bars(chart, peak: int) -> None:
    latin = font_for("latin")
    step = _axis_step(peak)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = -(-(peak + 1) // step) * step  # room above the highest bar for its number
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = latin
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID_GREY
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.bars.strokeColor = colors.black
    chart.bars.strokeWidth = 0.6
    chart.bars[0].fillColor = BAR_FILL
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = latin


def category_chart(rows: tuple[CountRow, ...], width: float) -> Drawing:
    """Horizontal bars, one per category, first category on top, the count at the end of each bar."""
    body = font_for("body")
    bar = 9 if len(rows) <= 12 else 5
    plot_height = max(40, bar * 1.7 * len(rows))
    label_room = min(width * 0.3, 10.5 * max(len(r.label) for r in rows) + 10)
    drawing = Drawing(width, plot_height + 24)
    drawing.initialFontName, drawing.initialFontSize = body, 10  # else Helvetica enters the PDF unembedded
    chart = HorizontalBarChart()
    chart.x, chart.y = label_room, 14
    chart.width, chart.height = width - label_room - 24, plot_height
    chart.data = [[r.count for r in reversed(rows)]]
    chart.categoryAxis.categoryNames = [r.label for r in reversed(rows)]
    chart.categoryAxis.labels.fontName = body
    chart.categoryAxis.labels.fontSize = 10 if len(rows) <= 12 else 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.barWidth = bar
    chart.groupSpacing = bar * 0.7
    _style_bars(chart, max(r.count for r in rows))
    chart.barLabels.fontSize = 8
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def day_chart(rows: tuple[CountRow, ...], width: float) -> Drawing:
    """Vertical bars per day; every day is labelled while they fit, else every few days."""
    body, latin = font_for("body"), font_for("latin")
    height = 62 * mm
    drawing = Drawing(width, height)
    drawing.initialFontName, drawing.initialFontSize = body, 8
    chart = VerticalBarChart()
    chart.x, chart.y = 28, 30
    chart.width, chart.height = width - 36, height - 44
    chart.data = [[r.count for r in rows]]
    one_month = len({r.label[:2] for r in rows}) == 1
    if one_month:  # the month is in the heading: the axis needs the day only, every one of them fits
        names = [str(int(r.label[3:])) for r in rows]
    else:
        every = 1 if len(rows) <= 16 else max(2, len(rows) // 15)
        names = [r.label if i % every == 0 else "" for i, r in enumerate(rows)]
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.fontName = latin
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 0 if one_month or len(rows) <= 16 else 45
    chart.categoryAxis.labels.boxAnchor = "n" if one_month or len(rows) <= 16 else "ne"
    chart.barSpacing = 0
    chart.groupSpacing = 2 if len(rows) > 40 else 4
    _style_bars(chart, max((r.count for r in rows), default=0))
    chart.barLabels.fontSize = 6 if len(rows) > 16 else 8
    chart.barLabels.boxAnchor = "s"
    chart.barLabels.dy = 2
    if len(rows) > 62:
        chart.barLabelFormat = None  # a year of days: the bars alone, numbers would overlap
    drawing.add(chart)
    return drawing


def stats_flowables(stats: CallStats, *, issuing_office: str, printed_on: date,
                    definition: str = HANDLED_RATE_DEFINITION, width: float | None = None,
                    distribution: Distribution = Distribution()) -> list[Flowable]:
    width = width or frame_width(False, OFFICIAL_MARGINS)
    styles = get_styles(table_size=10.5)
    heading = ParagraphStyle("dr-call-stats-heading", parent=styles.heading, keepWithNext=0, spaceBefore=3 * mm,
                             spaceAfter=1.5 * mm)
    note = ParagraphStyle("dr-call-stats-note", parent=styles.cell_note, spaceBefore=2 * mm, leftIndent=0)
    story: list[Flowable] = [para(stats_title(stats), styles.title), Spacer(1, 2 * mm),
                             recipients_line(distribution.recipients, styles), para(intro_text(stats), styles.body),
                             para(f"注：{definition}", note)]
    # The office and date, the 版记 at the foot of their page: never alone, so they travel with the chart.
    closing = FootBlock(signature_lines(issuing_office, printed_on, styles),
                        imprint_table(issuing_office, printed_on, styles, width, distribution.copy_to,
                                      distribution.imprint_office))
    if not stats.total:
        return [*story, closing]

    def section(title: str, *content: Flowable) -> list[Flowable]:
        return [CondPageBreak(45 * mm), para(title, heading), *content]

    gap = 4 * mm
    half = (width - gap) / 2
    # Callers are the people who rang in: a 去电 has no caller, so this table totals the incoming calls.
    side_by_side = Table([[_count_table("来电人类别", stats.by_caller_kind, stats.incoming, styles, half),
                           _count_table("处理情况", stats.by_outcome, stats.total, styles, half)]],
                         colWidths=[half + gap / 2, half + gap / 2],
                         style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (0, 0), gap / 2), ("LEFTPADDING", (1, 0), (1, 0), gap / 2),
                                ("RIGHTPADDING", (1, 0), (1, 0), 0)])
    categories = [r for r in stats.by_category if r.count] or list(stats.by_category)
    story += section("一、按类别统计", KeepTogether([category_chart(tuple(categories), width)]), Spacer(1, 2 * mm),
                     _count_table("类别", stats.by_category, stats.total, styles, width))
    # One row of two tables cannot split: its heading must travel with it.
    story += [CondPageBreak(45 * mm), KeepTogether([para("二、按来电人类别和处理情况统计", heading), side_by_side])]
    story += section("三、值班员登记情况", _count_table("值班员", stats.by_officer, stats.total, styles, width))
    numbers = iter("四五")
    if stats.overdue_lines:  # the intro's "其中逾期未办结N件", by name
        story += section(f"{next(numbers)}、逾期未办结的转办件",
                         *[para(f"{n}．{line}", styles.body) for n, line in enumerate(stats.overdue_lines, start=1)])
    # A month printed while it runs shows its days so far: the days still to come are not "0 calls".
    days = stats.by_day
    until = ""
    if stats.first <= printed_on < stats.last:
        days = stats.by_day[:(printed_on - stats.first).days + 1]
        until = f"，截至{printed_on.day}日"
    if len(days) > 1:
        month = f"（{stats.first.month}月{until}）" if (stats.first.year, stats.first.month) == (
            stats.last.year, stats.last.month) else ""
        story += [CondPageBreak(80 * mm),
                  KeepTogether([para(f"{next(numbers)}、每日来电数量{month}", heading), day_chart(days, width), closing])]
    else:
        story.append(closing)
    return story


def build_call_stats_pdf(stats: CallStats, out: str | os.PathLike | BinaryIO, *, office_name: str,
                         issuing_office: str = "", printed_on: date,
                         definition: str = HANDLED_RATE_DEFINITION,
                         distribution: Distribution = Distribution()) -> None:
    """Write the 来电情况统计 of `stats` to a path or a binary file object (主送 and 版记 from `distribution`)."""
    office = issuing_office.strip() or office_name
    title = stats_title(stats)
    build_document(
        out,
        stats_flowables(stats, issuing_office=office, printed_on=printed_on, definition=definition,
                        distribution=distribution),
        title=title,
        author=office,
        subject=f"{title}（{format_date_cn(printed_on)}）",
        margins=OFFICIAL_MARGINS,
        header_mark="内部资料",
    )
