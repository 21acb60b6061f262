"""来电登记 after a change, on a long log: new calls appear at the top and the total follows without the log
being counted again; scrolling reads the next block after the last call shown, by its key."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dutyroom.gui.calls.log_cells import SUMMARY
from dutyroom.gui.calls.log_model import CallLogModel
from tests.gui.calls.test_page import call


@pytest.fixture
def log(services, actors, clock, monkeypatch):
    officer = actors[2]
    for n in range(150):
        services.calls.create(officer, call(clock, 151 - n, f"第{n}号来电"))  # 第149号 is the newest
    model = CallLogModel(services, block_rows=30, max_blocks=4)
    counts, pages = [], []
    count, page = services.calls.count, services.calls.page
    monkeypatch.setattr(services.calls, "count", lambda flt: counts.append(flt) or count(flt))
    monkeypatch.setattr(services.calls, "page", lambda *a, **kw: pages.append(kw.get("after")) or page(*a, **kw))
    return model, officer, counts, pages


def test_new_calls_appear_at_the_top_and_the_total_is_kept_not_counted(log, services, clock):
    model, officer, counts, pages = log
    assert model.total() == 150 and model.index(0, SUMMARY).data() == "第149号来电"
    assert [model.index(r, SUMMARY).data() for r in (80, 100)] == ["第69号来电", "第49号来电"]  # scrolled down
    for n in (150, 151):
        services.calls.create(officer, call(clock, 0, f"第{n}号来电"))
    assert model.refresh() is False  # rows inserted at the top: the view keeps its scroll and selection
    assert model.rowCount() == 152 and model.total() == 152 and counts == []
    pages.clear()
    assert model.index(102, SUMMARY).data() == "第49号来电"  # the row on screen, moved down by two, read again
    assert pages and pages[0] is not None  # by key from the call its block now starts with, not by offset
    assert [model.index(r, SUMMARY).data() for r in (0, 1, 2)] == ["第151号来电", "第150号来电", "第149号来电"]


def test_a_deleted_call_is_counted_and_goes(log, services, actors):
    model, _, counts, _ = log
    admin = actors[0]
    newest = model.call(0)
    services.calls.delete(admin, newest.id, services.calls.get(newest.id).version)
    model.refresh(recount=True)
    assert counts and model.total() == 149 and model.index(0, SUMMARY).data() == "第148号来电"


def test_an_edit_that_moves_a_call_to_the_top_is_counted(log, services, clock):
    model, officer, counts, _ = log
    model.index(0, SUMMARY).data()
    old = model.call(50)
    record = services.calls.get(old.id)
    services.calls.update(officer, replace(record, started_at=clock.now()))
    model.refresh(arrivals=False)
    assert counts and model.total() == 150 and model.index(0, SUMMARY).data() == old.summary


def test_scrolling_down_reads_the_next_block_after_the_last_call_shown(log):
    model, _, _, pages = log
    for row in range(0, 120, 10):
        model.index(row, SUMMARY).data()
    assert pages[0] is None and all(after is not None for after in pages[1:4]), pages
    assert model.index(119, SUMMARY).data() == "第30号来电"

