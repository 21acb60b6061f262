"""The telephone log's printed documents, written the same way from the CLI and from the call page."""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import BinaryIO

from dutyroom.domain.localtime import format_date_cn, to_local
from dutyroom.domain.phones import format_number
from dutyroom.services.calls.records import CallStats


def write_call_register(services, first: date, last: date, out: str | os.PathLike | BinaryIO) -> int:
    """来电登记表 of office-local dates first..last (PDF); returns how many calls it lists."""
    from dutyroom.reports.calls import build_calls_pdf  # reportlab loads only when a document is printed

    first, last = min(first, last), max(first, last)
    settings = services.settings.get()
    calls = services.calls.between(first, last)
    build_calls_pdf(calls, out, first=first, last=last, office_name=settings.office_name,
                    issuing_office=settings.issuing_office, zone=settings.time_zone, number_text=format_number,
                    printed_on=to_local(services.clock.now(), settings.time_zone).date())
    return len(calls)


def write_shift_register(services, duty_date: date, out: str | os.PathLike | BinaryIO, shift_name: str = "") -> int:
    """来电登记表 of one shift (the calls whose roster day is `duty_date`), for the handover; returns the count."""
    from dutyroom.reports.calls import build_calls_pdf  # reportlab loads only when a document is printed

    settings = services.settings.get()
    calls = services.calls.shift_calls(duty_date, shift_name)
    names = sorted({c.shift_name for c in calls if c.shift_name}) if not shift_name else [shift_name]
    period = f"{format_date_cn(duty_date)}{'、'.join(names) or '值班'}"
    build_calls_pdf(calls, out, first=duty_date, last=duty_date + timedelta(days=1), office_name=settings.office_name,
                    issuing_office=settings.issuing_office, zone=settings.time_zone, number_text=format_number,
                    printed_on=to_local(services.clock.now(), settings.time_zone).date(), period=period)
    return len(calls)


def write_call_stats(services, first: date, last: date, out: str | os.PathLike | BinaryIO) -> CallStats:
    """来电情况统计 of first..last (a month: its first and last day) (PDF); returns the figures printed."""
    from dutyroom.reports.call_stats import build_call_stats_pdf  # reportlab loads only when printing
    from dutyroom.reports.imprint import Distribution

    settings = services.settings.get()
    stats = services.calls.stats(first, last)
    build_call_stats_pdf(stats, out, office_name=settings.office_name, issuing_office=settings.issuing_office,
                         printed_on=to_local(services.clock.now(), settings.time_zone).date(),
                         distribution=Distribution.of_documents(settings))
    return stats
