"""点名记录: every roll-call held, newest first (a page at a time), by kind and month; the selected one's
summary — counts by result, presence rate, average and slowest answer, the problem units with their 整改
items, the amendments — and from it the 通报 (Ctrl+P) or the roll-call itself (Enter: resume or 更正)."""

from __future__ import annotations

from datetime import timedelta
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from dutyroom.domain import rollcall as rules
from dutyroom.domain.localtime import format_local, to_local
from dutyroom.domain.vocabulary import RollCallKind
from dutyroom.errors import DatabaseUnavailable, DutyRoomError
from dutyroom.gui.common.buttons import button_bar
from dutyroom.gui.common.loading import load
from dutyroom.gui.common.paged_model import bound_resize, visible_rows
from dutyroom.gui.common.splitter import list_and_detail
from dutyroom.gui.common.table_tab import make_table
from dutyroom.gui.common.widgets import rich_text_area, set_role
from dutyroom.gui.rollcall.models import HistoryModel
from dutyroom.services.records import OfficeSettings
from dutyroom.services.rollcall.records import RollCallSummary

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

MONTHS_OFFERED = 36


def summary_html(s: RollCallSummary, zone: str) -> str:
    rc, t = s.rollcall, s.tally
    lines = [f"<b>{rc.kind.label}</b>　{format_local(rc.planned_at, zone)}　{rc.status.label}"
             + (f"　主持：{escape(rc.host)}" if rc.host else "")]
    if rc.kind == RollCallKind.UPPER:
        lines += [f"点名单位（人）：{escape(rc.upper_caller or '—')}　我方应答：{escape(rc.upper_answerer or '—')}",
                  f"点名前检查：{'、'.join(rc.checklist) or '未勾选'}",
                  f"询问或批评：{escape(rc.upper_asked or '—')}", f"通报结果：{escape(rc.upper_result or '—')}"]
        return "<br>".join(lines)
    counts = "　".join(f"{r.label} {n}" for r, n in t.counts.items())
    lines.append(f"点名单位 {t.called}/{t.units}　{counts}　<b>在岗率 {rules.rate_text(t.presence_rate)}</b>")
    if t.average_seconds is not None:
        lines.append(f"平均应答 {t.average_seconds:.0f} 秒，最慢 {t.slowest_unit} {t.slowest_seconds} 秒"
                     + (f"；复呼 {t.recalled} 个单位" if t.recalled else ""))
    if t.slow:
        lines.append(f"⚠ 超时应答（超过 {s.answer_limit} 秒）：{'、'.join(t.slow)}")
    for p in s.problems:
        what = p.result.label if p.result else "未点"
        if p.slow:
            what += f"，超时应答 {p.answer_seconds} 秒"
        items = "；".join(f"整改：{escape(i.requirement)}（{i.due_on:%m-%d} 前"
                         + ("，已销号" if i.closed_at else "，⚠ 已逾期" if i.overdue else "") + "）"
                         for i in p.rectifications)
        lines.append(f"• <b>{escape(p.unit_name)}</b>：{what}" + (f"（{escape(p.remarks)}）" if p.remarks else "")
                     + (f"　{items}" if items else ""))
    for a in rc.amendments:
        lines.append(f"更正：{escape(a.unit_name)}，{escape(a.by)} {format_local(a.at, zone, '%m-%d %H:%M')}，"
                     f"原因：{escape(a.reason)}")
    return "<br>".join(lines)


