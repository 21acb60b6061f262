"""Printed documents (PDF, A4) built with reportlab. No Qt here.

Shared pieces: `fonts` (official fonts, embedded), `styles` (GB/T 9704 look), `page` (the builder).
One module per document: `contacts` (值班通讯录), `roster` (值班表), ...
"""

from dutyroom.reports.contacts import build_contacts_pdf
from dutyroom.reports.fonts import describe_fonts, font_for, reset_font_cache
from dutyroom.reports.page import build_document
from dutyroom.reports.roster import build_roster_pdf

__all__ = [
    "build_contacts_pdf", "build_document", "build_roster_pdf", "describe_fonts", "font_for", "reset_font_cache",
]
