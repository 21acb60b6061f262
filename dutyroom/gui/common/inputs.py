"""Filling and reading a form's inputs: combo boxes offering records or enum members, and dates.

Dates and times on screen are the office's wall-clock time, whatever zone the machine is set to.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QComboBox

from dutyroom.domain.localtime import to_local, zone


def fill_combo(combo: QComboBox, items: list[tuple[str, object]]) -> None:
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)


def fill_enum(combo: QComboBox, enum: type[Enum]) -> None:
    fill_combo(combo, [(member.label, member) for member in enum])


def select_data(combo: QComboBox, value, missing_text: str | None = None) -> None:
    """Select the item carrying `value`; add it (e.g. a disabled unit) when it is not offered."""
    for i in range(combo.count()):
        if combo.itemData(i) == value:
            combo.setCurrentIndex(i)
            return
    if missing_text is not None:
        combo.addItem(missing_text, value)
        combo.setCurrentIndex(combo.count() - 1)


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_qdatetime(instant: datetime, zone_name: str) -> QDateTime:
    """The office's wall-clock time, whatever zone this machine is set to."""
    local = to_local(instant, zone_name)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second))


def from_qdatetime(value: QDateTime, zone_name: str) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=zone(zone_name))
