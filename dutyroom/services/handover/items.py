"""交接事项: open matters carried from shift to shift until closed with a note (or dropped with one).

The program proposes items from what is open elsewhere (转办 calls, clocks, incidents, 整改, the next
shift's roll-calls): each proposer is a callable in `self.proposers`, filled by services/shift_sources.py.
A proposed item remembers its source, so the same open matter is never proposed twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dutyroom.domain import handover as rules
from dutyroom.domain.vocabulary import ItemClosing, ItemSource
from dutyroom.errors import NotFound, ValidationError
from dutyroom.services.context import check_version, unit_of_work
from dutyroom.services.events import EntityKind
from dutyroom.services.handover.base import HandoverArea, actor_name, cleaned_text, key_of, require_writer
from dutyroom.services.handover.records import TITLE_MAX, ItemRecord, ProposedItem, ShiftKey
from dutyroom.services.records import Actor
from dutyroom.store.models import DutyLog, Handover, HandoverItem, HandoverItemShift

ITEM_GONE = "找不到该交接事项，可能已被删除"


def item_snapshot(row: HandoverItem) -> dict:
    return {"title": row.title, "detail": row.detail, "due_at": row.due_at.isoformat() if row.due_at else None,
            "source": row.source_kind, "source_id": row.source_id, "closing": row.closing,
            "closing_note": row.closing_note}


def item_records(s: Session, rows: Iterable[HandoverItem], now: datetime) -> list[ItemRecord]:
    """Records of item rows with their holder shifts, in two queries whatever the number of items."""
    rows = list(rows)
    if not rows:
        return []
    ids = [r.id for r in rows]
    history: dict[int, list[int]] = {}
    for item_id, log_id in s.execute(select(HandoverItemShift.item_id, HandoverItemShift.duty_log_id)
                                     .where(HandoverItemShift.item_id.in_(ids))
                                     .order_by(HandoverItemShift.since_at, HandoverItemShift.id)):
        history.setdefault(item_id, []).append(log_id)
    log_ids = {r.opened_log_id for r in rows} | {r.holder_log_id for r in rows} | {i for v in history.values() for i in v}
    keys = {row.id: key_of(row) for row in s.scalars(select(DutyLog).where(DutyLog.id.in_(log_ids)))}
    sealed = set(s.scalars(select(Handover.duty_log_id).where(Handover.duty_log_id.in_(log_ids))))
    return [ItemRecord(
        id=r.id, title=r.title, detail=r.detail, due_at=r.due_at, source=ItemSource(r.source_kind),
        source_id=r.source_id, opened_at=r.opened_at, opened_by=r.opened_by, opened_shift=keys[r.opened_log_id],
        holder=keys[r.holder_log_id], holders=tuple(keys[i] for i in history.get(r.id, [])),
        closed_at=r.closed_at, closed_by=r.closed_by, closing=ItemClosing(r.closing) if r.closing else None,
        closing_note=r.closing_note, overdue=rules.item_overdue(r.due_at, r.closed_at, now), version=r.version,
        left_behind=r.closed_at is None and r.holder_log_id in sealed,
    ) for r in rows]


class HandoverItems(HandoverArea):
    # -- reading --------------------------------------------------------------------------------
    def item(self, item_id: int) -> ItemRecord:
        """One item with every shift that held it."""
        with self.ctx.db.session() as s:
            row = s.get(HandoverItem, item_id)
            if row is None:
                raise NotFound(ITEM_GONE)
            return item_records(s, [row], self.ctx.clock.now())[0]

    def open_items(self) -> list[ItemRecord]:
        """Every item not yet closed, the soonest due first, then the oldest."""
        with self.ctx.db.session() as s:
            return self._open_records(s)

    def _open_rows(self, s: Session) -> list[HandoverItem]:
        return list(s.scalars(select(HandoverItem).where(HandoverItem.closed_at.is_(None))
                              .order_by(HandoverItem.opened_at, HandoverItem.id)))

    def _open_records(self, s: Session) -> list[ItemRecord]:
        records = item_records(s, self._open_rows(s), self.ctx.clock.now())
        far = datetime.max.replace(tzinfo=self.ctx.clock.now().tzinfo)
        return sorted(records, key=lambda r: (r.due_at is None, r.due_at or far, r.opened_at, r.id))

    def items_of_shift(self, key: ShiftKey) -> list[ItemRecord]:
        """Items the shift held, opened or closed (what its duty log lists)."""
        with self.ctx.db.session() as s:
            log = self._find_log(s, key)
            if log is None:
                return []
            held = select(HandoverItemShift.item_id).where(HandoverItemShift.duty_log_id == log.id)
            rows = s.scalars(select(HandoverItem).where(or_(
                HandoverItem.id.in_(held), HandoverItem.opened_log_id == log.id,
                HandoverItem.closed_at.between(log.starts_at, log.ends_at))).order_by(HandoverItem.opened_at,
                                                                                    HandoverItem.id))
            return item_records(s, rows, self.ctx.clock.now())

    # -- writing --------------------------------------------------------------------------------
    def add_item(self, actor: Actor, key: ShiftKey, title: str, due_at: datetime | None = None,
                 detail: str = "") -> ItemRecord:
        """An item the officer types ("明早9时前向市政府报送寒潮防范情况"), with an optional due time."""
        require_writer(actor)
        proposal = ProposedItem(ItemSource.MANUAL, "", title, detail, due_at)
        with unit_of_work(self.ctx, actor) as uow:
            row = self._insert(uow, key, proposal)
            return item_records(uow.session, [row], uow.now)[0]

    def _insert(self, uow, key: ShiftKey, proposal: ProposedItem) -> HandoverItem:
        s = uow.session
        title = cleaned_text(proposal.title, "title", "事项", max_len=TITLE_MAX, multiline=False)
        detail = cleaned_text(proposal.detail, "detail", "说明", required=False)
        log = self._log(uow, self._span(s, key, self._settings()))
        self._require_unsealed(s, log)
        row = HandoverItem(title=title, detail=detail, due_at=proposal.due_at, source_kind=proposal.source.value,
                           source_id=proposal.source_id[:50], opened_log_id=log.id, holder_log_id=log.id,
                           opened_at=uow.now, opened_by=actor_name(uow.actor))
        s.add(row)
        s.flush()
        s.add(HandoverItemShift(item_id=row.id, duty_log_id=log.id, since_at=uow.now))
        uow.audit("create", EntityKind.HANDOVER_ITEM, row.id, after={**item_snapshot(row), "shift": key.label})
        return row

    def close_item(self, actor: Actor, item_id: int, note: str, version: int = 0) -> ItemRecord:
        """办结: the matter is done; the note says how."""
        return self._close(actor, item_id, note, version, ItemClosing.DONE)

    def drop_item(self, actor: Actor, item_id: int, note: str, version: int = 0) -> ItemRecord:
        """No longer handed over (e.g. taken over by another office); the note says why."""
        return self._close(actor, item_id, note, version, ItemClosing.DROPPED)

    def _close(self, actor: Actor, item_id: int, note: str, version: int, closing: ItemClosing) -> ItemRecord:
        require_writer(actor)
        problem = rules.closing_problem(note)
        if problem:
            raise ValidationError({"closing_note": problem})
        with unit_of_work(self.ctx, actor) as uow:
            s = uow.session
            row = s.get(HandoverItem, item_id)
            if row is None:
                raise NotFound(ITEM_GONE)
            if row.closed_at is not None:
                raise ValidationError({"closing_note": f"该事项已于此前{ItemClosing(row.closing).label}"})
            check_version(row.version, version, "该交接事项")
            before = item_snapshot(row)
            row.closed_at, row.closed_by = uow.now, actor_name(actor)
            row.closing, row.closing_note = closing.value, note.strip()
            s.flush()
            uow.audit("close" if closing == ItemClosing.DONE else "drop", EntityKind.HANDOVER_ITEM, row.id,
                      before=before, after=item_snapshot(row))
            return item_records(s, [row], uow.now)[0]

    # -- proposals ------------------------------------------------------------------------------
    def proposals(self, key: ShiftKey) -> list[ProposedItem]:
        """Open matters not yet on the list, from every proposer, for handing over `key`."""
        settings = self._settings()
        with self.ctx.db.session() as s:
            context = self._proposal_context(s, self._span(s, key, settings), settings)
            tracked = {(r.source_kind, r.source_id) for r in self._open_rows(s)}
        out: list[ProposedItem] = []
        for proposer in self.proposers:
            for proposal in proposer(context):
                mark = (proposal.source.value, proposal.source_id)
                if mark not in tracked:
                    tracked.add(mark)
                    out.append(proposal)
        return out

    def adopt_proposals(self, actor: Actor, key: ShiftKey) -> list[ItemRecord]:
        """Put every open matter not yet on the list onto it, held by `key`; returns the new items."""
        require_writer(actor)
        proposals = self.proposals(key)
        if not proposals:
            return []
        with unit_of_work(self.ctx, actor) as uow:
            rows = [self._insert(uow, key, p) for p in proposals]
            return item_records(uow.session, rows, uow.now)
