"""值班首页: the whole shift on one screen — who is on duty and the time to handover, open reporting clocks,
today's calls and the follow-ups due, open incidents, today's roll-calls, the next scheduled jobs.

The page shown first after login, and for the leader the one screen of the shift. It refreshes through the
change path only: a change of a kind one section watches reads that section again (in the background, a
few bounded queries), and the window's one tick (the deadline strip's, MainWindow._tick) moves every
countdown on. Nothing polls the database. Tab walks the sections, Enter opens a line where it comes from,
Alt+<letter> jumps to a section's page, F11 shows the page full screen (大屏模式).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from dutyroom.gui import theme_switch
from dutyroom.gui.common.background import run_in_background
from dutyroom.gui.common.widgets import set_role, while_alive
from dutyroom.gui.glance.blocks import Block, build_blocks
from dutyroom.gui.glance.sections import SECTIONS
from dutyroom.gui.glance.view import SectionView
from dutyroom.gui.page import Page
from dutyroom.services.events import Change

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

COLUMNS = 3
HINT = "Tab 切换栏目，Enter 打开所选一项，Alt+字母 转到对应页面，F11 大屏模式"


class GlancePage(Page):
    title = "值班首页"
    sections = SECTIONS
    watches = frozenset().union(*(s.watches for s in SECTIONS))

    def __init__(self, services: Services, actor, parent: QWidget | None = None):
        super().__init__(services, actor, parent)
        self.setObjectName("glance_page")
        self.blocks: dict[str, Block] = {}
        self.wallboard = None
        self._now: datetime | None = None
        self._dirty: set[str] = set()
        self._asked = 0  # the newest read asked for; an older answer arriving late is dropped
        self._reading = False
        self._recolour_pending = False
        self.views: dict[str, SectionView] = {}

        grid = QHBoxLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(10)
        columns = [QVBoxLayout() for _ in range(COLUMNS)]
        for column in columns:
            column.setSpacing(10)
            grid.addLayout(column, 1)
        for section in self.sections:
            view = SectionView(section, self)
            view.open_requested.connect(self.open_requested)
            self.views[section.key] = view
            columns[min(section.column, COLUMNS - 1)].addWidget(view)
        for column in columns:
            column.addStretch(1)
        self.body = body = QWidget()
        body.setObjectName("glanceBody")
        body.setLayout(grid)
        self.scroll = scroll = QScrollArea(self)
        scroll.setObjectName("glanceScroll")
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.hint = QLabel(HINT, self)
        set_role(self.hint, "hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.hint)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Ctrl+0 lands in the first section that has lines

        # Changes arrive in bursts (a save announces several kinds): one read per event-loop turn.
        self._read_soon = QTimer(self)
        self._read_soon.setSingleShot(True)
        self._read_soon.timeout.connect(self._read)
        self.refresh()

    # -- reading -----------------------------------------------------------------------------------
    def on_change(self, change: Change) -> None:
        dirty = {s.key for s in self.sections if change.kind in s.watches}
        if dirty:
            self._want(dirty)

    def refresh(self) -> None:
        self._want({s.key for s in self.sections})

    def _want(self, keys: set[str]) -> None:
        self._dirty |= keys
        self._read_soon.start(0)

    @property
    def loading(self) -> bool:
        """A read is asked for or running (tests wait for it to end)."""
        return self._reading or bool(self._dirty)

    def _read(self) -> None:
        if self._reading:
            return  # the answer of the running read asks for the rest again
        keys, self._dirty = self._dirty, set()
        if not keys:
            return
        self._asked += 1
        asked, sections, services = self._asked, [s for s in self.sections if s.key in keys], self.services
        self._reading = True
        run_in_background(lambda: build_blocks(services, sections),
                          while_alive(self, lambda blocks: self._show(asked, blocks)),
                          while_alive(self, lambda exc: self._failed(keys, exc)))

    def _show(self, asked: int, blocks: dict[str, Block]) -> None:
        self._reading = False
        if asked == self._asked:
            self.blocks.update(blocks)
            now = self.services.clock.now()
            for key, block in blocks.items():
                self.views[key].show_block(block, self._now or now)
            self._lay_out_now()
            if self.wallboard is not None:
                self.wallboard.show_blocks(self.blocks, self._now or now)
            self._keyboard_to_first_lines()
        if self._dirty:
            self._read_soon.start(0)

    def _lay_out_now(self) -> None:
        """The sections at their new heights before the next paint. Left to Qt, the change climbs one layout
        per event-loop turn (section, columns, the scroll area that sizes them), and right after login, while
        the other pages are built, the turns are slow: for seconds the sections were drawn squeezed, their
        lines cut and "另有 3 件未列出" written over them."""
        for view in self.views.values():
            view.layout().activate()
        self.body.layout().activate()
        QApplication.sendEvent(self.scroll, QEvent(QEvent.Type.LayoutRequest))  # it resizes the body to fit

    def _keyboard_to_first_lines(self) -> None:
        """Ctrl+0 (the page's focus proxy) lands in the first section that has lines."""
        first = next((v.list for v in self.views.values() if not v.list.isHidden()), None)
        had_focus = self.hasFocus()
        self.setFocusProxy(first)
        if first is not None and had_focus:
            first.setFocus()

    def _failed(self, keys: set[str], exc: Exception) -> None:
        self._reading = False
        message = f"读取失败：{getattr(exc, 'message', exc)}"
        for key in keys:
            section = next(s for s in self.sections if s.key == key)
            self.blocks[key] = Block(key, section.title, failed=message)
            self.views[key].show_block(self.blocks[key], self._now)
        self._lay_out_now()
        if self._dirty:
            self._read_soon.start(0)

    # -- the window's one tick -----------------------------------------------------------------------
    def on_tick(self, now: datetime) -> None:
        self._now = now
        for view in self.views.values():
            view.tick(now)
        due = {key for key, block in self.blocks.items() if block.boundary is not None and now >= block.boundary}
        if due - self._dirty:
            self._want(due)  # a handover, midnight, a job's time: read those sections again
        if self.wallboard is not None:
            self.wallboard.tick(now)

    # -- 大屏模式 ------------------------------------------------------------------------------------
    def show_wallboard(self):
        from dutyroom.gui.glance.wallboard import Wallboard  # built only when someone asks for it

        if self.wallboard is None:
            # A window of its own, in no page: it takes the theme by itself.
            self.wallboard = theme_switch.follow(Wallboard(self.services, self.sections))
            self.wallboard.closed.connect(self._wallboard_closed)
        self.wallboard.show_blocks(self.blocks, self._now or self.services.clock.now())
        self.wallboard.enter()
        return self.wallboard

    def _wallboard_closed(self) -> None:
        if self.wallboard is not None:
            self.wallboard.deleteLater()
        self.wallboard = None

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._recolour_pending:
            # Another theme: the lines' colours follow it. A theme switch may deliver several palette changes
            # (the palette, then this page's sheet when it is shown), so the lines are recoloured once, after them.
            self._recolour_pending = True
            QTimer.singleShot(0, self, self._recolour)

    def _recolour(self) -> None:
        self._recolour_pending = False
        for key in self.blocks:
            self.views[key].recolour()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.wallboard is not None:
            self.wallboard.close()
        super().closeEvent(event)
