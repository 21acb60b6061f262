"""Autosaved, half-typed forms (an incident report typed at 3 a.m.), offered back after a crash.

Drafts are not audited: the GUI saves one every few seconds and they are nobody's record until saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from dutyroom.errors import ValidationError
from dutyroom.services.context import ServiceContext
from dutyroom.services.records import Actor
from dutyroom.store.models import FormDraft

MAX_DRAFT_CHARS = 200_000


@dataclass(frozen=True)
class DraftRecord:
    """An autosaved, half-typed form of one user."""

    key: str
    payload_json: str
    saved_at: datetime


class Drafts:
    """Mixed into the call and incident services, and complete on its own: it needs only the context."""

    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def save_draft(self, actor: Actor, key: str, payload_json: str) -> None:
        if not key or len(key) > 100:
            raise ValidationError({"key": "草稿标识无效"})
        if len(payload_json) > MAX_DRAFT_CHARS:
            raise ValidationError({"payload": "草稿太大，无法自动保存"})
        now = self.ctx.clock.now()
        with self.ctx.db.session() as s:
            row = s.scalar(select(FormDraft).where(FormDraft.username == actor.username, FormDraft.key == key))
            if row is None:
                s.add(FormDraft(username=actor.username, key=key, payload=payload_json, saved_at=now))
            else:
                row.payload, row.saved_at = payload_json, now

    def load_drafts(self, actor: Actor) -> list[DraftRecord]:
        """The user's drafts, newest first."""
        with self.ctx.db.session() as s:
            rows = s.scalars(select(FormDraft).where(FormDraft.username == actor.username)
                             .order_by(FormDraft.saved_at.desc(), FormDraft.id.desc()))
            return [DraftRecord(r.key, r.payload, r.saved_at) for r in rows]

    def discard_draft(self, actor: Actor, key: str) -> None:
        with self.ctx.db.session() as s:
            s.execute(delete(FormDraft).where(FormDraft.username == actor.username, FormDraft.key == key))
