"""Plain data of the empty-post checks (空岗 / 在岗确认)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dutyroom.domain.vocabulary import EmptyPostKind


@dataclass
class EmptyPostRecord:
    """One 空岗: what was found (kind), when, in which shift, who was rostered; explained, then closed."""

    kind: EmptyPostKind
    at: datetime
    duty_date: date | None = None
    shift_name: str = ""
    rostered: str = ""  # names as the roster had them, "、"-separated
    detail: str = ""  # what the check saw, in words
    explanation: str = ""
    explained_by: str = ""
    explained_at: datetime | None = None
    closed_by: str = ""
    closed_at: datetime | None = None
    id: int | None = None
    version: int = 0

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass
class PresenceCheckRecord:
    """在岗确认: asked at `due_at`, to be confirmed by `answer_by`; missed ones opened an empty post."""

    due_at: datetime
    answer_by: datetime
    confirmed_at: datetime | None = None
    confirmed_by: str = ""
    empty_post_id: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class HandoverAnswer:
    """What the handover area says about one shift: was it confirmed by the incoming officer, and when."""

    confirmed: bool
    confirmed_at: datetime | None = None
