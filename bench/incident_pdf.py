"""Emergency-information documents: one 突发事件信息报告 form and the monthly 信息报告情况通报 with its
chart (DESIGN.md §8: monthly statistics with charts ≤ 2 s).

Both are paired with a baseline measured in the same run: a one-page document with just the title,
through the same builder and fonts, so the ratio shows what the tables and the chart cost.
"""

from __future__ import annotations

import io
import random
import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from bench.common import Figure, timed_ms
from dutyroom.domain.bulletin_text import assemble_narrative
from dutyroom.domain.vocabulary import (
    Channel,
    ClockStart,
    IncidentCategory,
    IncidentLevel,
    IncidentStatus,
    ReportKind,
)
from dutyroom.reports import build_document, build_incident_report_pdf, build_timeliness_pdf
from dutyroom.reports.styles import get_styles, para
from dutyroom.services.incidents.records import (
    Casualties,
    ClockRecord,
    IncidentRecord,
    InstructionRecord,
    ReportRecord,
    TimelinessRow,
)

TARGET_MS = 2000.0
ZONE = ZoneInfo("Asia/Shanghai")
_RULES = ("首报（事发后3小时内）", "重要敌情社情（2小时内）", "Ⅰ、Ⅱ级电话报告（30分钟内）", "续报（每24小时）")
_UNITS = ("市应急管理局", "市公安局指挥中心", "市卫生健康委员会", "市交通运输局", "市生态环境局", "市住房城乡建设局",
          "上城区人民政府", "拱墅区人民政府", "西湖区人民政府", "滨江区人民政府", "萧山区人民政府", "余杭区人民政府",
          "临平区人民政府", "钱塘区人民政府", "富阳区人民政府", "临安区人民政府", "桐庐县人民政府", "淳安县人民政府",
          "建德市人民政府", "市消防救援支队")


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=ZONE).astimezone(timezone.utc)


def sample_report() -> tuple[IncidentRecord, ReportRecord]:
    incident = IncidentRecord(
        title="液化气罐车侧翻事故", occurred_at=_at(21, 14, 5), received_at=_at(21, 14, 20),
        place="某某区环城北路与延安路交叉口", category=IncidentCategory.ACCIDENT, sub_type="道路交通事故",
        level=IncidentLevel.III, source_unit="市应急管理局", source_person="王建国", source_phone="0571-85170110",
        casualties=Casualties(2, 5, None, 0), losses="罐车及两辆小型客车受损", scope="周边约500米范围内交通管制",
        cause="初步判断为车速过快导致侧翻", measures="市应急管理局、市消防救援支队已赶赴现场处置",
        trend="泄漏已得到控制", status=IncidentStatus.HANDLING,
        instructions=[InstructionRecord("李海燕市长", "全力救治伤员，严防次生灾害。", _at(21, 15, 10))], id=7)
    report = ReportRecord(7, ReportKind.FOLLOW_UP, 2, assemble_narrative(incident, []), recipients="省政府总值班室",
                          channel=Channel.FAX, sent_at=_at(22, 9, 30), sent_by="杨文静", signer="刘丽华")
    return incident, report


def sample_month(seed: int = 2026) -> tuple[list[TimelinessRow], list[ClockRecord]]:
    """20 reporting units, 1–4 rules each, and every late or missed clock listed (about 60)."""
    rng = random.Random(seed)
    rows, late = [], []
    for unit in _UNITS:
        for rule in _RULES[: rng.randint(1, 4)]:
            late_n, missed = rng.randint(0, 3), rng.choice((0, 0, 0, 1))
            incidents = rng.randint(late_n + missed + 1, 25)
            minutes = [rng.randint(1, 120) for _ in range(late_n)]
            rows.append(TimelinessRow(unit, rule, incidents, incidents - late_n - missed, late_n, missed, sum(minutes)))
            for m in [*minutes, *[None] * missed]:
                due = _at(rng.randint(1, 30), rng.randint(0, 23), rng.randint(0, 59))
                done = None if m is None else due + timedelta(minutes=m)
                late.append(ClockRecord(len(late) + 1, len(late) + 1, f"{unit[:3]}某某路第{len(late) + 1}起事故", rule,
                                        180, ClockStart.OCCURRED, due - timedelta(hours=3), due, done, m))
    return rows, late


def _title_only() -> None:
    build_document(io.BytesIO(), [para("2026年11月突发事件信息报告情况通报", get_styles().title)], title="通报")


def run(runs: int = 9, *, quick: bool = False) -> list[Figure]:
    runs = 3 if quick else runs
    incident, report = sample_report()
    rows, late = sample_month()

    def form(out) -> None:
        build_incident_report_pdf(incident, report, out, office_name="某某市人民政府", issuing_office="某某市人民政府办公室")

    def notice(out) -> None:
        build_timeliness_pdf(rows, out, office_name="某某市人民政府", issuing_office="某某市人民政府办公室", year=2026,
                             month=11, late_list=late, printed_on=date(2026, 12, 2))

    jobs = {"incident_pdf.report_form": form, "incident_pdf.timeliness": notice}
    for job in jobs.values():  # fonts resolved outside the timing
        job(io.BytesIO())
    _title_only()
    samples: dict[str, list[float]] = {name: [] for name in jobs}
    baseline: list[float] = []
    for _ in range(runs):  # interleaved, so both share the machine's noise
        baseline.append(timed_ms(_title_only)[0])
        for name, job in jobs.items():
            samples[name].append(timed_ms(lambda job=job: job(io.BytesIO()))[0])
    figures = []
    for name, job in jobs.items():
        out = io.BytesIO()
        job(out)
        pages = len(re.findall(rb"/Type /Page\b(?!s)", out.getvalue()))
        figure = Figure(name, samples[name], baseline, target=f"≤ {TARGET_MS:.0f} ms",
                        baseline_name="one-page PDF with the title only")
        verdict = "met" if figure.median_ms <= TARGET_MS else "NOT MET"
        what = ("follow-up report, every fact, narrative text" if name.endswith("form") else
                f"{len(rows)} unit×rule rows, {len(late)} late/missed reports, bar chart of {len(_UNITS)} units")
        figure.note = f"absolute target {verdict}; {what}; {pages} page(s)"
        figures.append(figure)
    return figures
