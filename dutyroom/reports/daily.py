"""每日要情: the day's important information (the 24 hours before 18:00), A4 portrait.

Title, the period it covers, then one numbered short paragraph per incident (its name in 黑体, then
when, where, what, the toll and where things stand), then the notable calls. A quiet day says so in
one line rather than printing empty headings.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta
from typing import BinaryIO

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from dutyroom.domain.bulletin_text import summary_sentence
from dutyroom.domain.localtime import DEFAULT_ZONE, format_date_cn
from dutyroom.domain.localtime import zone as office_zone
from dutyroom.reports.fonts import font_for, markup
from dutyroom.reports.page import build_document
from dutyroom.reports.styles import DocStyles, get_styles, para
from dutyroom.services.incidents.records import IncidentRecord

TITLE = "每日要情"
CUTOFF = time(18, 0)
NOTHING = "今日无重要情况。"


def period_text(day: date) -> str:
    """"（2026年11月20日18时至11月21日18时）"."""
    before = day - timedelta(days=1)
    end = f"{day.month}月{day.day}日" if before.year == day.year else format_date_cn(day)
    return f"（{format_date_cn(before)}18时至{end}18时）"


def period_bounds(day: date, zone: str = DEFAULT_ZONE) -> tuple[datetime, datetime]:
    """The aware instants the 每日要情 of `day` covers: 18:00 the day before to 18:00 that day."""
    end = datetime.combine(day, CUTOFF, office_zone(zone))
    return end - timedelta(days=1), end


def _item(number: int, incident: IncidentRecord, styles: DocStyles, zone: str) -> Paragraph:
    heading = font_for("heading")
    title = f"{number}．{incident.title.strip()}"
    text = f'<font face="{heading}">{markup(title, heading)}</font>\u3000'
    text += markup(summary_sentence(incident, zone), styles.body.fontName)
    return Paragraph(text, styles.body)


def daily_flowables(day: date, incidents: list[IncidentRecord], notable_calls: list[str], *,
                    issuing_office: str, printed_on: date, zone: str = DEFAULT_ZONE) -> list[Flowable]:
    styles = get_styles()
    office_line = ParagraphStyle("dr-daily-office", parent=styles.body, firstLineIndent=0, alignment=TA_RIGHT)
    story: list[Flowable] = [para(TITLE, styles.title), para(period_text(day), styles.subtitle),
                             para(f"{issuing_office}\u3000{format_date_cn(printed_on)}", office_line),
                             Spacer(1, 4 * mm)]
    calls = [c.strip() for c in notable_calls if c and c.strip()]
    if not incidents and not calls:
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
    return story


def build_daily_pdf(day: date, incidents: list[IncidentRecord], notable_calls: list[str],
                    out: str | os.PathLike | BinaryIO, *, office_name: str, issuing_office: str,
                    printed_on: date, zone: str = DEFAULT_ZONE) -> None:
    """Write the 每日要情 of `day` to a path or a binary file object."""
    office = issuing_office.strip() or office_name
    build_document(
        out,
        daily_flowables(day, incidents, notable_calls, issuing_office=office, printed_on=printed_on, zone=zone),
        title=f"{TITLE}（{format_date_cn(day)}）",
        author=office,
        subject=f"{TITLE}{period_text(day)}",
        header_mark="内部资料",
    )
