"""Video roll-call figures (issue 10, DESIGN.md §8 style: each median beside a baseline of the same run).

- rollcall.keypress: one key on the live screen with 60 units listed — Space (calling), a result key,
  Enter (next unit) — timed from the key event to the repainted screen; each key's save (SQLite,
  synchronous=FULL) goes to the screen's ordered background writer, as in the program, and every save
  is waited for before the results are counted; baseline: the same key sent to a bare QWidget. ≤ 16 ms
  with the keys at an officer's pace (each after the saves before it); rollcall.keypress_burst sends them
  back to back, each contending with the previous key's save for the interpreter (shown, no target).
- rollcall.stats_5y: services.rollcall.statistics over 5 years of weekly roll-calls of 40 units (260
  roll-calls, 10,400 results); baseline: a plain SELECT of the same columns of the same rows. ≤ 200 ms.
- rollcall.notice_pdf: the 视频点名情况通报 of a 60-unit roll-call with problems and 整改 items;
  baseline: a bare reportlab page with one line of text. ≤ 1 s.
"""

from __future__ import annotations

import io
import os
import random
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import Figure, timed_ms

ZONE = ZoneInfo("Asia/Shanghai")
KEY_TARGET_MS, STATS_TARGET_MS, PDF_TARGET_MS = 16.0, 200.0, 1000.0
LIVE_UNITS, STATS_UNITS, YEARS = 60, 40, 5


def _services(name: str, clock):
    from dutyroom.app import open_services

    folder = Path(tempfile.mkdtemp(prefix=f"dutyroom-bench-{name}-"))
    return open_services(folder / "rollcall.sqlite3", clock=clock, backup_folder=folder / "backups")


def _units(services, admin, n: int) -> list[int]:
    from dutyroom.domain.vocabulary import UnitKind
    from dutyroom.services.records import UnitRecord

    return [services.units.save(admin, UnitRecord(name=f"第{i}街道办事处", kind=UnitKind.SUBORDINATE,
                                                  duty_phone=f"0571-8{i:07d}", sort_order=i)).id
            for i in range(1, n + 1)]


def _admin(services):
    services.users.create_first_admin("admin", "Bench2026pass", "基准")
    return services.users.login("admin", "Bench2026pass")


# -- a keypress on the live screen -------------------------------------------------------------------
def _drain(app, live, bound_s: float = 60) -> None:
    """Until the live screen's writer has saved every key (bounded, so a broken writer ends the run)."""
    until = time.monotonic() + bound_s
    while live.writer.pending() and time.monotonic() < until:
        app.processEvents()
        time.sleep(0.002)


