"""视频点名: today's roll-calls and the live roll-call at the keyboard (点名), every roll-call held with its
summary and 通报 (点名记录), the plans (点名计划), the 整改 items (整改) and the statistics by unit (统计).

Ctrl+N starts an unplanned roll-call, Ctrl+D a spot check drawn now, Ctrl+U records the upper level's
roll-call; Enter on today's list starts or resumes the selected one. A roll-call left running when the
program stopped is offered again the moment the page is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from dutyroom.domain.vocabulary import RollCallKind, RollCallStatus
from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.import_wizard import import_button
from dutyroom.gui.common.opening import open_when_read
from dutyroom.gui.common.prompts import inform
from dutyroom.gui.common.widgets import add_shortcut, show_status
from dutyroom.gui.page import Page
from dutyroom.gui.rollcall.dialogs import UnitsDialog
from dutyroom.gui.rollcall.history_tab import HistoryTab
from dutyroom.gui.rollcall.live import LiveView
from dutyroom.gui.rollcall.notice import open_notice
from dutyroom.gui.rollcall.plans_tab import PlansTab
from dutyroom.gui.rollcall.rectify_tab import RectifyTab
from dutyroom.gui.rollcall.start_panel import StartPanel
from dutyroom.gui.rollcall.stats_tab import StatsTab
from dutyroom.gui.rollcall.upper_form import UpperDialog
from dutyroom.services.events import EntityKind
from dutyroom.services.records import OfficeSettings
from dutyroom.services.rollcall.records import RollCallRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

TODAY, HISTORY, PLANS, RECTIFY, STATS = range(5)


class RollCallPage(Page):
    title = "视频点名"
    watches = frozenset({EntityKind.ROLLCALL, EntityKind.ROLLCALL_PLAN, EntityKind.RECTIFICATION,
                         EntityKind.UNIT, EntityKind.SETTING})

    def __init__(self, services: Services, actor, parent: QWidget | None = None):
        super().__init__(services, actor, parent)
        self.setObjectName("rollcall_page")
        self.dialog = None
        self.prompt = None
        self._stale = set(range(5))
        self.start = StartPanel(services, self)
        self.live = LiveView(services, actor, self)
        self.today_stack = QStackedWidget(self)
        self.today_stack.addWidget(self.start)
        self.today_stack.addWidget(self.live)
        self.history = HistoryTab(services, self)
        self.plans = PlansTab(services, actor, self)
        self.rectify = RectifyTab(services, actor, self)
        self.stats = StatsTab(services, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("rollcallTabs")
        for widget, text in ((self.today_stack, "点名"), (self.history, "点名记录"), (self.plans, "点名计划"),
                             (self.rectify, "整改"), (self.stats, "统计")):
            self.tabs.addTab(widget, text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        # Past results go in from the record they join: 点名记录.
        self.history.buttons["import"] = import_button(self, services, actor, "rollcall",
                                                       after=self.history.buttons["notice"])
        b = self.start.buttons
        b["adhoc"].clicked.connect(self.ad_hoc)
        b["spot"].clicked.connect(self.spot_check)
        b["upper"].clicked.connect(lambda: self.upper(None))
        self.start.begin.connect(lambda record: self.run(record.id))
        self.start.upper.connect(self.upper)
        self.live.left.connect(self._live_left)
        self.live.changed.connect(lambda: self._stale.update({HISTORY, RECTIFY, STATS}))
        self.history.open_requested.connect(lambda record: self.run(record.id))
        self.history.notice_requested.connect(self.notice)
        self._shortcut(self.start, ("Ctrl+N",), self.ad_hoc)
        self._shortcut(self.start, ("Ctrl+D",), self.spot_check)
        self._shortcut(self, ("Ctrl+U",), lambda: self.upper(None))
        self._shortcut(self.history, ("Ctrl+P",), self.history.notice_selected)
        self._shortcut(self.stats, ("Ctrl+P",), self.stats.print_pdf)
        self._shortcut(self.stats, ("Ctrl+S",), self.stats.export_xlsx)
        self.tabs.currentChanged.connect(self._tab_shown)
        self._offered = False
        # Ctrl+5 puts the keyboard in the list whose Enter starts or resumes a roll-call, not on the tab bar
        # (where Enter did nothing until a Tab; found by hand). The page's own proxy, not the stack's: the stack
        # comes after its children in the focus chain, and Tab went round its four buttons and the list for ever.
        self.setFocusProxy(self.start.table)
        self.refresh()

    def _shortcut(self, widget: QWidget, keys, slot) -> None:
        add_shortcut(widget, keys, slot)

    # -- data ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """A change arrived: reload the tab shown; the others when they are next shown. The live screen
        is never reloaded under the officer's keys (it saved what changed itself)."""
        self._stale = set(range(5))
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        # Ctrl+5 comes back into the tab that is open
        self.setFocusProxy(self._today_list() if index == TODAY else self.tabs.widget(index))
        if index not in self._stale:
            return
        if index == TODAY:
            if self.today_stack.currentWidget() is self.live:
                return
            self.start.refresh()
        elif index == PLANS:
            self.plans.reload()
        else:
            {HISTORY: self.history, RECTIFY: self.rectify, STATS: self.stats}[index].refresh()
        self._stale.discard(index)

    # -- the live roll-call ---------------------------------------------------------------------------
    def run(self, rollcall_id: int) -> bool:
        """Open the live screen on a roll-call (start, resume or look at / 更正 a finished one): the roll-call and
        the settings are read off the GUI thread and the screen opens when they arrive (common/opening.py).
        False when a read for this page is still on its way."""
        self.tabs.setCurrentIndex(TODAY)
        rollcall, settings = self.services.rollcall, self.services.settings

        def show(found) -> None:
            self.live.show_opened(*found)
            self._show_live()

        return open_when_read(self, lambda: (rollcall.get(rollcall_id), settings.get()), show, what="点名")

    def _today_list(self) -> QWidget:
        """The list the 点名 tab's keys go to: the live screen's units while a roll-call is open, else today's."""
        return self.live.table if self.today_stack.currentWidget() is self.live else self.start.table

    def _show_live(self) -> None:
        self.today_stack.setCurrentWidget(self.live)
        self.setFocusProxy(self._today_list())
        self.live.table.setFocus()

    def _live_left(self) -> None:
        self.today_stack.setCurrentWidget(self.start)
        self._stale.update(range(5))
        self._tab_shown(TODAY)
        self.start.table.setFocus()

    def _begin_new(self, record) -> None:
        self.refresh()
        self.run(record.id)

    def ad_hoc(self) -> None:
        self._open_dialog(lambda: UnitsDialog(self.services, self.actor, RollCallKind.HOST, self), self._begin_new)

    def spot_check(self) -> None:
        """随机抽查 now: the draw is recorded (seed and candidates), then the live screen opens on it."""
        rc = self.services.rollcall
        try:
            draw = rc.draw(rc.today())
            record = rc.record_draw(self.actor, draw)
        except DutyRoomError as exc:
            self.prompt = inform(self, "随机抽查", exc.message)
            return
        show_status(self, f"已随机抽取 {len(draw.chosen)} 个单位（种子 {draw.seed}，可在操作日志中复核）", 20000)
        self._begin_new(record)

    def upper(self, planned) -> None:
        # The zone read with today's roll-calls (off the GUI thread): Ctrl+U opens the form without a read.
        self._open_dialog(lambda: UpperDialog(self.services, self.actor, planned, self, zone=self.start.zone_name),
                          lambda _record: self.refresh())

    def notice(self, rollcall_id: int) -> None:
        open_notice(self, rollcall_id, lambda _record: self.refresh(), button=self.history.buttons["notice"])

    def _open_dialog(self, build, on_saved) -> None:
        try:
            dialog = build()
        except DutyRoomError as exc:
            self.prompt = inform(self, "无法打开", exc.message)
            return
        dialog.saved.connect(on_saved)
        self.dialog = dialog
        dialog.open()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._offered:
            self._offered = True
            self.resume_unfinished()

    def resume_unfinished(self) -> None:
        """After a crash or a restart: the roll-call that was running is opened where it stopped — read off
        the GUI thread (the page's first showing), opened when it arrives unless the officer has opened one."""
        rollcall, settings = self.services.rollcall, self.services.settings

        def fetch() -> tuple[RollCallRecord, OfficeSettings] | None:
            running = [r for r in rollcall.unfinished() if r.kind != RollCallKind.UPPER]
            return (running[0], settings.get()) if running else None

        self.load("resume", fetch, self._resume)

    def _resume(self, found: tuple[RollCallRecord, OfficeSettings] | None) -> None:
        if found is None or self.today_stack.currentWidget() is self.live:
            return
        record, settings = found
        self.tabs.setCurrentIndex(TODAY)
        self.live.show_opened(record, settings)
        self._show_live()
        done = sum(1 for e in record.entries if e.result is not None)
        state = "已暂停" if record.status == RollCallStatus.PAUSED else "进行中"
        self.live.say(f"上次的点名{state}，已记录 {done} 个单位的结果，从第一个未点的单位继续。", error=False)
