"""Phone numbers shown the way a duty officer reads them aloud: 138 0013 8000, 0571-8888 6666.

Numbers are stored normalised (ASCII digits and separators, see validation.normalize_phone); this only
groups digits for reading. Anything it does not recognise (short service numbers such as 12345,
several numbers in one field) is shown as stored, so nothing is ever hidden or reordered.
"""

from __future__ import annotations

import re

_EXTENSION = re.compile(r"^(?P<main>[^转]+?)\s*(?P<ext>转\s*\d+)$")
# Two- and three-digit area codes (010 Beijing, 02x big cities); every other area code has four digits.
_SHORT_AREA = re.compile(r"^0(10|2\d)")


def _group_local(digits: str) -> str:
    """7 or 8 digits of a landline: 888 6666 / 8888 6666."""
    return f"{digits[:-4]} {digits[-4:]}" if len(digits) in (7, 8) else digits


def _mobile(digits: str) -> str:
    return f"{digits[:3]} {digits[3:7]} {digits[7:]}"


def format_number(number: str | None) -> str:
    """The readable form of one stored number; "" stays ""."""
    text = (number or "").strip()
    if not text:
        return ""
    match = _EXTENSION.match(text)
    if match:
        return f"{format_number(match['main'])} {match['ext'].replace(' ', '')}"
    prefix = ""
    if text.startswith("+86"):
        prefix, text = "+86 ", text[3:].lstrip(" -")
    compact = re.sub(r"[\s\-()（）]", "", text)
    if not compact.isdigit():
        return (prefix + text).strip()
    if len(compact) == 11 and compact.startswith("1"):
        return prefix + _mobile(compact)
    if compact.startswith("0") and 10 <= len(compact) <= 12:
        area = 3 if _SHORT_AREA.match(compact) else 4
        local = compact[area:]
        if len(local) in (7, 8):
            return f"{prefix}{compact[:area]}-{_group_local(local)}"
    if len(compact) in (7, 8) and not prefix and "-" not in text:
        return _group_local(compact)
    return (prefix + text).strip()