def keypress(samples: int, *, paced: bool = True) -> Figure:
    """`paced`: the key comes after the saves of the keys before it have finished, as at an officer's pace
    (the clock moves 7 s per key; a save takes milliseconds); otherwise back to back, the key contending
    with the save of the one before it on the writer's thread (the GIL)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    from dutyroom.domain.clock import FakeClock
    from dutyroom.domain.vocabulary import RollCallKind
    from dutyroom.gui.app import application
    from dutyroom.gui.rollcall.live import LiveView

    app = application()  # kept by the program's module, as the clocks benchmark does
    clock = FakeClock(datetime(2026, 11, 23, 9, 30, tzinfo=ZONE))
    services = _services("keypress", clock)
    try:
        admin = _admin(services)
        record = services.rollcall.create_rollcall(admin, RollCallKind.HOST, clock.now(),
                                                   _units(services, admin, LIVE_UNITS))
        live = LiveView(services, admin)
        live.resize(1200, 700)
        live.show()
        live.open(record.id)
        live.timer.stop()  # the stopwatch's repaint is not what is measured
        bare = QWidget()
        bare.show()
        app.processEvents()
        keys = (Qt.Key.Key_Space, Qt.Key.Key_1, Qt.Key.Key_Return)
        times, base = [], []
        for n in range(min(samples, LIVE_UNITS * len(keys) - 1)):
            key = keys[n % len(keys)]
            clock.advance(timedelta(seconds=7))
            if paced:
                _drain(app, live)  # untimed: the wait of the officer between keys

            def press(widget=live.table, key=key) -> None:
                QTest.keyClick(widget, key)
                app.processEvents()  # the repaint and the change announcements, as the user waits for them

            times.append(timed_ms(press)[0])
            base.append(timed_ms(lambda key=key: (QTest.keyClick(bare, key), app.processEvents()))[0])
        _drain(app, live)
        done = sum(1 for e in services.rollcall.get(record.id).entries if e.result is not None)
        for widget in (live, bare):
            widget.close()
            widget.deleteLater()
        app.processEvents()
        pace = "each after the saves before it" if paced else "back to back, saves contending"
        return Figure("rollcall.keypress" if paced else "rollcall.keypress_burst", times, base,
                      target=f"≤ {KEY_TARGET_MS:.0f} ms", max_median=KEY_TARGET_MS if paced else None,
                      baseline_name="bare QWidget keypress",
                      note=f"{LIVE_UNITS} units listed, Space/1/Enter saved in key order in the background, {pace}; "
                           f"{done} results recorded")
    finally:
        services.db.dispose()


# -- statistics over five years -------------------------------------------------------------------------
def _fill_five_years(services, unit_ids: list[int]) -> tuple[date, date]:
    from dutyroom.domain.vocabulary import RollCallKind, RollCallResult, RollCallStatus
    from dutyroom.store.models import RollCall, RollCallEntry

    rng = random.Random(2026)
    results = [RollCallResult.PRESENT] * 40 + [RollCallResult.ABSENT, RollCallResult.NO_ANSWER,
                                               RollCallResult.EQUIPMENT_FAULT, RollCallResult.EXCUSED]
    first = date(2021, 11, 1)
    start = datetime(2021, 11, 1, 9, 30, tzinfo=ZONE).astimezone(timezone.utc)
    with services.db.session() as s:
        for week in range(52 * YEARS):
            at = start + timedelta(weeks=week)
            row = RollCall(kind=RollCallKind.HOST.value, planned_at=at, status=RollCallStatus.FINISHED.value,
                           started_at=at, finished_at=at + timedelta(minutes=40), created_at=at, created_by="基准")
            s.add(row)
            s.flush()
            called = at
            for seq, unit_id in enumerate(unit_ids, start=1):
                result = rng.choice(results)
                called += timedelta(seconds=rng.randint(20, 70))
                answered = None if result == RollCallResult.NO_ANSWER else called + timedelta(seconds=rng.randint(5, 90))
                s.add(RollCallEntry(rollcall_id=row.id, unit_id=unit_id, unit_name=f"第{seq}街道办事处", seq=seq,
                                    attempt=1, called_at=called, answered_at=answered, result=result.value))
        s.commit()
    return first, first + timedelta(weeks=52 * YEARS) - timedelta(days=1)


def stats(runs: int) -> Figure:
    from sqlalchemy import text

    from dutyroom.domain.clock import FakeClock

    services = _services("stats", FakeClock(datetime(2026, 11, 23, 9, 30, tzinfo=ZONE)))
    try:
        admin = _admin(services)
        first, last = _fill_five_years(services, _units(services, admin, STATS_UNITS))
        plain = text("SELECT e.rollcall_id, e.unit_id, e.unit_name, e.attempt, e.result, e.called_at, e.answered_at "
                     "FROM rollcall_entry e JOIN rollcall r ON r.id = e.rollcall_id "
                     "WHERE r.status = 'finished' AND r.kind <> 'upper'")

        def select_all() -> int:
            with services.db.engine.connect() as conn:
                return len(conn.execute(plain).fetchall())

        rows = select_all()
        services.rollcall.statistics(first, last)  # warm
        times, base = [], []
        for _ in range(runs):
            base.append(timed_ms(select_all)[0])
            ms, result = timed_ms(lambda: services.rollcall.statistics(first, last, "五年"))
            times.append(ms)
        return Figure("rollcall.stats_5y", times, base, target=f"≤ {STATS_TARGET_MS:.0f} ms",
                      max_median=STATS_TARGET_MS, baseline_name="plain SELECT of the same rows",
                      note=f"{result.rollcalls} roll-calls, {rows} results, {len(result.units)} units ranked")
    finally:
        services.db.dispose()


# -- the 通报 PDF -------------------------------------------------------------------------------------
def _summary():
    from dutyroom.domain import rollcall as rules
    from dutyroom.domain.vocabulary import AVQuality, RollCallKind, RollCallResult, RollCallStatus
    from dutyroom.services.rollcall.records import (
        EntryRecord,
        ProblemUnit,
        RectificationRecord,
        RollCallRecord,
        RollCallSummary,
    )

    at = datetime(2026, 11, 23, 9, 30, tzinfo=ZONE)
    rng = random.Random(10)
    entries, problems = [], []
    for n in range(1, LIVE_UNITS + 1):
        result = RollCallResult.PRESENT if n % 9 else rng.choice(list(RollCallResult)[1:])
        called = at + timedelta(minutes=n)
        seconds = None if result == RollCallResult.NO_ANSWER else rng.randint(5, 95)
        entries.append(EntryRecord(n, n, f"第{n}街道办事处", "", n, 1, called,
                                   None if seconds is None else called + timedelta(seconds=seconds), result,
                                   answerer=f"值班员{n}", answerer_position="值班员", av_quality=AVQuality.GOOD))
        if result != RollCallResult.PRESENT or (seconds or 0) > 60:
            item = RectificationRecord(n, 1, n, f"第{n}街道办事处", "严格落实24小时在岗值守，点名前调试视频设备",
                                       date(2026, 11, 30))
            problems.append(ProblemUnit(f"第{n}街道办事处", result, seconds, (seconds or 0) > 60, "", (item,)))
    record = RollCallRecord(1, RollCallKind.HOST, RollCallStatus.FINISHED, at, entries=tuple(entries))
    return RollCallSummary(rollcall=record, tally=rules.tally(record.attempts(), 60), answer_limit=60,
                           office_name="临江区人民政府", issuing_office="临江区人民政府办公室",
                           time_zone="Asia/Shanghai", problems=tuple(problems), finals=tuple(entries),
                           copy_to="区政府办公室领导")


def notice(runs: int) -> Figure:
    from reportlab.pdfgen.canvas import Canvas

    from dutyroom.reports.rollcall import build_notice_pdf

    summary = _summary()

    def bare() -> None:
        canvas = Canvas(io.BytesIO())
        canvas.drawString(72, 720, "Video roll-call notice")
        canvas.showPage()
        canvas.save()

    build_notice_pdf(summary, io.BytesIO(), printed_on=date(2026, 11, 23))  # fonts resolved outside the timing
    times, base = [], []
    for _ in range(runs):
        base.append(timed_ms(bare)[0])
        times.append(timed_ms(lambda: build_notice_pdf(summary, io.BytesIO(), printed_on=date(2026, 11, 23)))[0])
    return Figure("rollcall.notice_pdf", times, base, target=f"≤ {PDF_TARGET_MS:.0f} ms", max_median=PDF_TARGET_MS,
                  baseline_name="bare reportlab page",
                  note=f"{LIVE_UNITS} units, {len(summary.problems)} problem units with 整改 items")


def run(runs: int = 9, *, quick: bool = False) -> list[Figure]:
    runs = 3 if quick else runs
    return [keypress(30 if quick else 120), keypress(30 if quick else 120, paced=False), stats(runs), notice(runs)]
