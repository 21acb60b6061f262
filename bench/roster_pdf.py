"""The monthly roster PDF (值班表), DESIGN.md §8: ≤ 0.5 s.

Two figures: a one-shift office (31 rows on one page: leader, two officers, standby, phones) and
a day/night office (62 rows over two pages). Both are paired with a baseline measured in the same
run: a one-page document with just the title, through the same builder and fonts, so the ratio
shows what the table itself costs over opening, embedding and writing a PDF.
"""

from __future__ import annotations

import io
import random
import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from bench.common import Figure, timed_ms
from dutyroom.domain.localtime import weekday_name
from dutyroom.reports import build_document, build_roster_pdf
from dutyroom.reports.styles import get_styles, para
from dutyroom.services.roster.records import RosterDay, RosterMonth, RosterPerson, RosterShift

TARGET_MS = 500.0
ZONE = ZoneInfo("Asia/Shanghai")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹欧阳"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华建国志红文斌宇浩凯鹏辉玲雪梅林海波宁"
# 2026: 国庆节 10月1日—7日 off, Saturday 10月10日 a 调休上班 day.
_HOLIDAYS = {date(2026, 10, d) for d in range(1, 8)}
_WORKDAYS = {date(2026, 10, 10)}


def sample_month(*, two_shifts: bool, seed: int = 2026) -> RosterMonth:
    """October 2026 for an office of 5 leaders, 12 officers and 4 standby, all with phones."""
    rng = random.Random(seed)

    def people(first_id: int, n: int) -> list[RosterPerson]:
        def name() -> str:
            return rng.choice(_SURNAMES) + "".join(rng.sample(_GIVEN, rng.choice((1, 2))))

        return [RosterPerson(first_id + i, name(), f"13{rng.randrange(10**9):09d}") for i in range(n)]

    leaders, officers, standby = people(1, 5), people(100, 12), people(200, 4)
    specs = [("全天", time(8, 30), 24)]
    if two_shifts:
        specs = [("白班", time(8, 30), 9), ("夜班", time(17, 30), 15)]
    days = []
    for n in range(31):
        day = date(2026, 10, 1) + timedelta(days=n)
        shifts = []
        for k, (name, start, hours) in enumerate(specs):
            starts = datetime.combine(day, start, ZONE).astimezone(timezone.utc)
            crew = (officers[(2 * n + k) % 12], officers[(2 * n + k + 5) % 12])
            shifts.append(RosterShift(day, k + 1, name, starts, starts + timedelta(hours=hours),
                                      (leaders[n % 5],), crew, (standby[n % 4],)))
        marker = "休" if day in _HOLIDAYS else "班" if day in _WORKDAYS else ""
        days.append(RosterDay(day, weekday_name(day), "国庆节" if marker else "", marker,
                              "防汛关键期" if 10 <= day.day <= 20 else "", tuple(shifts)))
    return RosterMonth("某某市人民政府", "某某市人民政府办公室", 2026, 10, date(2026, 9, 25), "Asia/Shanghai",
                       tuple(days))


def _empty_page() -> None:
    build_document(io.BytesIO(), [para("某某市人民政府2026年10月值班表", get_styles().title)], title="值班表",
                   landscape=True)


def run(runs: int = 9, *, quick: bool = False) -> list[Figure]:
    runs = 3 if quick else runs
    months = {"roster_pdf.one_shift": (sample_month(two_shifts=False), "31 rows"),
              "roster_pdf.day_night": (sample_month(two_shifts=True), "62 rows")}
    build_roster_pdf(months["roster_pdf.one_shift"][0], io.BytesIO())  # fonts resolved outside the timing
    _empty_page()
    samples: dict[str, list[float]] = {name: [] for name in months}
    baseline: list[float] = []
    for _ in range(runs):  # interleaved, so both share the machine's noise
        baseline.append(timed_ms(_empty_page)[0])
        for name, (month, _) in months.items():
            samples[name].append(timed_ms(lambda month=month: build_roster_pdf(month, io.BytesIO()))[0])
    figures = []
    for name, (month, rows) in months.items():
        figure = Figure(name, samples[name], baseline, target=f"≤ {TARGET_MS:.0f} ms",
                        baseline_name="one-page PDF with the title only")
        verdict = "met" if figure.median_ms <= TARGET_MS else "NOT MET"
        out = io.BytesIO()
        build_roster_pdf(month, out)
        pages = len(re.findall(rb"/Type /Page\b(?!s)", out.getvalue()))
        figure.note = (f"absolute target {verdict}; {rows} on {pages} page(s), leader + 2 officers + standby "
                       "with phones, A4 landscape")
        figures.append(figure)
    return figures
