"""The table model for lists that grow without bound (audit log, incidents, instructions, roll-calls).

Rows are fetched a page at a time as the view scrolls (canFetchMore/fetchMore), never all at once
(DESIGN.md §4), and by key, never by OFFSET: `fetch_page(after, limit)` is handed the last record
already shown (None for the newest) and returns the next `limit` records in list order, so the 100th
page costs what the first does however long the history is.

A refresh after a change re-reads only what can have moved under the user's eyes: the newest page (new
records arrive there), the rows around the visible window, and the records the change named. Each read
is a span of the list in key order; the span replaces what the model held between the same keys, so
rows scrolled past but not visible are kept as they were and cost nothing. Selection and the current
row follow their record (persistent indexes are mapped by key).

With `then` (a page's refresh), reload and refresh read off the GUI thread (common/loading.py): the rows
held stay on screen until the read answers, a newer request drops an older answer, and `then()` runs once
the rows are in. The changed records of a request dropped meanwhile are read by the one that replaced it,
and a refresh asked for while a reload is on its way becomes that reload. Scrolling (fetchMore) reads off
the GUI thread too, under the same key as reload and refresh: the next page's rows appear when it arrives;
the view asking again meanwhile starts nothing (canFetchMore says no while a read is out), and a page that a
reload or refresh overtook is dropped (a newer load, or `_era` moved on: its cursor is no longer the end).

A refresh costs the visible window and the changed rows, not the rows loaded: a record is found by
bisecting its sort key (each loaded key's sort key is kept), never by walking the list, and when the
window is far from the top only a few of the newest are read (more only when none of them was loaded).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QTableView

from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.loading import load, loading
from dutyroom.services.events import Change, EntityKind

Index = QModelIndex
#: rows read on either side of the visible window, so a small scroll right after a refresh is fresh too
MARGIN = 20
#: rows beyond the visible ones that resizeColumnsToContents measures (Qt's default is 1,000)
SAMPLE_ROWS = 50
_MISSING = object()
#: (fetch, apply): what a page reads with its rows, in the same worker job, applied just before they are laid out
Along = tuple[Callable[[], Any], Callable[[Any], None]]


def bound_resize(view: QTableView) -> None:
    """Column widths from the visible rows and a small sample, not from a thousand rows a refresh."""
    view.horizontalHeader().setResizeContentsPrecision(SAMPLE_ROWS)


def changed_ids(change: Change, kind: EntityKind) -> tuple[int, ...]:
    """The record a change notice names, when it is one of the list's own (`kind`); a refresh re-reads it
    wherever it is in the list, not only when it is on screen."""
    return (int(change.id),) if change.kind == kind and change.id is not None and change.id.isdigit() else ()


def reread(model: PagedTableModel, view: QTableView, changed: Iterable[Hashable] = (), *,
           restart: bool = False, then: Callable[[], None] | None = None, along: Along | None = None) -> None:
    """A page's list after a change: only the newest page, the rows on screen and the `changed` records are
    read again (the rest of a long scrolled list is kept as it was); `restart` (a new filter) reads from
    the top. With `then`: off the GUI thread, `then()` once the rows are in; `along` as in refresh."""
    if restart:
        model.reload(then, along)
    else:
        model.refresh(visible_rows(view), changed, then, along)


def visible_rows(view: QTableView) -> tuple[int, int] | None:
    """First and last row the view shows, or None when it shows none (hidden, empty)."""
    rows = view.model().rowCount()
    if not rows:
        return None
    first = view.rowAt(0)
    if first < 0:
        first = 0
    last = view.rowAt(max(0, view.viewport().height() - 1))
    return first, (rows - 1 if last < 0 else last)


def _read_along(along: Along | None) -> Any:
    return along[0]() if along is not None else None


def _apply_along(along: Along | None, value: Any) -> None:
    if along is not None:
        along[1](value)


class PagedTableModel(QAbstractTableModel):
    headers: tuple[str, ...] = ()
    #: a read failed (DutyRoomError): what is shown stays, nothing more is fetched until the next refresh.
    #: Reads run from timers and change notices, so the page says it quietly (connection.read_failed).
    read_failed = Signal(object)

    def __init__(self, fetch_page: Callable[[Any, int], list], page_size: int, parent=None,
                 fetch_one: Callable[[Hashable], Any] | None = None):
        super().__init__(parent)
        self._fetch_page = fetch_page
        self._fetch_one = fetch_one
        self.page_size = page_size
        self._rows: list[Any] = []  # what prepare() made, for display
        self._records: list[Any] = []  # the records as fetched, for keys and cursors
        self._sorts: list[Any] = []  # sort_key of each row, ascending: bisect finds a span
        self._sort_of: dict[Hashable, Any] = {}  # record_key → sort_key of every loaded record
        self._exhausted = True  # nothing is fetched before the first reload()
        self._reload_wanted = False  # a reload off the GUI thread is on its way
        self._changed_wanted: set[Hashable] = set()  # changed records of refreshes not yet shown
        # Set while rows are being inserted or merged: a view or model tester that asks for more from a
        # signal handler (rowsAboutToBeInserted, layoutChanged) would otherwise page again from the old
        # last row and insert the same records twice, out of order.
        self._busy = False
        self._stalled = False  # the last read failed: canFetchMore says no, or a view would ask forever
        self._era = 0  # moves on whenever rows are reset or laid out again: a scroll's page read before is dropped

    # -- what a subclass decides ------------------------------------------------------------------
    def record_key(self, record) -> Hashable:
        """What identifies a record (an id, a sequence number)."""
        raise NotImplementedError

    def sort_key(self, record) -> Any:
        """Where a record sits: ascending along the list, the same order the service pages in."""
        raise NotImplementedError

    def prepare(self, record):
        """The row kept for a fetched record; derive what display needs once, not on every paint."""
        return record

    # -- loading ----------------------------------------------------------------------------------
    def reload(self, then: Callable[[], None] | None = None, along: Along | None = None) -> None:
        """Start again from the newest with one page (a filter changed, or the first showing)."""
        if then is not None:
            self._reload_wanted = True
            fetch_page, size = self._fetch_page, self.page_size
            load(self, "rows", lambda: (fetch_page(None, size), _read_along(along)),
                 lambda read: (_apply_along(along, read[1]), self._reloaded(read[0], then)),
                 failed=self._read_failed)
            return
        self._clear()
        self._fetch_now()

    def _clear(self) -> None:
        self._busy = True
        self._era += 1
        try:
            self.beginResetModel()
            self._rows, self._records, self._sorts, self._sort_of, self._exhausted = [], [], [], {}, False
            self._stalled = False
            self.endResetModel()
        finally:
            self._busy = False

    def _reloaded(self, page: list, then: Callable[[], None]) -> None:
        self._reload_wanted = False
        self._changed_wanted.clear()
        self._clear()
        self._append(page)
        then()

    def _read_failed(self, exc: DutyRoomError) -> None:
        self.read_failed.emit(exc)

    def refresh(self, window: tuple[int, int] | None = None, changed: Iterable[Hashable] = (),
                then: Callable[[], None] | None = None, along: Along | None = None) -> None:
        """Re-read the newest page, the rows of `window` (first, last shown) and the `changed` records.

        `along` (with `then`): the page's own reads (its counts, its settings) run in the same worker job
        and are applied just before the rows are laid out — one trip to the worker and back, not two in
        a row, each waiting for the GUI thread's paint to let go of the interpreter."""
        if not self._records or (then is not None and self._reload_wanted):
            self.reload(then, along)
            return
        if then is not None:
            self._changed_wanted.update(changed)
            top, spans = self._plan(window)
            wanted = tuple(self._changed_wanted)
            load(self, "rows", lambda: (self._read_planned(top, spans, wanted), _read_along(along)),
                 lambda read: (_apply_along(along, read[1]), self._refreshed(read[0], wanted, then)),
                 failed=self._read_failed)
            return
        try:
            _apply_along(along, _read_along(along))
            spans, singles = self._read_fresh(window, changed)
        except DutyRoomError as exc:
            self.read_failed.emit(exc)
            return
        self._stalled = False
        self._busy = True
        try:
            self._relayout(spans, singles)
        finally:
            self._busy = False

    def _refreshed(self, read: tuple[list, list], wanted: tuple, then: Callable[[], None]) -> None:
        self._changed_wanted.difference_update(wanted)
        self._stalled = False
        self._busy = True
        try:
            self._relayout(*read)
        finally:
            self._busy = False
        then()

    def _read_fresh(self, window: tuple[int, int] | None, changed: Iterable[Hashable]) -> tuple[list, list]:
        return self._read_planned(*self._plan(window), changed)

    def _plan(self, window: tuple[int, int] | None) -> tuple[int, list]:
        """What to read (on the GUI thread, where the rows are): the newest `top`, and (after, limit) spans."""
        spans = []
        top = self.page_size
        if window is not None:
            start = max(0, window[0] - MARGIN)
            end = min(len(self._records), window[1] + 1 + MARGIN)
            if start <= self.page_size:
                top = max(top, end)  # the window touches the newest page: one read covers both
            elif start < len(self._records):
                spans.append((self._records[start - 1], end - start))
                top = min(MARGIN, top)  # the newest rows are off screen: enough to bring in what arrived
        return top, spans

    def _read_planned(self, top: int, spans: list, changed: Iterable[Hashable]) -> tuple[list, list]:
        """The reads themselves: only services and the keys held (a worker thread may run this)."""
        read = [self._read_top(top), *(self._read_span(after, limit) for after, limit in spans)]
        singles = [(key, self._fetch_one(key)) for key in changed] if self._fetch_one is not None else []
        return read, singles

    def _relayout(self, spans: list, singles: list) -> None:
        self._era += 1
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        old_keys = [self.record_key(self._records[i.row()]) if i.row() < len(self._records) else None
                    for i in before]
        for low, records, to_end in spans:
            self._merge(low, records, to_end)
        for key, record in singles:
            self._place(key, record)
        after = []
        for index, key in zip(before, old_keys, strict=True):
            row = -1 if key is None else self.row_of(key)
            after.append(self.index(row, index.column()) if row >= 0 else QModelIndex())
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _read_top(self, limit: int) -> tuple[Any, list, bool]:
        span = self._read_span(None, limit)
        if limit < self.page_size and len(span[1]) == limit and not any(
                self.record_key(r) in self._sort_of for r in span[1]):
            span = self._read_span(None, self.page_size)  # more arrived than were read: no gap in the list
        return span

    def _read_span(self, after, limit: int) -> tuple[Any, list, bool]:
        records = self._fetch_page(after, limit)
        return (None if after is None else self.sort_key(after)), records, len(records) < limit

    def _merge(self, low, records: list, to_end: bool) -> None:
        """Replace the rows after sort key `low` (exclusive) up to the last record read (or the end)."""
        if not records and not to_end:
            return
        i = 0 if low is None else bisect_right(self._sorts, low)
        j = len(self._sorts) if to_end or not records else bisect_right(self._sorts, self.sort_key(records[-1]))
        gone = {self.record_key(r) for r in self._records[i:j]}
        fresh = [(self.record_key(r), self.sort_key(r)) for r in records]
        # Records whose sort key brought them here from elsewhere in the list: dropped where they were.
        moved = sorted(self.row_of(key) for key, _ in fresh if key in self._sort_of and key not in gone)
        for row in reversed(moved):
            del self._rows[row], self._records[row], self._sorts[row]
            if row < i:
                i, j = i - 1, j - 1
        for key in gone:
            del self._sort_of[key]
        self._rows[i:j] = [self.prepare(r) for r in records]
        self._records[i:j] = records
        self._sorts[i:j] = [sort for _, sort in fresh]
        self._sort_of.update(fresh)
        if to_end:
            self._exhausted = True

    def _place(self, key: Hashable, record) -> None:
        """One changed record: dropped where it was, put where its sort key says (if that is loaded)."""
        at = self.row_of(key)
        if at >= 0:
            del self._rows[at], self._records[at], self._sorts[at], self._sort_of[key]
        if record is None:
            return
        sort = self.sort_key(record)
        if self._sorts and sort > self._sorts[-1] and not self._exhausted:
            return  # beyond what is loaded: fetchMore will bring it in its turn
        at = bisect_right(self._sorts, sort)
        self._rows.insert(at, self.prepare(record))
        self._records.insert(at, record)
        self._sorts.insert(at, sort)
        self._sort_of[key] = sort

    def loaded(self) -> int:
        return len(self._rows)

    def record(self, row: int):
        """The record shown at `row`, as fetched."""
        return self._records[row]

    def row_of(self, key: Hashable) -> int:
        """Where the record with `key` is shown, or -1 when it is not loaded: found by its sort key."""
        sort = self._sort_of.get(key, _MISSING)
        if sort is _MISSING:
            return -1
        at = bisect_left(self._sorts, sort)
        while at < len(self._sorts) and self._sorts[at] == sort:  # equal sort keys: the one with this key
            if self.record_key(self._records[at]) == key:
                return at
            at += 1
        return next(row for row, r in enumerate(self._records) if self.record_key(r) == key)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802 - Qt override
        return not parent.isValid() and not (self._exhausted or self._busy or self._stalled or loading(self, "rows"))

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802 - Qt override
        """The next page after the last row, off the GUI thread: a server that stops answering while the
        officer scrolls leaves the window running; the rows appear when the page arrives."""
        if not self.canFetchMore(parent):
            return
        fetch_page, size, era = self._fetch_page, self.page_size, self._era
        after = self._records[-1] if self._records else None
        load(self, "rows", lambda: fetch_page(after, size), lambda page: self._more(page, era),
             failed=self._more_failed)

    def _more(self, page: list, era: int) -> None:
        if era != self._era:
            return  # the rows were read again meanwhile (a reload, a refresh): this page followed the old end
        self._busy = True
        try:
            self._append(page)
        finally:
            self._busy = False

    def _more_failed(self, exc: DutyRoomError) -> None:
        self._stalled = True  # nothing more is asked until the next refresh: a view would ask forever
        self.read_failed.emit(exc)

    def _fetch_now(self) -> None:
        """The first page on the GUI thread: for a model whose fetch_page hands back a page read already
        (the audit log's reload reads it off the GUI thread first), reload() without `then`."""
        if self._exhausted or self._busy or self._stalled:
            return
        self._busy = True
        try:
            self._append(self._fetch_page(self._records[-1] if self._records else None, self.page_size))
        except DutyRoomError as exc:
            self._stalled = True
            self._busy = False
            self.read_failed.emit(exc)
        finally:
            self._busy = False

    def _append(self, page: list) -> None:
        self._exhausted = len(page) < self.page_size
        fresh = [r for r in page if self.record_key(r) not in self._sort_of]
        if not fresh:
            self._exhausted = True  # a page of nothing new would be asked for again forever: the view would hang
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        sorts = [self.sort_key(r) for r in fresh]
        self._sort_of.update((self.record_key(r), sort) for r, sort in zip(fresh, sorts, strict=True))
        self._records.extend(fresh)
        self._sorts.extend(sorts)
        self._rows.extend(self.prepare(r) for r in fresh)
        self.endInsertRows()

    # -- Qt model interface -----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
