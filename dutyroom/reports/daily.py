"""每日要情: the day's important information (the 24 hours before 18:00), A4 portrait.

Faxed to the leaders and upward: a document of several pages says "共 N 页" beside each page number.
Title, the period it covers, then one numbered short paragraph per incident (its name in 黑体, then
when, where, what, the toll and where things stand), then the notable calls, then the roll-calls that found problems. A quiet day says so in
one line rather than printing empty headings.
"""

from __future__ import annotations

import os
from datetime import date
from typing import BinaryIO

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from dutyroom.domain.bulletin_text import summary_sentence
from dutyroom.domain.daily_digest import period_text
from dutyroom.domain.localtime import DEFAULT_ZONE, format_date_cn
from dutyroom.reports.fonts import font_for, markup
from dutyroom.reports.page import build_document
from dutyroom.reports.styles import DocStyles, get_styles, para, paragraph_of
from dutyroom.services.incidents.records import IncidentRecord

TITLE = "每日要情"
NOTHING = "今日无重要情况。"


def _item(number: int, incident: IncidentRecord, styles: DocStyles, zone: str) -> Paragraph:
    heading = font_for("heading")
    title = f"{number}．{incident.title.strip()}"
    text = f'<font face="{heading}">{markup(title, heading)}</font>\u3000'
    text += markup(summary_sentence(incident, zone), styles.body.fontName)
    return paragraph_of(text, styles.body)


def daily_flowables(day: date, incidents: list[IncidentRecord], notable_calls: list[str], *,
                    issuing_office: str, printed_on: date, zone: str = DEFAULT_ZONE,
                    rollcalls: list[str] | tuple[str, ...] = ()) -> list[Flowable]:
    styles = get_styles()
    office_line = ParagraphStyle("dr-daily-office", parent=styles.body, firstLineIndent=0, alignment=TA_RIGHT)
    story: list[Flowable] = [para(TITLE, styles.title), para(period_text(day), styles.subtitle),
                             para(f"{issuing_office}\u3000{format_date_cn(printed_on)}", office_line),
                             Spacer(1, 4 * mm)]
    calls = [c.strip() for c in notable_calls if c and c.strip()]
    checks = [r.strip() for r in rollcalls if r and r.strip()]
    if not incidents and not calls and not checks:
        story.append(para(NOTHING, styles.notice))
        return story
    story.append(para("一、突发事件", styles.heading))
    if incidents:
        ordered = sorted(incidents, key=lambda i: (i.occurred_at, i.title))
        story += [_item(n, incident, styles, zone) for n, incident in enumerate(ordered, start=1)]
    else:
        story.append(para("本时段未接报突发事件。", styles.body))
    if calls:
        story.append(Spacer(1, 2 * mm))
        items = [para(f"{n}．{text}", styles.body) for n, text in enumerate(calls, start=1)]
        story.append(KeepTogether([para("二、其他值得关注的来电", styles.heading), items[0]]))
        story += items[1:]
    if checks:
        # Only roll-calls that found a unit off its post, a slow answer or a 整改 item are news.
        story.append(Spacer(1, 2 * mm))
        items = [para(f"{n}．{text}", styles.body) for n, text in enumerate(checks, start=1)]
        story.append(KeepTogether([para(f"{'三' if calls else '二'}、视频点名发现的问题", styles.heading), items[0]]))
        story += items[1:]
    return story


def build_daily_pdf(day: date, incidents: list[IncidentRecord], notable_calls: list[str],
                    out: str | os.PathLike | BinaryIO, *, office_name: str, issuing_office: str,
                    printed_on: date, zone: str = DEFAULT_ZONE, rollcalls: list[str] | tuple[str, ...] = ()) -> None:
    """Write the 每日要情 of `day` to a path or a binary file object; `rollcalls` are the roll-call lines."""
    office = issuing_office.strip() or office_name
    build_document(
        out,
        daily_flowables(day, incidents, notable_calls, issuing_office=office, printed_on=printed_on, zone=zone,
                        rollcalls=rollcalls),
        title=f"{TITLE}（{format_date_cn(day)}）",
        author=office,
        subject=f"{TITLE}{period_text(day)}",
        header_mark="内部资料",
        count_pages=True,  # faxed: "共 N 页" beside the number tells the receiver when a page is missing
    )
