"""Import of past roll-call results (.xlsx / .csv, UTF-8 or GBK) as finished roll-calls.

Rows with the same 点名时间 and 点名类型 form one roll-call, in file order. Every row is checked first;
by default one bad row rejects the file (ImportRejected lists each bad row with its number and reason);
with `skip_invalid` the good rows are imported and the bad ones written beside the file with a 原因
column (services/import_skips.py). A roll-call the database
already holds (same time and type) is refused, so a file imported twice is not doubled.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select

from dutyroom.domain import call_ledger as ledger
from dutyroom.domain.tabular import (
    Column,
    map_headers,
    parse_date,
    parse_int,
    read_table_rows,
    row_values,
    sheet_from_rows,
)
from dutyroom.domain.validation import clean_text
from dutyroom.domain.vocabulary import AVQuality, Role, RollCallKind, RollCallResult, RollCallStatus
from dutyroom.errors import DutyRoomError
from dutyroom.services.busy import retrying
from dutyroom.services.context import require_role, unit_of_work
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.import_skips import settle
from dutyroom.services.records import Actor
from dutyroom.services.rollcall.base import RollCallArea
from dutyroom.store.models import Rectification, RollCall, RollCallEntry, Unit

COLUMNS = (
    Column("called_at", "点名时间", ("时间", "点名日期时间"), required=True),
    Column("kind", "点名类型", ("类型", "点名方式")),
    Column("unit", "单位", ("单位名称", "被点名单位"), required=True),
    Column("result", "结果", ("点名结果", "在岗情况"), required=True),
    Column("answerer", "应答人", ("应答人员", "接听人")),
    Column("seconds", "应答用时（秒）", ("应答用时", "应答用时(秒)", "用时（秒）", "用时")),
    Column("answered_at", "应答时间", ("接通时间",)),
    Column("av", "画面声音", ("画面与声音", "音视频", "画面和声音")),
    Column("remarks", "备注", ("说明",)),
    Column("requirement", "整改要求", ("整改内容", "整改事项")),
    Column("due_on", "整改期限", ("整改时限",)),
    # Written by the export and recomputed from the answer time and the setting, so read and ignored.
    Column("recalled", "复呼", ()),
    Column("slow", "超时应答", ()),
)
RESULT_WORDS = {**{r.label: r for r in RollCallResult}, **{r.value: r for r in RollCallResult},
                "脱岗": RollCallResult.ABSENT, "空岗": RollCallResult.ABSENT, "请假": RollCallResult.EXCUSED,
                "已报备": RollCallResult.EXCUSED, "请假(已报备)": RollCallResult.EXCUSED,
                "无应答": RollCallResult.NO_ANSWER, "未接通": RollCallResult.NO_ANSWER,
                "故障": RollCallResult.EQUIPMENT_FAULT}
KIND_WORDS = {**{k.label: k for k in RollCallKind}, **{k.value: k for k in RollCallKind},
              "本级": RollCallKind.HOST, "上级": RollCallKind.UPPER, "抽查": RollCallKind.SPOT}
AV_WORDS = {**{q.label: q for q in AVQuality}, **{q.value: q for q in AVQuality}, "正常": AVQuality.GOOD,
            "好": AVQuality.GOOD, "差": AVQuality.POOR, "不清楚": AVQuality.POOR}


@dataclass(frozen=True)
class _Row:
    number: int
    called_at: datetime
    kind: RollCallKind
    unit_id: int
    unit: str
    result: RollCallResult
    answered_at: datetime | None
    answerer: str
    av: AVQuality | None
    remarks: str
    requirement: str
    due_on: object


@dataclass(frozen=True)
class RollCallImportResult:
    rollcalls: int
    rows: int
    rejected: tuple[tuple[int, str], ...] = field(default_factory=tuple)
    rejected_file: str = ""  # where the rejected rows were written, with their reasons

    def summary(self) -> str:
        text = f"已导入 {self.rollcalls} 次视频点名（{self.rows} 行）"
        where = f"，这些行和原因已写入 {self.rejected_file}" if self.rejected_file else ""
        return text + (f"；跳过有误的 {len(self.rejected)} 行{where}" if self.rejected else "")


def _word(table: dict, text: str):
    return table.get(unicodedata.normalize("NFKC", text).strip().replace(" ", ""), table.get(text.strip()))


class RollCallImport(RollCallArea):
    """A part of RollCallService (see base.py)."""

    def import_rollcalls(self, actor: Actor, path: Path, *, skip_invalid: bool = False,
                         dry_run: bool = False) -> RollCallImportResult:
        if actor.user_id is not None:
            require_role(actor, Role.LEADER, Role.ADMIN)
        sheet = sheet_from_rows(read_table_rows(path), COLUMNS)
        mapping = map_headers(sheet.header, COLUMNS)
        missing = [c.label for c in COLUMNS if c.required and c.key not in mapping]
        if missing:
            raise DutyRoomError("表头不对：缺少“" + "”“".join(missing) + "”。文件中的表头："
                                + "、".join(h.strip() for h in sheet.header if h.strip()))
        lines = [(number, *row_values(cells, sheet.header, mapping)) for number, cells in sheet.rows]
        if not lines:
            raise DutyRoomError(f"文件中只有表头（第 {sheet.header_row} 行），没有数据行")
        office = self._zone()
        with self.ctx.db.session() as s:
            units = {name: uid for uid, name in s.execute(select(Unit.id, Unit.name))}
        good, rejected, seen = [], [], {}
        for number, values, stray in lines:
            problems = ["表头以外的列里有内容（" + "、".join(stray[:3]) + "）"] if stray else []
            row = self._read_row(number, values, units, office, problems)
            if row is not None and not problems:
                key = (row.called_at, row.kind, row.unit)
                if key in seen:
                    problems.append(f"同一次点名中“{row.unit}”出现了两次（与第 {seen[key]} 行重复）")
                seen.setdefault(key, number)
            if problems:
                rejected.append((number, "；".join(problems)))
            else:
                good.append(row)
        groups: dict[tuple, list[_Row]] = {}
        for row in good:
            groups.setdefault((row.called_at, row.kind), []).append(row)
        with self.ctx.db.session() as s:
            for (called_at, kind), members in list(groups.items()):
                if s.scalar(select(RollCall.id).where(RollCall.planned_at == called_at, RollCall.kind == kind.value)):
                    when = called_at.astimezone(office).strftime("%Y-%m-%d %H:%M")
                    rejected += [(r.number, f"已有{when}的{kind.label}记录，可能已导入过") for r in members]
                    del groups[(called_at, kind)]
        refused = settle(path, sheet.header_row, rejected, len(lines), skip_invalid, dry_run)
        if not groups:
            return RollCallImportResult(0, 0, refused.rows, refused.file)
        result = retrying(lambda: self._write_imported(actor, groups, Path(path).name, refused.rows), what="导入")
        return replace(result, rejected_file=refused.file)

    def _read_row(self, number: int, values: dict[str, str], units: dict[str, int], office,
                  problems: list[str]) -> _Row | None:
        def aware(local: datetime) -> datetime:
            return local.replace(tzinfo=office).astimezone(timezone.utc)

        text = values.get("called_at", "")
        called = None
        try:
            called = aware(ledger.read_moment(text))
        except ValueError:
            problems.append(f"点名时间“{text}”无法识别，请写成 2026-11-03 09:30 这样的格式" if text else "请填写点名时间")
        kind = RollCallKind.HOST
        if values.get("kind"):
            kind = _word(KIND_WORDS, values["kind"])
            if kind is None:
                problems.append(f"点名类型“{values['kind']}”无法识别，应为本级点名、上级点名或随机抽查")
        unit = clean_text(values.get("unit"))
        if not unit:
            problems.append("请填写单位")
        elif unit not in units:
            problems.append(f"单位“{unit}”不在单位名单中，请先在单位管理中添加")
        result = _word(RESULT_WORDS, values.get("result", ""))
        if result is None:
            problems.append(f"结果“{values.get('result', '')}”无法识别，应为在岗、离岗、设备故障、请假（已报备）或未应答")
        answered = None
        if values.get("seconds") and called is not None:
            try:
                seconds = parse_int(values["seconds"])
                if seconds < 0:
                    problems.append("应答用时不能为负数（应答时间早于点名时间）")
                answered = called + timedelta(seconds=max(0, seconds))
            except ValueError:
                problems.append(f"应答用时“{values['seconds']}”应为秒数")
        elif values.get("answered_at") and called is not None:
            try:
                moment = ledger.read_moment(values["answered_at"])
            except ValueError:
                try:
                    local = called.astimezone(office).replace(tzinfo=None)
                    moment = datetime.combine(local.date(), ledger.read_time_of_day(values["answered_at"]))
                except ValueError:
                    moment = None
                    problems.append(f"应答时间“{values['answered_at']}”无法识别")
            if moment is not None:
                answered = aware(moment)
                if answered < called:
                    problems.append("应答时间早于点名时间")
        if result == RollCallResult.NO_ANSWER and answered is not None:
            problems.append("结果为未应答，却填写了应答时间")
        av = None
        if values.get("av"):
            av = _word(AV_WORDS, values["av"])
            if av is None:
                problems.append(f"画面声音“{values['av']}”应为良好或异常")
        requirement, due = clean_text(values.get("requirement"), multiline=True), None
        if values.get("due_on"):
            try:
                due = parse_date(values["due_on"])
            except ValueError:
                problems.append(f"整改期限“{values['due_on']}”无法识别，请写成 2026-11-10 这样的格式")
        if due is not None and not requirement:
            problems.append("填写了整改期限，却没有整改要求")
        if requirement and due is None and not any("整改期限" in p for p in problems):
            problems.append("有整改要求，请填写整改期限")
        answerer, remarks = clean_text(values.get("answerer")), clean_text(values.get("remarks"), multiline=True)
        if len(answerer) > 50:
            problems.append("应答人太长（最多 50 个字）")
        if problems or called is None or kind is None or result is None:
            return None
        return _Row(number, called, kind, units[unit], unit, result, answered, answerer, av, remarks, requirement, due)

    def _write_imported(self, actor: Actor, groups: dict, source: str, rejected,
                        note: str = "") -> RollCallImportResult:
        name = (actor.display_name or actor.username)[:50]
        count = 0
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            phones = dict(s.execute(select(Unit.id, Unit.duty_phone)).all())
            ids = []
            for (called_at, kind), members in groups.items():
                ends = [r.answered_at or r.called_at for r in members]
                row = RollCall(kind=kind.value, planned_at=called_at, status=RollCallStatus.FINISHED.value,
                               started_at=called_at, finished_at=max(ends), created_at=uow.now, created_by=name,
                               notes=(note or f"由 {source} 导入")[:200])
                s.add(row)
                s.flush()
                ids.append(row.id)
                for seq, r in enumerate(members, start=1):
                    s.add(RollCallEntry(rollcall_id=row.id, unit_id=r.unit_id, unit_name=r.unit,
                                        duty_phone=phones.get(r.unit_id, ""), seq=seq, attempt=1,
                                        called_at=r.called_at, answered_at=r.answered_at, result=r.result.value,
                                        answerer=r.answerer, av_quality=r.av.value if r.av else None,
                                        remarks=r.remarks))
                    if r.requirement:
                        s.add(Rectification(rollcall_id=row.id, unit_id=r.unit_id, unit_name=r.unit,
                                            requirement=r.requirement, due_on=r.due_on, created_at=uow.now,
                                            created_by=name))
                    count += 1
            s.flush()
            uow.audit("import", EntityKind.ROLLCALL, None, announce=False,
                      after={"file": source, "rollcalls": len(ids), "rows": count, "skipped": len(rejected),
                             "first_id": min(ids), "last_id": max(ids)})
            uow.changes += [Change(EntityKind.ROLLCALL, op="bulk"), Change(EntityKind.RECTIFICATION, op="bulk")]
        return RollCallImportResult(len(ids), count, rejected)
