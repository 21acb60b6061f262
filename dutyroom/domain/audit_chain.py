"""Hash chain of the audit log: each record's hash covers its content and the previous hash.

Two schemes, told apart by the record's `hash_version`. Version 1 (records written before schema
0009) covered neither `actor_id` nor where the record was written; it is kept so that an old chain,
and every anchor already printed on a handover record, still verifies. Version 2 covers every column
the record keeps. A chain may move from 1 to 2 once, never back: a forged record cannot claim the
weaker scheme to leave its actor unhashed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime

GENESIS = "0" * 64
CURRENT_VERSION = 2


def canonical_json(value) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def record_hash(*, prev_hash: str, seq: int, at: datetime, actor_name: str, action: str,
                entity_kind: str, entity_id: str, before: str | None, after: str | None,
                version: int = 1, actor_id: int | None = None, os_user: str = "", host: str = "") -> str:
    # Microseconds are dropped: not every database keeps them, and a hash must survive a round trip.
    return stamped_hash(stamp=at.replace(microsecond=0).isoformat(), prev_hash=prev_hash, seq=seq,
                        actor_name=actor_name, action=action, entity_kind=entity_kind, entity_id=entity_id,
                        before=before, after=after, version=version, actor_id=actor_id, os_user=os_user, host=host)


def stamped_hash(*, stamp: str, prev_hash: str, seq: int, actor_name: str, action: str, entity_kind: str,
                 entity_id: str, before: str | None, after: str | None, version: int, actor_id: int | None,
                 os_user: str, host: str) -> str:
    """record_hash with the time already written as its ISO text (verify reads it so, in bulk)."""
    parts = [prev_hash, str(seq), stamp, actor_name, action, entity_kind, entity_id, before or "", after or ""]
    if version >= 2:
        # The version leads, so a version-2 payload can never be read as a version-1 one.
        parts = ["v2", *parts, "" if actor_id is None else str(actor_id), os_user, host]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Anchor:
    """The head of the chain as seen at some moment: record number and its hash."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


def parse_anchor(text: str) -> Anchor:
    """`SEQ:HASH` as printed on a handover record or beside a backup; ValueError (in Chinese) if not."""
    match = re.fullmatch(r"\s*(\d{1,12})\s*[:：]\s*([0-9a-fA-F]{64})\s*", text or "")
    if not match:
        raise ValueError(f"锚点“{text}”格式不对，应为 条数:哈希（例如 1234:后接 64 位十六进制）")
    return Anchor(int(match.group(1)), match.group(2).lower())
