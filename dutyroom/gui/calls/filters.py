"""The call log's search box and filters. Typing searches after a short pause; Esc clears the box.

Dates use the office's calendar days; an empty date ("不限") means no limit on that side.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dutyroom.domain.vocabulary import CallDirection
from dutyroom.gui.common.datetime_keys import one_tab_stop
from dutyroom.gui.common.loading import load
from dutyroom.gui.common.widgets import chinese_characters, set_role
from dutyroom.services.calls.records import CallFilter

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

SEARCH_DELAY_MS = 200
NO_LIMIT = QDate(2000, 1, 1)  # the minimum date shows as "不限"
ALL_OFFICERS = "全部值班员"
STATUSES = (("全部状态", ""), ("未办结", "open"), ("逾期", "overdue"), ("已办结", "closed"))
DIRECTIONS = (("来去电", None), ("来电", CallDirection.INCOMING.value), ("去电", CallDirection.OUTGOING.value))


def _date_edit(parent: QWidget, tip: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_LIMIT)
    edit.setSpecialValueText("不限日期")
    edit.setDate(NO_LIMIT)
    edit.setToolTip(tip)
    # As wide as a date needs, not as the platform's generous default: the filter row must fit 1280×800.
    edit.setFixedWidth(edit.fontMetrics().horizontalAdvance("2026-11-21") + 56)
    # Tab leaves the field: showing 不限日期 a plain QDateEdit kept Tab among its sections for ever (found by
    # hand: the filter row was a trap for the keyboard, the table and 删除 beyond it out of reach).
    one_tab_stop(edit, times=False)
    return edit


def _picked(edit: QDateEdit) -> date | None:
    value = edit.date()
    return None if value == NO_LIMIT else date(value.year(), value.month(), value.day())


class CallFilterBar(QWidget):
    #: the filter changed (typing in the search box: after a short pause)
    changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self._quiet = False
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("callSearch")
        self.search_edit.setPlaceholderText("搜索：姓名、号码、单位、内容，空格分开多个词（Ctrl+F）")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setToolTip("两个字以上的词即时找到；按 Esc 清空")
        clear_search = QAction(self.search_edit)
        clear_search.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear_search.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear_search.triggered.connect(self.clear_search)
        self.search_edit.addAction(clear_search)
        self.count_button = QPushButton("统计条数", self)
        self.count_button.setObjectName("countButton")
        self.count_button.setToolTip("统计搜索结果的总条数")
        self.result_label = QLabel(self)
        self.result_label.setObjectName("callResult")
        set_role(self.result_label, "hint")

        self.date_from = _date_edit(self, "起始日期（含）；“不限”即不限制")
        self.date_to = _date_edit(self, "截止日期（含）；“不限”即不限制")
        self.category_combo = QComboBox(self)
        self.status_combo = QComboBox(self)
        for text, value in STATUSES:
            self.status_combo.addItem(text, value)
        self.direction_combo = QComboBox(self)
        for text, value in DIRECTIONS:
            self.direction_combo.addItem(text, value)
        self.officer_combo = QComboBox(self)
        self.officer_combo.setEditable(True)
        self.officer_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.officer_combo.setToolTip("接听的值班员；可直接输入姓名")
        self.officer_combo.lineEdit().setPlaceholderText(ALL_OFFICERS)
        # Picking 全部值班员 empties the box: the placeholder says it, and typing starts from nothing.
        self.officer_combo.activated.connect(lambda index: index == 0 and self.officer_combo.setEditText(""))
        self.early_check = QCheckBox("苗头性", self)
        self.widespread_check = QCheckBox("普遍性", self)
        self.clear_button = QPushButton("清除筛选", self)
        self.clear_button.setToolTip("清除搜索词和全部筛选条件")
        # The row must fit a 1280×800 laptop: combos are as wide as a few characters, the list shows all.
        for combo, characters in ((self.category_combo, 4), (self.status_combo, 5), (self.direction_combo, 3),
                                  (self.officer_combo, 6)):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(chinese_characters(combo, characters))
        self.status_combo.setToolTip("转办件的办理状态：未办结（待办、办理中）、逾期、已办结")
        self.search_edit.setMinimumWidth(160)

        self.search_row = QHBoxLayout()
        self.search_row.setContentsMargins(0, 0, 0, 0)
        self.search_row.addWidget(self.search_edit, 1)
        self.search_row.addWidget(self.count_button)
        self.search_row.addWidget(self.result_label)
        # The flags and 清除筛选 sit beside the search box, whose width gives way: with every filter
        # on one row the page needed 1,120 px with the bundled CJK font, wider than a 1280 screen allows.
        self.search_row.addWidget(self.early_check)
        self.search_row.addWidget(self.widespread_check)
        self.search_row.addWidget(self.clear_button)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel("至", self))
        filters.addWidget(self.date_to)
        for widget in (self.category_combo, self.status_combo, self.direction_combo, self.officer_combo):
            filters.addWidget(widget)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self.search_row)
        layout.addLayout(filters)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self._emit)
        self.search_edit.textChanged.connect(lambda *_: self.timer.start())
        self.officer_combo.editTextChanged.connect(lambda *_: self.timer.start())
        for combo in (self.category_combo, self.status_combo, self.direction_combo):
            combo.currentIndexChanged.connect(lambda *_: self._emit())
        self.date_from.dateChanged.connect(self._from_changed)
        self.date_to.dateChanged.connect(lambda *_: self._emit())
        for check in (self.early_check, self.widespread_check):
            check.toggled.connect(lambda *_: self._emit())
        self.clear_button.clicked.connect(self.clear_all)
        self.reload_choices()  # off the GUI thread: filled in when read, the filter untouched

    def add_to_search_row(self, widget: QWidget, *, first: bool = False) -> None:
        """Buttons of the page that belong beside the search box (new call, print, export)."""
        if first:
            self.search_row.insertWidget(0, widget)
        else:
            self.search_row.addWidget(widget)

    def reload_choices(self) -> None:
        """Categories and officers as the settings and accounts are now, read off the GUI thread; what is
        picked (or typed meanwhile) when they arrive stays picked."""
        services = self.services

        def fetch():  # a failure leaves the lists as they are (read_failed says why)
            names = sorted({u.display_name or u.username for u in services.users.list() if u.active})
            return services.calls.categories(), names

        load(self, "choices", fetch, self._fill_choices)

    def _fill_choices(self, read: tuple[list[str], list[str]]) -> None:
        categories, names = read
        typing = self.timer.isActive()
        self._quiet = True
        try:
            category = self.category_combo.currentData()
            self.category_combo.clear()
            self.category_combo.addItem("全部类别", None)
            for name in categories:
                self.category_combo.addItem(name, name)
            self.category_combo.setCurrentIndex(max(0, self.category_combo.findData(category)))
            officer = self.officer_combo.currentText()
            self.officer_combo.clear()
            self.officer_combo.addItem(ALL_OFFICERS)
            self.officer_combo.addItems(names)
            self.officer_combo.setEditText("" if officer == ALL_OFFICERS else officer)
        finally:
            self._quiet = False
        if not typing:  # the officer typed back as it was: no search to run (it would reselect the first row)
            self.timer.stop()

    def _from_changed(self, *_args) -> None:
        start, end = _picked(self.date_from), _picked(self.date_to)
        if start is not None and end is not None and end < start:
            self.date_to.setDate(self.date_from.date())  # emits through date_to
            return
        self._emit()

    def _emit(self) -> None:
        self.timer.stop()
        if not self._quiet:
            self.changed.emit()

    def filter(self) -> CallFilter:
        category = self.category_combo.currentData()
        direction = self.direction_combo.currentData()
        officer = self.officer_combo.currentText().strip()
        return CallFilter(
            text=self.search_edit.text().strip(),
            date_from=_picked(self.date_from), date_to=_picked(self.date_to),
            categories=(category,) if category else (),
            direction=CallDirection(direction) if direction else None,
            status=self.status_combo.currentData() or "",
            officer="" if officer == ALL_OFFICERS else officer,
            early_warning=True if self.early_check.isChecked() else None,
            widespread=True if self.widespread_check.isChecked() else None)

    def is_filtered(self) -> bool:
        """Anything narrowing the log besides the search text."""
        flt = self.filter()
        return flt != CallFilter(text=flt.text)

    def clear_search(self) -> None:
        if self.search_edit.text():
            self.search_edit.clear()
            self._emit()

    def clear_all(self) -> None:
        self._quiet = True
        try:
            self.search_edit.clear()
            for edit in (self.date_from, self.date_to):
                edit.setDate(NO_LIMIT)
            for combo in (self.category_combo, self.status_combo, self.direction_combo):
                combo.setCurrentIndex(0)
            self.officer_combo.setEditText("")
            self.early_check.setChecked(False)
            self.widespread_check.setChecked(False)
        finally:
            self._quiet = False
        self._emit()

    def show_status(self, status: str) -> None:
        """Only statuses STATUSES offers; the 督办 view's "open the overdue ones" uses it."""
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status)))

    def show_result(self, shown: int, total: int | None, searching: bool, error: str = "", *,
                    oldest_first: bool = False, more_than: int | None = None) -> None:
        """`more_than`: 统计条数 stopped at that many matches (services CallCount.more): said as 超过, and the
        button then offers 精确统计, the full count (seconds on a common phrase at a million calls)."""
        if error:
            self.result_label.setText("⚠ " + error)
            set_role(self.result_label, "error")
            return
        set_role(self.result_label, "hint")
        self.count_button.setVisible(searching and total is None)
        which = "最早" if oldest_first else "最新"
        if total is not None:
            self.result_label.setText(f"找到 {total:,} 条" if searching or self.is_filtered() else f"共 {total:,} 条")
        elif more_than is not None:
            self.result_label.setText(f"找到超过 {more_than:,} 条，显示{which} {shown} 条")
        else:
            self.result_label.setText(f"显示{which} {shown} 条，按“统计条数”查看总数")
        exact = more_than is not None and total is None
        self.count_button.setText("精确统计" if exact else "统计条数")
        self.count_button.setToolTip("逐条统计全部结果的准确条数（结果很多时需要几秒）" if exact
                                     else "统计搜索结果的总条数")
