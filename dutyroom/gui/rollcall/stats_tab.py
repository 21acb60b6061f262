"""统计: presence by unit over a month, a quarter or a year — ranked by presence rate, then answer time —
with a bar chart, the selected unit's history, and the statistics PDF (Ctrl+P) and Excel export (Ctrl+S)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QSplitter, QVBoxLayout, QWidget

from dutyroom.domain import rollcall as rules
from dutyroom.domain.localtime import to_local
from dutyroom.gui.common.buttons import button_bar
from dutyroom.gui.common.documents import save_document
from dutyroom.gui.common.loading import load
from dutyroom.gui.common.table_tab import make_table
from dutyroom.gui.common.widgets import set_role
from dutyroom.gui.rollcall.bar_chart import RateChart
from dutyroom.gui.rollcall.models import StatsModel, UnitHistoryModel
from dutyroom.services.records import OfficeSettings
from dutyroom.services.rollcall.records import RollCallStats
from dutyroom.services.rollcall.stats import month_range, quarter_range

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

MONTH, QUARTER, YEAR = "month", "quarter", "year"


class StatsTab(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.stats: RollCallStats | None = None
        # Building the tab reads nothing (a server that stops answering never holds the page being built): the
        # period starts on today in the default zone, and the office's own date comes with the first figures.
        today = to_local(services.clock.now(), OfficeSettings.time_zone).date()
        self.today: date = today
        self._guessed: date | None = today  # until the first figures bring the office's date
        self.mode = QComboBox(self)
        self.mode.setObjectName("statsMode")
        for text, mode in (("按月", MONTH), ("按季度", QUARTER), ("按年", YEAR)):
            self.mode.addItem(text, mode)
        self.year = QSpinBox(self)
        self.year.setObjectName("statsYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.year.setSuffix(" 年")
        self.part = QSpinBox(self)
        self.part.setObjectName("statsPart")
        self.part.setRange(1, 12)
        self.part.setValue(today.month)
        self.part.setSuffix(" 月")
        self.intro = QLabel(self)
        self.intro.setObjectName("statsIntro")
        self.intro.setWordWrap(True)
        bar = QHBoxLayout()
        for widget in (self.mode, self.year, self.part):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.buttons = button_bar(self, (("print", "打印统计…（Ctrl+P）", "把本期统计（含图表）保存为 PDF"),
                                         ("export", "导出 Excel…（Ctrl+S）", "把本期每次点名的结果和统计导出为 Excel")),
                                  row=bar)
        self.model = StatsModel(self)
        self.table = make_table(self.model, self)
        self.table.setObjectName("statsTable")
        self.chart = RateChart(self)
        self.history_label = QLabel("选中一个单位，查看它的点名历史。", self)
        set_role(self.history_label, "hint")
        self.zone_name = OfficeSettings.time_zone  # the office's zone, read with the list: a painted cell never reads the database
        self.history_model = UnitHistoryModel(lambda: self.zone_name, self)
        self.history = make_table(self.history_model, self)
        self.history.setObjectName("unitHistory")
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.chart, 3)
        column.addWidget(self.history_label)
        column.addWidget(self.history, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(right)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([640, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.intro)
        layout.addWidget(self.splitter, 1)
        self.mode.currentIndexChanged.connect(lambda *_: self._mode_changed())
        self.year.valueChanged.connect(lambda *_: self.refresh())
        self.part.valueChanged.connect(lambda *_: self.refresh())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_history())
        self.buttons["print"].clicked.connect(self.print_pdf)
        self.buttons["export"].clicked.connect(self.export_xlsx)
        self.setFocusProxy(self.table)

    def _mode_changed(self) -> None:
        mode = self.mode.currentData()
        self.part.setVisible(mode != YEAR)
        self.part.blockSignals(True)
        if mode == QUARTER:
            self.part.setRange(1, 4)
            self.part.setSuffix(" 季度")
            self.part.setValue((self.today.month - 1) // 3 + 1)
        elif mode == MONTH:
            self.part.setRange(1, 12)
            self.part.setSuffix(" 月")
            self.part.setValue(self.today.month)
        self.part.blockSignals(False)
        self.refresh()

    def _part_of(self, day: date) -> tuple[int, int]:
        """(year, month or quarter) of `day` as the spin boxes show it in the current mode."""
        mode = self.mode.currentData()
        return day.year, (day.month - 1) // 3 + 1 if mode == QUARTER else day.month if mode == MONTH else 1

    def _shown(self) -> tuple[int, int]:
        return self.year.value(), self.part.value() if self.mode.currentData() != YEAR else 1

    def period(self) -> tuple[date, date, str]:
        year, mode = self.year.value(), self.mode.currentData()
        if mode == MONTH:
            return month_range(year, self.part.value())
        if mode == QUARTER:
            return quarter_range(year, self.part.value())
        return date(year, 1, 1), date(year, 12, 31), f"{year}年"

    def refresh(self) -> None:
        """Off the GUI thread (common/loading.py); a failure keeps the figures and says so above them."""
        (first, last, name), rollcall = self.period(), self.services.rollcall
        load(self, "stats", lambda: (rollcall.today(), rollcall.statistics(first, last, name)),
             lambda read: self._counted(name, *read), failed=lambda exc: self.intro.setText("⚠ " + exc.message))

    def _counted(self, name: str, today: date, stats) -> None:
        guessed, self.today, self._guessed = self._guessed, today, None
        if guessed is not None and self._part_of(today) != self._part_of(guessed) == self._shown():
            # The office's date is in another period than the default zone's (a zone far away, around midnight)
            # and the officer has not chosen one meanwhile: the office's period, and its figures.
            year, part = self._part_of(today)
            for box, value in ((self.year, year), (self.part, part)):
                box.blockSignals(True)
                box.setValue(value)
                box.blockSignals(False)
            self.refresh()
            return
        self.stats = stats
        s, t = self.stats, self.stats.totals
        self.intro.setText(f"<b>{name}</b>：视频点名 {s.rollcalls} 次，点名单位 {t.called} 个次，在岗 {t.present} 个次，"
                           f"<b>在岗率 {rules.rate_text(t.presence_rate)}</b>；离岗 {t.absent}、未应答 {t.no_answer}、"
                           f"设备故障 {t.equipment_fault}、请假 {t.excused}、超时应答 {t.slow} 个次。")
        self.model.set_records(s.units)
        self.table.resizeColumnsToContents()
        self.chart.set_bars([(u.figures.unit, u.figures.presence_rate) for u in s.units if u.figures.called])
        self.history_model.set_records([])
        if s.units:
            self.table.selectRow(0)

    def show_history(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return
        name, units, rollcall = self.model.record(index.row()).figures.unit, self.services.units, self.services.rollcall
        settings = self.services.settings

        def fetch():
            unit = units.find_by_name(name)
            return settings.get().time_zone, rollcall.unit_history(unit.id) if unit is not None else []

        load(self, "history", fetch, lambda read: self._show_history(name, *read),
             failed=lambda exc: self.history_label.setText("⚠ " + exc.message))

    def _show_history(self, name: str, zone_name: str, rows) -> None:
        self.zone_name = zone_name
        self.history_label.setText(f"{name}的点名历史（最近 {len(rows)} 次）")
        self.history_model.set_records(rows)
        self.history.resizeColumnsToContents()

    def print_pdf(self) -> None:
        stats = self.stats
        if stats is None:
            return
        rollcall = self.services.rollcall

        def write(path: str) -> None:  # off the GUI thread, the office's date with it (a settings read)
            from dutyroom.reports.rollcall import build_stats_pdf  # reportlab loads only when printing

            build_stats_pdf(stats, path, printed_on=rollcall.today())

        save_document(self, self.buttons["print"], "视频点名统计", write, title="保存视频点名统计（PDF）",
                      name=f"{stats.period}视频点名情况统计.pdf")

    def export_xlsx(self) -> None:
        first, last, name = self.period()
        service = self.services.rollcall
        save_document(self, self.buttons["export"], "视频点名结果（Excel）",
                      lambda path: service.export_results(first, last, path, name), title="导出视频点名结果（Excel）",
                      name=f"{name}视频点名结果.xlsx", kind="xlsx")
