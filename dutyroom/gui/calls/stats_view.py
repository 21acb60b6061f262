"""来电统计 on one screen: the handled rate (办理率) large with its definition, overdue follow-ups, and the
counts by category, caller kind, outcome and officer, for a month or a day; printable as the PDF."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dutyroom.domain.call_stats import TARGET_RATE, rate_text, share_text
from dutyroom.domain.localtime import DEFAULT_ZONE, to_local
from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.background import run_in_background
from dutyroom.gui.common.table_model import Column, RecordTableModel
from dutyroom.gui.common.table_tab import make_table
from dutyroom.gui.common.widgets import set_role, while_alive
from dutyroom.services.calls.records import HANDLED_RATE_DEFINITION, CallStats, CountRow

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

MONTH, DAY = "month", "day"


class CountModel(RecordTableModel):
    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.total = 0
        self.columns = (Column(title, lambda r: r.label),
                        Column("件数", lambda r: str(r.count), sort_key=lambda r: r.count, align="right"),
                        Column("占比", lambda r: share_text(r.count, self.total), align="right"))

    def show(self, rows: tuple[CountRow, ...], total: int) -> None:
        self.total = total
        self.set_records(rows)


def _figure(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return label


class StatsView(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.stats: CallStats | None = None
        self._asked = 0
        # A guess in the default zone until the first count brings the office's own date (read off the GUI
        # thread with it); once the officer picks a date, the date is theirs.
        today = to_local(services.clock.now(), DEFAULT_ZONE).date()
        self._picked = False
        self.mode_combo = QComboBox(self)
        self.mode_combo.addItem("按月统计", MONTH)
        self.mode_combo.addItem("按日统计", DAY)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.print_button = QPushButton("打印统计…", self)
        self.print_button.setObjectName("printStatsButton")
        self.print_button.setToolTip("把本期来电统计（含图表）保存为 PDF")
        self.state = QLabel(self)
        set_role(self.state, "hint")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.mode_combo)
        bar.addWidget(self.date_edit)
        bar.addWidget(self.state, 1)
        bar.addWidget(self.print_button)

        self.period = _figure(self, "statsPeriod")
        self.rate = _figure(self, "handledRate")
        self.rate_note = _figure(self, "handledRateNote")
        self.definition = QLabel(HANDLED_RATE_DEFINITION, self)
        self.definition.setObjectName("handledRateDefinition")
        self.definition.setWordWrap(True)
        set_role(self.definition, "hint")
        self.counts = _figure(self, "statsCounts")
        self.counts.setWordWrap(True)
        self.follow = _figure(self, "statsFollowUps")
        self.follow.setWordWrap(True)
        rate_box = QFrame(self)
        rate_box.setObjectName("handledRateBox")
        rate_layout = QVBoxLayout(rate_box)
        rate_layout.setContentsMargins(10, 6, 10, 6)
        rate_layout.setSpacing(2)
        rate_layout.addWidget(QLabel("办理率", rate_box))
        rate_layout.addWidget(self.rate)
        rate_layout.addWidget(self.rate_note)
        facts = QVBoxLayout()
        facts.setSpacing(4)
        facts.addWidget(self.period)
        facts.addWidget(self.counts)
        facts.addWidget(self.follow)
        facts.addWidget(self.definition)
        facts.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(rate_box)
        top.addLayout(facts, 1)

        self.models = {name: CountModel(title, self) for name, title in
                       (("category", "类别"), ("caller_kind", "来电人类型"), ("outcome", "处理结果"),
                        ("officer", "值班员"))}
        self.tables = {}
        grid = QGridLayout()
        grid.setSpacing(8)
        for column, (name, title) in enumerate((("category", "按类别"), ("caller_kind", "按来电人类型"),
                                                ("outcome", "按处理结果"), ("officer", "按值班员"))):
            box = QGroupBox(title, self)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(4, 4, 4, 4)
            table = make_table(self.models[name], box)
            table.setObjectName(f"stats_{name}")
            table.setMinimumHeight(90)
            table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            header = table.horizontalHeader()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for figure in (1, 2):
                header.setSectionResizeMode(figure, QHeaderView.ResizeMode.ResizeToContents)
            inner.addWidget(table)
            self.tables[name] = table
            grid.addWidget(box, 0, column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(top)
        layout.addLayout(grid, 1)

        self.mode_combo.currentIndexChanged.connect(lambda *_: self._mode_changed())
        self.date_edit.dateChanged.connect(lambda *_: self._date_picked())
        self._mode_changed(load=False)

    def _date_picked(self) -> None:
        self._picked = True
        self.refresh()

    def mode(self) -> str:
        return self.mode_combo.currentData()

    def chosen(self) -> date:
        value = self.date_edit.date()
        return date(value.year(), value.month(), value.day())

    def _mode_changed(self, *, load: bool = True) -> None:
        self.date_edit.setDisplayFormat("yyyy年M月" if self.mode() == MONTH else "yyyy-MM-dd")
        self.date_edit.setToolTip("统计的月份" if self.mode() == MONTH else "统计的日期")
        if load:
            self.refresh()

    def refresh(self) -> None:
        """Count the chosen month or day in the background; the figures stay until the new ones arrive."""
        self._asked += 1
        asked, mode, chosen, follow = self._asked, self.mode(), self.chosen(), not self._picked
        calls = self.services.calls

        def work():
            day = calls.today() if follow else chosen
            return day, calls.stats_month(day.year, day.month) if mode == MONTH else calls.stats(day, day)

        self.state.setText("正在统计…")
        run_in_background(work, while_alive(self, lambda read: self._show(asked, *read)),
                          while_alive(self, lambda exc: self._failed(asked, exc)))

    def _failed(self, asked: int, exc: Exception) -> None:
        if asked == self._asked:
            self.state.setText("⚠ 统计失败：" + (exc.message if isinstance(exc, DutyRoomError) else str(exc)))

    def _show(self, asked: int, day: date, stats: CallStats) -> None:
        if asked != self._asked:
            return
        if not self._picked and day != self.chosen():
            self.date_edit.blockSignals(True)  # the office's date, not a pick: no second count
            self.date_edit.setDate(QDate(day.year, day.month, day.day))
            self.date_edit.blockSignals(False)
        self.stats = stats
        self.state.setText("")
        first, last = stats.first, stats.last
        self.period.setText(f"<b>{first.year}年{first.month}月{first.day}日"
                            + ("" if first == last else f" — {last.month}月{last.day}日") + "</b>")
        self.rate.setText(rate_text(stats.handled_rate))
        below = stats.handled_rate is not None and stats.handled_rate < TARGET_RATE
        self.rate_note.setText(f"已办理 {stats.handled} ÷ 需办理 {stats.needing_handling}"
                               + ("\n⚠ 低于 95% 的要求" if below else ""))
        set_role(self.rate_note, "error" if below else "hint")
        self.counts.setText(f"来电去电共 <b>{stats.total}</b> 次：来电 {stats.incoming}，去电 {stats.outgoing}；"
                            f"苗头性问题 {stats.early_warning} 条，普遍性问题 {stats.widespread} 条")
        overdue = (f"，<b>⚠ 逾期未办结 {stats.overdue_follow_ups} 件</b>" if stats.overdue_follow_ups
                   else "，无逾期")
        self.follow.setText(f"转办 {stats.assigned} 件，未办结 {stats.open_follow_ups} 件{overdue}")
        for name, rows in (("category", stats.by_category), ("caller_kind", stats.by_caller_kind),
                           ("outcome", stats.by_outcome), ("officer", stats.by_officer)):
            self.models[name].show(rows, stats.total)
        self.print_button.setEnabled(True)
