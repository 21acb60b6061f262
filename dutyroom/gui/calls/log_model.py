"""The call log's table model (来电登记): what is read when. A filter or a refresh is read off the GUI thread
and only the newest answer is shown; after a change the total is kept, not counted again where the change
says what moved (calls arrived at the top, a call shown was deleted). The rows themselves are held and
painted by gui/calls/log_window.py.

Searching, counting every match of a common word could take longer than the first page: the model
shows the newest FIRST_SEARCH_PAGE matches and grows as the view scrolls (canFetchMore/fetchMore);
the total is counted only when asked (set_total) or known once the matches run out.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt

from dutyroom.errors import DutyRoomError
from dutyroom.gui.calls import log_moves as moves
from dutyroom.gui.calls.log_cells import HEADERS, TIME
from dutyroom.gui.calls.log_window import BLOCK_ROWS, MAX_BLOCKS, CallLogWindow
from dutyroom.gui.common.background import run_operation
from dutyroom.gui.common.widgets import while_alive
from dutyroom.services.calls.records import CallFilter, CallRow

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

FIRST_SEARCH_PAGE = 50


class CallLogModel(CallLogWindow):
    def __init__(self, services: Services, parent=None, *, block_rows: int = BLOCK_ROWS, max_blocks: int = MAX_BLOCKS,
                 read_now: bool = True):
        """`read_now=False`: the owner's first refresh is the first read (the page's, which also places the
        selection) — reading here too counted a million calls twice on every start of the page."""
        super().__init__(services, parent, block_rows=block_rows, max_blocks=max_blocks)
        self._asked = 0  # reads asked for: an answer is applied only if no later one was asked
        self._reading = False
        self._asked_for: tuple[bool, bool] | None = None  # (recount, arrivals) of the refresh being read
        self._forgotten: set[int] = set()  # calls deleted and already taken out (the page hears of it twice)
        if read_now:
            self.set_filter(CallFilter())

    def loading(self) -> bool:
        """A read is out (off the GUI thread): what is shown is the last answer."""
        return self._reading

    def set_filter(self, flt: CallFilter, then: Callable[[bool], None] | None = None) -> None:
        """Show another filter from its top: its count and first block are read off the GUI thread, and the
        model resets when they arrive; `then(True)` runs after that."""
        self._filter = flt
        self._read_off(self._first_read(flt, 0), lambda got: self._reset(flt, got, then))

    def _first_read(self, flt: CallFilter, shown: int) -> Callable[[], tuple[int | None, list[CallRow], int]]:
        """What a reset needs, as a read for the worker thread (it touches nothing of the model): browsing the
        count and the first block; searching the newest matches, as many as were `shown` (a refresh keeps the
        row the officer was on), from FIRST_SEARCH_PAGE up to the blocks the model may hold."""
        calls, size = self.services.calls, self.block_rows
        if not flt.text.strip():
            return lambda: (calls.count(flt), calls.page(flt, 0, size), size)
        limit = max(FIRST_SEARCH_PAGE, min(shown, self.max_blocks * size))
        return lambda: (None, calls.page(flt, 0, limit), limit)

    def _read_off(self, read: Callable[[], object], apply: Callable[[object], None], *,
                  refresh: tuple[bool, bool] | None = None) -> None:
        """Run `read` off the GUI thread (inline in tests) and `apply` its answer on it, unless a later read
        was asked for meanwhile (a filter typed on): only the newest answer is shown."""
        self._asked += 1
        asked = self._asked
        self._reading, self._asked_for = True, refresh
        self.fetches += 1
        settings = self.services.settings

        def both():  # the zone the rows are shown in comes with them (it changes only with the settings)
            return read(), settings.get().time_zone

        def done(value) -> None:
            if asked == self._asked:
                self._reading = False
                got, zone = value
                self._update_clock(zone)
                apply(got)

        def failed(exc: Exception) -> None:
            if asked == self._asked:
                self._reading = False
                self.error = exc.message if isinstance(exc, DutyRoomError) else f"{type(exc).__name__}: {exc}"
                self.state_changed.emit()

        run_operation(both, while_alive(self, done), while_alive(self, failed))

    def refresh(self, *, recount: bool = False, arrivals: bool = True,
                then: Callable[[bool], None] | None = None) -> None:
        """Read again after a change, off the GUI thread; `then(reset)` runs once the rows are in place.
        Browsing, the rows stay where they are and the view keeps its scroll and selection (reset False): the
        newest block is read and the calls that arrived above the old first row are inserted there, the total
        kept, not counted again; the other rows are read again as the view paints them (only the visible
        window). A search, a changed first row, more than a block of new calls, oldest first or `recount` (a
        bulk change, a filter a change can move a call out of): counted or read again from the top, and the
        model resets when the number of rows changed. Without `arrivals` (an edit) a call new at the top moved
        there (its time was corrected): counted too. A deleted call goes by forget(), not by a count."""
        flt, size, calls = self._filter, self.block_rows, self.services.calls
        if self._reading and self._asked_for is None or self.searching():  # a reset on the way: read it again
            self._read_off(self._first_read(flt, self._rows), lambda got: self._reset(flt, got, then))
            return
        if self._reading:  # a refresh on the way, superseded by this one: it asks for what both wanted
            recount, arrivals = recount or self._asked_for[0], arrivals and self._asked_for[1]
        first_key = self._first_key
        kept = (not recount and replace(flt, oldest_first=False) == CallFilter() and not flt.oldest_first
                and not (first_key is None and self._rows))  # else: row 0 never read, or a filter a change moves

        def read() -> tuple[list[CallRow], int | None, int | None]:
            top = calls.page(flt, 0, size)
            arrived = moves.arrived_at_top(top, first_key, arrivals, size) if kept else None
            return top, arrived, (calls.count(flt) if arrived is None else None)

        def apply(got) -> None:
            top, arrived, total = got
            if arrived is None and total != self._rows:
                self._reset(flt, (total, top, size), then)
                return
            self._moved()
            if arrived is None:  # counted, the same number: where a block starts is not known by key any more
                self._blocks.clear()
                self._anchors = {}
            else:
                self._arrived(arrived)
            self._blocks[0] = top
            self._first_key = top[0].sort_key if top else None
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, len(HEADERS) - 1))
            self.state_changed.emit()
            if then is not None:
                then(False)

        self._read_off(read, apply, refresh=(recount, arrivals))

    def _arrived(self, arrived: int) -> None:
        """`arrived` calls came in above row 0: inserted there. The rows held are read again as the view paints
        them, by key from the call each block now starts with (a block whose first call was not held is a jump)."""
        size = self.block_rows
        blocks, anchors = moves.regroup(moves.shifted(moves.held_rows(self._blocks, size), arrived),
                                        self._rows + arrived, size)
        anchors.update({n: block[0].sort_key + 1 for n, block in blocks.items() if n > 0})
        self._anchors, self._blocks = anchors, OrderedDict()
        if arrived:
            self.beginInsertRows(QModelIndex(), 0, arrived - 1)
            self._rows += arrived
            self._total = (self._total or 0) + arrived
            self.endInsertRows()

    def forget(self, call_id: int) -> bool:
        """A call was deleted: its row goes and the total drops by one, nothing counted, the other rows held
        kept. True when that was possible (browsing and the call among the rows read, or already forgotten);
        else the page refreshes with a count (the call may not have matched the filter)."""
        if call_id in self._forgotten:
            return True
        row = self.row_of(call_id)
        if self.searching() or row < 0 or self._reading:
            return False
        size = self.block_rows
        held = moves.shifted(moves.held_rows(self._blocks, size), -1, removed=row)
        self._moved()
        self.beginRemoveRows(QModelIndex(), row, row)
        self._rows -= 1
        self._total = max(0, (self._total or 0) - 1)
        blocks, self._anchors = moves.regroup(held, self._rows, size)
        self._blocks = OrderedDict(blocks)
        self.endRemoveRows()
        if row == 0:  # the call now first, when held; else not known, and the next refresh counts
            self._first_key = held[0].sort_key if 0 in held else None
        self._forgotten.add(call_id)
        self.state_changed.emit()
        return True

    def _reset(self, flt: CallFilter, got: tuple[int | None, list[CallRow], int],
               then: Callable[[bool], None] | None) -> None:
        """Forget every row and show `flt` from the top as read: (count or None when searching, first rows,
        how many were asked for)."""
        total, first, asked = got
        self._moved()
        self.beginResetModel()
        self._filter = flt
        self._blocks.clear()
        self._anchors, self._forgotten = {}, set()
        self.error, self._more_than = "", None
        for start in range(0, len(first), self.block_rows):
            self._blocks[start // self.block_rows] = first[start:start + self.block_rows]
        self._first_key = first[0].sort_key if first else None
        if total is not None:
            self._total, self._rows, self._exhausted = total, total, True
        else:
            self._rows, self._exhausted = len(first), len(first) < asked
            self._total = len(first) if self._exhausted else None
        self.endResetModel()
        self.state_changed.emit()
        if then is not None:
            then(True)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column != TIME:
            return  # only time order is offered (see cells.NOT_SORTABLE_TIP)
        oldest_first = order == Qt.SortOrder.AscendingOrder
        if oldest_first != self._filter.oldest_first:
            self.set_filter(replace(self._filter, oldest_first=oldest_first))
