"""交接班 itself: the outgoing officer opens it inside the window (or gives a reason outside it), the
incoming officer confirms with their own password and ticks each item, and the record is sealed with
the head of the audit chain. A shift whose window closes with no handover is recorded as missed.

A sealed record never changes: corrections are amendments (who, when, why, what).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dutyroom.domain import handover as rules
from dutyroom.domain.vocabulary import HandoverStatus, Role
from dutyroom.errors import AuthError, ConflictError, NotFound, ValidationError
from dutyroom.services.context import is_unique_violation, unit_of_work
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.handover.base import actor_name, cleaned_text, key_of, require_writer
from dutyroom.services.handover.items import HandoverItems
from dutyroom.services.handover.records import (
    AckRecord,
    AmendmentRecord,
    HandoverDraft,
    HandoverRecord,
    OnDuty,
    ShiftKey,
    ShiftSpan,
)
from dutyroom.services.records import SYSTEM_ACTOR, Actor, OfficeSettings
from dutyroom.services.users import UserService
from dutyroom.store.models import (
    AuditRecord,
    DutyLog,
    Handover,
    HandoverAck,
    HandoverAmendment,
    HandoverItem,
    HandoverItemShift,
    LogEntry,
)

HANDOVER_GONE = "找不到该交接班记录"
#: a missed handover is looked for this far back after downtime (older shifts were checked before)
MISSED_LOOKBACK = timedelta(days=3)


def handover_record(s: Session, row: Handover) -> HandoverRecord:
    log = s.get(DutyLog, row.duty_log_id)
    following = s.get(DutyLog, row.next_log_id) if row.next_log_id else None
    assert log is not None
    acks = s.scalars(select(HandoverAck).where(HandoverAck.handover_id == row.id).order_by(HandoverAck.id))
    amendments = s.scalars(select(HandoverAmendment).where(HandoverAmendment.handover_id == row.id)
                           .order_by(HandoverAmendment.at, HandoverAmendment.id))
    return HandoverRecord(
        id=row.id, shift=key_of(log), next_shift=key_of(following) if following else None,
        status=HandoverStatus(row.status), outgoing=row.outgoing_name, incoming=row.incoming_name,
        handed_at=row.handed_at, window_opens=row.window_start, window_closes=row.window_end,
        outside_reason=row.outside_reason, approved_by=row.approved_by, sealed_at=row.sealed_at,
        anchor_seq=row.anchor_seq, anchor_hash=row.anchor_hash,
        acks=tuple(AckRecord(a.item_id, a.item_title, a.acknowledged) for a in acks),
        amendments=tuple(AmendmentRecord(a.at, a.by, a.reason, a.correction) for a in amendments),
        summary=json.loads(row.summary) if row.summary else {}, version=row.version)


class HandoverExchange(HandoverItems):
    #: who the roster puts on a shift (names and person ids); services/shift_sources.py sets it
    roster_of: Callable[[ShiftSpan], tuple[OnDuty, frozenset[int]]] | None = None

    # -- reading --------------------------------------------------------------------------------
    def handover(self, key: ShiftKey) -> HandoverRecord | None:
        """The sealed handover (or missed record) of a shift, None while it is not handed over."""
        with self.ctx.db.session() as s:
            log = self._find_log(s, key)
            row = None if log is None else self._handover_row(s, log.id)
            return None if row is None else handover_record(s, row)

    def handovers_between(self, first: date, last: date) -> list[HandoverRecord]:
        """Handovers (and missed ones) of the shifts of roster days first..last, oldest first."""
        with self.ctx.db.session() as s:
            rows = s.scalars(select(Handover).join(DutyLog, DutyLog.id == Handover.duty_log_id)
                             .where(DutyLog.duty_date >= first, DutyLog.duty_date <= last)
                             .order_by(DutyLog.starts_at))
            return [handover_record(s, r) for r in rows]

    def prepare(self, actor: Actor, key: ShiftKey) -> HandoverDraft:
        """What 交班 shows: adopts the open matters not yet listed, then the window and every open item."""
        if self.handover(key) is None:
            self.adopt_proposals(actor, key)
        settings = self._settings()
        with self.ctx.db.session() as s:
            span = self._span(s, key, settings)
            incoming = self._next_span(s, span, settings)
            window = self._window(span, settings)
            log = self._find_log(s, key)
            row = None if log is None else self._handover_row(s, log.id)
            items = self._open_records(s)
            done = None if row is None else handover_record(s, row)
        on_duty = self.roster_of(incoming)[0] if self.roster_of else OnDuty()
        now = self.ctx.clock.now()
        return HandoverDraft(span, incoming, window.opens_at, window.closes_at,
                             rules.outside_window_text(window, now), tuple(items), on_duty.everyone, done)

    # -- the handover ---------------------------------------------------------------------------
    def hand_over(self, actor: Actor, key: ShiftKey, incoming_username: str, incoming_password: str,
                  acknowledged: Iterable[int], *, reason: str = "", approver_username: str = "",
                  approver_password: str = "") -> HandoverRecord:
        """Seal the handover of `key`: `actor` hands over, the incoming officer confirms with their password.

        Items in `acknowledged` go to the incoming shift; the others stay with `key`, flagged. Outside
        the window `reason` is required. An incoming officer not on the roster (after swaps and
        substitutions) needs a leader's approval: the leader's username and password.
        """
        require_writer(actor)
        settings = self._settings()
        incoming_username = (incoming_username or "").strip()
        if not incoming_username:
            raise ValidationError({"incoming": "请输入接班人的用户名"})
        if incoming_username == actor.username:
            raise ValidationError({"incoming": "接班人不能是交班人本人：请由接班人用自己的账户确认"})
        window = self._window(self.span(key), settings)
        now = self.ctx.clock.now()
        outside = rules.outside_window_text(window, now)
        why = cleaned_text(reason, "reason", "交接原因", required=False)
        if outside and not why:  # the message says how far outside, early or late
            raise ValidationError({"reason": outside})
        if self.handover(key) is not None:
            raise ValidationError({"shift": "本班已交接封存，不能再次交接；如需更正，请添加补正"})
        incoming = self._confirm(incoming_username, incoming_password, "incoming_password")
        if incoming.user_id == actor.user_id:
            raise ValidationError({"incoming": "接班人不能是交班人本人：请由接班人用自己的账户确认"})
        approved_by = self._roster_check(key, incoming, approver_username, approver_password, settings)
        try:
            return self._seal(actor, key, incoming, set(acknowledged), why if outside else "", approved_by, settings)
        except (IntegrityError, ConflictError) as exc:
            if isinstance(exc, IntegrityError) and not is_unique_violation(exc):
                raise
            # Another workstation sealed the same shift a moment earlier (handover.duty_log_id is unique),
            # or moved or closed one of its items meanwhile: nothing of this attempt was saved.
            if self.handover(key) is not None:
                raise ValidationError({"shift": "本班刚刚已在其他工作站完成交接，请刷新查看交接班记录"}) from None
            raise ValidationError({"items": "交接事项刚刚在其他工作站被修改，请刷新后重新逐项确认"}) from None

    def _confirm(self, username: str, password: str, field: str) -> Actor:
        # Through the users service, so a wrong password counts toward that account's lockout. A login of
        # the same account on another workstation at the same instant is a version conflict that saved
        # nothing: checking once more is safe.
        for attempt in (1, 2):
            try:
                return UserService(self.ctx).login(username, password)
            except AuthError as exc:
                raise ValidationError({field: exc.message}) from None
            except ConflictError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _roster_check(self, key: ShiftKey, incoming: Actor, approver: str, approver_password: str,
                      settings: OfficeSettings) -> str:
        """"" when the incoming person is on the incoming shift's roster; else the approving leader's name."""
        with self.ctx.db.session() as s:
            following = self._next_span(s, self._span(s, key, settings), settings)
        on_duty, person_ids = self.roster_of(following) if self.roster_of else (OnDuty(), frozenset())
        person_id = UserService(self.ctx).get(incoming.user_id).person_id if incoming.user_id else None
        if person_id is not None and person_id in person_ids:
            return ""
        if not approver.strip():
            listed = "、".join(on_duty.everyone) or "无人"
            raise ValidationError({"approver": f"{incoming.display_name}不在{following.key.label}的值班表上"
                                              f"（值班表：{listed}）：请先登记代班，或由带班领导输入账户和密码批准"})
        leader = self._confirm(approver, approver_password, "approver_password")
        if leader.role != Role.LEADER:
            raise ValidationError({"approver": "只有带班领导可以批准不在值班表上的人员接班"})
        return leader.display_name or leader.username

    def _seal(self, actor: Actor, key: ShiftKey, incoming: Actor | None, acknowledged: set[int], reason: str,
              approved_by: str, settings: OfficeSettings, *, missed: bool = False) -> HandoverRecord:
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            span = self._span(s, key, settings)
            following = self._next_span(s, span, settings)
            window = self._window(span, settings)
            log = self._log(uow, span)
            if self._handover_row(s, log.id) is not None:
                raise ValidationError({"shift": "本班已交接封存，不能再次交接；如需更正，请添加补正"})
            next_log = self._log(uow, following)
            items = [r for r in s.scalars(select(HandoverItem).where(HandoverItem.closed_at.is_(None))
                                          .order_by(HandoverItem.opened_at, HandoverItem.id))]
            moved = rules.carry([r.id for r in items], acknowledged if not missed else ())
            row = Handover(duty_log_id=log.id, next_log_id=next_log.id,
                           status=(HandoverStatus.MISSED if missed else HandoverStatus.SEALED).value,
                           outgoing_name="" if missed else actor_name(actor), outgoing_user_id=actor.user_id,
                           incoming_name="" if incoming is None else actor_name(incoming),
                           incoming_user_id=None if incoming is None else incoming.user_id,
                           handed_at=uow.now, window_start=window.opens_at, window_end=window.closes_at,
                           outside_reason=reason, approved_by=approved_by[:50], missed=missed,
                           summary="", sealed_at=uow.now)
            s.add(row)
            s.flush()
            taken = set(moved.taken)
            for item in items:
                s.add(HandoverAck(handover_id=row.id, item_id=item.id, item_title=item.title,
                                  acknowledged=item.id in taken))
                if item.id in taken:
                    item.holder_log_id = next_log.id
                    if s.scalar(select(HandoverItemShift.id).where(HandoverItemShift.item_id == item.id,
                                                                   HandoverItemShift.duty_log_id == next_log.id)) is None:
                        s.add(HandoverItemShift(item_id=item.id, duty_log_id=next_log.id, since_at=uow.now))
            summary = {"shift": key.label, "next_shift": following.key.label,
                       "items": [{"id": i.id, "title": i.title, "taken": i.id in taken} for i in items],
                       "entries": s.scalar(select(func.count()).select_from(LogEntry)
                                           .where(LogEntry.duty_log_id == log.id)) or 0,
                       "outside_reason": reason, "approved_by": approved_by}
            row.summary = json.dumps(summary, ensure_ascii=False, sort_keys=True)
            s.flush()
            action = "missed" if missed else "hand_over"
            uow.audit(action, EntityKind.HANDOVER, row.id, after={
                **summary, "outgoing": row.outgoing_name, "incoming": row.incoming_name,
                "handed_at": uow.now.isoformat()})
            uow.changes.append(Change(kind=EntityKind.HANDOVER_ITEM, id=None, op="bulk"))  # the items moved
            s.flush()
            # The record this handover just appended is the head of the chain: print its number and hash.
            head = s.execute(select(AuditRecord.seq, AuditRecord.hash).order_by(AuditRecord.seq.desc()).limit(1)).one()
            row.anchor_seq, row.anchor_hash = head[0], head[1]
            s.flush()
            return handover_record(s, row)

    # -- after sealing --------------------------------------------------------------------------
    def amend(self, actor: Actor, key: ShiftKey, reason: str, correction: str) -> HandoverRecord:
        """A correction of a sealed handover: the record stays as it went out, the amendment is added."""
        require_writer(actor)
        why = cleaned_text(reason, "reason", "补正原因")
        what = cleaned_text(correction, "correction", "补正内容")
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            log = self._find_log(s, key)
            row = None if log is None else self._handover_row(s, log.id)
            if row is None:
                raise NotFound(f"{key.label}尚未交接，没有可补正的交接班记录")
            amendment = HandoverAmendment(handover_id=row.id, at=uow.now, by=actor_name(actor), reason=why,
                                          correction=what)
            s.add(amendment)
            s.flush()
            uow.audit("amend", EntityKind.HANDOVER, row.id, after={"reason": why, "correction": what})
            return handover_record(s, row)

    # -- missed handovers (scheduled) -----------------------------------------------------------
    def last_window_close(self, now: datetime) -> datetime | None:
        """The most recent instant before now at which a shift's handover window closed."""
        settings = self._settings()
        with self.ctx.db.session() as s:
            specs, zone, ht = self._spans(s, settings)
        span = rules.shift_containing(now, specs, zone, ht)
        closes = []
        for _ in range(6):  # the current shift and the ones before it, enough for any window setting
            closes.append(self._window(span, settings).closes_at)
            span = rules.shift_containing(span.starts_at - timedelta(seconds=1), specs, zone, ht)
        past = [c for c in closes if c < now]  # at the closing second itself the shift may still hand over
        return max(past) if past else None

    def record_missed(self, now: datetime | None = None) -> list[HandoverRecord]:
        """Record every shift whose window closed by `now` with no handover (since the database exists)."""
        now = now or self.ctx.clock.now()
        settings = self._settings()
        with self.ctx.db.session() as s:
            born = s.scalar(select(func.min(AuditRecord.at)))
            specs, zone, ht = self._spans(s, settings)
            candidates: list[ShiftSpan] = []
            day = (now - MISSED_LOOKBACK).astimezone(zone).date()
            while day <= now.astimezone(zone).date():
                candidates.extend(rules.shifts_of_day(day, specs, zone, ht))
                day += timedelta(days=1)
            due = []
            for span in candidates:
                window = self._window(span, settings)
                log = self._find_log(s, span.key)
                handed = log is not None and self._handover_row(s, log.id) is not None
                if born is not None and span.starts_at >= born and rules.is_missed(window, now, handed):
                    due.append(span)
        out = []
        for span in due:
            try:
                out.append(self._seal(SYSTEM_ACTOR, span.key, None, set(), "", "", settings, missed=True))
            except ValidationError:  # handed over meanwhile on another workstation
                continue
        return out
