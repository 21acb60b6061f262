"""来电登记 after a change, on a long log: new calls appear at the top and a deleted call goes, the total
following without the log being counted again; scrolling reads the next block after the last call shown, by
its key; the reads of a filter or a refresh run off the GUI thread and only the newest answer is shown."""

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
    resets = []
    model.refresh(then=resets.append)
    assert resets == [False]  # rows inserted at the top: the view keeps its scroll and selection
    assert model.rowCount() == 152 and model.total() == 152 and counts == []
    pages.clear()
    assert model.index(102, SUMMARY).data() == "第49号来电"  # the row on screen, moved down by two, read again
    assert pages and pages[0] is not None  # by key from the call its block now starts with, not by offset
    assert [model.index(r, SUMMARY).data() for r in (0, 1, 2)] == ["第151号来电", "第150号来电", "第149号来电"]


def test_a_deleted_call_goes_and_the_total_drops_without_a_count(log, services, actors):
    model, _, counts, pages = log
    admin = actors[0]
    assert [model.index(r, SUMMARY).data() for r in (0, 40, 80)] == ["第149号来电", "第109号来电", "第69号来电"]
    gone = model.call(40)
    services.calls.delete(admin, gone.id, services.calls.get(gone.id).version)
    removed = []
    model.rowsRemoved.connect(lambda _parent, first, last: removed.append((first, last)))
    pages.clear()
    assert model.forget(gone.id) and model.forget(gone.id)  # heard twice (the notice and the page): once
    assert removed == [(40, 40)] and model.rowCount() == 149 and model.total() == 149 and counts == []
    assert [model.index(r, SUMMARY).data() for r in (39, 40, 79)] == ["第110号来电", "第108号来电", "第69号来电"]
    model.refresh()  # the next change: the first row is the same, nothing counted
    assert counts == [] and model.total() == 149 and model.index(40, SUMMARY).data() == "第108号来电"


def test_a_deleted_call_not_read_or_while_searching_is_counted(log, services, actors):
    model, _, counts, _ = log
    admin = actors[0]
    oldest = services.calls.page(model.filter(), 149, 1)[0]  # never painted: its row is not known
    services.calls.delete(admin, oldest.id, services.calls.get(oldest.id).version)
    assert not model.forget(oldest.id)
    model.refresh(recount=True)
    assert counts and model.total() == 149


def test_a_filter_is_read_off_the_gui_thread_and_only_the_newest_answer_shown(log, monkeypatch, qtbot):
    from PySide6.QtCore import QThread, QThreadPool

    from dutyroom.gui.common import background
    from dutyroom.services.calls.records import CallFilter

    model, _, counts, _ = log
    monkeypatch.setattr(background, "INLINE_OPERATIONS", False)  # the program's own way
    threads = []
    count = model.services.calls.count
    monkeypatch.setattr(model.services.calls, "count",
                        lambda flt: threads.append(QThread.currentThread()) or count(flt))
    model.set_filter(CallFilter(text="第14"))  # superseded before its answer is shown
    model.set_filter(CallFilter(oldest_first=True))
    assert model.loading() and model.total() == 150 and model.index(0, SUMMARY).data() == "第149号来电"
    qtbot.waitUntil(lambda: not model.loading())
    assert model.filter().oldest_first and model.index(0, SUMMARY).data() == "第0号来电"
    QThreadPool.globalInstance().waitForDone()  # the superseded read too, before the database goes
    assert model.filter().oldest_first and model.total() == 150  # its answer came late and was dropped
    assert threads and all(t is not QThread.currentThread() for t in threads)


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
    assert len(pages) == 3 and all(after is not None for after in pages), pages  # block 0 came with the count
    assert model.index(119, SUMMARY).data() == "第30号来电"



def test_a_block_scrolled_to_is_read_off_the_gui_thread_and_one_read_before_a_delete_is_dropped(
        log, qtbot, services, actors, monkeypatch):
    from dutyroom.gui.calls.log_cells import PLACEHOLDER, TIME
    from dutyroom.gui.common import background

    model, _, counts, pages = log
    gone = model.call(10)  # the first block, held
    services.calls.delete(actors[0], gone.id, services.calls.get(gone.id).version)
    monkeypatch.setattr(background, "INLINE_OPERATIONS", False)  # the program's own way
    asked = model.fetches
    assert model.index(100, TIME).data() == PLACEHOLDER  # painted before its block is read: asked for
    assert model.index(101, TIME).data() == PLACEHOLDER  # painted again meanwhile: not asked twice
    assert model.fetches == asked + 1
    assert model.forget(gone.id)  # the rows below move up by one before that block arrives
    # The block read for the old rows is dropped, the rows painted again and read anew: row 100 is the call
    # that was row 101 (kept, the block read before would show 第49号 there, a deleted call's neighbour).
    qtbot.waitUntil(lambda: model.index(100, SUMMARY).data() == "第48号来电", timeout=10000)
    assert model.index(99, SUMMARY).data() == "第49号来电" and model.fetches == asked + 2 and counts == []
