"""The keyset-paged list model: what a user scrolls through after a refresh is the list as it is now,
each record once and in order, whatever was added, removed or moved meanwhile."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt

from dutyroom.gui.common.paged_model import PagedTableModel


@dataclass(frozen=True)
class Item:
    id: int
    rank: int  # the list runs highest rank first, ties by highest id


class ItemModel(PagedTableModel):
    headers = ("编号",)

    def record_key(self, record: Item) -> int:
        return record.id

    def sort_key(self, record: Item) -> tuple[int, int]:
        return -record.rank, -record.id

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        return str(self._rows[index.row()].id)


class Store:
    """An in-memory table paged by key, the way the services page (WHERE sort key after the last one shown)."""

    def __init__(self, n: int):
        self.items = {i: Item(i, i) for i in range(1, n + 1)}
        self.reads: list[tuple[int | None, int]] = []

    def ordered(self) -> list[Item]:
        return sorted(self.items.values(), key=lambda r: (-r.rank, -r.id))

    def page(self, after: Item | None, limit: int) -> list[Item]:
        self.reads.append((after.id if after else None, limit))
        rows = self.ordered()
        if after is not None:
            rows = [r for r in rows if (-r.rank, -r.id) > (-after.rank, -after.id)]
        return rows[:limit]

    def one(self, key: int) -> Item | None:
        return self.items.get(key)


def shown(model: ItemModel) -> list[int]:
    return [model._records[row].id for row in range(model.rowCount())]


@pytest.mark.parametrize("window", [None, (3, 8), (12, 20), (25, 31)])
def test_a_refresh_then_scrolling_to_the_end_shows_every_record_once_in_order(qtmodeltester, window):
    store = Store(60)
    model = ItemModel(store.page, 10, fetch_one=store.one)
    model.reload()
    qtmodeltester.check(model, force_py=True)  # it asks for more from inside the model's signals
    for _ in range(3):
        model.fetchMore()
    held = model.rowCount()  # the tester asks for pages of its own too
    assert held >= 40 and shown(model) == list(range(60, 60 - held, -1))
    store.items[61] = Item(61, 61)  # new at the top
    store.items[62] = Item(62, 62)
    del store.items[33], store.items[55]  # deleted, one on screen, one in the newest page
    store.items[45] = Item(45, 5)  # moved far down, beyond what is loaded
    store.items[18] = Item(18, 58)  # moved up from beyond what is loaded
    model.refresh(window, changed=(45, 18, 33))  # the change path names what it changed
    assert shown(model).index(18) < shown(model).index(57)
    while model.canFetchMore():
        model.fetchMore()
    assert shown(model) == [r.id for r in store.ordered()]


def test_a_refresh_reads_the_newest_page_and_the_window_not_everything_loaded():
    store = Store(500)
    model = ItemModel(store.page, 50)
    model.reload()
    for _ in range(7):
        model.fetchMore()
    store.reads.clear()
    model.refresh((300, 320))
    assert sum(limit for _, limit in store.reads) <= 50 + 21 + 40  # not the 400 rows held
    assert shown(model) == list(range(500, 100, -1))


def test_a_window_just_below_the_newest_page_is_read_in_the_same_read():
    store = Store(100)
    model = ItemModel(store.page, 10)
    model.reload()
    for _ in range(5):
        model.fetchMore()
    store.items[75] = Item(75, 75 - 100)  # row 25 on screen moved to the bottom of the list
    store.reads.clear()
    model.refresh((15, 28))
    assert store.reads == [(None, 49)]  # rows 0…48: the newest page and the window with its margin
    assert 75 not in shown(model)


@pytest.mark.parametrize("arrived", [3, 35])
def test_far_down_the_newest_few_are_read_and_every_new_record_is_there_once(arrived):
    """Scrolled far from the top, a refresh reads the 20 newest, not a page; when more than that arrived
    it reads the page, so the list has no gap between the new records and the old ones."""
    store = Store(500)
    model = ItemModel(store.page, 50)
    model.reload()
    for _ in range(7):
        model.fetchMore()
    for n in range(501, 501 + arrived):
        store.items[n] = Item(n, n)
    store.reads.clear()
    model.refresh((300, 320))
    assert [limit for after, limit in store.reads if after is None] == ([20] if arrived < 20 else [20, 50])
    top = 500 + arrived
    assert shown(model)[:arrived + 5] == list(range(top, top - arrived - 5, -1))
    assert len(set(shown(model))) == model.rowCount()


def test_a_selected_record_far_down_is_found_and_followed_after_a_refresh(qtmodeltester):
    store = Store(300)
    model = ItemModel(store.page, 50)
    model.reload()
    for _ in range(5):
        model.fetchMore()
    row = model.row_of(30)
    assert model._records[row].id == 30
    kept = QPersistentModelIndex(model.index(row, 0))
    store.items[301] = Item(301, 301)
    model.refresh((row - 5, row + 5), changed=(301,))
    assert model.row_of(30) == row + 1 == kept.row() and kept.data() == "30"
    store.items[30] = Item(30, 500)  # moved to the top by a change the user made
    model.refresh((row - 5, row + 5), changed=(30,))
    assert model.row_of(30) == 0 == kept.row() and model.row_of(29) == row + 2


def test_a_page_scrolled_to_is_read_off_the_gui_thread_once_and_a_reload_drops_a_late_one(qtbot, monkeypatch):
    from dutyroom.gui.common import background
    from dutyroom.gui.common.loading import loading

    monkeypatch.setattr(background, "INLINE_OPERATIONS", False)  # the program's own way
    store = Store(60)
    model = ItemModel(store.page, 10)
    model.reload()  # without `then`: the first page as handed over (the audit log's way)
    assert shown(model) == list(range(60, 50, -1))
    model.fetchMore()
    model.fetchMore()  # the view asks again before the page arrives: nothing more is read
    assert model.rowCount() == 10 and loading(model, "rows") and not model.canFetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 20, timeout=5000)
    assert store.reads == [(None, 10), (51, 10)] and model.canFetchMore()

    model.fetchMore()
    model.reload()  # F5 before that page arrives: it followed the old end, and is dropped
    qtbot.waitUntil(lambda: not loading(model, "rows"), timeout=5000)
    qtbot.wait(50)
    # (the worker's read and the reload's own go in either order)
    assert sorted(store.reads[-2:], key=str) == [(41, 10), (None, 10)] and shown(model) == list(range(60, 50, -1))
