"""`dutyroom import incidents FILE`: an office's historical incident ledger (突发事件台账).

Every row becomes an incident that is already closed (history), its 首报 recorded from 首报时间,
and its clocks computed from the recorded times, so the timeliness notice is right for the past:
a first report after the limit counts as late, a row without 首报时间 as missed. All rows or none;
with skip_invalid the good rows, the bad ones written beside the file (services/import_skips.py).
A ledger of incidents is hundreds of rows a year, so one transaction holds the lock briefly; a busy
database is retried (services/busy.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from dutyroom.domain.deadlines import CANCEL_MISSED, Facts, SentReport, reconcile
from dutyroom.domain.tabular import (
    Column,
    map_headers,
    parse_bool,
    parse_choice,
    parse_datetime,
    row_values,
    sheet_from_rows,
)
from dutyroom.domain.vocabulary import (
    Channel,
    ClockStart,
    IncidentCategory,
    IncidentLevel,
    IncidentStatus,
    ReportKind,
)
from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.services.busy import retrying
from dutyroom.services.context import unit_of_work
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.import_skips import settle
from dutyroom.services.importing import read_table_rows
from dutyroom.services.incidents.base import IncidentArea
from dutyroom.services.incidents.checks import cleaned, require_reporter, snapshot, write_row
from dutyroom.services.incidents.clocks import clock_values, rule_from_row
from dutyroom.services.incidents.records import Casualties, IncidentImportResult, IncidentRecord
from dutyroom.services.records import Actor
from dutyroom.store.models import DeadlineClock, Incident, IncidentReport
from dutyroom.store.models import DeadlineRule as RuleRow

IMPORTED_CONTENT = "（历史台账导入，报告原文未录入）"
INCIDENT_COLUMNS = (
    Column("title", "事件标题", ("事件名称", "标题"), required=True),
    Column("occurred_at", "事发时间", ("发生时间",), required=True),
    Column("received_at", "接报时间", ("接收时间", "收到时间"), required=True),
    Column("first_at", "首报时间", ("上报时间", "报送时间")),
    Column("place", "事发地点", ("地点",), required=True),
    Column("category", "类别", ("事件类别",)),
    Column("sub_type", "类型", ("事件类型", "子类")),
    Column("level", "级别", ("事件级别", "等级")),
    Column("source_unit", "报告单位", ("报送单位", "来源单位")),
    Column("channel", "首报方式", ("报送方式", "报告方式")),
    Column("security", "敌情社情宗教动态", ("重要敌情社情宗教动态", "社情动态")),
    Column("deaths", "死亡", ("死亡人数",)),
    Column("injured", "受伤", ("受伤人数",)),
    Column("missing", "失踪", ("失踪人数",)),
    Column("trapped", "被困", ("被困人数",)),
    Column("losses", "损失情况", ("损失程度", "损失")),
    Column("cause", "原因", ("事件原因",)),
    Column("measures", "处置措施", ("已采取措施",)),
)
_LEVELS = {**{m.label: m for m in IncidentLevel}, **{m.value: m for m in IncidentLevel},
           "Ⅰ级": IncidentLevel.I, "Ⅱ级": IncidentLevel.II, "Ⅲ级": IncidentLevel.III, "Ⅳ级": IncidentLevel.IV,
           "I级": IncidentLevel.I, "II级": IncidentLevel.II, "III级": IncidentLevel.III, "IV级": IncidentLevel.IV,
           "": IncidentLevel.UNRATED}
_CATEGORIES = {**{m.label: m for m in IncidentCategory}, **{m.value: m for m in IncidentCategory},
               "事故": IncidentCategory.ACCIDENT, "自然": IncidentCategory.NATURAL,
               "公共卫生": IncidentCategory.PUBLIC_HEALTH, "社会安全": IncidentCategory.SOCIAL_SECURITY}
_CHANNELS = {**{m.label: m for m in Channel}, **{m.value: m for m in Channel}, "专人": Channel.COURIER}


class IncidentImport(IncidentArea):
    """The import of a historical incident ledger."""

    def import_file(self, actor: Actor, path: str | Path, *, skip_invalid: bool = False,
                    dry_run: bool = False) -> IncidentImportResult:
        sheet = sheet_from_rows(read_table_rows(path), INCIDENT_COLUMNS)
        mapping = map_headers(sheet.header, INCIDENT_COLUMNS)
        rows = [(number, *row_values(cells, sheet.header, mapping)) for number, cells in sheet.rows]
        if not rows:
            raise DutyRoomError(f"文件中只有表头（第 {sheet.header_row} 行），没有数据行")
        return self.import_rows(actor, rows, source_name=Path(path).name, source=Path(path),
                                header_row=sheet.header_row, skip_invalid=skip_invalid, dry_run=dry_run)

    def import_rows(self, actor: Actor, rows, *, source_name: str = "", source: Path | None = None,
                    header_row: int = 0, skip_invalid: bool = False, dry_run: bool = False) -> IncidentImportResult:
        """rows: (row number, {column key: text}, stray cells). Nothing is written if any row is wrong,
        unless skip_invalid (then `source` and `header_row` say where the refused rows came from)."""
        require_reporter(actor)
        office = self._office_zone()
        now = self.ctx.clock.now()
        plans, rejected = [], []
        for number, values, stray in rows:
            problems = ["表头以外的列里有内容（" + "、".join(stray[:3]) + "）"] if stray else []
            plan = _plan_row(values, office, now, problems, cleaned)
            if problems:
                rejected.append((number, "；".join(problems)))
            else:
                plans.append(plan)
        refused = settle(source or Path(source_name), header_row, rejected, len(rows), skip_invalid, dry_run)
        if not plans:
            return IncidentImportResult(total=0, first_reports=0, late=0, refused=refused)
        result = retrying(lambda: self._write(actor, plans, source_name), what="导入")
        return replace(result, refused=refused)

    def _write(self, actor: Actor, plans, source_name: str) -> IncidentImportResult:
        late = firsts = 0
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            rules = [rule_from_row(r) for r in s.scalars(select(RuleRow))]
            for record, first_at, channel in plans:
                row = Incident(status=IncidentStatus.CLOSED.value, created_at=uow.now,
                               created_by=actor.display_name or actor.username)
                write_row(row, record)
                s.add(row)
                s.flush()
                reports = []
                if first_at is not None:
                    report = IncidentReport(incident_id=row.id, kind=ReportKind.FIRST.value, number=0,
                                            content=IMPORTED_CONTENT, channel=channel.value, sent_at=first_at,
                                            sent_by="历史台账", created_at=uow.now, created_by=row.created_by)
                    s.add(report)
                    s.flush()
                    reports.append(SentReport(report.id, report.kind, report.channel, first_at))
                    firsts += 1
                facts = Facts(row.category, row.level, row.security_development, row.occurred_at, row.received_at)
                for clock in reconcile(rules, facts, reports, [], uow.now):
                    if clock.counted_from == ClockStart.LAST_REPORT and clock.open:
                        continue  # a ledger records no follow-ups: no 续报 obligation is invented for history
                    if clock.open:
                        clock = replace(clock, cancelled_at=uow.now, cancel_reason=CANCEL_MISSED)
                    late += 1 if clock.report_kind == ReportKind.FIRST.value and (clock.minutes_late or 0) > 0 else 0
                    s.add(DeadlineClock(incident_id=row.id, **clock_values(clock)))
                uow.audit("create", EntityKind.INCIDENT, row.id, after={**snapshot(record), "source": source_name},
                          announce=False)
            uow.audit("import", EntityKind.INCIDENT, None, after={"file": source_name, "rows": len(plans)}, announce=False)
            uow.changes += [Change(EntityKind.INCIDENT, op="bulk"), Change(EntityKind.CLOCK, op="bulk")]
        return IncidentImportResult(total=len(plans), first_reports=firsts, late=late)


def _plan_row(values: dict, office, now: datetime, problems: list[str], cleaned):
    def parse(key: str, parser, message: str):
        text = values.get(key, "")
        if not text:
            return None
        try:
            return parser(text)
        except (ValueError, TypeError):
            problems.append(message.format(text))
            return None

    def instant(key: str, label: str):
        local = parse(key, parse_datetime, label + "“{}”无法识别，请写成 2026-11-03 14:05 这样的格式")
        return local.replace(tzinfo=office).astimezone(now.tzinfo) if local else None

    occurred, received = instant("occurred_at", "事发时间"), instant("received_at", "接报时间")
    first_at = instant("first_at", "首报时间")
    category = parse("category", lambda t: parse_choice(t, _CATEGORIES),
                     "类别“{}”无法识别，应为" + "、".join(IncidentCategory.labels()))
    level = parse("level", lambda t: parse_choice(t, _LEVELS), "级别“{}”无法识别，应为" + "、".join(IncidentLevel.labels()))
    channel = parse("channel", lambda t: parse_choice(t, _CHANNELS), "首报方式“{}”无法识别，应为" + "、".join(Channel.labels()))
    security = parse("security", parse_bool, "“敌情社情宗教动态”一栏应填“是”或“否”，不是“{}”")
    counts = {}
    for key in ("deaths", "injured", "missing", "trapped"):
        counts[key] = values.get(key) or None
    record = IncidentRecord(
        # a time may be None here: cleaned() below reports it as missing, with the other fields' problems
        title=values.get("title", ""), occurred_at=occurred, received_at=received,  # type: ignore[arg-type]
        place=values.get("place", ""),
        category=category or IncidentCategory.ACCIDENT, sub_type=values.get("sub_type", ""),
        security_development=bool(security), level=level or IncidentLevel.UNRATED,
        source_unit=values.get("source_unit", ""), source_channel=channel or Channel.PHONE,
        casualties=Casualties(**counts), losses=values.get("losses", ""), cause=values.get("cause", ""),
        measures=values.get("measures", ""))
    labels = {"title": "事件标题", "place": "事发地点", "occurred_at": "事发时间", "received_at": "接报时间",
              "deaths": "死亡", "injured": "受伤", "missing": "失踪", "trapped": "被困"}
    try:
        record = cleaned(record, now)
    except ValidationError as exc:
        for field, message in exc.fields.items():
            if field in ("occurred_at", "received_at") and (occurred is None or received is None) and values.get(field):
                continue  # already said the date could not be read
            label = labels.get(field, "")
            problems.append(message if not label or label in message else f"{label}：{message}")
    if first_at is not None and occurred is not None and first_at < occurred:
        problems.append("首报时间不能早于事发时间")
    if first_at is not None and first_at > now:
        problems.append("首报时间不能晚于现在")
    return record, first_at, channel or Channel.PHONE
