"""What the 视频点名 page lists, on both databases: the roll-calls held, newest first, by kind and month; the
整改 items by state; the roll-call left running; the 每日要情 lines about roll-calls that found problems."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

from pypdf import PdfReader

from dutyroom.domain.vocabulary import RollCallKind, RollCallResult
from dutyroom.services.incidents.bulletins import write_daily_digest
from tests.services.rollcall.helpers import OFFICE, make_units

P, A = RollCallResult.PRESENT, RollCallResult.ABSENT


def held(services, actor, ids, at, results, kind=RollCallKind.HOST, finish=True):
    rc = services.rollcall.create_rollcall(actor, kind, at, ids)
    for entry, result in zip(rc.entries, results, strict=True):
        services.rollcall.mark_result(actor, entry.id, result)
    return services.rollcall.finish(actor, rc.id) if finish else services.rollcall.get(rc.id)


def test_history_newest_first_by_kind_and_month_and_the_one_left_running(services, actors):
    admin, _, officer = actors
    ids = make_units(services, admin)[:2]
    october = held(services, officer, ids, datetime(2026, 10, 12, 9, 30, tzinfo=OFFICE), (P, P))
    spot = held(services, officer, ids, datetime(2026, 11, 3, 23, 0, tzinfo=OFFICE), (P, A), RollCallKind.SPOT)
    running = held(services, officer, ids, datetime(2026, 11, 20, 9, 30, tzinfo=OFFICE), (P, P), finish=False)
    services.rollcall.create_rollcall(officer, RollCallKind.HOST, datetime(2026, 11, 30, 9, 30, tzinfo=OFFICE),
                                      ids)  # only planned: not "held"
    rc = services.rollcall
    assert [r.id for r in rc.history()] == [running.id, spot.id, october.id]
    assert rc.history_count() == 3
    assert [r.id for r in rc.history(kind=RollCallKind.SPOT)] == [spot.id]
    assert [r.id for r in rc.history(month=date(2026, 10, 1))] == [october.id]
    assert [r.id for r in rc.history(1, 1)] == [spot.id]  # a page at a time
    assert rc.history_count(month=date(2026, 11, 1)) == 2
    assert [r.id for r in rc.unfinished()] == [running.id]


def test_rectifications_by_state(services, actors, clock):
    admin, _, officer = actors
    ids = make_units(services, admin)[:2]
    rc = held(services, officer, ids, clock.now() - timedelta(days=10), (A, A))
    today = services.rollcall.today()
    late = services.rollcall.add_rectification(officer, rc.id, "东城街道", "落实在岗", today - timedelta(days=2))
    due = services.rollcall.add_rectification(officer, rc.id, "西城街道", "检修终端", today + timedelta(days=5))
    services.rollcall.close_rectification(officer, due.id, "已更换终端")
    service = services.rollcall
    assert [i.id for i in service.rectifications("open")] == [late.id]
    assert [i.id for i in service.rectifications("overdue")] == [late.id]
    assert [(i.id, i.feedback) for i in service.rectifications("closed")] == [(due.id, "已更换终端")]
    assert {i.id for i in service.rectifications("all")} == {late.id, due.id}


def test_the_daily_digest_mentions_a_roll_call_with_problems_only(services, actors, clock):
    admin, _, officer = actors
    ids = make_units(services, admin)[:3]
    held(services, officer, ids, datetime(2026, 11, 20, 21, 0, tzinfo=OFFICE), (P, P, P))  # clean: not news
    bad = held(services, officer, ids, datetime(2026, 11, 21, 9, 30, tzinfo=OFFICE), (P, A, P), RollCallKind.SPOT)
    services.rollcall.add_rectification(officer, bad.id, "西城街道", "落实在岗", date(2026, 11, 28))
    lines = services.rollcall.digest_lines(date(2026, 11, 21))
    assert lines == ["11月21日9时30分随机抽查（视频点名），点名3个单位，在岗率66.7%；西城街道未在岗或未接通；"
                     "已提出整改要求1项。"]
    out = io.BytesIO()
    write_daily_digest(services, date(2026, 11, 21), out)
    text = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(out.getvalue())).pages).split())
    assert "视频点名发现的问题" in text and "西城街道未在岗或未接通" in text
