"""突发事件: the incident list (lazy, newest first) and, for the selected incident, all its clocks side by
side, its report chain and its leaders' instructions; buttons for what an officer does next.

F3 (the window's key, from any page) or Ctrl+E registers a new incident; Enter on a row edits it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dutyroom.domain.localtime import format_local
from dutyroom.domain.vocabulary import IncidentStatus, ReportKind, Role
from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.buttons import button_bar
from dutyroom.gui.common.import_wizard import import_button
from dutyroom.gui.common.loading import loading
from dutyroom.gui.common.outage import read_failed
from dutyroom.gui.common.paged_model import bound_resize, changed_ids, reread
from dutyroom.gui.common.prompts import inform
from dutyroom.gui.common.splitter import list_and_detail
from dutyroom.gui.common.table_tab import make_table
from dutyroom.gui.common.widgets import add_shortcut, set_role, show_status
from dutyroom.gui.incidents import actions
from dutyroom.gui.incidents.bulletin import open_bulletin
from dutyroom.gui.incidents.models import ClockModel, IncidentListModel, InstructionModel, ReportChainModel
from dutyroom.gui.incidents.report import next_kind
from dutyroom.gui.page import Page
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.incidents.records import IncidentRecord, ReportRecord
from dutyroom.services.records import OfficeSettings

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

MINUTE_MS = 60_000
#: 报送首报 / 续报 (R for report): shown on the button and in 帮助 → 快捷键
REPORT_KEY = "Ctrl+R"
NOT_A_WRITER = "突发事件由值班员或带班领导登记和报送；管理员账户可以查看和打印，不能登记。"
STATUS_FILTERS = (("全部事件", None), ("接报", IncidentStatus.RECEIVED), ("处置中", IncidentStatus.HANDLING),
                  ("已终报", IncidentStatus.CLOSED))


def _detail(incidents, incident_id: int) -> tuple:
    """An incident's record, clocks and reports, as the detail shows them (a worker thread runs this)."""
    return incidents.get(incident_id), incidents.clocks(incident_id), incidents.reports(incident_id)


def _detail_of(incidents, incident_id: int | None) -> tuple | None:
    """The shown incident's detail read with a refresh's rows; None when none is shown or it cannot be read
    (gone, or the server away): the detail is then read on its own and says so there."""
    if incident_id is None:
        return None
    try:
        return _detail(incidents, incident_id)
    except DutyRoomError:
        return None


