"""500 open clocks ticking once a second: how busy the GUI thread is (DESIGN.md §8: ≤ 5 %).

The clock strip is shown with 500 ClockRecords (built directly, no database) on the offscreen
platform; a timer ticks it once a real second, advancing a FakeClock one second per tick, so the
countdowns really change and repaint. Busy is the GUI thread's CPU time (time.thread_time: ticks,
layout, painting, everything the event loop did) divided by the wall time, beside a baseline of the
same strip over the same period with no ticking (an idle event loop).
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bench.common import Figure

CLOCKS = 500
TARGET_PERCENT = 5.0
START = datetime(2026, 11, 21, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _records(now: datetime):
    from dutyroom.domain.vocabulary import ClockStart
    from dutyroom.services.incidents.records import ClockRecord

    # Spread over the next two days, some already overdue: every state is on screen.
    return [ClockRecord(id=i, incident_id=i // 3, incident_title=f"第{i // 3}号突发事件（演示）", rule_name="首报（事发后3小时内）",
                        limit_minutes=180, counted_from=ClockStart.OCCURRED, start_at=now,
                        due_at=now + timedelta(minutes=i * 6 - 40, seconds=i % 60))
            for i in range(CLOCKS)]


def _measure(seconds: float, ticking: bool) -> tuple[float, float, int]:
    """(GUI-thread CPU ms, wall ms, ticks) of an event loop running `seconds` with the strip shown."""
    from PySide6.QtCore import QEventLoop, QTimer

    from dutyroom.domain.clock import FakeClock
    from dutyroom.gui.clocks import ClockStrip

    clock = FakeClock(START)
    records = _records(clock.now())
    strip = ClockStrip(clock, "Asia/Shanghai", lambda: records, start_timer=False)
    strip.resize(1100, 64)
    strip.show()
    strip.timer.stop()
    loop = QEventLoop()
    ticks = 0

    def tick() -> None:
        nonlocal ticks
        clock.advance(seconds=1)
        strip.tick()
        strip.timer.stop()  # the benchmark's own timer ticks, exactly once a second
        ticks += 1

    beat = QTimer()
    beat.setInterval(1000)
    beat.timeout.connect(tick)
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    cpu0, wall0 = time.thread_time(), time.perf_counter()
    if ticking:
        beat.start()
    loop.exec()
    cpu, wall = (time.thread_time() - cpu0) * 1000.0, (time.perf_counter() - wall0) * 1000.0
    beat.stop()
    # The once-a-minute reload (sorting 500 records, refilling the chips) does not fall in a short run:
    # time it on its own.
    reload_start = time.perf_counter()
    strip.reload()
    _measure.reload_ms = (time.perf_counter() - reload_start) * 1000.0
    strip.close()
    strip.deleteLater()
    return cpu, wall, ticks


def run(runs: int, quick: bool = False) -> list[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from dutyroom.gui.app import application

    application()
    seconds = 5.0 if quick else 20.0
    runs = 1 if quick else max(1, min(runs, 5))
    busy, idle, ticks = [], [], 0
    for _ in range(runs):
        # Alternate, so both share the machine's noise.
        cpu, wall, n = _measure(seconds, ticking=True)
        busy.append(cpu / wall * 1000.0)  # busy ms per second of wall time
        ticks += n
        cpu, wall, _ = _measure(seconds, ticking=False)
        idle.append(cpu / wall * 1000.0)
    figure = Figure(f"{CLOCKS} open clocks ticking", busy, idle, target=f"≤ {TARGET_PERCENT:g} % busy",
                    unit="GUI-thread CPU per s", baseline_name="idle event loop")
    percent = figure.median_ms / 10.0
    verdict = "met" if percent <= TARGET_PERCENT else "NOT MET"
    figure.note = (f"absolute target {verdict}: {percent:.2f} % busy (idle {figure.baseline_median_ms / 10.0:.2f} %), "
                   f"{ticks} ticks over {runs} × {seconds:g} s; the once-a-minute reload "
                   f"{_measure.reload_ms:.1f} ms")
    return [figure]
