"""The roll-call being run: every mark is its own short transaction, so a crash keeps all marks so far.

The call time of an attempt is fixed by its first "calling" mark and never edited. A finished
roll-call is frozen; its 更正 is in amending.py, the 上级点名 (no units, no stopwatch) in upper.py.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import delete, select

from dutyroom.domain import rollcall as rules
from dutyroom.domain.validation import clean_text
from dutyroom.domain.vocabulary import AVQuality, Role, RollCallKind, RollCallResult, RollCallStatus
from dutyroom.errors import ValidationError
from dutyroom.services.context import check_version, require_role, unit_of_work
from dutyroom.services.events import EntityKind
from dutyroom.services.records import Actor
from dutyroom.services.rollcall import rows
from dutyroom.services.rollcall.base import RollCallArea
from dutyroom.services.rollcall.records import (
    ANSWERER_POSITIONS,
    RollCallRecord,
)
from dutyroom.store.models import RollCall, RollCallEntry, Unit

WRITERS = (Role.OFFICER, Role.LEADER, Role.ADMIN)


def clean_details(answerer: str, position: str, remarks: str) -> tuple[str, str, str]:
    """The quick fields as saved. Public: the live screen checks them at the key press, before the save is
    queued behind the others, so a mistake is shown next to its field at once."""
    answerer, position, remarks = clean_text(answerer), clean_text(position), clean_text(remarks, multiline=True)
    problems = {}
    if len(answerer) > 50:
        problems["answerer"] = "应答人姓名太长（最多 50 个字）"
    if position and position not in ANSWERER_POSITIONS:
        problems["position"] = "应答人身份应为带班领导或值班员"
    if len(remarks) > 2000:
        problems["remarks"] = "备注太长（最多 2000 个字）"
    if problems:
        raise ValidationError(problems)
    return answerer, position, remarks


class LiveRollCall(RollCallArea):
    """A part of RollCallService (see base.py)."""

    def _insert_rollcall(self, actor: Actor, kind: RollCallKind, planned_at: datetime,
                         units: list[tuple[int | None, str]], *, plan_id: int | None = None, seed: int | None = None,
                         candidates=(), host: str = "") -> RollCallRecord:
        names = [n for _, n in units]
        if len(set(names)) != len(names):
            raise ValidationError({"units": "同一单位在名单中出现了两次"})
        if kind != RollCallKind.UPPER and not units:
            raise ValidationError({"units": "请选择要点名的单位"})
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            phones = dict(s.execute(select(Unit.id, Unit.duty_phone)).all())
            row = RollCall(kind=kind.value, plan_id=plan_id, planned_at=planned_at.replace(microsecond=0),
                           status=RollCallStatus.PLANNED.value, host=clean_text(host)[:50], draw_seed=seed,
                           draw_candidates=rows.candidates_text(candidates) if seed is not None else "",
                           created_at=uow.now, created_by=(actor.display_name or actor.username)[:50])
            s.add(row)
            s.flush()
            for seq, (unit_id, name) in enumerate(units, start=1):
                s.add(RollCallEntry(rollcall_id=row.id, unit_id=unit_id, unit_name=name[:100], seq=seq,
                                    duty_phone=phones.get(unit_id, "") if unit_id else "", attempt=1))
            s.flush()
            uow.audit("create", EntityKind.ROLLCALL, row.id, after={**rows.rollcall_snapshot(row), "units": names})
            return rows.to_record(s, row, self.today())

    def create_rollcall(self, actor: Actor, kind: RollCallKind, planned_at: datetime, unit_ids: list[int],
                        host: str = "") -> RollCallRecord:
        """An unplanned roll-call (or the upper level calling now) of these units, in this order."""
        require_role(actor, *WRITERS)
        with self.ctx.db.session() as s:
            names = rows.unit_names(s)
        unknown = [i for i in unit_ids if i not in names]
        if unknown:
            raise ValidationError({"units": "名单中有已删除的单位，请重新选择"})
        return self._insert_rollcall(actor, RollCallKind(kind), planned_at, [(i, names[i]) for i in unit_ids],
                                     host=host)

    def get(self, rollcall_id: int) -> RollCallRecord:
        with self.ctx.db.session() as s:
            return rows.load(s, rollcall_id, self.today())

    def rollcalls_between(self, start: datetime, end: datetime, kind: RollCallKind | None = None
                          ) -> list[RollCallRecord]:
        with self.ctx.db.session() as s:
            query = select(RollCall).where(RollCall.planned_at >= start, RollCall.planned_at < end)
            if kind is not None:
                query = query.where(RollCall.kind == kind.value)
            today = self.today()
            return [rows.to_record(s, r, today) for r in s.scalars(query.order_by(RollCall.planned_at))]

    # -- running --------------------------------------------------------------------------------
    def _running(self, uow, row: RollCall, at: datetime | None = None) -> None:
        """The first mark starts a planned roll-call; a mark on a paused one resumes it (at the key's time)."""
        at = at or uow.now
        if row.status == RollCallStatus.PLANNED.value:
            row.status, row.started_at = RollCallStatus.RUNNING.value, at
            row.host = row.host or (uow.actor.display_name or uow.actor.username)[:50]
        elif row.status == RollCallStatus.PAUSED.value:
            self._resume_row(uow, row, at)

    @staticmethod
    def _resume_row(uow, row: RollCall, at: datetime | None = None) -> None:
        at = at or uow.now
        if row.paused_at is not None:
            row.paused_seconds += max(0, round((at - row.paused_at).total_seconds()))
        row.status, row.paused_at = RollCallStatus.RUNNING.value, None

    @staticmethod
    def _key_time(uow, at: datetime | None, since: datetime | None, what: str) -> datetime:
        """The time of the key press, taken by the screen when the key went down and saved later (the screen
        writes in the background): never in the future, never before what it follows."""
        if at is None:
            return uow.now
        if at.tzinfo is None:
            raise ValidationError({"at": f"{what}时间缺少时区"})
        at = at.astimezone(timezone.utc)
        if at > uow.now:
            raise ValidationError({"at": f"{what}时间晚于当前时间，请检查本机时钟"})
        if since is not None and at < since:
            raise ValidationError({"at": f"{what}时间早于呼叫时间"})
        return at

    def start(self, actor: Actor, rollcall_id: int) -> RollCallRecord:
        require_role(actor, *WRITERS)
        with unit_of_work(self.ctx, actor) as uow:
            row = rows.open_row(uow.session, rollcall_id)
            before = row.status
            self._running(uow, row)
            uow.session.flush()
            uow.audit("start", EntityKind.ROLLCALL, row.id, before={"status": before}, after={"status": row.status})
            return rows.to_record(uow.session, row, self.today())

    def pause(self, actor: Actor, rollcall_id: int, *, at: datetime | None = None) -> RollCallRecord:
        require_role(actor, *WRITERS)
        with unit_of_work(self.ctx, actor) as uow:
            row = rows.open_row(uow.session, rollcall_id)
            at = self._key_time(uow, at, row.started_at or row.created_at, "暂停")
            if row.status == RollCallStatus.RUNNING.value:
                row.status, row.paused_at = RollCallStatus.PAUSED.value, at
                uow.session.flush()
                uow.audit("pause", EntityKind.ROLLCALL, row.id, after={"status": row.status})
            return rows.to_record(uow.session, row, self.today())

    def resume(self, actor: Actor, rollcall_id: int, *, at: datetime | None = None) -> RollCallRecord:
        require_role(actor, *WRITERS)
        with unit_of_work(self.ctx, actor) as uow:
            row = rows.open_row(uow.session, rollcall_id)
            if row.status == RollCallStatus.PAUSED.value:
                self._resume_row(uow, row, self._key_time(uow, at, row.paused_at, "继续"))
                uow.session.flush()
                uow.audit("resume", EntityKind.ROLLCALL, row.id, after={"status": row.status})
            return rows.to_record(uow.session, row, self.today())

    def mark_calling(self, actor: Actor, entry_id: int, *, at: datetime | None = None):
        """"Calling" pressed at `at` (default now): the attempt's call time is set once; pressing again
        changes nothing. `at` may not be in the future nor before the roll-call was created."""
        require_role(actor, *WRITERS)
        with unit_of_work(self.ctx, actor) as uow:
            entry, row = rows.entry_row(uow.session, entry_id)
            rows.open_row(uow.session, row.id)
            at = self._key_time(uow, at, row.created_at, "呼叫")
            self._running(uow, row, at)
            if entry.called_at is None:
                entry.called_at = at
                uow.session.flush()
                uow.audit("call", EntityKind.ROLLCALL, row.id, after={"unit": entry.unit_name, "attempt": entry.attempt,
                                                                      "called_at": at.isoformat()})
            return rows.entry_record(entry)

    def mark_result(self, actor: Actor, entry_id: int, result: RollCallResult, *, answerer: str = "",
                    position: str = "", av_quality: AVQuality | None = None, remarks: str = "",
                    version: int = 0, at: datetime | None = None):
        """A result key pressed at `at` (default now): the stopwatch stops (that is the answer time) and the
        result is saved. `at` may not be in the future nor before the unit was called (or the roll-call
        created, when the unit was never called: then no call time is recorded)."""
        require_role(actor, *WRITERS)
        result = RollCallResult(result)
        answerer, position, remarks = clean_details(answerer, position, remarks)
        with unit_of_work(self.ctx, actor) as uow:
            entry, row = rows.entry_row(uow.session, entry_id)
            rows.open_row(uow.session, row.id)
            check_version(entry.version, version, f"{entry.unit_name}的点名记录")
            at = self._key_time(uow, at, entry.called_at or row.created_at, "应答")
            self._running(uow, row, at)
            before = rows.entry_snapshot(rows.entry_record(entry))
            # A unit marked without being called keeps no call time: its answer time is unknown ("—"),
            # not "0 秒", and it stays out of the average and the slowest answer.
            if result == RollCallResult.NO_ANSWER:
                entry.answered_at = None
            elif entry.answered_at is None:
                entry.answered_at = at
            entry.result, entry.answerer, entry.answerer_position = result.value, answerer, position
            entry.av_quality = AVQuality(av_quality).value if av_quality else None
            entry.remarks = remarks
            uow.session.flush()
            saved = rows.entry_record(entry)
            uow.audit("mark", EntityKind.ROLLCALL, row.id, before=before, after=rows.entry_snapshot(saved))
            return saved

    def update_details(self, actor: Actor, entry_id: int, *, answerer: str = "", position: str = "",
                       av_quality: AVQuality | None = None, remarks: str = "", version: int = 0):
        """Name, position, picture and sound, remarks typed after the result key (while not frozen)."""
        require_role(actor, *WRITERS)
        answerer, position, remarks = clean_details(answerer, position, remarks)
        with unit_of_work(self.ctx, actor) as uow:
            entry, row = rows.entry_row(uow.session, entry_id)
            rows.open_row(uow.session, row.id)
            check_version(entry.version, version, f"{entry.unit_name}的点名记录")
            before = rows.entry_snapshot(rows.entry_record(entry))
            entry.answerer, entry.answerer_position, entry.remarks = answerer, position, remarks
            entry.av_quality = AVQuality(av_quality).value if av_quality else None
            uow.session.flush()
            saved = rows.entry_record(entry)
            if before != rows.entry_snapshot(saved):
                uow.audit("update", EntityKind.ROLLCALL, row.id, before=before, after=rows.entry_snapshot(saved))
            return saved

    def add_recalls(self, actor: Actor, rollcall_id: int) -> RollCallRecord:
        """复呼: a second attempt for each unit whose first ended 未应答 or 设备故障 (both attempts kept)."""
        require_role(actor, *WRITERS)
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            row = rows.open_row(s, rollcall_id)
            record = rows.to_record(s, row, self.today())
            again = rules.units_to_recall(record.attempts())
            firsts = {e.unit_name: e for e in record.entries if e.attempt == 1}
            base = max((e.seq for e in record.entries), default=0)
            for n, name in enumerate(again, start=1):
                first = firsts[name]
                s.add(RollCallEntry(rollcall_id=row.id, unit_id=first.unit_id, unit_name=name,
                                    duty_phone=first.duty_phone, seq=base + n, attempt=2))
            if again:
                s.flush()
                uow.audit("recall", EntityKind.ROLLCALL, row.id, after={"units": again})
            return rows.to_record(s, row, self.today())

    def finish(self, actor: Actor, rollcall_id: int) -> RollCallRecord:
        """Freeze the roll-call. Every unit needs a result; a recall never made is dropped."""
        require_role(actor, *WRITERS)
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            row = rows.open_row(s, rollcall_id)
            record = rows.to_record(s, row, self.today())
            unmarked = [e.unit_name for e in record.entries if e.attempt == 1 and e.result is None]
            if unmarked:
                raise ValidationError({"rollcall": f"还有 {len(unmarked)} 个单位没有记录结果（"
                                       + "、".join(unmarked[:5]) + (" 等" if len(unmarked) > 5 else "") + "），"
                                       "请记录后再结束点名"})
            s.execute(delete(RollCallEntry).where(RollCallEntry.rollcall_id == row.id, RollCallEntry.attempt > 1,
                                                  RollCallEntry.result.is_(None)))
            if row.status == RollCallStatus.PAUSED.value:
                self._resume_row(uow, row)
            row.started_at = row.started_at or uow.now
            row.status, row.finished_at = RollCallStatus.FINISHED.value, uow.now
            s.flush()
            tally = rules.tally(record.attempts(), self._answer_limit())
            uow.audit("finish", EntityKind.ROLLCALL, row.id, after={"status": row.status, "called": tally.called,
                                                           "present": tally.present})
            return rows.to_record(s, row, self.today())
