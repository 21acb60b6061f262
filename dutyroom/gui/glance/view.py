"""One section of 值班首页 on screen: title, one-line summary, its lines (live ones move with the window's
tick), and the key that jumps to the page the section comes from. The wallboard shows the same widget large
and read-only."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dutyroom.gui import theme
from dutyroom.gui.clocks import OVERDUE, STATE_SIGNS, URGENT, WARNING, clock_state, countdown_text
from dutyroom.gui.common.widgets import set_role
from dutyroom.gui.glance.blocks import ALARM, LIVE_DEADLINE, LIVE_HANDOVER, OK, Block, Item, Section
from dutyroom.gui.glance.blocks import WARNING as WARNING_TONE
from dutyroom.gui.on_duty import time_left

#: per theme: tone → text colour of a line (the words of the line say the same)
TONE_COLOURS = {
    "light": {ALARM: "#b3261e", WARNING_TONE: "#8a5a00", OK: "#1e6b3a"},
    "dark": {ALARM: "#ff8a80", WARNING_TONE: "#f0c05a", OK: "#7fd19b"},
}
#: a deadline's state → the tone of its line
STATE_TONES = {OVERDUE: ALARM, URGENT: ALARM, WARNING: WARNING_TONE}
ITEM_ROLE = Qt.ItemDataRole.UserRole


def live_text(item: Item, now: datetime) -> tuple[str, str]:
    """(the line as it reads at `now`, its tone). A deadline reads exactly as its chip on the strip."""
    if item.live == LIVE_DEADLINE and item.due_at is not None:
        state = clock_state(item.clock, now) if item.clock is not None else ""
        icon, words = STATE_SIGNS.get(state, ("●", ""))
        sign = f"{icon} {words} " if state and state != "normal" else f"{icon} "
        # The countdown first: a long title is cut at the right, never the time.
        return f"{countdown_text(item.due_at, now)}  {sign}{item.text}", STATE_TONES.get(state, item.tone)
    if item.live == LIVE_HANDOVER and item.due_at is not None:
        return f"{time_left(now, item.due_at)}  {item.text}", item.tone
    return item.text, item.tone


class SectionList(QListWidget):
    """The lines of a section; Enter (or a double click) opens the current line on its page."""

    activated_item = Signal(object)  # the Item

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.activated_item.emit(self.currentItem().data(ITEM_ROLE))
            return
        super().keyPressEvent(event)

    # The line Enter would open is marked only while the section has the keyboard: six highlighted
    # lines on one page would say nothing.
    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        if self.currentItem() is not None and self.selectionMode() != QAbstractItemView.SelectionMode.NoSelection:
            self.currentItem().setSelected(True)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self.clearSelection()

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt override
        current = self.itemAt(event.position().toPoint())
        if current is not None:
            self.activated_item.emit(current.data(ITEM_ROLE))
            return
        super().mouseDoubleClickEvent(event)


class SectionView(QFrame):
    """One section. `large`: the wallboard's read-only look (no jump key, no focus, big text)."""

    #: (page class name, target or None): Enter on a line, or the jump key
    open_requested = Signal(str, object)

    def __init__(self, section: Section, parent: QWidget | None = None, *, large: bool = False):
        super().__init__(parent)
        self.section = section
        self.large = large
        self.block = Block(section.key, section.title)
        self.setObjectName("wallSection" if large else "glanceSection")
        self.title = QLabel(section.title, self)
        self.title.setObjectName("glanceTitle")
        self.summary = QLabel(self)
        self.summary.setObjectName("glanceSummary")
        self.list = SectionList(self)
        self.list.setObjectName("glanceList")
        self.list.setAccessibleName(section.title)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        # No uniform item sizes: a section holds a handful of lines, and the cached size went stale when the
        # wallboard changed the font, so fit_rows measured rows shorter than they were drawn.
        # Long lines are cut (their tooltip has them whole): a section never makes the page wider.
        self.list.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.list.activated_item.connect(self._activated)
        self.message = QLabel(self)  # "另有 3 个未列出", the empty text, or why it could not be read
        self.message.setObjectName("glanceMessage")
        self.message.setWordWrap(True)
        set_role(self.message, "hint")
        self.jump: QPushButton | None = None
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(8)
        head.addWidget(self.title, 1)
        if section.page and not large:
            self.jump = QPushButton(f"{section.page_title}(&{section.mnemonic}) ▸", self)
            self.jump.setObjectName(f"{section.key}GlanceJump")
            self.jump.setToolTip(f"转到“{section.page_title}”页（Alt+{section.mnemonic}）")
            self.jump.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab walks the lists; the key is Alt+letter
            self.jump.clicked.connect(lambda: self.open_requested.emit(section.page, None))
            head.addWidget(self.jump)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 12, 8)
        column.setSpacing(4)
        column.addLayout(head)
        column.addWidget(self.summary)
        column.addWidget(self.list)
        column.addWidget(self.message)
        column.addStretch(1)  # a wallboard section taller than its lines keeps them at the top
        if large:
            self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
            self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.show_block(self.block, None)

    # -- showing ---------------------------------------------------------------------------------
    def show_block(self, block: Block, now: datetime | None) -> None:
        self.block = block
        self.summary.setText(block.summary)
        self.summary.setToolTip(block.summary)
        self.summary.setVisible(bool(block.summary))
        row = max(self.list.currentRow(), 0)
        self.list.clear()
        for item in block.items:
            line = QListWidgetItem()
            line.setData(ITEM_ROLE, item)
            if item.detail:
                line.setToolTip(item.detail)
            self.list.addItem(line)
        if self.list.count() and not self.large:
            self.list.setCurrentRow(min(row, self.list.count() - 1))
            if not self.list.hasFocus():
                self.list.clearSelection()
        self.list.setVisible(bool(block.items))
        text = block.failed or (block.more if block.items else block.empty)
        self.message.setText(("⚠ " if block.failed else "") + text)
        set_role(self.message, "error" if block.failed else "hint")
        self.message.setVisible(bool(text))
        if now is not None:
            self.tick(now)
        else:
            for index, item in enumerate(block.items):
                self.list.item(index).setText(item.text)
        self.fit_rows()

    def fit_rows(self) -> None:
        """The list as tall as its lines: a short section leaves the room to the others in its column."""
        rows = self.list.count()
        height = self.list.sizeHintForRow(0) * rows if rows else 0
        self.list.setFixedHeight(height + 2 * self.list.frameWidth() + 6)

    def tick(self, now: datetime) -> None:
        """Rewrite the lines at `now`: only the text of those that moved changes."""
        colours = TONE_COLOURS.get(theme.current_theme(), TONE_COLOURS["light"])
        for index in range(self.list.count()):
            line = self.list.item(index)
            text, tone = live_text(line.data(ITEM_ROLE), now)
            if line.text() != text:
                line.setText(text)
            if line.data(ITEM_ROLE + 1) != tone:
                line.setData(ITEM_ROLE + 1, tone)
                line.setData(Qt.ItemDataRole.ForegroundRole, QColor(colours[tone]) if tone in colours else None)
                font = QFont(self.list.font())
                font.setBold(tone == ALARM)
                line.setFont(font)

    def recolour(self) -> None:
        """The lines' tones in the colours of the theme now (a theme switch): their texts stay as they are, so
        the list is not rebuilt (that re-polished every line and took most of a switch)."""
        colours = TONE_COLOURS.get(theme.current_theme(), TONE_COLOURS["light"])
        for index in range(self.list.count()):
            line = self.list.item(index)
            tone = line.data(ITEM_ROLE + 1)
            line.setData(Qt.ItemDataRole.ForegroundRole, QColor(colours[tone]) if tone in colours else None)

    def texts(self) -> list[str]:
        """What the lines read now (tests, the wallboard's checks)."""
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _activated(self, item: Item) -> None:
        if self.section.page and not self.large:
            self.open_requested.emit(self.section.page, item.target)
