"""One administration tab: buttons and a filter box over a sortable table, driven by the keyboard.

Insert / Ctrl+N adds, Enter or a double-click edits, Delete deletes, F5 reloads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dutyroom.errors import ConflictError, DutyRoomError, NotFound, PermissionDenied
from dutyroom.gui.common.buttons import busy, run_pressed
from dutyroom.gui.common.loading import load
from dutyroom.gui.common.opening import open_when_read
from dutyroom.gui.common.outage import read_failed
from dutyroom.gui.common.prompts import confirm, inform
from dutyroom.gui.common.table_model import SORT_ROLE, RecordTableModel
from dutyroom.gui.common.widgets import add_shortcut

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services


def make_table(model, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    # Tab leaves the list for the buttons (arrows move between rows): walking its cells, Shift+Tab even
    # changed the selected incident, and 编辑/报送首报 could not be reached by keyboard (found by hand).
    view.setTabKeyNavigation(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    view.horizontalHeader().setHighlightSections(False)
    return view


class TableTab(QWidget):
    filter_hint = "筛选"
    noun = "记录"
    #: a long count (a sentence, not "共 N 条") gets a line of its own: the toolbar must fit a laptop
    count_on_own_line = False

    def __init__(self, services: Services, actor, model: RecordTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.model = model
        self.dialog = None  # the last editor opened (with open(): modal to this window, never blocking)
        self.prompt = None  # the message box that is open, if any
        self._select_after_reload = None
        self.buttons: dict[str, QPushButton] = {}

        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortLocaleAware(True)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.view = make_table(self.proxy, self)
        self.view.setObjectName("table")
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep the services' order until asked
        self.view.doubleClicked.connect(lambda *_: self.edit_current())

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("filter_edit")
        self.filter_edit.setPlaceholderText(self.filter_hint)
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(220)
        self.filter_edit.textChanged.connect(self._filter)
        self.filter_edit.returnPressed.connect(self._to_first_match)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count_label")

        self.toolbar = QHBoxLayout()
        self.toolbar.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addLayout(self.toolbar)
        self.above_table = QVBoxLayout()  # banners of a subclass go here
        layout.addLayout(self.above_table)
        layout.addWidget(self.view, 1)
        self.build_toolbar()
        self.toolbar.addStretch(1)
        if self.count_on_own_line:
            self.count_label.setWordWrap(True)
            self.above_table.addWidget(self.count_label)
        else:
            self.toolbar.addWidget(self.count_label)
        self.toolbar.addWidget(self.filter_edit)

        self.shortcut(("Insert", "Ctrl+N"), self.add, widget=self)
        self.shortcut(("F5",), self.reload, widget=self)
        self.shortcut(("Return", "Enter"), self.edit_current, widget=self.view)
        self.shortcut(("Delete",), self.delete_current, widget=self.view)

    # -- building -------------------------------------------------------------------------------------
    def build_toolbar(self) -> None:
        self.add_button("新增", "新增（Insert 或 Ctrl+N）", self.add)
        self.add_button("修改", "修改选中的一行（Enter 或双击）", self.edit_current)
        self.add_button("删除", "删除选中的一行（Delete）", self.delete_current)
        self.add_button("刷新", "重新读取（F5）", self.reload)

    def add_button(self, text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(lambda *_: slot())
        self.toolbar.addWidget(button)
        self.buttons[text] = button
        return button

    def shortcut(self, keys: tuple[str, ...], slot: Callable[[], None], *, widget: QWidget) -> QAction:
        # Delete and Enter act on the table only, so they still edit text in the filter box.
        return add_shortcut(self, keys, slot, only_on=None if widget is self else widget)

    # -- data ----------------------------------------------------------------------------------------
    #: `read(self)` returns what `show(value)` puts in the model: services only, since reload runs it on a
    #: worker thread (common/loading.py) so a change or a reconnection never waits on the database. A tab
    #: that overrides load() instead reads on the GUI thread.
    read: Callable[[], object] | None = None

    def show(self, value) -> None:
        self.model.set_records(value)

    def load(self) -> None:
        """Read from services into the model."""
        if self.read is None:
            raise NotImplementedError
        self.show(self.read())

    def reload(self) -> None:
        current = self.current_record()
        keep = self._select_after_reload or (getattr(current, "id", None) if current is not None else None)
        self._select_after_reload = None
        if self.read is not None:  # reloads follow changes and reconnections: a failure is never a modal box
            load(self, "rows", self.read, lambda value: self._reloaded(value, keep))
            return
        try:
            self.load()
        except DutyRoomError as exc:
            read_failed(self, exc)  # reloads follow changes and reconnections: never a modal box
            return
        self._loaded(keep)

    def _reloaded(self, value, keep) -> None:
        self.show(value)
        self._loaded(keep)

    def _loaded(self, keep) -> None:
        self.view.resizeColumnsToContents()
        self._update_count()
        if keep is not None:
            self.select_id(keep)

    def select_id(self, record_id) -> None:
        row = self.model.row_of(record_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def current_record(self):
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(index.row(), index.parent()):
            return None
        return self.model.record(self.proxy.mapToSource(index).row())

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_count()

    def _to_first_match(self) -> None:
        # Type a name, press Enter, and Enter again edits it.
        if self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))
        self.view.setFocus()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"共 {total} 条" if shown == total else f"显示 {shown} / {total} 条")

    # -- actions -------------------------------------------------------------------------------------
    def new_record(self):
        raise NotImplementedError

    def editor(self, record):
        """The dialog that edits `record` (id None: a new one)."""
        raise NotImplementedError

    #: `choices_read(self)`: what the editor's lists need (services only, run off the GUI thread by
    #: common/opening.py before the dialog opens, so Insert or Enter never waits on the database);
    #: its result goes to editor(record, choices). None: the editor needs nothing read first.
    choices_read: Callable[[], object] | None = None

    def add(self) -> None:
        self.open_editor(self.new_record(), self.buttons.get("新增"))

    def edit_current(self) -> None:
        record = self.current_record()
        if record is None:
            self.prompt = inform(self, "请先选择", f"请先在表格中选中要修改的{self.noun}。", warning=False)
            return
        self.open_editor(record, self.buttons.get("修改"))

    def open_editor(self, record, button: QPushButton | None = None) -> None:
        if self.choices_read is None:
            self._open_editor(record)
            return
        open_when_read(self, self.choices_read, lambda choices: self._open_editor(record, choices),
                       what=f"{self.noun}窗口所需的数据", button=button)

    def _open_editor(self, record, *choices) -> None:
        try:
            dialog = self.editor(record, *choices)
        except DutyRoomError as exc:
            self.prompt = inform(self, "无法打开", exc.message)
            return
        dialog.saved.connect(self._saved)
        self.show_dialog(dialog)

    def show_dialog(self, dialog) -> None:
        """Open `dialog` without blocking; the previous one (closed by now) is freed."""
        if self.dialog is not None and not self.dialog.isVisible():
            self.dialog.deleteLater()
        dialog.finished.connect(lambda *_: self._back_to_table())
        self.dialog = dialog
        dialog.open()

    def _back_to_table(self) -> None:
        # Keyboard users continue in the table (Enter, Delete, Insert) right after a dialog closes.
        self.window().activateWindow()
        self.view.setFocus()

    def _saved(self, record) -> None:
        # The change bus reloads the table (usually before this runs); select what was just saved.
        record_id = getattr(record, "id", None)
        if self.model.row_of(record_id) >= 0:
            self.select_id(record_id)
        else:
            self._select_after_reload = record_id

    def describe(self, record) -> str:
        return getattr(record, "name", "")

    def delete_current(self) -> None:
        if busy(self.buttons["删除"]):  # the last delete still waits on the database: its answer comes first
            return
        record = self.current_record()
        if record is None:
            self.prompt = inform(self, "请先选择", f"请先在表格中选中要删除的{self.noun}。", warning=False)
            return
        self.prompt = confirm(self, f"删除{self.noun}", f"确定删除{self.noun}“{self.describe(record)}”吗？\n"
                              "删除会记入操作日志，不能撤销。", lambda: self._delete(record), yes_text="删除")

    def remove(self, record) -> None:
        """Services only: it runs off the GUI thread (common/background.py run_operation)."""
        raise NotImplementedError

    DELETING = "正在删除…"

    def _delete(self, record) -> None:
        """Off the GUI thread: a server that stops answering leaves the window, its clock and alarms running.
        Every tab that deletes has its 删除 button (one that does not, 账户, overrides delete_current)."""
        run_pressed(self, self.buttons["删除"], self.DELETING, lambda: self.remove(record), lambda _: None,
                    self._delete_refused)

    def _delete_refused(self, exc: Exception) -> None:
        if isinstance(exc, PermissionDenied):
            self.prompt = inform(self, "没有权限", exc.message)
        elif isinstance(exc, (ConflictError, NotFound)):
            self.prompt = inform(self, "未能删除", exc.message)
            self.reload()
        elif isinstance(exc, DutyRoomError):
            self.prompt = inform(self, "未能删除", exc.message)
        else:
            raise exc  # a fault of the program: the global handler reports it
