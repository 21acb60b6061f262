"""文件: the documents scheduled jobs write (每日要情, the monthly 信息报告情况通报), kept in the database.

A job runs on whichever workstation claimed its occurrence; a file in that workstation's data folder
reached nobody else. Stored here, the PDF is listed, opened and printed on every workstation, the same
bytes wherever it is opened. Stored documents are never changed or deleted (a trigger, migration 0014):
a document is what went out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, tuple_

from dutyroom.errors import NotFound
from dutyroom.services.context import ServiceContext, origin_of, unit_of_work
from dutyroom.services.events import EntityKind
from dutyroom.services.records import SYSTEM_ACTOR
from dutyroom.store.models import StoredDocument

DAILY_DIGEST = "daily_digest"
TIMELINESS_NOTICE = "timeliness_notice"
#: the kind of document as a duty officer names it
KIND_LABELS = {DAILY_DIGEST: "每日要情", TIMELINESS_NOTICE: "信息报告情况通报"}
#: who a document is for, as the list says it
AUDIENCE_LABELS = {"all": "全体值班人员", "leader": "带班领导", "admin": "管理员"}


@dataclass(frozen=True)
class DocumentInfo:
    """One stored document without its bytes (a list never carries the PDFs)."""

    id: int
    kind: str
    title: str
    period: str
    audience: str
    job: str
    due_at: datetime
    workstation: str
    created_at: datetime
    size: int

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def audience_label(self) -> str:
        return AUDIENCE_LABELS.get(self.audience, self.audience)

    @property
    def file_name(self) -> str:
        """A name for the saved or opened file: the title and what it covers."""
        return f"{self.kind_label}-{self.period}.pdf"


def _info(row: StoredDocument) -> DocumentInfo:
    return DocumentInfo(row.id, row.kind, row.title, row.period, row.audience, row.job, row.due_at,
                        row.workstation, row.created_at, row.size)


_COLUMNS = (StoredDocument.id, StoredDocument.kind, StoredDocument.title, StoredDocument.period,
            StoredDocument.audience, StoredDocument.job, StoredDocument.due_at, StoredDocument.workstation,
            StoredDocument.created_at, StoredDocument.size)


class DocumentService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def store(self, *, kind: str, title: str, period: str, job: str, due_at: datetime, pdf: bytes,
              audience: str = "all") -> DocumentInfo:
        """Keep a document a scheduled job made (the program itself writes it, so no user's role applies).
        Announced as a DOCUMENT change, which reaches every workstation's 文件 list."""
        with unit_of_work(self.ctx, SYSTEM_ACTOR) as uow:
            row = StoredDocument(kind=kind, title=title, period=period, audience=audience, job=job, due_at=due_at,
                                 workstation=origin_of(self.ctx)[1], created_at=uow.now, size=len(pdf), pdf=pdf)
            uow.session.add(row)
            uow.session.flush()
            info = _info(row)
            # In the audit log's words (名称, 类型, 文件, 情况); the checksum ties the record to the bytes.
            uow.audit("create", EntityKind.DOCUMENT, row.id, after=dict(
                name=title, kind=info.kind_label, file=info.file_name,
                detail=f"送{info.audience_label}，{len(pdf)} 字节，SHA-256 {hashlib.sha256(pdf).hexdigest()}"))
        return info

    def page(self, after: DocumentInfo | None = None, limit: int = 100) -> list[DocumentInfo]:
        """Newest first, `limit` documents after `after` (keyset paging: the list grows every day)."""
        query = select(*_COLUMNS).order_by(StoredDocument.created_at.desc(), StoredDocument.id.desc()).limit(limit)
        if after is not None:
            query = query.where(tuple_(StoredDocument.created_at, StoredDocument.id) < (after.created_at, after.id))
        with self.ctx.db.session() as s:
            return [DocumentInfo(*row) for row in s.execute(query)]

    def get(self, document_id: int) -> DocumentInfo:
        with self.ctx.db.session() as s:
            row = s.execute(select(*_COLUMNS).where(StoredDocument.id == document_id)).first()
        if row is None:
            raise NotFound(f"没有编号为 {document_id} 的文件")
        return DocumentInfo(*row)

    def content(self, document_id: int) -> bytes:
        """The PDF exactly as the job stored it."""
        with self.ctx.db.session() as s:
            pdf = s.scalar(select(StoredDocument.pdf).where(StoredDocument.id == document_id))
        if pdf is None:
            raise NotFound(f"没有编号为 {document_id} 的文件")
        return bytes(pdf)
