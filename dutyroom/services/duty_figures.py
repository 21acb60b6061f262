"""月度值班情况: one month's handovers, 空岗 records and leaders' instructions, read through their services.

Flat and outside every area, like shift_sources.py: it only combines what the areas publish.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from dutyroom.domain.localtime import zone as office_zone
from dutyroom.domain.months import month_range
from dutyroom.domain.vocabulary import EmptyPostKind
from dutyroom.services.records import DutyMonthFigures

if TYPE_CHECKING:
    from dutyroom.services import Services


def month_figures(services: Services, year: int, month: int) -> DutyMonthFigures:
    settings = services.settings.get()
    first, last = month_range(year, month)
    zone = office_zone(settings.time_zone)
    start = datetime.combine(first, time(0), tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone)
    now = services.clock.now()

    handovers = services.handover.handovers_between(first, last)
    sealed = [h for h in handovers if not h.missed]
    posts = services.empty_posts.list(first=first, last=last, limit=100_000)
    counts = services.empty_posts.month_counts(year, month)
    given = services.instructions.list(given_from=start, given_before=end, limit=100_000)
    done = [i for i in given if not i.is_open]
    late = [i for i in done if i.due_at is not None and i.done_at is not None and i.done_at > i.due_at]
    return DutyMonthFigures(
        year=year, month=month, office_name=settings.office_name, handovers=len(sealed),
        handovers_outside_window=sum(1 for h in sealed if h.outside_window),
        handovers_missed=sum(1 for h in handovers if h.missed),
        empty_posts=tuple((kind.label, counts[kind]) for kind in EmptyPostKind),
        empty_posts_explained=sum(1 for p in posts if p.explanation),
        empty_posts_closed=sum(1 for p in posts if not p.is_open),
        instructions_given=len(given), instructions_done_on_time=len(done) - len(late),
        instructions_done_late=len(late), instructions_open=sum(1 for i in given if i.is_open),
        instructions_open_overdue=sum(1 for i in given if i.is_overdue(now)))
