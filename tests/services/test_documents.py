"""Stored documents (文件): the bytes come back as they were stored, the list pages newest first by key,
every store is audited and announced, and a missing one is named."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dutyroom.errors import NotFound
from dutyroom.services.documents import DAILY_DIGEST
from dutyroom.services.events import EntityKind
from dutyroom.services.records import SYSTEM_ACTOR


def test_documents_keep_their_bytes_and_page_newest_first(services, clock):
    heard = []
    services.bus.subscribe(lambda change: heard.append(change) if change.kind == EntityKind.DOCUMENT else None)
    stored = []
    for day in range(5):
        pdf = f"%PDF-1.4 digest {day}".encode() + bytes(range(256))  # binary, every byte value
        stored.append(services.documents.store(kind=DAILY_DIGEST, title=f"11月{day + 1}日每日要情",
                                               period=f"2026-11-0{day + 1}", job="daily_digest",
                                               due_at=clock.now(), pdf=pdf))
        clock.advance(timedelta(days=1))
    assert [c.id for c in heard] == [str(d.id) for d in stored] and {c.op for c in heard} == {"create"}
    first = services.documents.page(limit=2)
    rest = services.documents.page(first[-1], limit=10)
    assert [d.period for d in first + rest] == [f"2026-11-0{n}" for n in (5, 4, 3, 2, 1)]
    assert services.documents.content(stored[2].id) == b"%PDF-1.4 digest 2" + bytes(range(256))
    assert services.documents.get(stored[2].id) == stored[2] and stored[2].size == 17 + 256
    [entry] = [e for e in services.audit.page(SYSTEM_ACTOR, 0, 50) if e.entity_kind == "document" and
               e.entity_id == str(stored[0].id)]
    assert entry.actor_name == "系统" and entry.after is not None
    assert (entry.after["name"], entry.after["kind"], entry.after["file"]) == ("11月1日每日要情", "每日要情",
                                                                              "每日要情-2026-11-01.pdf")
    assert entry.after["detail"].startswith("送全体值班人员，273 字节，SHA-256 ")


def test_a_stored_document_cannot_be_changed_or_deleted(services, clock):
    from sqlalchemy import delete, update
    from sqlalchemy.exc import DBAPIError

    from dutyroom.store.models import StoredDocument

    doc = services.documents.store(kind=DAILY_DIGEST, title="11月20日每日要情", period="2026-11-20",
                                   job="daily_digest", due_at=clock.now(), pdf=b"%PDF as it went out")
    for statement in (update(StoredDocument).values(pdf=b"%PDF forged"), delete(StoredDocument)):
        with pytest.raises(DBAPIError, match="a stored document is frozen"), services.db.session() as s:
            s.execute(statement)
    assert services.documents.content(doc.id) == b"%PDF as it went out"


def test_a_document_that_is_not_there_is_named(services):
    with pytest.raises(NotFound, match="没有编号为 404 的文件"):
        services.documents.content(404)
    with pytest.raises(NotFound, match="没有编号为 404 的文件"):
        services.documents.get(404)
