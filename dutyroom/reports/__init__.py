"""Printed documents (PDF, A4) built with reportlab. No Qt here.

Shared pieces: `fonts` (official fonts, embedded), `styles` (GB/T 9704 look), `page` (the builder).
One module per document: `contacts` (值班通讯录), `roster` (值班表), `incident` (突发事件信息报告),
`bulletin` (值班快报 / 信息专报), `timeliness` (信息报告情况通报), `daily` (每日要情), `calls` (来电登记表),
`call_stats` (来电情况统计), ...

The names below are loaded on first use (PEP 562): `from dutyroom.reports import build_contacts_pdf` imports
the contacts document alone, not every document and, through the bulletin's records, the whole service layer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dutyroom.reports.bulletin import build_bulletin_pdf
    from dutyroom.reports.call_stats import build_call_stats_pdf
    from dutyroom.reports.calls import build_calls_pdf
    from dutyroom.reports.contacts import build_contacts_pdf
    from dutyroom.reports.daily import build_daily_pdf
    from dutyroom.reports.fonts import describe_fonts, font_for, reset_font_cache
    from dutyroom.reports.incident import build_incident_report_pdf
    from dutyroom.reports.page import build_document
    from dutyroom.reports.roster import build_roster_pdf
    from dutyroom.reports.timeliness import build_timeliness_pdf

_HOMES = {
    "build_bulletin_pdf": "bulletin",
    "build_call_stats_pdf": "call_stats",
    "build_calls_pdf": "calls",
    "build_contacts_pdf": "contacts",
    "build_daily_pdf": "daily",
    "describe_fonts": "fonts",
    "font_for": "fonts",
    "reset_font_cache": "fonts",
    "build_incident_report_pdf": "incident",
    "build_document": "page",
    "build_roster_pdf": "roster",
    "build_timeliness_pdf": "timeliness",
}


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "build_bulletin_pdf", "build_call_stats_pdf", "build_calls_pdf", "build_contacts_pdf", "build_daily_pdf",
    "build_document", "build_incident_report_pdf", "build_roster_pdf", "build_timeliness_pdf", "describe_fonts", "font_for", "reset_font_cache",
]
