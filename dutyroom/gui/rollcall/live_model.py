"""The big list of the live roll-call: each unit in calling order with its duty phone, its stopwatch while
it is being called, and its result; the 复呼 attempts follow the first round, both kept.

The words here are what the officer reads across the room: a unit being called says so with a dot and
its running seconds, a slow answer says 超时 in words, never in colour alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont

from dutyroom.domain import rollcall as rules
from dutyroom.services.rollcall.records import EntryRecord

HEADERS = ("序号", "单位", "值班电话", "结果", "应答用时", "应答情况")
RESULT_COLUMN = 3


def clock_text(seconds: int) -> str:
    """A stopwatch: 0:42, 12:05, 1:02:09."""
    hours, rest = divmod(max(0, int(seconds)), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def waiting_seconds(entry: EntryRecord, now: datetime) -> int | None:
    """How long a unit called but not yet answered has been ringing."""
    if entry.called_at is None or entry.result is not None:
        return None
    return max(0, round((now - entry.called_at).total_seconds()))


def result_text(entry: EntryRecord, now: datetime, limit: int) -> str:
    if entry.result is not None:
        return entry.result.label
    waiting = waiting_seconds(entry, now)
    if waiting is None:
        return ""
    return f"● 呼叫中 {clock_text(waiting)}" + (" ⚠ 超时" if waiting > limit else "")


def seconds_text(entry: EntryRecord, limit: int) -> str:
    seconds = entry.answer_seconds
    if entry.result is None:
        return ""
    if seconds is None:  # marked without a call (or not answered): no time to show, and not "0 秒"
        return "—"
    return f"{seconds} 秒" + (" ⚠ 超时" if rules.is_slow(seconds, limit) else "")


class LiveModel(QAbstractTableModel):
    def __init__(self, now: Callable[[], datetime], parent=None):
        super().__init__(parent)
        self._now = now
        self.limit = rules.DEFAULT_ANSWER_LIMIT
        self.entries: list[EntryRecord] = []
        self.current = -1  # the row the officer is on (bold)
        self.problems: dict[int, str] = {}  # entry id → why its mark is not in the database yet

    def set_entries(self, entries: list[EntryRecord], limit: int) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.limit = limit
        self.endResetModel()

    def replace(self, entry: EntryRecord) -> int:
        """One saved attempt back from the service: only its row is repainted (a keypress stays cheap)."""
        for row, old in enumerate(self.entries):
            if old.id == entry.id:
                self.entries[row] = entry
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
                return row
        return -1

    def set_problem(self, entry_id: int, note: str) -> None:
        """A save that failed (or succeeded after all): said beside the unit's result, in words."""
        if self.problems.get(entry_id, "") == note:
            return
        if note:
            self.problems[entry_id] = note
        else:
            self.problems.pop(entry_id, None)
        for row, entry in enumerate(self.entries):
            if entry.id == entry_id:
                index = self.index(row, RESULT_COLUMN)
                self.dataChanged.emit(index, index)

    def set_current(self, row: int) -> None:
        old, self.current = self.current, row
        for r in {old, row}:
            if 0 <= r < len(self.entries):
                self.dataChanged.emit(self.index(r, 0), self.index(r, len(HEADERS) - 1))

    def tick(self) -> None:
        """The stopwatch moved on: repaint the result cell of the units being called."""
        for row, entry in enumerate(self.entries):
            if entry.called_at is not None and entry.result is None:
                index = self.index(row, RESULT_COLUMN)
                self.dataChanged.emit(index, index)

    # -- Qt model interface -----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.entries):
            return None
        entry = self.entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(entry, index.column())
        if role == Qt.ItemDataRole.FontRole and index.row() == self.current:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def text(self, entry: EntryRecord, column: int) -> str:
        if column == 0:
            return "复呼" if entry.attempt > 1 else str(entry.seq)
        if column == 1:
            return entry.unit_name
        if column == 2:
            return entry.duty_phone
        if column == RESULT_COLUMN:
            problem = self.problems.get(entry.id)
            return result_text(entry, self._now(), self.limit) + (f" ⚠ {problem}" if problem else "")
        if column == 4:
            return seconds_text(entry, self.limit)
        who = entry.answerer + (f"（{entry.answerer_position}）" if entry.answerer_position else "")
        av = f"画面声音{entry.av_quality.label}" if entry.av_quality else ""
        return " · ".join(part for part in (who, av, entry.remarks) if part)
