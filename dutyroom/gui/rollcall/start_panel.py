"""The first view of the 视频点名 page: what is to be called today (planned, running or paused), and the ways
to begin — the selected one (Enter), an unplanned roll-call of chosen units (Ctrl+N), a spot check drawn
now (Ctrl+D), or the upper level calling us (Ctrl+U)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from dutyroom.domain.localtime import format_local
from dutyroom.domain.vocabulary import RollCallKind, RollCallStatus
from dutyroom.gui.common.buttons import button_bar
from dutyroom.gui.common.loading import load
from dutyroom.gui.common.table_model import Column, RecordTableModel
from dutyroom.gui.common.table_tab import make_table
from dutyroom.gui.common.widgets import set_role
from dutyroom.services.records import OfficeSettings
from dutyroom.services.rollcall.records import UPPER_CHECKLIST, RollCallRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

EMPTY_TEXT = ("今天没有计划的视频点名。按 Ctrl+N 临时点名，Ctrl+D 随机抽取单位抽查，"
              "上级点名时按 Ctrl+U 登记。")


def units_text(record: RollCallRecord) -> str:
    firsts = [e for e in record.entries if e.attempt == 1]
    done = sum(1 for e in firsts if e.result is not None)
    if record.kind == RollCallKind.UPPER:
        return f"准备 {len(record.checklist)}/{len(UPPER_CHECKLIST)} 项"
    return f"{done}/{len(firsts)} 个单位" if done else f"{len(firsts)} 个单位"


class TodayModel(RecordTableModel):
    def __init__(self, zone, parent=None):
        super().__init__(parent)
        self.columns = (
            Column("计划时间", lambda r: format_local(r.planned_at, zone(), "%m-%d %H:%M"), sort_key=lambda r: r.planned_at),
            Column("类型", lambda r: r.kind.label),
            Column("计划", lambda r: r.plan_name or "临时"),
            Column("单位", units_text),
            Column("状态", lambda r: r.status.label, bold=lambda r: r.status != RollCallStatus.PLANNED),
        )


class StartPanel(QWidget):
    begin = Signal(object)  # RollCallRecord chosen (Enter)
    upper = Signal(object)  # RollCallRecord of a planned 上级点名, or None for one happening now

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.zone_name = OfficeSettings.time_zone  # the office's zone, read with the list: a painted cell never reads the database
        self.model = TodayModel(lambda: self.zone_name, self)
        self.table = make_table(self.model, self)
        self.table.setObjectName("todayTable")
        self.table.activated.connect(lambda *_: self.begin_selected())
        self.empty = QLabel(EMPTY_TEXT, self)
        self.empty.setWordWrap(True)
        set_role(self.empty, "hint")
        self.heading = QLabel("<b>今日及正在进行的视频点名</b>", self)
        bar = QHBoxLayout()
        self.buttons = button_bar(self, (("begin", "开始 / 继续点名（Enter）", "开始或继续所选的点名"),
                                         ("adhoc", "临时点名…（Ctrl+N）", "选择单位，立即开始一次点名"),
                                         ("spot", "随机抽查…（Ctrl+D）", "按记录可复核的方式随机抽取单位，立即抽查"),
                                         ("upper", "上级点名登记…（Ctrl+U）",
                                          "上级点名前的检查清单，以及上级点名的情况")), row=bar)
        set_role(self.buttons["begin"], "primary")
        bar.addStretch(1)
        self.buttons["begin"].clicked.connect(self.begin_selected)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(bar)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.table)

    def refresh(self) -> None:
        """Read today's roll-calls off the GUI thread; shown when they arrive, the selection kept. Unread (the
        server away): the list stays as it was and the status bar says why (common/outage.read_failed)."""
        rc, settings = self.services.rollcall, self.services.settings

        def fetch() -> tuple[str, list[RollCallRecord]]:
            today = rc.today()
            found = {r.id: r for r in rc.unfinished()}
            for r in rc.planned_between(today, today) + rc.upcoming(24):
                if not r.frozen:
                    found.setdefault(r.id, r)
            return settings.get().time_zone, sorted(found.values(), key=lambda r: (r.status == RollCallStatus.PLANNED,
                                                                                   r.planned_at))

        load(self, "today", fetch, self._listed)

    def _listed(self, read: tuple[str, list[RollCallRecord]]) -> None:
        self.zone_name, records = read
        keep = self.selected()
        self.model.set_records(records)
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not records)
        row = self.model.row_of(keep.id) if keep is not None else -1
        if self.model.rowCount():
            self.table.selectRow(max(row, 0))

    def selected(self) -> RollCallRecord | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() and index.row() < self.model.rowCount() else None

    def begin_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        if record.kind == RollCallKind.UPPER:
            self.upper.emit(record)
        else:
            self.begin.emit(record)