class IncidentsPage(Page):
    title = "突发事件"
    watches = frozenset({EntityKind.INCIDENT, EntityKind.REPORT, EntityKind.CLOCK, EntityKind.INSTRUCTION})

    def __init__(self, services: Services, actor, parent: QWidget | None = None):
        super().__init__(services, actor, parent)
        self.setObjectName("incidents_page")
        self.dialog = None
        self.prompt = None
        self.incident: IncidentRecord | None = None
        self.reports: list[ReportRecord] = []
        self._drafts_offered = False
        self._status: IncidentStatus | None = None  # the filter as last read on the GUI thread (reads use it)
        self._wanted: tuple[bool, bool] = (False, False)  # restart, recount asked and not yet read
        # What the newest refresh read beside the rows: (incident shown, its detail, list was empty, restart)
        self._shown: tuple[int | None, tuple | None, bool, bool] = (None, None, True, False)
        self._select_later: int | None = None  # an incident asked for (a chip clicked) while the list is read
        # Read on every refresh (a setting may change), never once a painted cell; the first refresh may fail
        # (a server away while the page is built), so the page is built on the default zone.
        self.zone_name = OfficeSettings.time_zone
        zone = lambda: self.zone_name  # noqa: E731
        now = self.services.clock.now

        bar = QHBoxLayout()
        self.buttons = button_bar(self, (("new", "新建事件… F3", "登记一起新的突发事件（F3 或 Ctrl+E）"),
                                         ("edit", "编辑…", "修改所选事件的信息（Enter）"),
                                         ("report", "报送首报… Ctrl+R", "报送所选事件的下一份报告（Ctrl+R）"),
                                         ("instruction", "领导批示…", "记录领导对所选事件的批示"),
                                         ("bulletin", "编发快报…", "根据所选事件编发值班快报或信息专报，并生成 PDF"),
                                         ("print", "打印报告…", "把所选报告（或最近一份）生成为 PDF")), row=bar)
        self.buttons["import"] = import_button(self, services, actor, "incidents")
        bar.addWidget(self.buttons["import"])
        set_role(self.buttons["new"], "primary")
        bar.addStretch(1)
        self.filter_combo = QComboBox(self)
        self.filter_combo.setObjectName("statusFilter")
        for text, status in STATUS_FILTERS:
            self.filter_combo.addItem(text, status)
        self.count_label = QLabel(self)
        set_role(self.count_label, "hint")
        bar.addWidget(self.count_label)
        bar.addWidget(self.filter_combo)

        self.model = IncidentListModel(self._fetch, now, zone, parent=self, fetch_one=self._fetch_one)
        self.model.read_failed.connect(lambda exc: read_failed(self, exc))
        self.total = 0  # 共 N 起: counted when what is counted can have changed, not on every refresh
        self.table = make_table(self.model, self)
        bound_resize(self.table)
        self.table.setObjectName("incidentTable")
        self.empty = QLabel("还没有登记突发事件。接到事件报告时，按 F3 或点“新建事件…”登记，时限自动开始计时。", self)
        set_role(self.empty, "hint")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        self.detail_title = QLabel(self)
        self.detail_title.setObjectName("incidentDetailTitle")
        self.detail_title.setWordWrap(True)
        self.detail_facts = QLabel(self)
        self.detail_facts.setWordWrap(True)
        self.detail_facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.detail_facts, "hint")
        self.clock_model = ClockModel(now, zone, self)
        self.chain_model = ReportChainModel(zone, self)
        self.instruction_model = InstructionModel(zone, self)
        self.clock_view = make_table(self.clock_model, self)
        self.clock_view.setObjectName("clockTable")
        self.chain_view = make_table(self.chain_model, self)
        self.chain_view.setObjectName("reportChain")
        self.instruction_view = make_table(self.instruction_model, self)
        self.instruction_view.setObjectName("instructionTable")
        boxes = QHBoxLayout()
        clock_box = QGroupBox("报送时限（全部）", self)
        inner = QVBoxLayout(clock_box)
        inner.setContentsMargins(4, 4, 4, 4)
        inner.addWidget(self.clock_view)
        boxes.addWidget(clock_box, 1)
        # The report chain and the instructions take turns at the full height: at 1280×800 two
        # stacked tables showed one row each.
        self.detail_tabs = QTabWidget(self)
        self.detail_tabs.setObjectName("incidentDetailTabs")
        self.detail_tabs.addTab(self.chain_view, "报告链")
        self.detail_tabs.addTab(self.instruction_view, "领导批示")
        boxes.addWidget(self.detail_tabs, 1)
        self.detail = detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 4, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.detail_facts)
        detail_layout.addLayout(boxes, 1)
        for view in (self.clock_view, self.chain_view, self.instruction_view):
            view.setMinimumHeight(64)  # the list keeps room for a screenful of incidents at 1280×800
        self.splitter = list_and_detail(self, self.table, detail, empty=self.empty, sizes=(250, 380),
                                        stretch=(1, 1))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        b = self.buttons
        b["new"].clicked.connect(lambda: self.new_incident())
        b["edit"].clicked.connect(lambda: actions.edit_incident(self))
        b["report"].clicked.connect(lambda: actions.send_report(self))
        b["instruction"].clicked.connect(lambda: actions.add_instruction(self))
        b["print"].clicked.connect(lambda: actions.print_report(self))
        b["bulletin"].clicked.connect(lambda: open_bulletin(self))
        self._shortcut(("Ctrl+E",), lambda: self.new_incident())  # F3 is the window's, from every page
        self._shortcut((REPORT_KEY,), self.report_by_key)
        self.table.activated.connect(lambda *_: self.buttons["edit"].isEnabled() and actions.edit_incident(self))
        self.chain_view.activated.connect(lambda index: actions.open_report(self, self.chain_model.record(index.row())))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_detail())
        self.filter_combo.currentIndexChanged.connect(lambda *_: self.refresh(restart=True))
        self.setFocusProxy(self.table)
        # The "最近时限" column and the clocks' remaining time move on without reading the database.
        self.minute = QTimer(self)
        self.minute.setInterval(MINUTE_MS)
        self.minute.timeout.connect(self.tick)
        self.minute.start()
        self.refresh(restart=True)

    def _shortcut(self, keys, slot) -> None:
        add_shortcut(self, keys, slot)

    # -- data ----------------------------------------------------------------------------------------
    def status_filter(self) -> IncidentStatus | None:
        return self.filter_combo.currentData()

    # A failed read raises into the model, which keeps what it shows and says so quietly (read_failed).
    # These run on a worker thread (a refresh's reads): services and the filter held, never a widget.
    def _fetch(self, after: IncidentRecord | None, limit: int) -> list[IncidentRecord]:
        return self.services.incidents.list(status=self._status, after=after, limit=limit)

    def _fetch_one(self, incident_id: int) -> IncidentRecord | None:
        return self.services.incidents.listed(incident_id, status=self._status)

    def _nearest(self) -> dict:
        nearest: dict = {}
        try:
            for clock in self.services.incidents.open_clocks():  # nearest due first
                nearest.setdefault(clock.incident_id, clock)
        except DutyRoomError:
            pass
        return nearest

    def on_change(self, change: Change) -> None:
        if change.kind in self.watches:
            # Only a new or deleted incident changes how many there are (an edit does not: the count of
            # five years is not read again for a saved title), or, while a status filter is chosen, an
            # edit or a report that moves one from one status to another; a clock or an instruction never.
            filtered = self.status_filter() is not None
            recount = (change.kind == EntityKind.INCIDENT and (change.op != "update" or filtered)) or (
                change.kind == EntityKind.REPORT and filtered)
            self.refresh(changed=changed_ids(change, EntityKind.INCIDENT), recount=recount)

    def refresh(self, *, changed: Iterable[int] = (), restart: bool = False, recount: bool = True) -> None:
        """After a change: the newest page, the rows on screen and the `changed` incidents are read again,
        the rest of a long scrolled list is kept as it was. `restart` (a new filter) reads from the top.
        Off the GUI thread, in one job with the rows: the zone, the nearest clocks, the count when asked,
        and the shown incident's detail, so the refresh is one trip to the worker, not three in a row.
        What a request superseded meanwhile asked for is read with the next (the model keeps `changed`)."""
        was_restart, was_recount = self._wanted
        self._wanted = (was_restart or restart, was_recount or recount)
        self._status = status = self.status_filter()
        count = self._wanted[0] or self._wanted[1]
        keep = self.incident.id if self.incident is not None else None
        incidents, settings = self.services.incidents, self.services.settings

        def fetch():
            return (settings.get().time_zone, self._nearest(), incidents.count(status=status) if count else None,
                    _detail_of(incidents, keep))

        reread(self.model, self.table, changed, restart=self._wanted[0], then=self._listed,
               along=(fetch, lambda read: self._summary_read(keep, read)))

    def _summary_read(self, keep: int | None, read) -> None:
        """Just before the rows are laid out: what the list's cells and the detail are drawn from."""
        (restart, _), self._wanted = self._wanted, (False, False)
        self.zone_name, nearest, total, detail = read
        if total is not None:
            self.total = total
        self._shown = (keep if self.incident is not None and self.incident.id == keep else None, detail,
                       self.model.rowCount() == 0, restart)
        self.model.set_nearest(nearest, notify=False)

    def _listed(self) -> None:
        keep, detail, was_empty, restart = self._shown
        total = self.total
        self.count_label.setText(f"共 {total} 起")
        self.table.setVisible(total > 0 or self.status_filter() is not None)
        self.empty.setVisible(total == 0 and self.status_filter() is None)
        self.detail.setVisible(total > 0)
        # Ctrl+3 lands on the list, or on 新建事件 while there is nothing to list.
        self.setFocusProxy(self.table if self.table.isVisibleTo(self) or not self.buttons["new"].isEnabled()
                           else self.buttons["new"])
        if restart or was_empty:  # widths are measured when a list is first shown, not on every change
            self.table.resizeColumnsToContents()  # the visible rows and a sample (bound_resize)
        current = self.selected()
        asked, self._select_later = self._select_later, None
        if asked is not None:
            if not self.select_incident(asked):
                show_status(self, "在该页面的列表中没有找到这一项，可能已被删除或不在当前筛选范围内。", 10000)
        elif not restart and current is not None and current.id == keep:
            # The selection followed its incident; the scroll stays where it was. Its detail came with the
            # rows, unless the officer chose another incident meanwhile (then it is read for that one).
            if detail is not None and not loading(self, "detail"):
                self._detail_read(detail)
            else:
                self.show_detail()
        else:
            self.select_incident(keep if keep is not None and not restart else None)

    def tick(self) -> None:
        self.load("nearest", self._nearest, self._nearest_read)

    def _nearest_read(self, nearest: dict) -> None:
        self.model.set_nearest(nearest)
        self.clock_model.layoutChanged.emit()

    def on_tick(self, now) -> None:
        """The clock strip's tick (main window): the clock table's remaining time moves with the strip's."""
        self.clock_model.tick(now, repaint=self.isVisible())

    def new_incident(self, draft: dict | None = None) -> None:
        """Open the new-incident form (F3), prefilled from `draft` when another area hands one over.

        Someone who may not register incidents is told why at once, not left with a key that does nothing.
        """
        if not self.writer:
            self.prompt = inform(self, "不能登记突发事件", NOT_A_WRITER)
            return
        actions.new_incident(self, draft=draft)

    def select_incident(self, incident_id: int | None) -> bool:
        if incident_id is not None and loading(self.model, "rows"):
            self._select_later = incident_id  # the list is being read: chosen once it is in
            return True
        row = self.model.row_of(incident_id) if incident_id is not None else (0 if self.model.rowCount() else -1)
        while row < 0 and incident_id is not None and self.model.canFetchMore():
            self.model.fetchMore()
            row = self.model.row_of(incident_id)
        if row < 0:
            self.table.clearSelection()
            self.show_detail()
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(self.model.index(row, 0))
        self.show_detail()
        return True

    def selected(self) -> IncidentRecord | None:
        index = self.table.currentIndex()
        return self.model.incident(index.row()) if index.isValid() else None

    def show_detail(self) -> None:
        """The selected incident's facts, clocks and reports, read off the GUI thread (Page.load). Another
        incident chosen: the buttons wait for its record, so none acts on the one shown before."""
        chosen = self.selected()
        if chosen is None:
            self._detail_read((None, [], []))
            return
        if self.incident is not None and self.incident.id != chosen.id:
            self.incident, self.reports = None, []
            self._enable()
        incidents, chosen_id = self.services.incidents, chosen.id
        self.load("detail", lambda: _detail(incidents, chosen_id), self._detail_read, failed=self._detail_failed)

    def _detail_failed(self, exc: DutyRoomError) -> None:
        self._detail_read((None, [], []))
        self.detail_facts.setText("⚠ " + exc.message)

    def _detail_read(self, read) -> None:
        self.incident, clocks, self.reports = read
        instructions = self.incident.instructions if self.incident is not None else []
        self.clock_model.set_records(clocks)
        self.chain_model.set_records(self.reports)
        self.instruction_model.set_records(instructions)
        for view in (self.clock_view, self.chain_view, self.instruction_view):
            view.resizeColumnsToContents()
        self.detail_tabs.setTabText(0, f"报告链（{len(self.reports)}）" if self.reports else "报告链")
        self.detail_tabs.setTabText(1, f"领导批示（{len(instructions)}）" if instructions else "领导批示")
        self._show_heading()
        self._enable()

    def _show_heading(self) -> None:
        incident = self.incident
        if incident is None:
            self.detail_title.setText("请在上方选择一起事件。" if self.model.rowCount() else "")
            self.detail_facts.clear()
            return
        zone = self.zone_name
        self.detail_title.setText(f"<b>{incident.title}</b>　{incident.category.label} · {incident.level.label}"
                                  f" · {incident.status.label}")
        c = incident.casualties
        counts = "、".join(f"{label}{'不详' if v is None else f'{v}人'}" for label, v in
                          (("死亡", c.deaths), ("受伤", c.injured), ("失踪", c.missing), ("被困", c.trapped)))
        self.detail_facts.setText(f"事发 {format_local(incident.occurred_at, zone)} · 接报 "
                                  f"{format_local(incident.received_at, zone)} · {incident.place} · {counts}"
                                  + (f" · 报告单位：{incident.source_unit}" if incident.source_unit else ""))

    @property
    def writer(self) -> bool:
        return self.actor.role in (Role.OFFICER, Role.LEADER)

    def _enable(self) -> None:
        incident = self.incident
        has = incident is not None
        kind = next_kind(self.reports) if has else None
        # The service refuses administrators too; they are not left to type a whole form first.
        # 新建事件 stays pressable and answers why (NOT_A_WRITER); the others need a selection anyway.
        writer = self.writer
        for name in ("edit", "instruction", "bulletin"):
            self.buttons[name].setEnabled(has and writer)
        self.buttons["print"].setEnabled(has)
        self.buttons["report"].setEnabled(kind is not None and writer)
        if not writer:
            for name in ("new", "edit", "report", "instruction", "bulletin"):
                self.buttons[name].setToolTip(NOT_A_WRITER)
        label = {ReportKind.FIRST: "报送首报…", ReportKind.FOLLOW_UP: "报送续报/终报…"}.get(kind) if has else "报送首报…"
        self.buttons["report"].setText(f"{label} {REPORT_KEY}" if label else "已终报")

    def report_by_key(self) -> None:
        """Ctrl+R: the next report of the selected incident; a key that cannot act says why, as the button's
        tooltip would."""
        if self.buttons["report"].isEnabled():
            actions.send_report(self)
        elif not self.writer:
            self.prompt = inform(self, "不能报送", NOT_A_WRITER)
        elif self.incident is None:
            show_status(self, "请先在列表中选中要报送的事件")
        else:
            show_status(self, "所选事件已终报，不再报送")

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._drafts_offered:
            self._drafts_offered = True
            QTimer.singleShot(0, lambda: actions.offer_drafts(self))
