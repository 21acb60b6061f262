"""The telephone log's documents: one day's 来电登记表 with 200 calls and the month's 来电情况统计 with
its chart (DESIGN.md §8: one shift's log with 200 calls ≤ 1 s; monthly statistics with charts ≤ 2 s).

Both are timed end to end as the 打印 buttons and `dutyroom report` run them: reading the calls (or the
month's aggregates) from a SQLite database and writing the PDF. The baseline, interleaved in the same
run, is a one-page PDF with only the title through the same builder and fonts.
"""

from __future__ import annotations

import io
import random
import re
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import Figure, timed_ms
from bench.synth import PLACES, SURNAMES
from dutyroom.domain.clock import FakeClock
from dutyroom.domain.vocabulary import CallerKind, CallOutcome
from dutyroom.reports import build_document
from dutyroom.reports.styles import get_styles, para
from dutyroom.services.calls.documents import write_call_register, write_call_stats
from dutyroom.services.calls.records import CallRecord
from dutyroom.services.records import SYSTEM_ACTOR

ZONE = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 20)
CALLS = 200
REGISTER_TARGET_MS, STATS_TARGET_MS = 1000.0, 2000.0
_SUMMARIES = ("{p}{n}号楼停水{d}天，居民生活受影响，请求尽快恢复供水",
              "{p}路口红绿灯故障，早高峰车辆拥堵，请求交警到场疏导",
              "反映{p}一工地夜间施工噪音扰民，多次投诉未解决",
              "咨询{p}街道办理居住证需要哪些材料及办理地点",
              "{p}菜市场门口路面塌陷约一平方米，已设置简易围挡，请求相关部门处置",
              "上级通知：明日上午9时召开防汛工作视频会议，请{p}镇主要负责同志参会")


def _record(rng: random.Random, i: int) -> CallRecord:
    at = datetime(DAY.year, DAY.month, DAY.day, 8, 30, tzinfo=ZONE) + timedelta(minutes=7 * i)
    outcome = rng.choice((CallOutcome.ANSWERED, CallOutcome.ANSWERED, CallOutcome.ASSIGNED, CallOutcome.REPORTED))
    summary = rng.choice(_SUMMARIES).format(p=rng.choice(PLACES), n=rng.randint(1, 30), d=rng.randint(1, 4))
    return CallRecord(
        started_at=at.astimezone(timezone.utc), ended_at=(at + timedelta(minutes=4)).astimezone(timezone.utc),
        summary=summary, outcome=outcome, category=rng.choice(("咨询", "求助", "投诉", "通知")),
        caller_name=rng.choice(SURNAMES) + rng.choice(("先生", "女士")), caller_kind=CallerKind.PUBLIC,
        caller_number=f"139{rng.randint(0, 99_999_999):08d}",
        outcome_note="已报告带班领导" if outcome == CallOutcome.REPORTED else "已一次性告知办理流程和所需材料",
        assigned_unit="区水务局" if outcome == CallOutcome.ASSIGNED else "", officer="周晓梅")


def _services(folder: Path):
    from dutyroom.app import open_services

    clock = FakeClock(datetime(2026, 11, 21, 1, 0, tzinfo=timezone.utc))
    services = open_services(folder / "calls.sqlite3", clock=clock, backup_folder=folder / "backups")
    rng = random.Random(2026)
    for i in range(CALLS):
        services.calls.create(SYSTEM_ACTOR, _record(rng, i))
    return services


def _title_only() -> None:
    build_document(io.BytesIO(), [para("来电登记表", get_styles().title)], title="来电登记表")


def run(runs: int = 9, *, quick: bool = False) -> list[Figure]:
    runs = 3 if quick else runs
    with tempfile.TemporaryDirectory(prefix="dutyroom-bench-") as folder:
        services = _services(Path(folder))
        try:
            jobs = {"call_pdf.register_200": lambda out: write_call_register(services, DAY, DAY, out),
                    "call_pdf.month_stats": lambda out: write_call_stats(services, date(2026, 11, 1),
                                                                         date(2026, 11, 30), out)}
            for job in jobs.values():  # fonts resolved outside the timing
                job(io.BytesIO())
            samples: dict[str, list[float]] = {name: [] for name in jobs}
            baseline: list[float] = []
            for _ in range(runs):
                baseline.append(timed_ms(_title_only)[0])
                for name, job in jobs.items():
                    samples[name].append(timed_ms(lambda job=job: job(io.BytesIO()))[0])
            figures = []
            for name, job in jobs.items():
                out = io.BytesIO()
                job(out)
                pages = len(re.findall(rb"/Type /Page\b(?!s)", out.getvalue()))
                target = REGISTER_TARGET_MS if name.endswith("200") else STATS_TARGET_MS
                figure = Figure(name, samples[name], baseline, target=f"≤ {target:.0f} ms", max_median=target,
                                baseline_name="one-page PDF with the title only")
                what = (f"{CALLS} calls of one day read from SQLite and printed" if name.endswith("200")
                        else "the month's aggregates from SQLite, tables and bar chart")
                figure.note = f"{what}; {pages} page(s)"
                figures.append(figure)
            return figures
        finally:
            services.db.dispose()
