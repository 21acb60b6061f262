"""An issued 视频点名情况通报 is kept as issued: later 整改 items and edits change no reprint (issue 13 item 17)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from dutyroom.domain.vocabulary import RollCallKind, RollCallResult
from dutyroom.errors import ValidationError
from tests.services.rollcall.helpers import OFFICE, make_units


def text_of(pdf: bytes) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_an_issued_notice_reprints_as_issued_and_can_no_longer_be_edited(services, actors, clock):
    admin, _, officer = actors
    ids = make_units(services, admin)[:2]
    rc = services.rollcall.create_rollcall(officer, RollCallKind.HOST, datetime(2026, 11, 21, 9, 30, tzinfo=OFFICE),
                                           ids)
    for entry, result in zip(rc.entries, (RollCallResult.PRESENT, RollCallResult.ABSENT), strict=True):
        services.rollcall.mark_result(officer, entry.id, result)
    with pytest.raises(ValidationError, match="点名结束后"):
        services.rollcall.issue_notice(officer, rc.id)
    rc = services.rollcall.finish(officer, rc.id)
    rc = services.rollcall.save_notice_text(officer, rc.id, "本次点名总体情况良好。", "各街道、乡镇", version=rc.version)
    assert services.rollcall.issued_notice(rc.id) is None

    issued = services.rollcall.issue_notice(officer, rc.id)
    assert issued.issued_by == "赵值班" and issued.issued_at == clock.now()
    text = text_of(issued.pdf)
    assert "本次点名总体情况良好" in text and "各街道、乡镇" in text and "严格落实24小时在岗" not in text

    clock.advance(days=1)  # the data moves on: a 整改 item added, the text edited
    services.rollcall.add_rectification(officer, rc.id, "西城街道", "严格落实24小时在岗值守",
                                        services.rollcall.today() + timedelta(days=3))
    with pytest.raises(ValidationError, match="已经编发"):
        services.rollcall.save_notice_text(officer, rc.id, "改过的正文", "", version=services.rollcall.get(rc.id).version)
    with pytest.raises(ValidationError, match="已经编发"):
        services.rollcall.issue_notice(officer, rc.id)
    again = services.rollcall.issued_notice(rc.id)
    assert again == issued  # the same document, byte for byte
    assert "严格落实24小时在岗" in "".join(
        "".join(p.extract_text().split()) for p in PdfReader(_current(services, rc.id)).pages)
    for statement in ("UPDATE rollcall_notice SET issued_by = '别人' WHERE rollcall_id = :id",
                      "DELETE FROM rollcall_notice WHERE rollcall_id = :id"):
        with pytest.raises(sa.exc.DBAPIError, match="frozen"), services.db.engine.begin() as conn:
            conn.execute(sa.text(statement), {"id": rc.id})


def _current(services, rollcall_id: int) -> io.BytesIO:
    """The 通报 written from the data as it is now (what an unissued one prints)."""
    from dutyroom.reports.rollcall import build_notice_pdf

    out = io.BytesIO()
    build_notice_pdf(services.rollcall.summary(rollcall_id), out, printed_on=services.rollcall.today())
    out.seek(0)
    return out
