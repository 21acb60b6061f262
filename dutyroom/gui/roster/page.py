"""排班: the month's roster as a calendar, a list and per person; warnings, balance, swap history;
for administrators also the setup (班次, 轮班, 请假, 特殊时期).

Everyone sees the roster and may ask for swaps; the services decide who may generate and edit,
and a refusal shows as a message.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dutyroom.domain.localtime import to_local
from dutyroom.domain.months import month_range, shift_month
from dutyroom.domain.vocabulary import PositionKind, Role
from dutyroom.gui.common.forms import child, load_form
from dutyroom.gui.common.import_wizard import import_button
from dutyroom.gui.common.table_tab import make_table
from dutyroom.gui.common.widgets import add_shortcut, set_role
from dutyroom.gui.page import Page
from dutyroom.gui.roster import actions
from dutyroom.gui.roster.grid import MonthGridModel, make_month_view
from dutyroom.gui.roster.history import HistoryTab
from dutyroom.gui.roster.models import (
    BalanceModel,
    PersonDutyModel,
    RosterListModel,
    WarningModel,
    list_rows,
    person_duties,
)
from dutyroom.gui.roster.reading import MonthRead, balance_of, read_month
from dutyroom.services.events import EntityKind
from dutyroom.services.records import OfficeSettings
from dutyroom.services.roster.records import RosterMonth

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

ROSTER_KINDS = frozenset({EntityKind.ASSIGNMENT, EntityKind.ROSTER, EntityKind.PERSON, EntityKind.HOLIDAY,
                          EntityKind.SETTING, EntityKind.SHIFT, EntityKind.ROTATION, EntityKind.LEAVE,
                          EntityKind.SPECIAL_PERIOD, EntityKind.ROSTER_CHANGE})


class RosterPage(Page):
    title = "排班"
    watches = ROSTER_KINDS

    def __init__(self, services: Services, actor, parent: QWidget | None = None):
        super().__init__(services, actor, parent)
        self.setObjectName("roster_page")
        self.prompt = None
        self.dialog = None
        self.ics_remind: int | None = None  # 导出日历's 提前提醒 minutes, kept for the session (None: none)
        self.roster: RosterMonth | None = None
        # The office's settings as read with the month; until then the default zone (the page builds first).
        self._zone: str = OfficeSettings.time_zone
        self._settings: OfficeSettings | None = None
        form = load_form("roster_page", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(form)
        self.month_label: QLabel = child(form, QLabel, "monthLabel")
        font = self.month_label.font()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 2)
        self.month_label.setFont(font)
        self.buttons = {name: child(form, QPushButton, f"{name}Button")
                        for name in ("prev", "next", "today", "generate", "swap", "substitute", "print", "excel",
                                     "ics")}
        self.tabs: QTabWidget = child(form, QTabWidget, "tabs")

        today = self.today()
        self.year, self.month = today.year, today.month
        self._build_month_tab()
        self._build_list_tab()
        self._build_person_tab()
        self._build_warning_tab()
        self._build_balance_tab()
        self.history_tab = HistoryTab(self)
        self.tabs.addTab(self.history_tab, "调班记录")
        self.setup_tabs = []
        if actor.role == Role.ADMIN:
            from dutyroom.gui.roster.setup import setup_tabs  # officers never load the setup forms

            for widget, label in setup_tabs(services, actor, self):
                self.setup_tabs.append(widget)
                self.tabs.addTab(widget, label)

        b = self.buttons
        b["prev"].clicked.connect(lambda: self.go_month(-1))
        b["next"].clicked.connect(lambda: self.go_month(1))
        b["today"].clicked.connect(self.go_today)
        b["generate"].clicked.connect(lambda: actions.generate(self))
        if not actions.may_generate(actor):
            b["generate"].setToolTip(actions.NOT_A_SCHEDULER)
        b["swap"].clicked.connect(lambda: actions.change(self, "swap"))
        b["substitute"].clicked.connect(lambda: actions.change(self, "substitute"))
        b["print"].clicked.connect(lambda: actions.print_pdf(self))
        b["excel"].clicked.connect(lambda: actions.export_excel(self))
        b["ics"].clicked.connect(lambda: actions.export_ics(self))
        # Beside the tabs, where the row has room: the button row above is as wide as 1280×720 allows.
        b["import"] = import_button(self, services, actor, "roster")
        self.tabs.setCornerWidget(b["import"], Qt.Corner.TopRightCorner)
        self._shortcut(("PgUp",), lambda: self.go_month(-1))
        self._shortcut(("PgDown",), lambda: self.go_month(1))
        self._shortcut(("Home",), self.go_today, widget=self.grid)
        self.setFocusProxy(self.grid)  # while the month tab is open (Page.setFocusProxy)
        self.refresh()

    # -- building ---------------------------------------------------------------------------------
    def _shortcut(self, keys, slot, widget=None) -> None:
        add_shortcut(self, keys, slot, only_on=widget)

    def _build_month_tab(self) -> None:
        self.grid_model = MonthGridModel(self)
        self.grid = make_month_view(self.grid_model, self)
        self.grid.activated.connect(lambda index: actions.open_day(self, self.grid_model.day_at(index)))
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.grid.customContextMenuRequested.connect(
            lambda pos: self._day_menu(self.grid, self.grid_model.day_at(self.grid.indexAt(pos)), pos))
        self.tabs.addTab(self.grid, "月视图")

    def _build_list_tab(self) -> None:
        self.list_model = RosterListModel(self)
        self.list_view = make_table(self.list_model, self)
        self.list_view.setObjectName("rosterList")
        self.list_view.activated.connect(
            lambda index: actions.open_day(self, self.list_model.record(index.row()).day.day))
        self.list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list_view.customContextMenuRequested.connect(self._list_menu)
        self.tabs.addTab(self.list_view, "列表")

    def _build_person_tab(self) -> None:
        tab = QWidget(self)
        self.person_combo = QComboBox(tab)
        self.person_combo.setObjectName("personCombo")
        self.person_combo.setMinimumWidth(200)
        self.person_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # long unit names
        self.person_total = QLabel(tab)
        set_role(self.person_total, "hint")
        self.person_model = PersonDutyModel(self)
        self.person_view = make_table(self.person_model, tab)
        top = QHBoxLayout()
        label = QLabel("人员(&P)", tab)
        label.setBuddy(self.person_combo)
        top.addWidget(label)
        top.addWidget(self.person_combo)
        top.addWidget(self.person_total, 1)
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(self.person_view, 1)
        self.person_combo.currentIndexChanged.connect(lambda *_: self._show_person())
        self.person_tab_index = self.tabs.addTab(tab, "按人员")

    def _build_warning_tab(self) -> None:
        self.warning_tab = QWidget(self)
        self.warning_model = WarningModel(self)
        self.warning_view = make_table(self.warning_model, self.warning_tab)
        self.warning_view.setObjectName("warningList")
        # A month without problems says so, rather than showing an empty table one has to puzzle over.
        self.warning_empty = QLabel("本月排班没有需要注意的问题。", self.warning_tab)
        self.warning_empty.setObjectName("warningEmpty")
        self.warning_empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        set_role(self.warning_empty, "hint")
        layout = QVBoxLayout(self.warning_tab)
        layout.addWidget(self.warning_empty)
        layout.addWidget(self.warning_view, 1)
        self.warning_empty.hide()
        self.tabs.addTab(self.warning_tab, "提醒")

    def _build_balance_tab(self) -> None:
        tab = QWidget(self)
        self.balance_combo = QComboBox(tab)
        for kind in PositionKind:
            self.balance_combo.addItem(kind.label, kind)
        self.balance_note = QLabel(tab)
        set_role(self.balance_note, "hint")
        self.balance_note.setWordWrap(True)
        self.balance_model = BalanceModel(self)
        self.balance_view = make_table(self.balance_model, tab)
        top = QHBoxLayout()
        label = QLabel("岗位(&G)", tab)
        label.setBuddy(self.balance_combo)
        top.addWidget(label)
        top.addWidget(self.balance_combo)
        top.addWidget(self.balance_note, 1)
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(self.balance_view, 1)
        self.balance_combo.currentIndexChanged.connect(lambda *_: self._choose_balance())
        self.tabs.addTab(tab, "均衡")

    # -- time and navigation ------------------------------------------------------------------------
    def today(self) -> date:
        """In the office's zone as last read with the month (a key never waits on the database for it)."""
        return to_local(self.services.clock.now(), self._zone).date()

    def month_range(self) -> tuple[date, date]:
        return month_range(self.year, self.month)

    def go_month(self, delta: int) -> None:
        self.show_month(*shift_month(self.year, self.month, delta))

    def go_today(self) -> None:
        today = self.today()
        self.show_month(today.year, today.month)
        self.select_day(today)

    def show_month(self, year: int, month: int) -> None:
        self.year, self.month = year, month
        self.refresh()

    def select_day(self, day: date) -> None:
        index = self.grid_model.index_of(day)
        if index.isValid():
            self.grid.setCurrentIndex(index)

    def selected_day(self) -> date | None:
        return self.grid_model.day_at(self.grid.currentIndex())

    # -- showing ------------------------------------------------------------------------------------
    @property
    def roster_service(self):
        return getattr(self.services, "roster", None)

    def refresh(self) -> None:
        """Off the GUI thread (Page.load, roster/reading.py): the month shown stays until the read answers;
        a failure is a line in the banner or the status bar, never a modal box."""
        self.month_label.setText(f"{self.year}年{self.month}月")
        services, user_id, (year, month) = self.services, self.actor.user_id, (self.year, self.month)
        first, last = self.month_range()
        position = self.balance_combo.currentData()
        self.load("month", lambda: read_month(services, user_id, year, month, first, last, position),
                  self._month_read)

    def _month_read(self, read: MonthRead) -> None:
        keep = self.selected_day()
        self.roster, self._zone, self._settings = read.roster, read.settings.time_zone, read.settings
        self.grid_model.set_month(self.year, self.month, self.roster, self.today())
        if keep is not None and (keep.year, keep.month) == (self.year, self.month):
            self.select_day(keep)
        elif (self.today().year, self.today().month) == (self.year, self.month):
            self.select_day(self.today())
        else:
            self.select_day(date(self.year, self.month, 1))
        self.list_model.set_records(list_rows(self.roster))
        self.list_view.resizeColumnsToContents()
        self._fill_people(read.people, read.me)
        self._show_warnings(read.warnings)
        self._show_balance(read.balance)
        self.history_tab.show(read.changes)
        for tab in self.setup_tabs:
            tab.reload()

    def _fill_people(self, people: list, me: int | None) -> None:
        """The office's own staff (other units' contacts are never on its roster), read with the month."""
        current = self.person_combo.currentData()
        self.person_combo.blockSignals(True)
        self.person_combo.clear()
        for person in people:
            self.person_combo.addItem(f"{person.name}（{person.unit_name}）" if person.unit_name else person.name,
                                      person.id)
        index = self.person_combo.findData(current)
        if index < 0:  # first the logged-in person, else the first with a duty this month
            index = self.person_combo.findData(me) if me is not None else -1
        if index < 0:
            index = next((row for row, person in enumerate(people) if person_duties(self.roster, person.id)), 0)
        self.person_combo.setCurrentIndex(index)
        self.person_combo.blockSignals(False)
        self._show_person()

    def _show_person(self) -> None:
        person_id = self.person_combo.currentData()
        duties = person_duties(self.roster, person_id) if person_id is not None else []
        self.person_model.set_person(person_id or 0, duties)
        self.person_view.resizeColumnsToContents()
        rest = sum(1 for d in duties if d.day.marker == "休" or (d.day.day.weekday() >= 5 and d.day.marker != "班"))
        holidays = sum(1 for d in duties if d.day.marker == "休")
        self.person_total.setText(f"本月共 {len(duties)} 个班，其中休息日 {rest} 个（含节假日 {holidays} 个）"
                                  if person_id is not None else "请先在“管理”页添加人员")

    def _show_warnings(self, warnings: list) -> None:
        self.warning_model.set_records(warnings)
        self.warning_view.resizeColumnsToContents()
        self.warning_view.setVisible(bool(warnings))
        self.warning_empty.setVisible(not warnings)
        index = self.tabs.indexOf(self.warning_tab)
        self.tabs.setTabText(index, f"提醒（{len(warnings)}）" if warnings else "提醒")

    def _choose_balance(self) -> None:
        """Another position chosen (a key): its balance is read off the GUI thread."""
        roster, position, last = self.roster_service, self.balance_combo.currentData(), self.month_range()[1]
        if roster is not None:
            self.load("balance", lambda: balance_of(roster, position, last), self._show_balance)

    def _show_balance(self, balance: tuple) -> None:
        first, last, rows = balance
        self.balance_model.set_records(rows)
        self.balance_view.resizeColumnsToContents()
        settings = self._settings
        if settings is None:
            return  # the month's read brings them, and says this line then
        span = f"（{first.isoformat()} 至 {last.isoformat()}）" if first else ""
        self.balance_note.setText(f"统计最近 {settings.fairness_lookback_months} 个月{span}；"
                                  f"休息日按 {settings.rest_day_weight:g} 倍、节假日按 {settings.holiday_weight:g} 倍计。")

    # -- menus --------------------------------------------------------------------------------------
    def _day_menu(self, view: QTableView, day: date | None, pos) -> None:
        if day is None:
            return
        menu = QMenu(view)
        menu.addAction(f"查看 {day.month}月{day.day}日…", lambda: actions.open_day(self, day))
        menu.addSeparator()
        menu.addAction("调班…", lambda: actions.change(self, "swap", day=day))
        menu.addAction("代班…", lambda: actions.change(self, "substitute", day=day))
        menu.addSeparator()
        generate = menu.addAction("从这天起生成排班…", lambda: actions.generate(self, first=day))
        if not actions.may_generate(self.actor):
            generate.setEnabled(False)  # a menu says why in its entry's status tip instead of a dialog
            generate.setText("从这天起生成排班…（由管理员生成）")
        self._menu = menu
        menu.popup(view.viewport().mapToGlobal(pos))

    def _list_menu(self, pos) -> None:
        index = self.list_view.indexAt(pos)
        if index.isValid():
            self._day_menu(self.list_view, self.list_model.record(index.row()).day.day, pos)
