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
from dutyroom.gui.common.inputs import fill_combo, select_data
from dutyroom.gui.common.prompts import inform
from dutyroom.gui.common.widgets import FieldErrors, set_role, show_status
from dutyroom.services.roster.records import RotationRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services


class RotationTab(QWidget):
    """One post of one shift at a time: its people in turn order, moved with 上移/下移, saved at once."""

    def __init__(self, services: Services, actor, parent=None):
        super().__init__(parent)
        self.setObjectName("rotation_tab")
        self.services, self.actor = services, actor
        self.prompt = None
        self.record: RotationRecord | None = None
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

    def reload(self) -> None:
        current = self.shift_combo.currentData()
        try:
            shifts = self.services.roster.list_shifts(include_inactive=False)
        except DutyRoomError as exc:
            self.errors.show_general(exc.message)
            return
        self.shift_combo.blockSignals(True)
        fill_combo(self.shift_combo, [(s.name, s.id) for s in shifts])
        select_data(self.shift_combo, current)
        self.shift_combo.blockSignals(False)
        self.load_rotation()

    def load_rotation(self) -> None:
        self.errors.clear()
        shift_id, position = self.shift_combo.currentData(), self.position_combo.currentData()
        self.record = self.services.roster.rotation(shift_id, position) if shift_id is not None else None
        ids = list(self.record.member_ids) if self.record else []
        names = list(self.record.member_names) if self.record else []
        select_data(self.period_combo, self.record.period if self.record else "day")
        self.members.clear()
        for person_id, name in zip(ids, names, strict=False):
            self._item(self.members, name, person_id)
        self.people.clear()
        for person in self.services.people.staff():  # only the office's own people stand its duty
            if person.id not in ids:
                self._item(self.people, f"{person.name}（{person.position_kind.label}）", person.id)

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
        self.errors.clear()
        shift_id = self.shift_combo.currentData()
        if shift_id is None:
            self.errors.show_general("请先在“班次”页添加班次")
            return
        base = self.record
        record = RotationRecord(position=self.position_combo.currentData(), shift_id=shift_id,
                                member_ids=self.member_ids(), period=self.period_combo.currentData(),
                                id=base.id if base else None, version=base.version if base else 0)
        try:
            self.record = self.services.roster.save_rotation(self.actor, record)
        except ValidationError as exc:
            self.errors.show_general("；".join(exc.fields.values()))
        except PermissionDenied as exc:
            self.prompt = inform(self, "没有权限", exc.message)
        except DutyRoomError as exc:
            self.errors.show_general(exc.message)
        else:
            show_status(self, f"已保存{self.position_combo.currentText()}轮班顺序（{len(record.member_ids)} 人）")
