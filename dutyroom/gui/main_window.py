"""The main window: navigation on the left, one page per area, status bar, lock screen."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dutyroom import __version__
from dutyroom.domain.localtime import zone as to_zone
from dutyroom.domain.vocabulary import Role
from dutyroom.errors import DutyRoomError
from dutyroom.gui import theme, theme_switch
from dutyroom.gui.alarm import AlarmBanner
from dutyroom.gui.alarm_state import is_clock_notice
from dutyroom.gui.changes import ChangeBridge
from dutyroom.gui.clocks import ClockStrip
from dutyroom.gui.common.loading import load
from dutyroom.gui.common.outage import read_failed
from dutyroom.gui.common.widgets import keep_focus_in_sight
from dutyroom.gui.connection import ConnectionBanner, ConnectionWatch
from dutyroom.gui.dialog_place import DialogPlacer
from dutyroom.gui.idle import IdleWatcher
from dutyroom.gui.login import LockPanel
from dutyroom.gui.notices import NoticeBanner
from dutyroom.gui.on_duty import OnDutyPanel
from dutyroom.gui.page import Page
from dutyroom.gui.page_stack import PageStack
from dutyroom.gui.quit_guard import ask_before_quit
from dutyroom.gui.shortcuts_help import show_shortcuts
from dutyroom.gui.status import StatusArea
from dutyroom.gui.tab_keys import install_tab_keys
from dutyroom.services import Services
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.records import Actor, OfficeSettings
from dutyroom.workstation import load_workstation, save_workstation

if TYPE_CHECKING:
    from dutyroom.gui.calls.page import CallsPage

NAV_WIDTH = 156
#: the window's size where the screen allows (the screenshots' size); smaller screens get their working area
PREFERRED_SIZE = (1280, 800)
#: what the window manager's title bar and frame take above the window's own area
TITLE_BAR_ALLOWANCE = 32
FILL_BELOW_EXTRA_PX = 160  # screens narrower than 1280 + this are filled edge to edge
LOCK_REASONS = {"idle": "长时间无操作，已自动锁定。", "manual": "已手动锁定。"}


AFTER_FIRST_PAINT_MS = 100
#: the after-paint work of a window shown but not painted by then (minimised, covered) starts anyway
FIRST_PAINT_WAIT_MS = 2000
#: the service areas the window reads before its first paint (who is on duty, the open clocks, the alarm's
#: addressee, 值班首页): gui/app.py builds them behind the login dialog, the others are built on first use
FIRST_PAINT_AREAS = ("settings", "users", "roster", "incidents", "rollcall", "handover")


@dataclass(frozen=True)
class PageSpec:
    """A page by name: its module is imported only when the page is first built (launch time, DESIGN §8)."""

    module: str
    name: str
    title: str  # the page class's own title (a test keeps them equal)
    icon: str

    def load(self) -> type[Page]:
        return getattr(importlib.import_module(self.module), self.name)


# 值班首页 first: the page shown after login. It is Ctrl+0, so the pages after it keep Ctrl+1… (page_key).
PAGES = (PageSpec("dutyroom.gui.glance", "GlancePage", "值班首页", "glance"),
         PageSpec("dutyroom.gui.contacts_page", "ContactsPage", "通讯录", "contacts"),
         PageSpec("dutyroom.gui.roster", "RosterPage", "排班", "roster"),
         PageSpec("dutyroom.gui.calls.page", "CallsPage", "来电登记", "calls"),
         PageSpec("dutyroom.gui.incidents", "IncidentsPage", "突发事件", "incidents"),
         # video roll-call (视频点名)
         PageSpec("dutyroom.gui.rollcall", "RollCallPage", "视频点名", "rollcall"),
         # leader instructions (领导批示)
         PageSpec("dutyroom.gui.instructions.page", "InstructionsPage", "领导批示", "instructions"),
         # handover and the duty log (交接班)
         PageSpec("dutyroom.gui.handover", "HandoverPage", "交接班", "handover"),
         # documents the scheduled jobs stored (文件): 每日要情, 信息报告情况通报
         PageSpec("dutyroom.gui.documents", "DocumentsPage", "文件", "documents"))
ADMIN_PAGE = PageSpec("dutyroom.gui.admin", "AdminPage", "管理", "admin")


#: how the window shows one item of a page another page asked for (Page.open_requested): the method per page
ITEM_SELECTORS = {"IncidentsPage": "select_incident", "CallsPage": "select_call", "RosterPage": "select_day",
                  "HandoverPage": "select_item_id", "InstructionsPage": "select",
                  "DocumentsPage": "select"}


def page_key(index: int) -> str | None:
    """Ctrl+0 for the home page (值班首页, first), Ctrl+1…Ctrl+9 for the pages after it."""
    return f"Ctrl+{index}" if index <= 9 else None


class MainWindow(QMainWindow):
    #: the lock screen's "切换用户": the application shows the login dialog again
    switch_user_requested = Signal()

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None, *,
                 settings: OfficeSettings | None = None):
        super().__init__(parent)
        self.services = services
        self.actor = actor
        # 切换用户 hands over the settings the locked window holds (kept current by SETTING changes): the
        # new window reads nothing on the GUI thread while the alarms go on. The first window reads them
        # here, right after the database answered the login.
        self.settings = settings if settings is not None else services.settings.get()
        self.locked = False
        # set by 仍然退出, or by 切换用户 (the next window recalls the alarms at once): close without asking
        self.quit_confirmed = False
        self.quit_prompt = None
        self._call_drafts_offered = False
        self._awaiting_first_paint = False
        self._hidden_dialogs: list[QDialog] = []
        self.bridge = ChangeBridge(services.bus, self)
        keep_focus_in_sight(QApplication.instance())  # an Alt+letter scrolls to its field, as Tab does
        self.setWindowIcon(theme.icon("app", size=64))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(NAV_WIDTH)
        self.nav.setIconSize(QSize(22, 22))
        self.page_title = QLabel()
        self.page_title.setObjectName("pageTitle")
        self.stack = PageStack()
        self._specs: list[PageSpec] = []
        self._built: list[Page | None] = []
        # Timers owned by the window, so nothing fires into a window already closed.
        self._next_page = _one_shot(self, self.build_rest)
        self._after_paint = _one_shot(self, lambda: (self.build_rest(), self._offer_call_drafts()))
        self._icons: list[str] = []

        self.content = QWidget()
        row = QHBoxLayout(self.content)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        # The navigation column also shows who is on duty now, whatever page is open.
        self.on_duty = OnDutyPanel(services, actor)
        # Every page must stay in sight; when an alarm banner takes height, the on-duty panel scrolls instead.
        on_duty_area = QScrollArea()
        on_duty_area.setObjectName("onDutyArea")
        on_duty_area.setWidget(self.on_duty)
        on_duty_area.setWidgetResizable(True)
        on_duty_area.setFrameShape(QFrame.Shape.NoFrame)
        on_duty_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        on_duty_area.setFixedWidth(NAV_WIDTH)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(0)
        left.addWidget(self.nav)
        left.addWidget(on_duty_area, 1)
        row.addLayout(left)
        body = QVBoxLayout()
        body.setContentsMargins(20, 14, 20, 12)
        body.setSpacing(6)
        # The open reporting deadlines of all incidents, whatever page is open.
        self.clock_strip = ClockStrip(services.clock, self.settings.time_zone, services.incidents.open_clocks,
                                      lambda clock_id: services.incidents.acknowledge(actor, clock_id))
        body.addWidget(self.clock_strip)
        body.addWidget(self.page_title)
        self.notices = NoticeBanner(actor)
        body.addWidget(self.notices)
        # A shared PostgreSQL server that goes away: say so above the page, keep retrying (DESIGN §9).
        self.connection = ConnectionWatch(services, self)
        self.connection_banner = ConnectionBanner(self.connection, self.settings.time_zone)
        # Read again when the server answers, and again once the listener is listening (EntityKind.CONNECTION):
        # a change committed between the two is then either read or heard, never lost.
        self.connection.restored.connect(self._reconnected)
        body.addWidget(self.connection_banner)
        # A page never makes the window taller than the screen: under an alarm banner and a notice on a
        # 1280×720 screen, the page itself scrolls and the status bar stays in sight.
        page_area = QScrollArea()
        page_area.setObjectName("pageArea")
        page_area.setWidget(self.stack)
        page_area.setWidgetResizable(True)
        page_area.setFrameShape(QFrame.Shape.NoFrame)
        body.addWidget(page_area, 1)
        row.addLayout(body, 1)

        # The lock screen is built on the first lock (lock_panel): its form is not part of the first paint.
        self._lock_panel: LockPanel | None = None
        self.screens = QStackedWidget()
        self.screens.addWidget(self.content)
        # Deadline alarms sit above the screens: a locked workstation still shows that something is due.
        self.alarm = AlarmBanner(services, actor, tray=self.notices.tray, zone_name=self.settings.time_zone)
        self.dialog_placer = DialogPlacer(self, self.alarm)  # F2, F3 and every other dialog open below it
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.alarm)
        column.addWidget(self.screens, 1)
        self.setCentralWidget(central)

        self._build_pages()
        self._build_menus()
        self.tab_keys = install_tab_keys(self, self.current_page)
        self.status = StatusArea(self, services, actor, self.settings.time_zone)
        # The frame's parts take a theme switch one by one, never the whole window at once (theme_switch.py);
        # the containers between them draw nothing of their own but the palette's window colour.
        for part in (self.alarm, self.nav, on_duty_area, self.clock_strip, self.page_title, self.notices,
                     self.connection_banner, self.menuBar(), self.statusBar()):
            theme_switch.follow(part)
        theme_switch.follow_frame(self)
        self.idle = IdleWatcher(services.clock, self.settings.idle_lock_minutes, self)
        self.idle.idle.connect(lambda: self.lock("idle"))
        self.bridge.changed.connect(self._on_change)
        self.clock_strip.open_incident.connect(self.show_incident)
        self.clock_strip.show_all.connect(lambda: self.show_incident(None))
        self.clock_strip.failed.connect(lambda message: self.statusBar().showMessage("⚠ " + message, 15000))
        self.clock_strip.ticked.connect(self._tick)
        self.nav.currentRowChanged.connect(self._show_row)
        self.show_page(0)
        self._update_title()
        self.fit_to_screen()

    @property
    def lock_panel(self) -> LockPanel:
        if self._lock_panel is None:
            panel = LockPanel(self.services, self.actor)
            panel.setObjectName("lockPanel")
            panel.unlocked.connect(self.unlock)
            panel.switch_user_requested.connect(self.switch_user_requested)
            self.screens.addWidget(panel)
            theme_switch.follow(panel)
            self._lock_panel = panel
        return self._lock_panel

    # -- pages ------------------------------------------------------------------------------------
    def _page_specs(self) -> list[PageSpec]:
        # The same numbers whatever the role (值班首页 Ctrl+0, 排班 Ctrl+2, 来电登记 Ctrl+3, 突发事件 Ctrl+4); 管理 stays last,
        # and leaders and officers never load the administration forms.
        return [*PAGES, ADMIN_PAGE] if self.actor.role == Role.ADMIN else list(PAGES)

    def _build_pages(self) -> None:
        # Only the first page is built before the window shows; the others are built one per event-loop
        # turn once it has painted (build_rest), or at once when someone opens one first.
        for spec in self._page_specs():
            self._specs.append(spec)
            self._built.append(None)
            self._icons.append(spec.icon)
            self.stack.addWidget(QWidget())
            key = page_key(len(self._specs) - 1)
            item = QListWidgetItem(theme.icon(spec.icon), spec.title)
            item.setToolTip(f"{spec.title}（{key}）" if key else spec.title)
            self.nav.addItem(item)
        self.page(0)
        rows = sum(self.nav.sizeHintForRow(i) for i in range(self.nav.count()))
        self.nav.setFixedHeight(rows + 2 * self.nav.frameWidth() + self.nav.spacing() * (self.nav.count() + 1) + 16)

    def page(self, index: int) -> Page:
        """The page at `index`, built now if it has not been yet."""
        page = self._built[index]
        if page is None:
            page = self._specs[index].load()(self.services, self.actor)
            self._built[index] = page
            page.open_requested.connect(self.open_item)
            placeholder = self.stack.widget(index)
            showing = self.stack.currentIndex() == index
            self.stack.insertWidget(index, page)
            theme_switch.follow(page)  # a page not open takes a theme switch when it is next shown
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            if showing:
                self.stack.setCurrentIndex(index)
        return page

    @property
    def pages(self) -> list[Page]:
        """Every page, building those not built yet (screenshots and tests look at all of them)."""
        return [self.page(i) for i in range(len(self._specs))]

    def build_rest(self) -> None:
        """Build the next page not built yet, then come back for the one after: the window stays responsive."""
        index = next((i for i, page in enumerate(self._built) if page is None), None)
        if index is not None:
            try:
                self.page(index)
            except DutyRoomError as exc:  # a server away: the banner says so; building goes on when it is back
                read_failed(self, exc)
                return
            self._next_page.start(0)

    def _page_index(self, class_name: str) -> int | None:
        return next((i for i, spec in enumerate(self._specs) if spec.name == class_name), None)

    def show_page(self, index: int) -> None:
        if 0 <= index < len(self._specs):
            self.nav.setCurrentRow(index)

    def current_page(self) -> Page:
        return self.page(self.stack.currentIndex())

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        if self._built[row] is not None and self.stack.currentIndex() != row:
            # A page coming back into view reads the database as it is now, whatever was heard meanwhile.
            self._built[row].refresh()
        self.page(row)
        self.stack.setCurrentIndex(row)
        self.page_title.setText(self._specs[row].title)

    def _go_to(self, index: int) -> None:
        self.show_page(index)
        _focus_into(self.page(index))

    def show_incident(self, incident_id: int | None) -> None:
        """The 突发事件 page, at one incident (a chip of the clock strip was clicked) or as it is."""
        index = self._page_index("IncidentsPage")
        if index is None or self.locked:
            return
        page = self.page(index)
        self._go_to(index)
        if incident_id is not None:
            page.select_incident(incident_id)

    def new_incident(self, draft: dict | None = None):
        """The 突发事件 page's new-incident form, prefilled from `draft`; the form, or None when the page
        cannot be opened. Other areas (转为突发事件 from a call) ask the window, which knows every page,
        instead of importing the incidents area's internals."""
        index = self._page_index("IncidentsPage")
        if index is None or self.locked:
            return None
        page = self.page(index)
        page.new_incident(draft)
        return page.dialog

    def register_incident(self):
        """F3 from any page: the 突发事件 page with its new-incident form open; the form, or None."""
        index = self._page_index("IncidentsPage")
        if index is None or self.locked:
            return None
        self._go_to(index)
        return self.new_incident()

    def calls_page(self) -> CallsPage | None:
        index = self._page_index("CallsPage")
        return None if index is None else self.page(index)

    def new_call(self) -> None:
        """The call entry form, whatever page is open (the 来电登记 page owns it and shows the saved call)."""
        page = self.calls_page()
        if page is None or self.locked:
            return
        from dutyroom.gui.calls import actions as call_actions

        call_actions.new_call(page)

    def new_instruction(self):
        """收到批示 from any page: the 领导批示 page's form (the page lists it once saved); the form, or None."""
        index = self._page_index("InstructionsPage")
        if index is None or self.locked:
            return None
        return self.page(index).new_instruction()

    # -- the shift overview (值班首页) ----------------------------------------------------------------
    def open_item(self, class_name: str, item_id=None) -> None:
        """Another page asked for `class_name`'s page, at one of its items when `item_id` is given."""
        index = self._page_index(class_name)
        if self.locked:
            return
        if index is None:
            self.statusBar().showMessage("当前账号没有该页面。", 10000)
            return
        page = self.page(index)
        self._go_to(index)
        selector = getattr(page, ITEM_SELECTORS.get(class_name, ""), None)
        if item_id is not None and selector is not None and selector(item_id) is False:
            self.statusBar().showMessage("在该页面的列表中没有找到这一项，可能已被删除或不在当前筛选范围内。", 10000)

    def has_page(self, class_name: str) -> bool:
        return self._page_index(class_name) is not None

    def _tick(self, now) -> None:
        # The strip's tick is the one tick: every page's countdowns move at the same instant as its chips.
        self.alarm.tick(now)
        for page in self._built:
            if page is not None:
                page.on_tick(now)

    def show_wallboard(self) -> None:
        index = self._page_index("GlancePage")
        if index is not None and not self.locked:
            self.page(index).show_wallboard()

    def _offer_call_drafts(self) -> None:
        """After a crash, the call half typed when the program died is offered back once, on any page."""
        page = self.calls_page()
        if page is None or self.locked:
            return
        from dutyroom.gui.calls.entry_drafts import offer_call_drafts

        # The drafts are read off the GUI thread: the question comes when they arrive.
        offer_call_drafts(page, self.services, self.actor, on_offer=lambda box: setattr(page, "prompt", box))

    # -- menus ------------------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        work = bar.addMenu("值班(&D)")
        # F2 answers the duty telephone from any page: the call form opens over whatever is shown.
        self.call_action = self._action(work, "登记来电(&C)…", self.new_call, "F2")
        # F3 registers an incident reported by phone from any page; the 突发事件 page opens behind the form.
        self.incident_action = self._action(work, "登记突发事件(&E)…", self.register_incident, "F3")
        # F4 records a leader's instruction received by phone, whatever page is open.
        self.instruction_action = self._action(work, "收到领导批示(&I)…", self.new_instruction, "F4")
        self.empty_post_action = self._action(work, "空岗记录(&K)…", self.show_empty_posts, "Ctrl+K")
        work.addSeparator()
        self.lock_action = self._action(work, "锁定(&L)", lambda: self.lock("manual"), "Ctrl+L")
        self._action(work, "切换用户(&U)…", self.switch_user_requested.emit)
        work.addSeparator()
        # Ctrl+Q itself: the platform's standard Quit key is empty on Windows and in some desktops
        self.quit_action = self._action(work, "退出(&X)", self.close, "Ctrl+Q")

        view = bar.addMenu("视图(&V)")
        self.page_actions = [
            self._action(view, f"{index}  {spec.title}", lambda _=False, i=index: self._go_to(i), page_key(index))
            for index, spec in enumerate(self._specs[:10])]
        view.addSeparator()
        # 大屏模式: 值班首页 full screen for a second monitor (Esc leaves it).
        self.wallboard_action = self._action(view, "大屏模式(&W)", self.show_wallboard, "F11")
        view.addSeparator()
        group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        active = theme.current_theme()
        for name, label in theme.THEMES.items():
            # Alt+V then L or D, as every other item of the menus has its letter.
            action = self._action(view, f"{label}主题(&{name[0].upper()})", lambda _=False, n=name: self.set_theme(n))
            action.setCheckable(True)
            action.setChecked(name == active)
            group.addAction(action)
            self.theme_actions[name] = action

        help_menu = bar.addMenu("帮助(&H)")
        self.shortcuts_action = self._action(help_menu, "快捷键(&K)…", lambda: show_shortcuts(self), "F1")
        self._action(help_menu, "关于值班室(&A)", self._about)

    def set_theme(self, name: str) -> None:
        app = QApplication.instance()
        with self.idle.unwatched():
            name = theme_switch.switch(app, name)
        self.theme_actions[name].setChecked(True)
        for row, icon_name in enumerate(self._icons):
            self.nav.item(row).setIcon(theme.icon(icon_name))
        if self._lock_panel is not None:  # one built later takes the theme's icon then
            self._lock_panel.refresh_icon()
        # The theme belongs to this workstation (night room lighting), not to the office database.
        save_workstation(replace(load_workstation(), theme=name))

    def _about(self) -> None:
        QMessageBox.about(self, "关于值班室",
                          f"值班室 DutyRoom {__version__}\n\n数据库：{self.services.db.describe()}\n"
                          f"当前用户：{self.actor.display_name}（{self.actor.role.label}）")

    # -- lock -------------------------------------------------------------------------------------
    def lock(self, reason: str = "manual") -> None:
        if self.locked:
            return
        self.locked = True
        self.idle.pause()
        self.statusBar().clearMessage()  # a copied phone number must not stay readable
        self._set_menus_enabled(False)
        self.content.setEnabled(False)
        self.alarm.set_locked(True)
        self._hide_dialogs()
        self.lock_panel.reset(self.settings.office_name, LOCK_REASONS.get(reason, ""))
        self.screens.setCurrentWidget(self.lock_panel)
        self.lock_panel.password_edit.setFocus()

    def unlock(self) -> None:
        self.locked = False
        self.content.setEnabled(True)
        self.alarm.set_locked(False)
        self._set_menus_enabled(True)
        self.screens.setCurrentWidget(self.content)
        self.idle.resume()
        _focus_into(self.current_page())
        self._show_dialogs()

    def _hide_dialogs(self) -> None:
        """Dialogs open at lock time (an editor half filled in) are hidden, not closed: their data must
        not show and their modality must not block the lock screen; they come back as they were.
        A dialog run with exec() ends its loop when hidden, so pages open dialogs with open()."""
        self._hidden_dialogs = [w for w in QApplication.topLevelWidgets()
                                if isinstance(w, QDialog) and w.isVisible()]
        for dialog in self._hidden_dialogs:
            dialog.hide()

    def _show_dialogs(self) -> None:
        for dialog in self._hidden_dialogs:
            if shiboken6.isValid(dialog):
                dialog.show()
        self._hidden_dialogs = []

    def _set_menus_enabled(self, enabled: bool) -> None:
        # Shortcuts of menu actions fire even with the menu bar disabled: switch the actions off too.
        self.menuBar().setEnabled(enabled)
        for action in [*self.page_actions, self.lock_action, self.call_action, self.instruction_action,
                       self.empty_post_action, self.wallboard_action]:
            action.setEnabled(enabled)

    def check_idle(self) -> bool:
        """Lock when the idle time has run out (the timer calls this; tests call it after clock.advance)."""
        return self.idle.check_idle()

    # -- changes ----------------------------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        if change.kind == EntityKind.CONNECTION:  # listening again after an outage: read everything now
            self._reconnected()
            return
        if change.kind == EntityKind.SETTING:  # read off the GUI thread (common/loading.py)
            load(self, "settings", self.services.settings.get, self._settings_read)
        self.on_duty.on_change(change)
        self.clock_strip.on_change(change)
        self.alarm.on_change(change)
        if not is_clock_notice(change):  # deadline notices ring as alarms, not as a second banner
            self.notices.on_change(change)
        self._empty_post_change(change)
        for page in self._built:  # a page not built yet reads everything when it is
            if page is not None:
                page.on_change(change)

    def _settings_read(self, settings) -> None:
        self.settings = settings
        self.idle.set_minutes(settings.idle_lock_minutes)
        self.status.set_zone(settings.time_zone)
        self.clock_strip.set_zone(settings.time_zone)
        self.alarm.set_zone(settings.time_zone)
        self._update_title()

    # -- empty posts (空岗) -------------------------------------------------------------------------
    def _empty_post_change(self, change: Change) -> None:
        """The night's presence check asks whoever sits here; a 空岗 found on another workstation reaches
        this one's leader as a banner too (the scheduler's own notice covers the workstation that found it)."""
        if change.kind == EntityKind.PRESENCE_CHECK and change.op == "create" and change.origin == "scheduler":
            self.ask_presence(int(change.id or 0))
        elif change.kind == EntityKind.EMPTY_POST and change.op == "create" and change.origin == "remote":
            post_id, empty_posts = int(change.id or 0), self.services.empty_posts
            handover, zone_name = self.services.handover, self.settings.time_zone

            def read():
                return empty_posts.get(post_id), handover.duty_holder()

            def tell(found) -> None:
                post, holder = found
                text = f"空岗提醒：{post.kind.label}（{post.shift_name or '本班'}，在班：{post.rostered or '未排班'}）。{post.detail}"
                if holder is not None:  # named as the scheduler's own notice names them
                    text = f"{text.rstrip('。')}。{holder.words(to_zone(zone_name))}"
                self.notices.on_change(Change(EntityKind.NOTICE, change.id, "create", "remote", message=text,
                                              audience=Role.LEADER.value))

            load(self, ("empty_post", post_id), read, tell)

    def show_empty_posts(self):
        """空岗记录: the officer explains, the leader closes. The dialog, or None while locked."""
        if self.locked:
            return None
        from dutyroom.gui.empty_posts.records import EmptyPostsDialog

        self.empty_posts_dialog = EmptyPostsDialog(self.services, self.actor, self)
        self.empty_posts_dialog.open()
        return self.empty_posts_dialog

    def ask_presence(self, check_id: int) -> None:
        """Show the 在岗确认 prompt for a check being asked now — once the pending checks, read off the GUI
        thread, say it still is (answered at another workstation meanwhile: no prompt)."""
        empty_posts, now = self.services.empty_posts, self.services.clock.now()
        load(self, ("presence", check_id), lambda: empty_posts.pending_presence(now),
             lambda pending: self._prompt_presence(check_id, pending))

    def _prompt_presence(self, check_id: int, pending) -> None:
        from dutyroom.gui.empty_posts.presence import PresencePrompt

        check = next((c for c in pending if c.id == check_id), None)
        if check is None:
            return
        self.presence_prompt = PresencePrompt(self.services, self.actor, check_id, check.answer_by,
                                              self.settings.time_zone, self)
        self.presence_prompt.show()
        self.presence_prompt.raise_()
        self.presence_prompt.activateWindow()

    def _reconnected(self) -> None:
        # Other workstations' NOTIFYs sent while the server was away were never heard: read everything again.
        self.statusBar().showMessage("已重新连接数据库服务器，页面已刷新。", 10000)
        self.on_duty.refresh()
        self.clock_strip.reload()
        for page in self._built:
            if page is not None:
                page.refresh()
        self._next_page.start(0)  # the pages a server away kept from being built

    def _update_title(self) -> None:
        self.setWindowTitle(f"值班室 — {self.settings.office_name}")

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._call_drafts_offered:
            self._call_drafts_offered = True
            self._awaiting_first_paint = True
            # Timed from the first paint (paintEvent): counted from here, on a busy machine the timer ran out
            # before the window painted, and the officer waited for 来电登记 and the next page to be built.
            self._after_paint.start(FIRST_PAINT_WAIT_MS)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if self._awaiting_first_paint:
            self._awaiting_first_paint = False
            if self._after_paint.isActive():  # not when a test or a bench stopped it
                self._after_paint.start(AFTER_FIRST_PAINT_MS)

    def _quit_anyway(self) -> None:
        self.quit_confirmed = True
        self.close()

    def fit_to_screen(self, area: QRect | None = None) -> None:
        """1280×800 where the screen has room, else the screen's working area less the title bar: the
        status bar (clock, user, database) must never be below the screen's edge, e.g. at 1366×768,
        whose whole width is taken."""
        if area is None:
            screen = self.screen() or QApplication.primaryScreen()
            area = screen.availableGeometry() if screen is not None else QRect(0, 0, *PREFERRED_SIZE)
        # A screen not much wider than the usual size (1366×768, the commonest office screen) is filled:
        # a window 86 px short of the edge left two scroll bars and a strip of desktop for nothing.
        width = area.width() if area.width() < PREFERRED_SIZE[0] + FILL_BELOW_EXTRA_PX else PREFERRED_SIZE[0]
        height = min(PREFERRED_SIZE[1], area.height() - TITLE_BAR_ALLOWANCE)
        self.resize(width, height)
        self.move(area.x() + (area.width() - width) // 2, area.y() + max(0, (area.height() - height - TITLE_BAR_ALLOWANCE) // 2))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not self.quit_confirmed:  # an overdue report is not left behind unasked (gui/quit_guard.py)
            self.quit_prompt = ask_before_quit(self, self.clock_strip, self._quit_anyway)
            if self.quit_prompt is not None:
                event.ignore()
                return
        self.idle.stop()
        self.bridge.close()
        super().closeEvent(event)


def _one_shot(owner: QWidget, slot) -> QTimer:
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.timeout.connect(slot)
    return timer


def _focus_into(page: QWidget) -> None:
    """Keyboard focus to the page's own choice (its focus proxy) or its first field that takes Tab — not a
    tab bar (Ctrl+Tab turns the tabs from anywhere): on 管理 the focus sat on the tabs, where Insert (新增)
    and F5 of the tab below do not reach."""
    if page.focusProxy() is not None:
        page.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page and page.isAncestorOf(widget):
        if (widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and not isinstance(widget, QTabBar | QTabWidget)):  # a tab widget passes focus to its bar
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        widget = widget.nextInFocusChain()
