"""排班 › 轮班 for administrators: the people of one post of one shift in turn order, saved at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dutyroom.domain.roster import PERIODS
from dutyroom.domain.vocabulary import PositionKind
from dutyroom.errors import DutyRoomError, PermissionDenied, ValidationError
from dutyroom.gui.common.background import run_operation
from dutyroom.gui.common.inputs import fill_combo, select_data
from dutyroom.gui.common.loading import load
from dutyroom.gui.common.prompts import inform
from dutyroom.gui.common.widgets import FieldErrors, set_role, show_status, while_alive
from dutyroom.services.roster.records import RotationRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

SAVING = "正在保存…"


class RotationTab(QWidget):
    """One post of one shift at a time: its people in turn order, moved with 上移/下移, saved at once."""

    def __init__(self, services: Services, actor, parent=None):
        super().__init__(parent)
        self.setObjectName("rotation_tab")
        self.services, self.actor = services, actor
        self.prompt = None
        self.record: RotationRecord | None = None
        self._shown: tuple | None = None  # (shift id, post) whose order the lists show, once read
        self._saving = False
        self.shift_combo = QComboBox(self)
        self.position_combo = QComboBox(self)
        for kind in PositionKind:
            self.position_combo.addItem(kind.label, kind)
        self.period_combo = QComboBox(self)
        for key, label in PERIODS.items():
            self.period_combo.addItem(label, key)
        self.members = QListWidget(self)
        self.members.setObjectName("rotation_members")
        self.people = QListWidget(self)
        self.people.setObjectName("rotation_candidates")
        self.message = QLabel(self)
        self.errors = FieldErrors(self.message)
        note = QLabel("按顺序轮流值班；生成排班时从上次排到的人接着往下排。按周轮换只适用于带班领导。", self)
        note.setWordWrap(True)
        set_role(note, "hint")

        top = QHBoxLayout()
        for text, widget in (("班次", self.shift_combo), ("岗位", self.position_combo), ("轮换", self.period_combo)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            top.addWidget(label)
            top.addWidget(widget)
        top.addStretch(1)
        buttons = QVBoxLayout()
        self.button_of = {}
        for text, slot in (("← 加入", self.add_member), ("移出 →", self.remove_member), ("上移", lambda: self.move(-1)),
                           ("下移", lambda: self.move(1)), ("保存顺序", self.save)):
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.clicked.connect(lambda *_, s=slot: s())
            buttons.addWidget(button)
            self.button_of[text] = button
        buttons.addStretch(1)
        lists = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel("轮班顺序", self))
        left.addWidget(self.members, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel("可加入的人员", self))
        right.addWidget(self.people, 1)
        lists.addLayout(left, 1)
        lists.addLayout(buttons)
        lists.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(note)
        layout.addLayout(lists, 1)
        layout.addWidget(self.message)
        self.shift_combo.currentIndexChanged.connect(lambda *_: self.load_rotation())
        self.position_combo.currentIndexChanged.connect(lambda *_: self.load_rotation())

    # Off the GUI thread (common/loading.py): a server that stops answering leaves the window running.
    def reload(self) -> None:
        roster = self.services.roster
        self.errors.clear()
        load(self, "shifts", lambda: roster.list_shifts(include_inactive=False), self._shifts_read,
             failed=self._read_refused)

    def _shifts_read(self, shifts) -> None:
        current = self.shift_combo.currentData()
        self.shift_combo.blockSignals(True)
        fill_combo(self.shift_combo, [(s.name, s.id) for s in shifts])
        select_data(self.shift_combo, current)
        self.shift_combo.blockSignals(False)
        self.load_rotation()

    def load_rotation(self) -> None:
        """The chosen post's order and the staff who may join it. Until they arrive the lists are empty and
        保存顺序 waits: the order shown must be the one of the shift and post it would be saved under."""
        self.errors.clear()
        shift_id, position = self.shift_combo.currentData(), self.position_combo.currentData()
        self.record, self._shown = None, None
        self.members.clear()
        self.people.clear()
        self._enable()
        roster, people = self.services.roster, self.services.people

        def read():
            # only the office's own people stand its duty
            return (roster.rotation(shift_id, position) if shift_id is not None else None), people.staff()

        load(self, "rotation", read, lambda found: self._rotation_read((shift_id, position), *found),
             failed=self._read_refused)

    def _rotation_read(self, shown: tuple, record: RotationRecord | None, staff: list) -> None:
        self.record, self._shown = record, shown
        ids = list(record.member_ids) if record else []
        names = list(record.member_names) if record else []
        select_data(self.period_combo, record.period if record else "day")
        self.members.clear()
        for person_id, name in zip(ids, names, strict=False):
            self._item(self.members, name, person_id)
        self.people.clear()
        for person in staff:
            if person.id not in ids:
                self._item(self.people, f"{person.name}（{person.position_kind.label}）", person.id)
        self._enable()

    def _read_refused(self, exc: DutyRoomError) -> None:
        self.errors.show_general(exc.message)

    def _enable(self) -> None:
        button = self.button_of["保存顺序"]
        button.setText(SAVING if self._saving else "保存顺序")
        button.setEnabled(not self._saving and (self._shown is not None or self.shift_combo.currentData() is None))

    @staticmethod
    def _item(widget: QListWidget, text: str, person_id: int) -> None:
        item = QListWidgetItem(text)
        item.setData(256, person_id)
        widget.addItem(item)

    def add_member(self) -> None:
        row = self.people.currentRow()
        if row >= 0:
            item = self.people.takeItem(row)
            item.setText(item.text().split("（")[0])
            self.members.addItem(item)
            self.members.setCurrentItem(item)

    def remove_member(self) -> None:
        row = self.members.currentRow()
        if row >= 0:
            self.people.addItem(self.members.takeItem(row))

    def move(self, step: int) -> None:
        row = self.members.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.members.count():
            return
        item = self.members.takeItem(row)
        self.members.insertItem(target, item)
        self.members.setCurrentRow(target)

    def member_ids(self) -> list[int]:
        return [self.members.item(i).data(256) for i in range(self.members.count())]

    def save(self) -> None:
        if self._saving:  # the last save still waits on the database: its answer comes first
            return
        self.errors.clear()
        shift_id = self.shift_combo.currentData()
        if shift_id is None:
            self.errors.show_general("请先在“班次”页添加班次")
            return
        if self._shown is None:  # the order of this shift and post is still being read
            return
        base, shown = self.record, self._shown
        record = RotationRecord(position=shown[1], shift_id=shown[0], member_ids=self.member_ids(),
                                period=self.period_combo.currentData(),
                                id=base.id if base else None, version=base.version if base else 0)
        label = self.position_combo.currentText()
        self._saving = True
        self._enable()
        roster, actor = self.services.roster, self.actor

        def settle(callback):
            def run(value) -> None:
                self._saving = False
                self._enable()
                callback(value)
            return while_alive(self, run)

        # Off the GUI thread: the order stays as arranged while it waits, and after a refusal.
        run_operation(lambda: roster.save_rotation(actor, record),
                      settle(lambda saved: self._saved(shown, saved, label, len(record.member_ids))),
                      settle(self._refused))

    def _saved(self, shown: tuple, saved: RotationRecord, label: str, count: int) -> None:
        if shown == self._shown:  # else another post is shown now: its own record stays
            self.record = saved
        show_status(self, f"已保存{label}轮班顺序（{count} 人）")

    def _refused(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self.errors.show_general("；".join(exc.fields.values()))
        elif isinstance(exc, PermissionDenied):
            self.prompt = inform(self, "没有权限", exc.message)
        elif isinstance(exc, DutyRoomError):
            self.errors.show_general(exc.message)
        else:
            raise exc  # a fault of the program: the global handler reports it
