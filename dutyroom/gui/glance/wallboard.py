"""大屏模式: 值班首页 full screen on a second monitor — large text, nothing to edit, Esc (or F11) leaves.

It shows the page's own blocks and moves with the page's tick, so the wall and the workstation never
disagree. The text scales with the screen: readable across a room at 1366×768 and at 1920×1080.
The wall is part of the duty room, so the workstation's idle lock does not blank it; it holds nothing
that can be changed from it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QVBoxLayout, QWidget

from dutyroom.domain.localtime import format_date_cn, to_local, weekday_name
from dutyroom.gui.common.loading import load
from dutyroom.gui.glance.blocks import Block, Section
from dutyroom.gui.glance.view import SectionView

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

COLUMNS = 3
#: the body text is the screen's height divided by this (1080 → 30 px, 768 → 21 px), never under MIN_PX
LINES_PER_SCREEN = 36
MIN_PX = 18
#: a font whose lines are taller (Noto CJK against Droid) shrinks the text, down to this, so the wall fits
FIT_FLOOR_PX = 13


class Wallboard(QWidget):
    closed = Signal()

    def __init__(self, services: Services, sections: Sequence[Section], parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.services = services
        self.zone_name = ""  # the office's, held: the clock ticks every second without reading the database
        self.setObjectName("wallboard")
        self.setWindowTitle("值班首页 — 大屏模式")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.office = QLabel(self)
        self.office.setObjectName("wallOffice")
        self.clock = QLabel(self)
        self.clock.setObjectName("wallClock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.hint = QLabel("Esc 退出大屏", self)
        self.hint.setObjectName("wallHint")
        head = QHBoxLayout()
        head.setSpacing(24)
        head.addWidget(self.office)
        head.addStretch(1)
        head.addWidget(self.clock)
        head.addWidget(self.hint)
        grid = QHBoxLayout()
        grid.setSpacing(16)
        columns = [QVBoxLayout() for _ in range(COLUMNS)]
        for column in columns:
            column.setSpacing(16)
            grid.addLayout(column, 1)
        self.views: dict[str, SectionView] = {}
        for section in sections:
            view = SectionView(section, self, large=True)
            self.views[section.key] = view
            columns[min(section.column, COLUMNS - 1)].addWidget(view, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(head)
        layout.addLayout(grid, 1)
        # The wall keeps the screen's size and the text shrinks to fit (_scale), never the other way round.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._scaled_for = 0
        self.px = MIN_PX  # the body text size the wall is drawn at

    def enter(self) -> None:
        """Full screen, on a second monitor when there is one (the workstation keeps its own)."""
        screens = QGuiApplication.screens()
        own = QGuiApplication.primaryScreen()
        other = next((s for s in screens if s is not own), None)
        if other is not None:
            self.setScreen(other)
            self.setGeometry(other.geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.setFocus()

    # -- showing ---------------------------------------------------------------------------------
    def show_blocks(self, blocks: Mapping[str, Block], now: datetime) -> None:
        load(self, "settings", self.services.settings.get, self._settings_read)  # off the GUI thread
        for key, block in blocks.items():
            if key in self.views:
                self.views[key].show_block(block, now)
        self._scale(refit=True)  # more lines than before may no longer fit at the size they had
        self.tick(now)

    def _settings_read(self, settings) -> None:
        self.office.setText(settings.office_name + " · 值班首页")
        self.zone_name = settings.time_zone

    def tick(self, now: datetime) -> None:
        if not self.zone_name:
            return  # the settings are still being read
        local = to_local(now, self.zone_name)
        self.clock.setText(f"{format_date_cn(local.date())} {weekday_name(local.date())} {local:%H:%M:%S}")
        for view in self.views.values():
            view.tick(now)

    def texts(self) -> dict[str, list[str]]:
        return {key: view.texts() for key, view in self.views.items()}

    # -- size and keys -----------------------------------------------------------------------------
    def body_pixels(self) -> int:
        return max(MIN_PX, self.height() // LINES_PER_SCREEN)

    def _scale(self, *, refit: bool = False) -> None:
        """Text sized to the screen, then made smaller until every section fits: a wall cut off at the bottom
        hides the last lines of the column (the schedule, the leader's instructions) from the room."""
        target = self.body_pixels()
        if target == self._scaled_for and not refit:
            return
        self._scaled_for = target
        px = target
        self._apply_pixels(px)
        while px > FIT_FLOOR_PX and self._needed_height() > self.height():
            px -= 1
            self._apply_pixels(px)
        self.px = px

    def _needed_height(self) -> int:
        # Each section first: the wall's layout caches their sizes from before the font changed.
        for view in self.views.values():
            view.layout().invalidate()
            view.layout().activate()
            view.updateGeometry()
        layout = self.layout()
        layout.invalidate()
        layout.activate()
        needed = layout.totalMinimumSize().height()
        if layout.hasHeightForWidth():  # wrapped lines: their height at the wall's real width too
            needed = max(needed, layout.totalHeightForWidth(self.width()))
        return needed

    def _apply_pixels(self, px: int) -> None:
        body = QFont(self.font())
        body.setPixelSize(px)
        self.setFont(body)
        for label, factor, bold in ((self.office, 1.3, True), (self.clock, 1.3, True), (self.hint, 0.7, False)):
            self._sized(label, px, factor, bold)
        for view in self.views.values():
            view.list.setFont(body)
            self._sized(view.title, px, 1.15, True)
            self._sized(view.summary, px, 0.85, False)
            self._sized(view.message, px, 0.8, False)
            for index in range(view.list.count()):
                line = view.list.item(index)
                font = QFont(body)
                font.setBold(line.font().bold())
                line.setFont(font)
            view.fit_rows()

    @staticmethod
    def _sized(label: QLabel, px: int, factor: float, bold: bool) -> None:
        font = QFont(label.font())
        font.setPixelSize(round(px * factor))
        font.setBold(bold)
        label.setFont(font)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._scale()
        super().resizeEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F11):
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().closeEvent(event)
        self.closed.emit()
