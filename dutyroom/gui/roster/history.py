"""调班记录: every swap and substitution of the month, who asked and who did it; 撤销 puts it back."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dutyroom.domain.localtime import format_local
from dutyroom.domain.vocabulary import PositionKind
from dutyroom.errors import DutyRoomError, PermissionDenied
from dutyroom.gui.common.prompts import confirm, inform
from dutyroom.gui.common.table_model import Column, RecordTableModel
from dutyroom.gui.common.table_tab import make_table
from dutyroom.gui.common.widgets import set_role, show_status

KINDS = {"swap": "调班", "substitute": "代班"}


def describe(change) -> str:
    """"11月3日 全天班 值班员 张三 ⇄ 李四（11月5日）"."""
    day = change.day
    text = f"{day.month}月{day.day}日 {change.shift_name} {PositionKind(change.position).label} "
    if change.kind == "swap":
        text += f"{change.person_before} ⇄ {change.person_after}"
        if change.other_day is not None and change.other_day != day:
            text += f"（{change.other_day.month}月{change.other_day.day}日）"
    else:
        text += f"{change.person_before} → {change.person_after} 代班"
    return text


class HistoryModel(RecordTableModel):
    def __init__(self, zone, parent=None):
        super().__init__(parent)
        self._zone = zone
        self.columns = (
            Column("时间", lambda c: format_local(c.created_at, self._zone()),
                   sort_key=lambda c: c.created_at.isoformat()),
            Column("类型", lambda c: KINDS.get(c.kind, c.kind)),
            Column("内容", describe),
            Column("原因", lambda c: c.reason),
            Column("申请人", lambda c: c.requested_by),
            Column("批准", lambda c: c.approved_by),
            Column("操作人", lambda c: c.created_by),
            Column("状态", self.status),
        )

    def status(self, change) -> str:
        if change.undone_at is not None:
            return f"已撤销（{format_local(change.undone_at, self._zone(), '%m-%d %H:%M')} {change.undone_by}）"
        return "有效"

    def is_inactive(self, record) -> bool:
        return record.undone_at is not None


class HistoryTab(QWidget):
    def __init__(self, page):
        super().__init__(page)
        self.page = page
        self.prompt = None
        self.model = HistoryModel(lambda: page._zone, self)  # the zone the page read with its month
        self.view = make_table(self.model, self)
        self.view.setObjectName("historyList")
        self.undo_button = QPushButton("撤销调班", self)
        self.undo_button.setToolTip("把选中的调班或代班恢复原样（记录保留）")
        self.undo_button.setAutoDefault(False)
        self.undo_button.clicked.connect(self.undo_current)
        self.note = QLabel("撤销后原来的人重新上这个班；调班记录和操作日志都会保留。", self)
        set_role(self.note, "hint")
        top = QHBoxLayout()
        top.addWidget(self.undo_button)
        top.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    def reload(self) -> None:
        """The page reads the month's changes with the rest of the month (roster/reading.py)."""
        self.page.refresh()

    def show(self, changes: list) -> None:
        self.model.set_records(changes)
        self.view.resizeColumnsToContents()

    def current(self):
        index = self.view.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def undo_current(self) -> None:
        change = self.current()
        if change is None:
            self.prompt = inform(self, "请先选择", "请先在表格中选中要撤销的调班或代班。", warning=False)
            return
        if change.undone_at is not None:
            self.prompt = inform(self, "已撤销", "这条调班已经撤销过了。", warning=False)
            return
        self.prompt = confirm(self, "撤销调班", f"确定撤销“{describe(change)}”吗？", lambda: self._undo(change),
                              yes_text="撤销")

    def _undo(self, change) -> None:
        try:
            self.page.roster_service.undo_change(self.page.actor, change.id)
        except PermissionDenied as exc:
            self.prompt = inform(self, "没有权限", exc.message)
        except DutyRoomError as exc:
            self.prompt = inform(self, "未能撤销", exc.message)
        else:
            show_status(self, "已撤销，原来的人重新上这个班。")
            self.page.refresh()
