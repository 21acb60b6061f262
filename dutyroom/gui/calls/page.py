"""来电登记: the call log (any number of years, searched as you type), the selected call in full with the
calls like it, the 督办 list of assigned calls, and the statistics with the handled rate.

F2 registers a call from anywhere in the window (the main window owns it); Ctrl+N does on this page;
Ctrl+F goes to the search box; Enter on a row edits the call.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from dutyroom.domain.localtime import DEFAULT_ZONE
from dutyroom.domain.vocabulary import FollowUpKind, Role
from dutyroom.errors import DutyRoomError
from dutyroom.gui.calls import actions
from dutyroom.gui.calls.detail import CallDetail, read_detail
from dutyroom.gui.calls.filters import CallFilterBar
from dutyroom.gui.calls.follow_up import FollowUpView
from dutyroom.gui.calls.log_cells import CALL_ROLE, SUMMARY, TIME
from dutyroom.gui.calls.log_model import CallLogModel
from dutyroom.gui.calls.similar import SimilarPanel
from dutyroom.gui.calls.stats_view import StatsView
from dutyroom.gui.calls.table import CallTable
from dutyroom.gui.common.background import run_in_background
from dutyroom.gui.common.buttons import busy, button_bar
from dutyroom.gui.common.import_wizard import import_button
from dutyroom.gui.common.splitter import list_and_detail
from dutyroom.gui.common.widgets import add_shortcut, set_role, while_alive
from dutyroom.gui.page import Page
from dutyroom.services.calls.records import CallCount, CallRecord, CallRow
from dutyroom.services.events import Change, EntityKind

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

EMPTY_TEXT = ("还没有来电记录。接电话时按 F2（在任何页面都可以）登记来电：光标从第一个空开始，"
              "Tab 按说话的顺序走，Enter 保存。")
#: a typical text of each column of the log, for its width at 1280×800; 内容摘要 takes what is left, the full
#: text of a cut cell is in its tooltip and the selected call is shown in full below the table
WIDTHS = {0: "11-21 09:05", 1: "来电", 2: "王先生", 3: "0571-8888 6666", 4: "城西镇安", 5: "咨询",
          7: "报告领导", 8: "⚠ 逾期 3 天 · 城建", 9: "周晓梅", 10: "苗 普"}
LOG, FOLLOW_UPS, STATISTICS = range(3)


class CallsPage(Page):
    title = "来电登记"
    watches = frozenset({EntityKind.CALL, EntityKind.SETTING})

    def __init__(self, services: Services, actor, parent: QWidget | None = None):
        super().__init__(services, actor, parent)
        self.setObjectName("calls_page")
        self.dialog = None
        self.prompt = None
        self.escalation = None  # the incident form opened by 转为突发事件
        self.record: CallRecord | None = None
        self._chosen: int | None = None  # the id of the call whose detail is shown or on its way
        self._zone = DEFAULT_ZONE  # the office's zone as last read (the detail pane's read brings it)
        self._stale = {FOLLOW_UPS: True, STATISTICS: True}
        self._counting = 0

        self.filters = CallFilterBar(services, self)
        self.buttons = button_bar(self, (
            ("new", "新建来电（F2）", "登记一个来电或去电（F2 在任何页面都可以，本页也可按 Ctrl+N）"),
            ("print", "打印登记表…", "把筛选的日期范围（未选日期时为今天）的来电登记表保存为 PDF"),
            ("export", "导出…", "把当前筛选和搜索到的来电导出为 Excel 表")), suffix="CallsButton")
        set_role(self.buttons["new"], "primary")
        self.filters.add_to_search_row(self.buttons["new"], first=True)
        self.filters.add_to_search_row(self.buttons["print"])
        self.filters.add_to_search_row(self.buttons["export"])
        self.buttons["import"] = import_button(self, services, actor, "calls")
        self.filters.add_to_search_row(self.buttons["import"])

        self.model = CallLogModel(services, self, read_now=False)  # read by the refresh at the end of __init__
        self.table = CallTable(self.model, self)
        self.table.set_widths(WIDTHS, stretch=SUMMARY)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(TIME, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)
        self.empty = QLabel(EMPTY_TEXT, self)
        self.empty.setObjectName("callsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        set_role(self.empty, "hint")
        self.detail = CallDetail(self)
        self.similar = SimilarPanel(services, actor, self)
        # The call's detail with the calls like it beside it: the similar list is what the detail is read against.
        self.bottom = list_and_detail(self, self.detail, self.similar, sizes=(560, 480),
                                      orientation=Qt.Orientation.Horizontal)
        self.splitter = list_and_detail(self, self.table, self.bottom, empty=self.empty, sizes=(280, 220))
        log = QWidget(self)
        log_layout = QVBoxLayout(log)
        log_layout.setContentsMargins(0, 4, 0, 0)
        log_layout.addWidget(self.filters)
        log_layout.addWidget(self.splitter, 1)

        self.follow_view = FollowUpView(services, self)
        self.stats_view = StatsView(services, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(log, "来电记录")
        self.tabs.addTab(self.follow_view, "督办")
        self.tabs.addTab(self.stats_view, "统计")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self._connect()
        self.setFocusProxy(self.filters.search_edit)
        self.refresh()

    def _connect(self) -> None:
        b, d, f = self.buttons, self.detail.buttons, self.follow_view.buttons
        b["new"].clicked.connect(lambda: actions.new_call(self))
        b["print"].clicked.connect(lambda: actions.print_log(self))
        b["export"].clicked.connect(lambda: actions.export_log(self))
        d["edit"].clicked.connect(lambda: actions.edit_call(self))
        d["escalate"].clicked.connect(self._escalate_or_show)
        d["instruction"].clicked.connect(lambda: actions.add_instruction(self))
        d["delete"].clicked.connect(lambda: actions.delete_call(self))
        f["chase"].clicked.connect(lambda: actions.follow_up(self, FollowUpKind.CHASE))
        f["feedback"].clicked.connect(lambda: actions.follow_up(self, FollowUpKind.FEEDBACK))
        f["close"].clicked.connect(lambda: actions.follow_up(self, FollowUpKind.CLOSE))
        f["edit"].clicked.connect(lambda: actions.edit_call(self, self.follow_view.record))
        self.similar.mark_button.clicked.connect(lambda: actions.mark_widespread(self))
        self.similar.export_button.clicked.connect(lambda: actions.export_similar(self))
        self.stats_view.print_button.clicked.connect(lambda: actions.print_stats(self))
        self.filters.changed.connect(self.apply_filter)
        self.filters.count_button.clicked.connect(self.count_matches)
        self.model.state_changed.connect(self._show_state)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_detail())
        self.table.activated.connect(lambda *_: d["edit"].isEnabled() and actions.edit_call(self))
        self.tabs.currentChanged.connect(self._tab_shown)
        self._shortcut(("Ctrl+N",), lambda: b["new"].isEnabled() and actions.new_call(self))
        self._shortcut(("Ctrl+F",), self.focus_search)

    def _shortcut(self, keys, slot) -> None:
        add_shortcut(self, keys, slot)

    # -- the log ----------------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(LOG)
        self.filters.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search_edit.selectAll()

    def apply_filter(self) -> None:
        self.model.set_filter(replace(self.filters.filter(), oldest_first=self.model.filter().oldest_first),
                              then=while_alive(self, lambda _reset: self._select_row(0)))

    def _sort_changed(self, section: int, order: Qt.SortOrder) -> None:
        header = self.table.horizontalHeader()
        if section != TIME:
            # Only time order is offered; the arrow goes back to the time column.
            current = Qt.SortOrder.AscendingOrder if self.model.filter().oldest_first else Qt.SortOrder.DescendingOrder
            header.blockSignals(True)
            header.setSortIndicator(TIME, current)
            header.blockSignals(False)
            return
        oldest_first = order == Qt.SortOrder.AscendingOrder
        if oldest_first != self.model.filter().oldest_first:
            self.model.set_filter(replace(self.model.filter(), oldest_first=oldest_first),
                                  then=while_alive(self, lambda _reset: self._select_row(0)))

    def count_matches(self) -> None:
        """统计条数: count a search in the background; the answer counts only if the search is still the same.
        The quick count may say "more than N" (CallCount.more); pressed again (精确统计) it counts every match."""
        flt = self.model.filter()
        exactly = self.model.more_than() is not None
        self._counting += 1
        asked = self._counting
        self.filters.result_label.setText("正在统计…")
        self.filters.count_button.setEnabled(False)
        calls = self.services.calls

        def done(got: CallCount) -> None:
            self.filters.count_button.setEnabled(True)
            if asked == self._counting and self.model.filter() == flt:
                if got.more:
                    self.model.set_more_than(got.total)
                else:
                    self.model.set_total(got.total)

        def failed(exc: Exception) -> None:
            self.filters.count_button.setEnabled(True)
            self.filters.show_result(0, None, True, exc.message if isinstance(exc, DutyRoomError) else str(exc))

        count = (lambda: CallCount(calls.count(flt))) if exactly else (lambda: calls.count_on_demand(flt))
        run_in_background(count, while_alive(self, done), while_alive(self, failed))

    def _show_state(self) -> None:
        model = self.model
        self.filters.show_result(model.rowCount(), model.total(), model.searching(), model.error,
                                 oldest_first=model.filter().oldest_first, more_than=model.more_than())
        empty = model.total() == 0 and not model.searching() and not self.filters.is_filtered() and not model.error
        self.empty.setVisible(empty)
        self.table.setVisible(not empty)
        self.bottom.setVisible(not empty)

    def refresh(self, *, recount: bool = True, arrivals: bool = True, select: int | None = None) -> None:
        """Read the log again (off the GUI thread) keeping the selected call and the scroll; the other tabs when
        shown, then the call `select`. A page switch or a reconnection (`recount`) counts again: notices may have
        been missed meanwhile."""
        current = self.table.currentIndex()
        near = current.row() if current.isValid() else 0
        keep = self._chosen  # the call chosen, whether or not its detail has arrived yet
        scroll = self.table.verticalScrollBar().value()

        def placed(reset: bool) -> None:
            if reset and keep is not None:
                row = self.model.locate(keep, near)
                self.table.verticalScrollBar().setValue(scroll)
                self._select_row(row if row >= 0 else 0, scroll_to=row < 0)
            elif not self.table.currentIndex().isValid() and self.model.rowCount():
                self._select_row(0)
            else:
                self.show_detail()
            if select is not None:
                self.select_call(select)
            self._show_state()

        self.model.refresh(recount=recount, arrivals=arrivals, then=while_alive(self, placed))
        self._stale = {FOLLOW_UPS: True, STATISTICS: True}
        self._tab_shown(self.tabs.currentIndex())

    def call_changed(self, op: str, call_id: str | None) -> None:
        """A call was saved, deleted or changed in bulk (here or elsewhere): the log follows without counting
        it again where it can — a new or edited call keeps the total, a deleted one shown takes one off."""
        if op == "delete" and call_id is not None and call_id.isdigit() and self.model.forget(int(call_id)):
            self.show_detail()
            self._show_state()
            self._stale = {FOLLOW_UPS: True, STATISTICS: True}
            self._tab_shown(self.tabs.currentIndex())
            return
        self.refresh(recount=op in ("delete", "bulk"), arrivals=op == "create")

    def _select_row(self, row: int, *, scroll_to: bool = True) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            if scroll_to:
                self.table.scrollTo(index)
        else:
            self.table.clearSelection()
        self.show_detail()

    def select_call(self, call_id: int) -> bool:
        """Show one call in the log (after a save, from the 督办 list): found among the rows read, else looked
        for near the top, where a new call lands; once the log's read on the way has arrived, if there is one."""
        if self.model.loading():
            self.refresh(recount=False, select=call_id)
            return True
        row = self.model.locate(call_id, self.table.currentIndex().row() if self.table.currentIndex().isValid() else 0)
        if row < 0:
            row = self.model.locate(call_id, 0)
        if row < 0:
            return False
        self._select_row(row)
        return True

    def selected_row(self) -> CallRow | None:
        index = self.table.currentIndex()
        return self.model.data(self.model.index(index.row(), 0), CALL_ROLE) if index.isValid() else None

    def show_detail(self) -> None:
        """The selected call in full with its instructions, read off the GUI thread (Page.load). Another call
        chosen: the buttons wait for its record, so none acts on the call shown before."""
        row = self.selected_row()
        self._chosen = row.id if row is not None else None
        if row is None:
            self._detail_read((None, self._zone, None, [], ""))
            return
        if self.record is not None and self.record.id != row.id:
            self.record = None
            self._enable()
        services, call_id = self.services, row.id
        self.load("detail", lambda: read_detail(services, call_id), self._detail_read, failed=self._detail_failed)

    def _detail_failed(self, exc: DutyRoomError) -> None:
        self._detail_read((None, self._zone, None, [], "⚠ " + exc.message))

    def _detail_read(self, read) -> None:
        self.record, zone, today, instructions, message = read
        self._zone = zone
        self.detail.show_record(self.record, zone, today, message=message, instructions=instructions)
        if self.similar.record is None or self.record is None or self.similar.record.id != self.record.id \
                or self.similar.record.summary != self.record.summary:
            self.similar.show_for(self.record)
        self._enable()

    def _enable(self) -> None:
        record, role = self.record, self.actor.role
        d = self.detail.buttons
        d["edit"].setEnabled(record is not None)
        d["delete"].setEnabled(record is not None and role in (Role.LEADER, Role.ADMIN) and not busy(d["delete"]))
        if role not in (Role.LEADER, Role.ADMIN):
            d["delete"].setToolTip("只有带班领导或管理员可以删除来电记录")
        linked = record is not None and record.incident_id is not None
        d["escalate"].setText("查看突发事件" if linked else "转为突发事件…")
        # The incident service accepts officers and leaders; an administrator only views a linked incident.
        d["escalate"].setEnabled(record is not None and (linked or role in (Role.OFFICER, Role.LEADER)))

    def _escalate_or_show(self) -> None:
        if self.record is not None and self.record.incident_id is not None:
            window = self.window()
            if hasattr(window, "show_incident"):
                window.show_incident(self.record.incident_id)
            return
        actions.escalate(self)

    # -- the other tabs ------------------------------------------------------------------------------
    def _tab_shown(self, index: int) -> None:
        if not self._stale.get(index):
            return
        self._stale[index] = False
        if index == FOLLOW_UPS:
            self.follow_view.refresh()
        elif index == STATISTICS:
            self.stats_view.refresh()

    def on_change(self, change: Change) -> None:
        if change.kind in (EntityKind.SETTING, EntityKind.USER):
            self.filters.reload_choices()
        if change.kind == EntityKind.SETTING:
            self.similar.record = None  # looked for again with the detail: the zone and the look-back may differ
        if change.kind == EntityKind.CALL:
            self.call_changed(change.op, change.id)
        elif change.kind in self.watches:
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        # The 督办 or 统计 tab shown while another page was open is brought up to date now.
        QTimer.singleShot(0, lambda: self._tab_shown(self.tabs.currentIndex()))