class HistoryTab(QWidget):
    open_requested = Signal(object)  # RollCallRecord
    notice_requested = Signal(int)  # roll-call id

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        # Read once a refresh (a setting may change), not twice for every row fetched; building the tab reads
        # nothing (a server that stops answering never holds the page being built): the defaults until then.
        self.settings = OfficeSettings()
        zone = lambda: self.settings.time_zone  # noqa: E731
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("historyKind")
        self.kind_combo.addItem("全部类型", None)
        for kind in RollCallKind:
            self.kind_combo.addItem(kind.label, kind)
        self.month_combo = QComboBox(self)
        self.month_combo.setObjectName("historyMonth")
        self.month_combo.addItem("全部月份", None)
        self._offer_months()
        self.count_label = QLabel(self)
        set_role(self.count_label, "hint")
        bar = QHBoxLayout()
        self.buttons = button_bar(self, (("open", "打开（Enter）", "打开所选点名：继续点名，或查看、更正已结束的点名"),
                                         ("notice", "编发通报…（Ctrl+P）", "生成所选点名的视频点名情况通报（PDF）")),
                                  row=bar)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.kind_combo)
        bar.addWidget(self.month_combo)
        self.model = HistoryModel(self._fetch, zone, lambda: self.settings.answer_limit_seconds, self)
        self.table = make_table(self.model, self)
        bound_resize(self.table)
        self.table.setObjectName("historyTable")
        self.detail, scroll = rich_text_area(self, "historySummary")
        self.splitter = list_and_detail(self, self.table, scroll, sizes=(300, 220), stretch=(3, 2))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        self.buttons["open"].clicked.connect(self.open_selected)
        self.buttons["notice"].clicked.connect(self.notice_selected)
        self.table.activated.connect(lambda *_: self.open_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_detail())
        self.kind_combo.currentIndexChanged.connect(lambda *_: self.refresh(restart=True))
        self.month_combo.currentIndexChanged.connect(lambda *_: self.refresh(restart=True))
        self.setFocusProxy(self.table)
        self.error = ""
        self._filter_values = self._filters()  # as last read on the GUI thread: the reads use these
        self._restart_wanted = False

    def _offer_months(self) -> bool:
        """The months back from the office's today: in its zone as last read (the default zone until the
        first read brings the office's), worked out here without asking the database. True when the month
        chosen is no longer offered (all months are chosen instead)."""
        month = to_local(self.services.clock.now(), self.settings.time_zone).date().replace(day=1)
        if self.month_combo.count() > 1 and self.month_combo.itemData(1) == month:
            return False
        chosen = self.month_combo.currentData()
        self.month_combo.blockSignals(True)
        while self.month_combo.count() > 1:
            self.month_combo.removeItem(1)
        for _ in range(MONTHS_OFFERED):
            self.month_combo.addItem(f"{month.year}年{month.month}月", month)
            month = (month - timedelta(days=1)).replace(day=1)
        self.month_combo.setCurrentIndex(max(self.month_combo.findData(chosen), 0))
        self.month_combo.blockSignals(False)
        return self.month_combo.currentData() != chosen

    def _filters(self) -> dict:
        return {"kind": self.kind_combo.currentData(), "month": self.month_combo.currentData()}

    def _fetch(self, after, limit: int):
        try:
            return self.services.rollcall.history(limit=limit, after=after, **self._filter_values)
        except DutyRoomError as exc:
            self.error = exc.message
            return []

    def refresh(self, *, restart: bool = False) -> None:
        """The newest page and the rows on screen are read again; `restart` (a new filter) reads from the top.
        Off the GUI thread (common/loading.py): what is shown stays until the read answers."""
        self._restart_wanted = self._restart_wanted or restart
        self._filter_values = filters = self._filters()
        settings, rollcall = self.services.settings, self.services.rollcall

        def fetch():
            try:
                total = rollcall.history_count(**filters)
            except DatabaseUnavailable:
                raise
            except DutyRoomError:
                total = None
            return settings.get(), total

        load(self, "summary", fetch, self._summary_read)

    def _summary_read(self, read) -> None:
        self.settings, total = read
        if self._offer_months():  # the office's zone put today in another month than the default zone did
            self.refresh(restart=True)  # the list of the month now chosen (all months) instead
            return
        restart, self._restart_wanted = self._restart_wanted, False
        keep = self.selected()
        then = lambda: self._listed(keep, total)  # noqa: E731
        if restart or not self.model.loaded():
            self.model.reload(then)
        else:
            self.model.refresh(visible_rows(self.table), (), then)

    def _listed(self, keep, total: int | None) -> None:
        if total is None:
            total = self.model.rowCount()
        self.count_label.setText(f"共 {total} 次")
        self.table.resizeColumnsToContents()
        self.select(keep.id if keep is not None else None)

    def select(self, rollcall_id: int | None) -> None:
        row = self.model.row_of(rollcall_id) if rollcall_id is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        self.show_detail()

    def selected(self):
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() and index.row() < self.model.rowCount() else None

    def show_detail(self) -> None:
        record = self.selected()
        self.buttons["open"].setEnabled(record is not None and record.kind != RollCallKind.UPPER)
        self.buttons["notice"].setEnabled(record is not None and record.frozen and record.kind != RollCallKind.UPPER)
        if record is None:
            self.detail.setText("还没有视频点名记录。" if not self.model.rowCount() else "")
            return
        rollcall, record_id = self.services.rollcall, record.id
        load(self, "detail", lambda: rollcall.summary(record_id),
             lambda summary: self.detail.setText(summary_html(summary, self.settings.time_zone)),
             failed=lambda exc: self.detail.setText("⚠ " + escape(exc.message)))

    def open_selected(self) -> None:
        record = self.selected()
        if record is not None and self.buttons["open"].isEnabled():
            self.open_requested.emit(record)

    def notice_selected(self) -> None:
        record = self.selected()
        if record is not None and self.buttons["notice"].isEnabled():
            self.notice_requested.emit(record.id)


__all__ = ["HistoryTab", "summary_html"]
