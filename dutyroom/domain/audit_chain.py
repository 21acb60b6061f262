"""Hash chain of the audit log: each record's hash covers its content and the previous hash."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

GENESIS = "0" * 64


def canonical_json(value) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def record_hash(*, prev_hash: str, seq: int, at: datetime, actor_name: str, action: str,
                entity_kind: str, entity_id: str, before: str | None, after: str | None) -> str:
    # Microseconds are dropped: not every database keeps them, and a hash must survive a round trip.
    stamp = at.replace(microsecond=0).isoformat()
    payload = "\x1f".join(
        [prev_hash, str(seq), stamp, actor_name, action, entity_kind, entity_id, before or "", after or ""]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
