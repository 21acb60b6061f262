"""视频点名情况通报 of one roll-call, and the statistics of a month or quarter, A4 portrait.

The 通报: "内部资料", title, date, 主送, the narrative (written from the data, or as edited before
issuing), 一、 a table per result, the presence rate with its definition under it, 二、 problems and
the 整改 deadlines, the issuing office and date, and the 版记 (抄送, then 印发机关 and date, between rules).
The statistics: a ranked table by unit and a bar chart of presence rates, solid bars with the value
printed at each, so it reads on a black-and-white fax.
"""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING, BinaryIO

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from dutyroom.domain import rollcall as rules
from dutyroom.domain.localtime import format_date_cn, to_local
from dutyroom.domain.vocabulary import RollCallKind, RollCallResult
from dutyroom.reports.fonts import font_for
from dutyroom.reports.imprint import (
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
from dutyroom.services.records import OfficeSettings
from dutyroom.services.rollcall.records import EntryRecord, RollCallStats, RollCallSummary

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

HEADER_MARK = "内部资料"
DEFAULT_RECIPIENTS = OfficeSettings.rollcall_recipients
NOTICE_TITLE = "视频点名情况通报"
RESULT_COLUMNS = ("序号", "单位", "应答人", "应答用时", "画面声音", "备注")
PROBLEM_COLUMNS = ("序号", "单位", "存在问题", "整改要求", "整改期限")
STATS_COLUMNS = ("排名", "单位", "点名\n次数", "在岗", "离岗", "设备\n故障", "请假", "未应答", "超时\n应答", "在岗率",
                 "平均应答\n（秒）")
BAR_FILL = colors.Color(0.35, 0.35, 0.35)
CHART_UNITS = 40


def _seconds(value: int | None) -> str:
    return EMPTY if value is None else f"{value}秒"


def _names(units) -> str:
    return "、".join(units)


def problem_text(result: RollCallResult | None, seconds: int | None, slow: bool, limit: int) -> str:
    parts = []
    if result not in (None, RollCallResult.PRESENT):
        parts.append(result.label)
    if slow:
        parts.append(f"超时应答（用时{seconds}秒，超过{limit}秒）")
    return "；".join(parts) or "—"


def default_narrative(summary: RollCallSummary) -> str:
    """The narrative written from the data; the officer may edit it before issuing."""
    rc, t = summary.rollcall, summary.tally
    local = to_local(rc.planned_at, summary.time_zone)
    when = f"{local.month}月{local.day}日{local.hour}时{local.minute:02d}分"
    who = summary.issuing_office or summary.office_name
    if rc.kind == RollCallKind.SPOT:
        opening = f"{when}，{who}对{t.units}个单位值班室进行了不打招呼的随机视频抽查"
    else:
        opening = f"{when}，{who}对{t.units}个单位值班室进行了视频点名"
    text = (f"{opening}。{t.present}个单位在岗，在岗率{rules.rate_text(t.presence_rate)}"
            + (f"；{t.excused}个单位请假（已报备）" if t.excused else "") + "。")
    by_result = {r: [e.unit_name for e in summary.finals if e.result == r] for r in RollCallResult}
    absent = [f"{r.label}的有{_names(by_result[r])}" for r in
              (RollCallResult.ABSENT, RollCallResult.NO_ANSWER, RollCallResult.EQUIPMENT_FAULT) if by_result[r]]
    if absent:
        text += "其中" + "，".join(absent) + "。"
    if t.slow:
        text += f"{_names(t.slow)}应答超过{summary.answer_limit}秒，视为超时应答。"
    if t.average_seconds is not None:
        text += f"平均应答用时{t.average_seconds:.0f}秒。"
    if summary.problems:
        text += "请有关单位认真查找原因，按要求限期整改，并将整改情况报送我办。"
    else:
        text += "各单位值班值守情况良好。"
    return text


def _result_table(entries: list[EntryRecord], styles: DocStyles, width: float, limit: int) -> Table:
    cell, center = styles.cell, styles.cell_center
    data: list[list] = [[para(label, styles.cell_head) for label in RESULT_COLUMNS]]
    latin: list[tuple[int, int]] = []  # plain cells drawn in the Latin font (digits, "—")
    for n, e in enumerate(entries, start=1):
        who = e.answerer + (f"（{e.answerer_position}）" if e.answerer and e.answerer_position else "")
        seconds = _seconds(e.answer_seconds) + ("\n超时" if rules.is_slow(e.answer_seconds, limit) else "")
        remarks = e.remarks + ("（复呼）" if e.attempt > 1 else "")
        # Cells that never wrap are plain strings: a Paragraph per cell made a 60-unit 通报 take over 1 s.
        row = [str(n), para(e.unit_name, cell), para(who, cell) if who else EMPTY,
               para(seconds, center) if e.answer_seconds is not None else EMPTY,
               e.av_quality.label if e.av_quality else EMPTY, para(remarks, cell) if remarks else EMPTY]
        latin += [(c, n) for c, value in enumerate(row) if c == 0 or value == EMPTY]
        data.append(row)
    widths = [10 * mm, width * 0.28, 28 * mm, 18 * mm, 16 * mm, 0]
    widths[-1] = width - sum(widths)
    return Table(data, colWidths=widths, style=_plain_cells(styles, latin), repeatRows=1, hAlign="CENTER")


def _plain_cells(styles: DocStyles, latin: list[tuple[int, int]]) -> list[tuple]:
    """The grid, with the body rows' plain-string cells centred in the table's size; the CJK body font
    has no digits or dashes, so the cells holding them (`latin`, as (column, row)) take the Latin font."""
    commands = grid_commands(header_rows=1)
    commands += [("FONTSIZE", (0, 1), (-1, -1), styles.cell.fontSize),
                 ("LEADING", (0, 1), (-1, -1), styles.cell.leading), ("ALIGN", (0, 1), (-1, -1), "CENTER")]
    font = font_for("latin")
    commands += [("FONTNAME", (c, r), (c, r), font) for c, r in latin]
    return commands


def _problem_table(summary: RollCallSummary, styles: DocStyles, width: float) -> Table:
    cell, center = styles.cell, styles.cell_center
    data: list[list] = [[para(label, styles.cell_head) for label in PROBLEM_COLUMNS]]
    latin: list[tuple[int, int]] = []
    for n, p in enumerate(summary.problems, start=1):
        problem = problem_text(p.result, p.answer_seconds, p.slow, summary.answer_limit)
        if p.remarks:
            problem += f"（{p.remarks}）"
        items = p.rectifications
        requirement = "\n".join(i.requirement + ("（已整改）" if i.closed_at else "") for i in items)
        due = "\n".join(f"{i.due_on.month}月{i.due_on.day}日" for i in items)
        row = [str(n), para(p.unit_name, cell), para(problem, cell), para(requirement, cell) if requirement else EMPTY,
               para(due, center) if due else EMPTY]
        latin += [(c, n) for c, value in enumerate(row) if c == 0 or value == EMPTY]
        data.append(row)
    widths = [10 * mm, width * 0.22, width * 0.26, 0, 22 * mm]
    widths[3] = width - sum(widths)
    return Table(data, colWidths=widths, style=_plain_cells(styles, latin), repeatRows=1, hAlign="CENTER")


def _closing(office: str, day: date, styles: DocStyles, width: float, copy_to: str,
             imprint_office: str) -> FootBlock:
    return FootBlock(signature_lines(office, day, styles),
                     imprint_table(office, day, styles, width, copy_to, imprint_office))


def notice_flowables(summary: RollCallSummary, printed_on: date, width: float | None = None) -> list[Flowable]:
    width = width or frame_width(False, OFFICIAL_MARGINS)
    styles = get_styles(table_size=10.5)
    rc, t = summary.rollcall, summary.tally
    heading = ParagraphStyle("dr-rc-heading", parent=styles.heading, keepWithNext=0, spaceBefore=3 * mm)
    # A group's table may start under its heading and go on over the page: the heading asks only for
    # room for itself and the table's first rows (keepWithNext would carry a long table to the next
    # page whole, leaving half a page empty).
    sub = ParagraphStyle("dr-rc-sub", parent=styles.subheading, keepWithNext=0)
    plain = ParagraphStyle("dr-rc-plain", parent=styles.body, firstLineIndent=0)
    office = summary.issuing_office or summary.office_name
    local_day = to_local(rc.planned_at, summary.time_zone).date()
    story: list[Flowable] = [
        para(f"{rc.kind.label}{NOTICE_TITLE}" if rc.kind == RollCallKind.SPOT else NOTICE_TITLE, styles.title),
        para(format_date_cn(local_day), styles.subtitle),
        para(f"{rc.recipients or summary.recipients or DEFAULT_RECIPIENTS}：", plain)]
    narrative = rc.narrative.strip() or default_narrative(summary)
    story += [para(line, styles.body) for line in narrative.splitlines() if line.strip()]
    story += [CondPageBreak(40 * mm), para("一、点名结果", heading)]
    rate = (f"点名单位{t.called}个，在岗{t.present}个，请假（已报备）{t.excused}个，"
            f"在岗率{rules.rate_text(t.presence_rate)}。")
    story += [para(rate, styles.body), para(rules.PRESENCE_RATE_DEFINITION, styles.cell_note), Spacer(1, 2 * mm)]
    # Numbered as printed: （一）（二）（三） over the groups that have units, with no gap for an empty one.
    groups = [(result, entries) for result in RollCallResult
              if (entries := [e for e in summary.finals if e.result == result])]
    for number, (result, entries) in zip("一二三四五六七八", groups, strict=False):
        story += [CondPageBreak(30 * mm), para(f"（{number}）{result.label}（{len(entries)}个）", sub),
                  _result_table(entries, styles, width, summary.answer_limit), Spacer(1, 2 * mm)]
    story += [CondPageBreak(40 * mm), para("二、存在问题及整改要求", heading)]
    if summary.problems:
        story.append(_problem_table(summary, styles, width))
    else:
        story.append(para("本次点名未发现问题。", styles.body))
    story.append(_closing(office, printed_on, styles, width, summary.copy_to, summary.imprint_office))
    return story


def build_notice_pdf(summary: RollCallSummary, out: str | os.PathLike | BinaryIO, *, printed_on: date) -> None:
    """Write the 视频点名情况通报 of one roll-call."""
    office = summary.issuing_office or summary.office_name
    build_document(out, notice_flowables(summary, printed_on), title=NOTICE_TITLE, author=office,
                   subject=f"{NOTICE_TITLE}（{format_date_cn(printed_on)}）", margins=OFFICIAL_MARGINS,
                   header_mark=HEADER_MARK)


# -- statistics of a period ------------------------------------------------------------------------


def stats_title(stats: RollCallStats) -> str:
    return f"{stats.period}视频点名情况统计"


def stats_intro(stats: RollCallStats) -> str:
    t = stats.totals
    kinds = {k: n for k, n in stats.by_kind}
    if not stats.rollcalls:
        return f"{stats.period}，未进行视频点名。"
    text = (f"{stats.period}，共进行视频点名{stats.rollcalls}次（本级点名{kinds.get(RollCallKind.HOST, 0)}次、"
            f"随机抽查{kinds.get(RollCallKind.SPOT, 0)}次、参加上级点名{kinds.get(RollCallKind.UPPER, 0)}次），"
            f"点名单位{t.called}个次，在岗{t.present}个次，在岗率{rules.rate_text(t.presence_rate)}；"
            f"请假（已报备）{t.excused}个次，离岗{t.absent}个次，未应答{t.no_answer}个次，设备故障{t.equipment_fault}个次，"
            f"超时应答{t.slow}个次。")
    return text


def _stats_table(stats: RollCallStats, styles: DocStyles, width: float) -> Table:
    center, cell = styles.cell_center, styles.cell
    data: list[list] = [[para(label, styles.cell_head) for label in STATS_COLUMNS]]

    def line(rank: str, f: rules.UnitFigures, name_style) -> list:
        average = f.average_seconds
        return [para(rank, center), para(f.unit, name_style),
                *[para(str(v), center) for v in (f.called, f.present, f.absent, f.equipment_fault, f.excused,
                                                 f.no_answer, f.slow)],
                para(rules.rate_text(f.presence_rate), center), para(EMPTY if average is None else f"{average:.0f}",
                                                                     center)]

    for unit in stats.units:
        data.append(line(str(unit.rank), unit.figures, cell))
    commands = grid_commands(header_rows=1)
    if stats.units:
        data.append(line("", stats.totals, styles.cell_head))
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 1.0, colors.black))
    else:
        data.append([para("本期无点名记录", center), *[""] * (len(STATS_COLUMNS) - 1)])
        commands.append(("SPAN", (0, 1), (-1, 1)))
    n = 10 * mm
    # 平均应答 is four characters plus padding: at 16 mm it wrapped onto three lines; 19 mm keeps it on one.
    widths = [n, 0, n, n, n, n, n, 11 * mm, n, 14 * mm, 19 * mm]
    widths[1] = width - sum(widths)
    return Table(data, colWidths=widths, style=commands, repeatRows=1, hAlign="CENTER")


