"""The 值班日志 of one shift with 200 calls (DESIGN.md §8: ≤ 1 s).

Timed end to end as the 打印 button and `dutyroom report dutylog` run it: the duty log assembled from a
SQLite database (roster, logins, the shift's 200 calls, incidents, roll-calls, entries, equipment, items)
and written as a PDF. The baseline, interleaved in the same run, is a one-page PDF with only the title
through the same builder and fonts.
"""

from __future__ import annotations

import io
import random
import re
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from bench.call_pdf import _record
from bench.common import Figure, timed_ms
from dutyroom.domain.clock import FakeClock
from dutyroom.domain.vocabulary import EquipmentState
from dutyroom.reports import build_document
from dutyroom.reports.styles import get_styles, para
from dutyroom.services.records import SYSTEM_ACTOR

DAY = date(2026, 11, 20)  # bench.call_pdf puts its calls on this day from 08:30, seven minutes apart
CALLS = 200
TARGET_MS = 1000.0


def _services(folder: Path):
    from dutyroom.app import open_services

    clock = FakeClock(datetime(2026, 11, 21, 0, 0, tzinfo=timezone.utc))  # 08:00 local: the shift's last half hour
    services = open_services(folder / "handover.sqlite3", clock=clock, backup_folder=folder / "backups")
    rng = random.Random(2026)
    for i in range(CALLS):
        services.calls.create(SYSTEM_ACTOR, _record(rng, i))
    ho = services.handover
    key = ho.resolve(DAY)
    for n in range(12):
        ho.add_entry(SYSTEM_ACTOR, key, f"巡查值班室设备，第 {n + 1} 次，运行正常",
                     at=clock.now() - timedelta(hours=23 - n * 2))
    ho.mark_equipment(SYSTEM_ACTOR, key, {"传真": "传真机卡纸，已报修"})
    for n in range(8):
        ho.add_item(SYSTEM_ACTOR, key, f"跟进第 {n + 1} 项未办结事项", due_at=clock.now() + timedelta(hours=n))
    ho.adopt_proposals(SYSTEM_ACTOR, key)
    assert ho.equipment_status(key)[1].state == EquipmentState.FAULT
    return services, key


def _title_only() -> None:
    build_document(io.BytesIO(), [para("值班日志", get_styles().title)], title="值班日志")


def run(runs: int = 9, *, quick: bool = False) -> list[Figure]:
    runs = 3 if quick else runs
    with tempfile.TemporaryDirectory(prefix="dutyroom-bench-") as folder:
        services, key = _services(Path(folder))
        try:
            def job(out):
                return services.handover.write_duty_log_pdf(key, out)

            job(io.BytesIO())  # fonts resolved outside the timing
            samples, baseline = [], []
            for _ in range(runs):
                baseline.append(timed_ms(_title_only)[0])
                samples.append(timed_ms(lambda: job(io.BytesIO()))[0])
            out = io.BytesIO()
            job(out)
            pages = len(re.findall(rb"/Type /Page\b(?!s)", out.getvalue()))
            log = services.handover.duty_log(key)
            figure = Figure("handover.dutylog_200", samples, baseline, target=f"≤ {TARGET_MS:.0f} ms",
                            max_median=TARGET_MS, baseline_name="one-page PDF with the title only")
            figure.note = (f"one shift's 值班日志: {log.activity.calls_total} calls "
                           f"({len(log.activity.notable_calls)} notable listed), {len(log.entries)} entries, "
                           f"{len(log.items)} items, read from SQLite and printed; {pages} page(s)")
            return [figure]
        finally:
            services.db.dispose()
