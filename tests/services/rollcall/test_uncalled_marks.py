"""A unit marked without being called (请假 known beforehand, 离岗 reported by phone) has no answer time:
"—" on screen, in the statistics and in the 通报, never "0 秒", and it does not pull the average down."""

from __future__ import annotations

import io
from datetime import date, datetime

from pypdf import PdfReader

from dutyroom.domain.vocabulary import RollCallKind, RollCallResult
from tests.services.rollcall.helpers import OFFICE, make_units


def test_a_mark_without_a_call_has_no_answer_time_anywhere(services, actors, clock):
    admin, _, officer = actors
    rc = services.rollcall
    ids = make_units(services, admin, ("东城街道", "西城街道"))
    call = rc.create_rollcall(officer, RollCallKind.HOST, datetime(2026, 11, 21, 9, 30, tzinfo=OFFICE), ids)
    first, second = call.entries
    rc.mark_calling(officer, first.id)
    clock.advance(seconds=20)
    rc.mark_result(officer, first.id, RollCallResult.PRESENT)
    clock.advance(seconds=5)
    excused = rc.mark_result(officer, second.id, RollCallResult.EXCUSED)  # never called
    assert excused.called_at is None and excused.answer_seconds is None

    finished = rc.finish(officer, call.id)
    tally = rc.summary(finished.id).tally
    assert tally.average_seconds == 20 and tally.slowest_seconds == 20  # the unmarked call counts for nothing

    stats = rc.statistics(date(2026, 11, 1), date(2026, 11, 30))
    by_unit = {u.figures.unit: u.figures for u in stats.units}
    assert by_unit["西城街道"].answered == 0 and by_unit["西城街道"].total_seconds == 0
    assert by_unit["东城街道"].answered == 1 and by_unit["东城街道"].total_seconds == 20

    pdf = rc.issue_notice(officer, finished.id).pdf
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "20秒" in text and "0秒" not in text.replace("20秒", "")
    assert "西城街道" in text