def _rate_chart(stats: RollCallStats, width: float) -> Drawing:
    # Imported here, for start-up: reportlab's chart package is most of `report rollcall`'s imports (~250 ms
    # on a loaded 2-core machine) and only the statistics draw a chart, not one roll-call's notice.
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing

    figures = [u.figures for u in stats.units if u.figures.called][:CHART_UNITS]
    names = [f.unit for f in figures]
    body, latin = font_for("body"), font_for("latin")
    bar = 8 if len(names) <= 20 else 5
    label_size = 10 if len(names) <= 20 else 8
    plot_height = max(60, bar * 1.7 * len(names))
    label_room = min(width * 0.32, label_size * 1.05 * max((len(n) for n in names), default=4) + 8)
    drawing = Drawing(width, plot_height + 30)
    drawing.initialFontName, drawing.initialFontSize = body, label_size
    chart = HorizontalBarChart()
    chart.x, chart.y = label_room, 16
    chart.width, chart.height = width - label_room - 34, plot_height
    chart.data = [[round((f.presence_rate or 0) * 100, 1) for f in reversed(figures)]]
    chart.categoryAxis.categoryNames = list(reversed(names))
    chart.categoryAxis.labels.fontName = body
    chart.categoryAxis.labels.fontSize = label_size
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = latin
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.Color(0.8, 0.8, 0.8)
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.barWidth = bar
    chart.groupSpacing = bar * 0.7
    chart.bars.strokeColor = colors.black
    chart.bars.strokeWidth = 0.6
    chart.bars[0].fillColor = BAR_FILL
    chart.barLabelFormat = "%.1f%%"
    chart.barLabels.fontName = latin
    chart.barLabels.fontSize = 8
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def stats_flowables(stats: RollCallStats, printed_on: date, width: float | None = None) -> list[Flowable]:
    width = width or frame_width(False, OFFICIAL_MARGINS)
    styles = get_styles(table_size=10)
    heading = ParagraphStyle("dr-rcs-heading", parent=styles.heading, keepWithNext=0, spaceBefore=3 * mm)
    story: list[Flowable] = [para(stats_title(stats), styles.title), Spacer(1, 3 * mm),
                             recipients_line(stats.recipients or DEFAULT_RECIPIENTS, styles),
                             para(stats_intro(stats), styles.body), CondPageBreak(40 * mm),
                             para("一、各单位在岗及应答情况（按在岗率、平均应答用时排名）", heading),
                             _stats_table(stats, styles, width),
                             para(rules.PRESENCE_RATE_DEFINITION + f"应答时限为{stats.answer_limit}秒，超过即为超时应答。",
                                  styles.cell_note)]
    office = stats.issuing_office or stats.office_name
    closing = _closing(office, printed_on, styles, width, stats.copy_to, stats.imprint_office)
    if any(u.figures.called for u in stats.units):
        story += [CondPageBreak(60 * mm), KeepTogether([para("二、各单位在岗率", heading), _rate_chart(stats, width),
                                                        closing])]
    else:
        story.append(closing)
    return story


def build_stats_pdf(stats: RollCallStats, out: str | os.PathLike | BinaryIO, *, printed_on: date) -> None:
    office = stats.issuing_office or stats.office_name
    build_document(out, stats_flowables(stats, printed_on), title=stats_title(stats), author=office,
                   subject=stats_title(stats), margins=OFFICIAL_MARGINS, header_mark=HEADER_MARK)
