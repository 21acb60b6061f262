"""月度值班情况: handovers on time, 空岗 records and leaders' instructions carried out on time, one month."""

from __future__ import annotations

import os
from datetime import date
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from dutyroom.domain.localtime import format_date_cn
from dutyroom.reports.page import build_document
from dutyroom.reports.styles import LIST_MARGINS, frame_width, get_styles, grid_commands, para
from dutyroom.services.records import DutyMonthFigures


def _percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def _story(fig: DutyMonthFigures, printed_on: date) -> list[Flowable]:
    styles = get_styles(table_size=12.0)
    width = frame_width(False, LIST_MARGINS)
    head, cell, center = styles.cell_head, styles.cell, styles.cell_center

    def table(title: str, rows: list[tuple[str, str]]) -> list[Flowable]:
        body = [[para("项目", head), para("数量", head)]] + [[para(a, cell), para(b, center)] for a, b in rows]
        return [para(title, styles.heading),
                Table(body, colWidths=[width - 40 * mm, 40 * mm], style=grid_commands(header_rows=1)),
                Spacer(1, 4 * mm)]

    shifts = fig.handovers + fig.handovers_missed
    on_time = fig.handovers - fig.handovers_outside_window
    story: list[Flowable] = [para(f"{fig.office_name}{fig.year}年{fig.month}月值班情况", styles.title),
                             para(f"（{format_date_cn(printed_on)}）", styles.subtitle)]
    story += table("一、交接班", [("已交接", str(fig.handovers)), ("其中按时交接", str(on_time)),
                              ("其中窗口外交接（已说明原因）", str(fig.handovers_outside_window)),
                              ("未交接", str(fig.handovers_missed)), ("按时交接率", _percent(on_time, shifts))])
    story += table("二、空岗", [*((label, str(n)) for label, n in fig.empty_posts), ("合计", str(fig.empty_post_total)),
                             ("已说明", str(fig.empty_posts_explained)), ("已由带班领导关闭", str(fig.empty_posts_closed))])
    done = fig.instructions_done_on_time + fig.instructions_done_late
    story += table("三、领导批示", [("本月收到", str(fig.instructions_given)), ("已落实", str(done)),
                                ("其中按期落实", str(fig.instructions_done_on_time)),
                                ("其中超期落实", str(fig.instructions_done_late)),
                                ("尚未落实", str(fig.instructions_open)),
                                ("其中已超期", str(fig.instructions_open_overdue)),
                                ("按期落实率", _percent(fig.instructions_done_on_time, fig.instructions_given))])
    return story


def build_duty_month_pdf(fig: DutyMonthFigures, out: str | os.PathLike | BinaryIO, *, printed_on: date) -> None:
    title = f"{fig.office_name}{fig.year}年{fig.month}月值班情况"
    build_document(out, _story(fig, printed_on), title=title, author=fig.office_name, subject=title,
                   margins=LIST_MARGINS, header_mark="内部资料",
                   footer_text=f"{fig.office_name}  印制于 {format_date_cn(printed_on)}")
