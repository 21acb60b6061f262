"""Import of an office's old call ledger (来电台账) and export of the log to Excel.

Import: .xlsx or .csv with Chinese headers (see CALL_COLUMNS; 来电时间 may also be split into 日期 and
时间). Every row is read and checked with the same rules as the entry form (call_checks.cleaned); one
bad row rejects the file, and ImportRejected lists every bad row with its number and reason (with
skip_invalid the good rows are imported and the bad ones written beside the file). How the
ledger's words become outcomes, states, caller kinds and categories: domain/call_ledger.py. Further:

- officer (值班员) is the ledger's 值班员/接听人, else the importing account;
- 报告领导 and 无效来电 rows without a note get "（台账未注明）" rather than being refused;
- a row the log already holds (same start time and summary) or a repeated row is refused, so a ledger
  imported twice is not doubled;
- leaders, administrators and the program itself (the CLI) may import.

The good rows are written in short transactions (services/calls/import_batches.py: one logical
import, undone as a whole if a batch fails), each indexed for search and keyed exactly as a call
typed in the form, with one audit record "import" per batch.

Export: the calls a filter selects, newest first, read in pages (keyset, so a million calls cost no more
per page than ten) and streamed to a write-only workbook by services/call_export.py, with the import's
own headers (an exported file imports again), readable numbers and office-local times.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select

from dutyroom.domain import call_ledger as ledger
from dutyroom.domain.localtime import zone as office_zone
from dutyroom.domain.tabular import (
    Column,
    map_headers,
    parse_bool,
    read_table_rows,
    row_values,
    sheet_from_rows,
)
from dutyroom.domain.validation import clean_text
from dutyroom.domain.vocabulary import CallOutcome, Role
from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.services.calls.base import CallArea
from dutyroom.services.calls.export import write_xlsx
from dutyroom.services.calls.import_batches import write_in_batches
from dutyroom.services.calls.queries import filter_source
from dutyroom.services.calls.records import CallFilter, CallImportResult, CallRecord, CallRow
from dutyroom.services.context import require_role
from dutyroom.services.import_skips import settle
from dutyroom.services.records import Actor
from dutyroom.store import call_search
from dutyroom.store.models import Call

CALL_COLUMNS = (
    Column("started_at", "来电时间", ("时间", "去电时间", "接听时间", "通话时间", "开始时间", "来电日期时间")),
    Column("day", "日期", ("来电日期",)),
    Column("ended_at", "结束时间", ("挂机时间", "通话结束时间")),
    Column("direction", "方向", ("来电/去电", "呼叫方向", "呼入/呼出")),
    Column("caller_name", "来电人", ("姓名", "来电人姓名", "联系人", "来电人员")),
    Column("caller_number", "来电号码", ("电话", "号码", "联系电话", "电话号码", "来电电话")),
    Column("caller_unit", "来电单位", ("单位", "工作单位", "所在单位")),
    Column("caller_kind", "来电人类别", ("来电人类型", "来电对象", "身份")),
    Column("category", "类别", ("来电类别", "类型", "事项类别", "来电类型")),
    Column("summary", "内容摘要", ("来电内容", "内容", "主要内容", "来电事由", "事由", "摘要"), required=True),
    Column("outcome", "处理情况", ("办理结果", "处理结果", "办理情况", "处理方式", "办理方式")),
    Column("outcome_note", "处理说明", ("情况说明", "答复内容", "答复情况", "处理意见", "无效原因")),
    Column("assigned_unit", "承办单位", ("转办单位", "交办单位", "责任单位", "办理单位")),
    Column("due_on", "反馈时限", ("办理时限", "反馈期限", "办结时限", "时限")),
    Column("status", "状态", ("办理状态", "办结情况", "是否办结")),
    Column("feedback", "反馈情况", ("反馈内容", "办理反馈", "反馈")),
    Column("feedback_at", "反馈时间", ("反馈日期",)),
    Column("closed_at", "办结时间", ("办结日期",)),
    Column("leader_instruction", "领导批示", ("批示", "领导意见", "批示意见")),
    Column("early_warning", "苗头性", ("苗头性问题",)),
    Column("widespread", "普遍性", ("普遍性问题",)),
    Column("officer", "值班员", ("接听人", "接听人员", "登记人", "值班人员", "接电人", "记录人")),
)
_LABELS = {"started_at": "来电时间", "ended_at": "结束时间", "caller_name": "来电人", "caller_number": "来电号码",
           "caller_unit": "来电单位", "category": "类别", "summary": "内容摘要", "outcome": "处理情况",
           "outcome_note": "处理说明", "assigned_unit": "承办单位", "due_on": "反馈时限", "follow_status": "状态",
           "feedback": "反馈情况", "leader_instruction": "领导批示"}
EXPORT_PAGE = 1000


class CallImport(CallArea):
    """The ledger import and the Excel export of the call log."""

    # -- import ---------------------------------------------------------------------------------
    def import_calls(self, actor: Actor, path: Path) -> int:
        """Import a ledger file; returns how many calls were added. All rows or none."""
        return self.import_ledger(actor, path).imported

    def import_ledger(self, actor: Actor, path: Path, *, skip_invalid: bool = False,
                      dry_run: bool = False) -> CallImportResult:
        """Import a ledger file: all rows or none, or with skip_invalid the good rows (see import_skips)."""
        if actor.user_id is not None:
            require_role(actor, Role.LEADER, Role.ADMIN)
        sheet = sheet_from_rows(read_table_rows(path), CALL_COLUMNS)
        mapping = map_headers(sheet.header, CALL_COLUMNS)
        if "started_at" not in mapping:
            raise DutyRoomError("表头不对：缺少“来电时间”（或“日期”和“时间”两列）。文件中的表头："
                                + "、".join(h.strip() for h in sheet.header if h.strip()))
        rows = [(number, *row_values(cells, sheet.header, mapping)) for number, cells in sheet.rows]
        if not rows:
            raise DutyRoomError(f"文件中只有表头（第 {sheet.header_row} 行），没有数据行")
        settings = self._settings()
        office = office_zone(settings.time_zone)
        categories = self.categories()
        default_officer = actor.display_name or actor.username
        plans, rejected, seen = [], [], {}
        for number, values, stray in rows:
            problems = ["表头以外的列里有内容（" + "、".join(stray[:3]) + "）"] if stray else []
            record = self._plan_call(values, settings, categories, office, problems)
            if record is not None and not problems:
                record = replace(record, officer=clean_text(values.get("officer")) or default_officer)
                if len(record.officer) > 50:
                    problems.append("值班员太长（最多 50 个字）")
                key = (record.started_at, record.summary, record.caller_number)
                if key in seen:
                    problems.append(f"与第 {seen[key]} 行重复")
                seen.setdefault(key, number)
            if problems:
                rejected.append((number, "；".join(problems)))
            else:
                plans.append((number, record))
        if not rejected or skip_invalid or dry_run:
            logged = self._already_logged(plans, office)
            rejected += logged
            plans = [(number, record) for number, record in plans if number not in {n for n, _ in logged}]
        refused = settle(path, sheet.header_row, rejected, len(rows), skip_invalid, dry_run)
        records = [record for _, record in plans]
        imported = write_in_batches(self.ctx, actor, records, office, Path(path).name) if records else 0
        return CallImportResult(imported=imported, refused=refused)

    def _plan_call(self, values: dict[str, str], settings, categories: list[str], office,
                   problems: list[str]) -> CallRecord | None:
        def read(key: str, reader, message: str):
            text = values.get(key, "")
            if not text:
                return None
            try:
                return reader(text)
            except ValueError:
                problems.append(message.format(text))
                return None

        started = self._started(values, office, problems)
        ended = None
        if values.get("ended_at") and started is not None:
            ended = read("ended_at", lambda t: _end_time(t, started, office), "结束时间“{}”无法识别")
        unit = clean_text(values.get("caller_unit"))
        category, ledger_word = read("category", lambda t: ledger.read_category(t, categories),
                                     "类别“{}”不在本单位的来电类别中（" + "、".join(categories) + "）") or (
            ledger.OTHER_CATEGORY, "")
        outcome, note = ledger.read_outcome(values.get("outcome", ""))
        status = read("status", ledger.read_status, "状态“{}”无法识别，应为待办、办理中或已办结")
        assigned, feedback = clean_text(values.get("assigned_unit")), clean_text(values.get("feedback"))
        if not assigned and outcome == CallOutcome.ASSIGNED:
            assigned = ledger.unit_in_outcome(values.get("outcome", ""))  # "转办水务集团": the unit is in the text
        try:
            outcome, status = ledger.resolve_outcome(outcome, note, status, assigned, feedback)
        except ValueError as exc:
            problems.append(str(exc))
            return None
        note = "\n".join(t for t in (note, (values.get("outcome_note") or "").strip()) if t)
        if outcome in (CallOutcome.REPORTED, CallOutcome.INVALID) and not note:
            note = ledger.NOT_NOTED
        summary = values.get("summary", "")
        if ledger_word:
            summary = f"{summary}\n（台账类别：{ledger_word}）"
        record = CallRecord(
            # started may be None here: the record is built to collect every field's problems, then dropped
            started_at=started, ended_at=ended, summary=summary, outcome=outcome, category=category,  # type: ignore[arg-type]
            direction=read("direction", ledger.read_direction, "方向“{}”应为来电或去电") or ledger.read_direction(""),
            caller_name=values.get("caller_name", ""), caller_number=values.get("caller_number", ""),
            caller_unit=unit, caller_kind=read("caller_kind", lambda t: ledger.read_kind(t, bool(unit)),
                                               "来电人类别“{}”无法识别，应为上级机关、下级单位、部门、企业、群众或其他")
            or ledger.read_kind("", bool(unit)),
            outcome_note=note, assigned_unit=assigned, follow_status=status,
            due_on=read("due_on", ledger.read_day, "反馈时限“{}”无法识别，请写成 2026-11-05 这样的格式"),
            feedback=feedback,
            feedback_at=read("feedback_at", lambda t: _aware(ledger.read_moment(t), office), "反馈时间“{}”无法识别"),
            closed_at=read("closed_at", lambda t: _aware(ledger.read_moment(t), office), "办结时间“{}”无法识别"),
            leader_instruction=values.get("leader_instruction", ""),
            early_warning=bool(read("early_warning", parse_bool, "“苗头性”一栏应填“是”或“否”，不是“{}”")),
            widespread=bool(read("widespread", parse_bool, "“普遍性”一栏应填“是”或“否”，不是“{}”")))
        if started is None or problems:
            return None
        try:
            return self._clean(record, settings)
        except ValidationError as exc:
            for field, message in exc.fields.items():
                label = _LABELS.get(field, "")
                problems.append(message if not label or label in message else f"{label}：{message}")
            return None

    @staticmethod
    def _started(values: dict[str, str], office, problems: list[str]) -> datetime | None:
        text, day = values.get("started_at", ""), values.get("day", "")
        if not text:
            problems.append("请填写来电时间")
            return None
        try:
            return _aware(ledger.read_moment(text, day), office)
        except ValueError:
            pass
        try:
            ledger.read_day(text)
            problems.append(f"来电时间“{text}”没有写明几点几分")
        except ValueError:
            problems.append(f"来电时间“{text}”无法识别，请写成 2026-11-03 14:05 这样的格式"
                            + ("" if not day else f"（日期“{day}”）"))
        return None

    def _already_logged(self, plans: list[tuple[int, CallRecord]], office) -> list[tuple[int, str]]:
        rejected = []
        with self.ctx.db.session() as s:
            for number, record in plans:
                base = call_search.sort_key_base(int(record.started_at.timestamp()))
                found = s.scalar(select(Call.id).where(Call.sort_key >= base, Call.sort_key < base + call_search.SLOTS,
                                                       Call.summary == record.summary).limit(1))
                if found is not None:
                    when = record.started_at.astimezone(office).strftime("%Y-%m-%d %H:%M")
                    rejected.append((number, f"来电登记中已有这条来电（{when}，编号 {found}），可能已导入过"))
        return rejected

    # -- export ---------------------------------------------------------------------------------
    def export_calls(self, flt: CallFilter, path: Path) -> int:
        """The calls of the filter to an .xlsx, oldest first whatever the screen's order (a ledger is read
        from its first entry, and a printout is filed that way); returns how many."""
        flt = replace(flt, oldest_first=True)
        return self._export(path, lambda: self._filtered_pages(flt))

    def export_rows(self, rows: list[CallRow], path: Path) -> int:
        """These calls (e.g. a group of similar calls), in the order given, to an .xlsx."""
        ids = [r.id for r in rows]
        return self._export(path, lambda: self._pages_of(ids))

    def _filtered_pages(self, flt: CallFilter):
        zone = self._zone()
        today = self.ctx.clock.now().astimezone(zone).date()
        last = None
        while True:
            with self.ctx.db.session() as s:
                frm, key, where = filter_source(flt, zone, today, self.ctx.db.kind, need_call=True)
                if last is not None:
                    where.append(key > last if flt.oldest_first else key < last)
                order = key.asc() if flt.oldest_first else key.desc()
                page = list(s.scalars(select(Call).select_from(frm).where(*where).order_by(order)
                                      .limit(EXPORT_PAGE)))
                texts = call_search.call_instructions(s, [row.id for row in page])
                s.expunge_all()
            if not page:
                return
            yield [(row, texts.get(row.id, "")) for row in page]
            last = page[-1].sort_key

    def _pages_of(self, ids: list[int]):
        for start in range(0, len(ids), EXPORT_PAGE):
            chunk = ids[start:start + EXPORT_PAGE]
            with self.ctx.db.session() as s:
                found = {row.id: row for row in s.scalars(select(Call).where(Call.id.in_(chunk)))}
                texts = call_search.call_instructions(s, chunk)
                s.expunge_all()
            yield [(found[i], texts.get(i, "")) for i in chunk if i in found]

    def _export(self, path: Path, pages) -> int:
        return write_xlsx(Path(path), pages(), self._zone())


def _aware(local: datetime, office) -> datetime:
    """A wall-clock time of the office as the aware UTC instant records carry."""
    return local.replace(tzinfo=office).astimezone(timezone.utc)


def _end_time(text: str, started: datetime, office) -> datetime:
    """结束时间: a full date-time, or a time of day on the call's date (after midnight: the next day)."""
    try:
        return _aware(ledger.read_moment(text), office)
    except ValueError:
        local = started.astimezone(office)
        end = datetime.combine(local.date(), ledger.read_time_of_day(text))
        if end < local.replace(tzinfo=None) and local.hour >= 23 and end.hour < 1:
            end += timedelta(days=1)
        return _aware(end, office)

