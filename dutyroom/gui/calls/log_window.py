"""The call log's rows as a window over a table of any size (DESIGN.md §4, §8); gui/calls/log_model.py
decides what is read when (a filter, a refresh after a change), off the GUI thread.

Browsing (no search text) the model says it has count(filter) rows at once, so the scroll bar is
true, and reads rows in blocks of BLOCK_ROWS only when the view paints them; at most MAX_BLOCKS
blocks are kept (least recently used go), so scrolling to the end of a million calls holds a few
thousand rows. A deep block is one index seek in the service (by key after the block above or a
known anchor), read off the GUI thread as it is painted (common/loading.py): its rows show
cells.PLACEHOLDER until it arrives, a block asked for again meanwhile is not read twice, and a block
read before the rows moved (a new filter, a refresh, a call deleted: `_era` moves on) is dropped. A
search grows the same way (fetchMore). The page's own look-ups of a call (the selected one, locate)
read a missing block on the spot: they need the call now.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from dutyroom.domain.localtime import to_local
from dutyroom.errors import DutyRoomError
from dutyroom.gui.calls import log_cells as cells
from dutyroom.gui.calls.log_cells import CALL_ROLE, FOLLOW, HEADERS, SUMMARY, TIME
from dutyroom.gui.common.loading import load, loading
from dutyroom.services.calls.records import CallFilter, CallRow

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

BLOCK_ROWS = 200
MAX_BLOCKS = 20
Index = QModelIndex | QPersistentModelIndex


class CallLogWindow(QAbstractTableModel):
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
        self._more_than: int | None = None  # a search counted on demand up to this many and more were found
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
        self._era = 0  # moves on whenever the rows move (_moved): a block read before is dropped
        self._asking = False  # a block's read is being asked for (inline in tests, it arrives within)

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

    def set_total(self, total: int) -> None:
        """The count a page asked for on demand (统计条数)."""
        self._total, self._more_than = total, None
        self.state_changed.emit()

    def more_than(self) -> int | None:
        """While a search is not counted exactly: the number 统计条数 found it matches more than, else None."""
        return self._more_than if self._total is None else None

    def set_more_than(self, bound: int) -> None:
        """统计条数 stopped counting at `bound` matches (more exist): said as 超过 bound 条, never as a total."""
        self._more_than = bound
        self.state_changed.emit()

    def set_overdue_colour(self, colour: QColor) -> None:
        """The style sheet's alarm colour (the view reads it from its qss), used for overdue follow-ups."""
        self._overdue = QColor(colour)
        if self._rows:
            self.dataChanged.emit(self.index(0, FOLLOW), self.index(self._rows - 1, FOLLOW),
                                  [Qt.ItemDataRole.ForegroundRole])

    def _update_clock(self, zone: str) -> None:
        """The office's zone, as read with the rows (off the GUI thread): a painted cell never asks for it."""
        self._zone = zone
        self._this_year = to_local(self.services.clock.now(), self._zone).year

    def _moved(self) -> None:
        """The rows moved (reset, refreshed, one deleted): blocks and searches read before are dropped."""
        self._era += 1

    def _reader(self, offset: int, limit: int) -> Callable[[], list[CallRow]]:
        """The read of the rows from `offset`, decided here and run anywhere (services and values only): by key
        after the block above when it is held (scrolling), else after a known anchor, else a jump."""
        self.fetches += 1
        number, whole = divmod(offset, self.block_rows)
        above = self._blocks.get(number - 1) if offset and not whole else None
        after = above[-1].sort_key if above and len(above) == self.block_rows else None
        if after is None and offset and not whole:
            after = self._anchors.pop(number, None)
        calls, flt = self.services.calls, self._filter
        return lambda: calls.page(flt, offset, limit, after=after)

    def _read(self, offset: int, limit: int) -> list[CallRow] | None:
        """Rows from `offset` on the GUI thread (a look-up that needs the call now); None when refused."""
        try:
            rows = self._reader(offset, limit)()
        except DutyRoomError as exc:
            self.error = exc.message
            return None
        self.error = ""
        return rows

    def _keep(self, number: int, block: list[CallRow]) -> None:
        self._blocks[number] = block
        self._blocks.move_to_end(number)
        while len(self._blocks) > self.max_blocks:
            self._blocks.popitem(last=False)

    def _held(self, number: int) -> list[CallRow] | None:
        block = self._blocks.get(number)
        if block is not None:
            self._blocks.move_to_end(number)
        return block

    def _block(self, number: int) -> list[CallRow]:
        """A block the view paints: held, or asked for off the GUI thread ([] until it arrives)."""
        block = self._held(number)
        if block is None:
            self._ask(number)
            block = self._blocks.get(number)  # in tests the read runs inline: here already
        return block or []

    def _ask(self, number: int) -> None:
        key = ("block", number)
        if loading(self, key):
            return  # already on its way
        era, read = self._era, self._reader(number * self.block_rows, self.block_rows)
        self._asking = True
        try:
            load(self, key, read, lambda block: self._block_read(number, era, block),
                 failed=lambda exc: self._block_failed(era, exc))
        finally:
            self._asking = False

    def _block_read(self, number: int, era: int, block: list[CallRow]) -> None:
        # Read before the rows moved, it would show calls where others now are: dropped, and the rows painted
        # again, so a view that asked meanwhile (while this read was out, nothing new was started) asks anew.
        if era == self._era:
            self.error = ""
            self._keep(number, block)
        elif number in self._blocks:
            return
        first, last = number * self.block_rows, min(self._rows, (number + 1) * self.block_rows) - 1
        if not self._asking and last >= first:  # arrived later: the view paints the rows again
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))

    def _block_failed(self, era: int, exc: DutyRoomError) -> None:
        if era == self._era:  # the rows stay cells.PLACEHOLDER; read again when the view next paints them
            self.error = exc.message
            self.state_changed.emit()

    def _block_now(self, number: int) -> list[CallRow]:
        block = self._held(number)
        if block is None:
            block = self._read(number * self.block_rows, self.block_rows)
            if block is None:
                return []
            self._keep(number, block)
        return block

    def call(self, row: int, *, now: bool = False) -> CallRow | None:
        """The call at `row`: when its block is not held, asked for off the GUI thread (None meanwhile), or
        with `now` (the page's own look-up of the chosen call) read on the spot."""
        if not 0 <= row < self._rows:
            return None
        number = row // self.block_rows
        block = self._block_now(number) if now else self._block(number)
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
                for offset, row in enumerate(self._block_now(number)):
                    if row.id == call_id:
                        return number * self.block_rows + offset
        return -1

    # -- growing a search ----------------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802 - Qt override
        return not parent.isValid() and self.searching() and not self._exhausted and not loading(self, "more")

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802 - Qt override
        """More matches as the view scrolls, off the GUI thread; the rows appear when they arrive."""
        if not self.canFetchMore(parent):
            return
        number = self._rows // self.block_rows
        start = number * self.block_rows
        # The whole block is read again from its start: the first page was shorter than a block.
        era, read = self._era, self._reader(start, self.block_rows)
        load(self, "more", read, lambda block: self._grown(number, start, era, block),
             failed=lambda exc: self._not_grown(era, exc))

    def _not_grown(self, era: int, exc: DutyRoomError) -> None:
        if era == self._era:
            self.error, self._exhausted = exc.message, True
            self.state_changed.emit()

    def _grown(self, number: int, start: int, era: int, block: list[CallRow]) -> None:
        if era != self._era or self._rows // self.block_rows != number:
            return  # the search was read again meanwhile: these followed its old end
        self.error = ""
        fresh = start + len(block) - self._rows
        self._exhausted = len(block) < self.block_rows
        self._keep(number, block)
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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self._rows:
            return None
        column = index.column()
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
                        Qt.ItemDataRole.FontRole, CALL_ROLE):
            return None
        row = self.call(index.row(), now=role == CALL_ROLE)  # painting never waits: CALL_ROLE is the page's
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
