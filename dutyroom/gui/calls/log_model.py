"""The call log's table model: a window over a table of any size (DESIGN.md §4, §8).

Browsing (no search text) the model says it has count(filter) rows at once, so the scroll bar is
true, and reads rows in blocks of BLOCK_ROWS only when the view paints them; at most MAX_BLOCKS
blocks are kept (least recently used go), so scrolling to the end of a million calls holds a few
thousand rows. A deep block is one index seek in the service, so it is read on the spot.

Searching, counting every match of a common word could take longer than the first page: the model
shows the newest FIRST_SEARCH_PAGE matches and grows as the view scrolls (canFetchMore/fetchMore);
the total is counted only when asked (set_total) or known once the matches run out.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from dutyroom.domain.localtime import to_local
from dutyroom.errors import DutyRoomError
from dutyroom.gui.calls import log_cells as cells
from dutyroom.gui.calls.log_cells import CALL_ROLE, FOLLOW, HEADERS, SUMMARY, TIME
from dutyroom.services.calls.records import CallFilter, CallRow

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

BLOCK_ROWS = 200
MAX_BLOCKS = 20
FIRST_SEARCH_PAGE = 50
Index = QModelIndex | QPersistentModelIndex


class CallLogModel(QAbstractTableModel):
    #: the rows or the total changed (a new filter, a refresh, more matches, a count): the page updates its words
    state_changed = Signal()

    def __init__(self, services: Services, parent=None, *, block_rows: int = BLOCK_ROWS, max_blocks: int = MAX_BLOCKS):
        super().__init__(parent)
        self.services = services
        self.block_rows = block_rows
        self.max_blocks = max_blocks
        self._filter = CallFilter()
        self._blocks: OrderedDict[int, list[CallRow]] = OrderedDict()
        self._rows = 0
        self._total: int | None = 0
        self._exhausted = True
        self._first_key: int | None = None  # the sort key of row 0 when last read: what a refresh compares
        self._anchors: dict[int, int] = {}  # block number -> where a refresh saw it start (by key), to read it again
        self._zone = "Asia/Shanghai"
        self._this_year = 0
        self._overdue = QColor()
        #: reads of the database (page() calls) since the model was made: tests and the bench look at it
        self.fetches = 0
        #: the last read error, shown by the page; "" when the last read worked
        self.error = ""
        self.set_filter(CallFilter())

    # -- what is shown -------------------------------------------------------------------------------
    def filter(self) -> CallFilter:
        return self._filter

    def searching(self) -> bool:
        return bool(self._filter.text.strip())

    def total(self) -> int | None:
        """Every call the filter matches, or None while a search has not been counted."""
        return self._total

    def cached_blocks(self) -> int:
        return len(self._blocks)

    def set_filter(self, flt: CallFilter) -> None:
        self.beginResetModel()
        self._filter = flt
        self._load()
        self.endResetModel()
        self.state_changed.emit()

    def set_total(self, total: int) -> None:
        """The count a page asked for on demand (统计条数)."""
        self._total = total
        self.state_changed.emit()

    def set_overdue_colour(self, colour: QColor) -> None:
        """The style sheet's alarm colour (the view reads it from its qss), used for overdue follow-ups."""
        self._overdue = QColor(colour)
        if self._rows:
            self.dataChanged.emit(self.index(0, FOLLOW), self.index(self._rows - 1, FOLLOW),
                                  [Qt.ItemDataRole.ForegroundRole])

    def refresh(self, *, recount: bool = False, arrivals: bool = True) -> bool:
        """Read again after a change. Browsing, the rows stay where they are and the view keeps its scroll and
        selection (returns False): the newest block is read by key and the calls that arrived above the old
        first row are inserted there, the total kept, not counted again; the other rows are read again as the
        view paints them (only the visible window). A search, a changed first row, more than a block of new
        calls, oldest first or `recount` (a delete, a bulk change, a filter a change can move a call out of):
        counted or read again from the top, and the model resets when the number of rows changed. Without
        `arrivals` (an edit) a call new at the top moved there (its time was corrected): counted too."""
        if not self.searching():
            if not recount and not self._filter.oldest_first and self._kept_refresh(arrivals):
                return False
            try:
                total = self.services.calls.count(self._filter)
            except DutyRoomError as exc:
                self.error = exc.message
                return False
            if total == self._rows:
                self._blocks.clear()
                self._anchors = {}  # counted: where a block starts is not known by key any more
                self._update_clock()
                if self._rows:
                    self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, len(HEADERS) - 1))
                self.state_changed.emit()
                return False
        shown = self._rows
        self.beginResetModel()
        self._load()
        self.endResetModel()
        # A search keeps as many matches as were shown, so the row the officer was on is still there.
        while self._rows < min(shown, self.max_blocks * self.block_rows) and self.canFetchMore():
            self.fetchMore()
        self.state_changed.emit()
        return True

    def _kept_refresh(self, arrivals: bool) -> bool:
        """Newest first, no count: True when the newest block shows how many calls arrived at the top."""
        first_key = self._first_key
        if (first_key is None and self._rows) or replace(self._filter, oldest_first=False) != CallFilter():
            return False  # row 0 never read, or a filter a change can move a call into or out of: count
        top = self._read(0, self.block_rows)
        if top is None:
            return True  # the error is shown; what was shown stays
        if first_key is None:
            arrived = len(top)  # the log was empty
            if arrived == self.block_rows:
                return False
        else:
            arrived = next((n for n, row in enumerate(top) if row.sort_key <= first_key), None)
            if arrived is None or top[arrived].sort_key != first_key or (arrived and not arrivals):
                return False  # the first row went, more than a block arrived, or a row moved: count
        self._update_clock()
        # The rows held are read again as the view paints them, by key from the call a block now starts with
        # (the rows moved down by the calls that arrived; sort keys are integers, newest first: key < K + 1
        # starts at K). A block whose first call was not held is a jump, read by offset.
        size = self.block_rows
        held = {number * size + i: row for number, block in self._blocks.items() for i, row in enumerate(block)}
        self._anchors = {n: held[n * size - arrived].sort_key + 1 for n in {(r + arrived) // size for r in held}
                         if n > 0 and n * size - arrived in held}
        self._blocks.clear()
        self._blocks[0] = top
        self._first_key = top[0].sort_key if top else None
        if arrived:
            self.beginInsertRows(QModelIndex(), 0, arrived - 1)
            self._rows += arrived
            self._total = (self._total or 0) + arrived
            self.endInsertRows()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, len(HEADERS) - 1))
        self.state_changed.emit()
        return True

    def _update_clock(self) -> None:
        settings = self.services.settings.get()
        self._zone = settings.time_zone
        self._this_year = to_local(self.services.clock.now(), self._zone).year

    def _load(self) -> None:
        """Inside a reset: forget every row and start the current filter from the top."""
        self._blocks.clear()
        self._first_key = None
        self._anchors = {}
        self.error = ""
        self._update_clock()
        if not self.searching():
            try:
                self._total = self.services.calls.count(self._filter)
            except DutyRoomError as exc:
                self.error, self._total = exc.message, 0
            self._rows, self._exhausted = self._total, True
            return
        self._total, self._rows, self._exhausted = None, 0, False
        first = self._read(0, FIRST_SEARCH_PAGE)
        if first is None:
            self._exhausted = True
            return
        for start in range(0, len(first), self.block_rows):
            self._blocks[start // self.block_rows] = first[start:start + self.block_rows]
        self._rows = len(first)
        if len(first) < FIRST_SEARCH_PAGE:
            self._exhausted, self._total = True, len(first)

    def _read(self, offset: int, limit: int) -> list[CallRow] | None:
        """Rows from `offset`: by key after the block above when it is held (scrolling), else a jump."""
        self.fetches += 1
        number, whole = divmod(offset, self.block_rows)
        above = self._blocks.get(number - 1) if offset and not whole else None
        after = above[-1].sort_key if above and len(above) == self.block_rows else None
        if after is None and offset and not whole:
            after = self._anchors.pop(number, None)
        try:
            rows = self.services.calls.page(self._filter, offset, limit, after=after)
        except DutyRoomError as exc:
            self.error = exc.message
            return None
        self.error = ""
        if offset == 0:
            self._first_key = rows[0].sort_key if rows else None
        return rows

    def _block(self, number: int) -> list[CallRow]:
        block = self._blocks.get(number)
        if block is not None:
            self._blocks.move_to_end(number)
            return block
        block = self._read(number * self.block_rows, self.block_rows)
        if block is None:
            return []  # shown as cells.PLACEHOLDER; read again when the view next asks
        self._blocks[number] = block
        while len(self._blocks) > self.max_blocks:
            self._blocks.popitem(last=False)
        return block

    def call(self, row: int) -> CallRow | None:
        if not 0 <= row < self._rows:
            return None
        block = self._block(row // self.block_rows)
        offset = row % self.block_rows
        return block[offset] if offset < len(block) else None

    def row_of(self, call_id: int) -> int:
        """The row of a call among the rows read so far (-1 when not read)."""
        for number, block in self._blocks.items():
            for offset, row in enumerate(block):
                if row.id == call_id:
                    return number * self.block_rows + offset
        return -1

    def locate(self, call_id: int, near_row: int) -> int:
        """The row of a call that was at `near_row` before a change: read around it, never the whole table."""
        found = self.row_of(call_id)
        if found >= 0 or self._rows == 0:
            return found
        centre = min(max(near_row, 0), self._rows - 1) // self.block_rows
        for number in (centre, centre - 1, centre + 1):
            if 0 <= number * self.block_rows < self._rows:
                for offset, row in enumerate(self._block(number)):
                    if row.id == call_id:
                        return number * self.block_rows + offset
        return -1

    # -- growing a search ----------------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802 - Qt override
        return not parent.isValid() and self.searching() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802 - Qt override
        if not self.canFetchMore(parent):
            return
        number = self._rows // self.block_rows
        start = number * self.block_rows
        # The whole block is read again from its start: the first page was shorter than a block.
        block = self._read(start, self.block_rows)
        if block is None:
            self._exhausted = True
            self.state_changed.emit()
            return
        fresh = start + len(block) - self._rows
        self._exhausted = len(block) < self.block_rows
        self._blocks[number] = block
        self._blocks.move_to_end(number)
        while len(self._blocks) > self.max_blocks:
            self._blocks.popitem(last=False)
        if fresh > 0:
            self.beginInsertRows(QModelIndex(), self._rows, self._rows + fresh - 1)
            self._rows += fresh
            self.endInsertRows()
        if self._exhausted and self._total is None:
            self._total = self._rows
        self.state_changed.emit()

    # -- Qt model interface --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return {TIME: cells.TIME_TIP, cells.FLAGS: cells.FLAGS_TIP}.get(section, cells.NOT_SORTABLE_TIP)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column != TIME:
            return  # only time order is offered (see cells.NOT_SORTABLE_TIP)
        oldest_first = order == Qt.SortOrder.AscendingOrder
        if oldest_first != self._filter.oldest_first:
            self.set_filter(replace(self._filter, oldest_first=oldest_first))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self._rows:
            return None
        column = index.column()
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
                        Qt.ItemDataRole.FontRole, CALL_ROLE):
            return None
        row = self.call(index.row())
        if row is None:
            return cells.PLACEHOLDER if role == Qt.ItemDataRole.DisplayRole and column == TIME else None
        if role == CALL_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return cells.cell_text(row, column, self._zone, self._this_year)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == SUMMARY:
                return row.summary
            if column == cells.FLAGS:
                return cells.FLAGS_TIP
            return cells.cell_text(row, column, self._zone, self._this_year) or None
        if column == FOLLOW and row.overdue_days > 0:
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._overdue if self._overdue.isValid() else None
            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
