"""调班… and 代班…: pick a shift and the other shift (swap) or the substitute, give a reason, Enter confirms.
The change is saved off the GUI thread (SavingDialog): a slow database leaves the window running."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from dutyroom.domain.localtime import to_local, weekday_name
from dutyroom.domain.localtime import zone as office_zone
from dutyroom.domain.roster import ShiftSpec
from dutyroom.domain.vocabulary import PositionKind
from dutyroom.errors import DutyRoomError, PermissionDenied, ValidationError
from dutyroom.gui import theme_switch
from dutyroom.gui.common.forms import child, load_form
from dutyroom.gui.common.opening import open_when_read
from dutyroom.gui.common.prompts import confirm, inform
from dutyroom.gui.common.saving_dialog import SavingDialog
from dutyroom.gui.common.widgets import FieldErrors
from dutyroom.gui.roster.dialogs_open import changed, open_dialog

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

MODES = {"swap": ("调班", "与(&W)", "两人互换各自的班次。"),
         "substitute": ("代班", "代班人(&W)", "由另一人替这个班。")}
# Service field names of a refused change → the field of this form that shows it.
_FIELD_OF = {"assignment_id": "first", "a_id": "first", "first": "first", "b_id": "other",
             "other_assignment_id": "other", "person_id": "other", "other": "other", "reason": "reason"}


def position_label(position) -> str:
    try:
        return PositionKind(position).label
    except ValueError:
        return str(position)


def cell_label(cell) -> str:
    """"11月3日 星期二 · 24小时班 · 值班员 · 张三"."""
    day: date = cell.day
    who = getattr(cell, "person_name", "") or "（空缺）"
    shift = getattr(cell, "shift_name", "")
    parts = [f"{day.month}月{day.day}日 {weekday_name(day)}", shift, position_label(cell.position), who]
    return " · ".join(p for p in parts if p)


def _searchable(combo: QComboBox) -> None:
    # Type part of a name or a date; the list narrows as you type.
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    theme_switch.follow(completer.popup())  # a window of its own (Qt gives it no parent): no root contains it


def open_change(page, mode: str, *, day: date | None = None, cell_id: int | None = None) -> None:
    """调班… / 代班… on the 排班 page: the month's shifts, the staff and the shift list are read off the GUI
    thread, and the dialog opens when they arrive (gui/common/opening.py)."""
    services, roster, (first, last) = page.services, page.roster_service, page.month_range()
    year, month, day = page.year, page.month, day or page.selected_day()

    def read() -> tuple:
        cells = [c for c in roster.cells(first, last) if c.person_id is not None or mode == "substitute"]
        # only the office's own people stand its duty
        return cells, services.people.staff(), services.roster.list_shifts(), services.settings.get().time_zone

    def show(found: tuple) -> None:
        cells, people, shifts, zone = found
        if not cells:
            page.prompt = inform(page, "还没有排班", f"{year}年{month}月还没有排班，请先生成排班。", warning=False)
            return
        dialog = ChangeDialog(services, page.actor, mode, cells, people, day=day, cell_id=cell_id, parent=page,
                              shifts=shifts, zone=zone)
        dialog.changed.connect(lambda record: changed(page, record))
        open_dialog(page, dialog)

    open_when_read(page, read, show, what="排班和人员", button=page.buttons.get(mode))


class ChangeDialog(SavingDialog, QDialog):
    changed = Signal(object)

    def __init__(self, services: Services, actor, mode: str, cells: list, people: list, *, shifts: list, zone: str,
                 day: date | None = None, cell_id: int | None = None, parent=None):
        """`shifts` and `zone` (the office's time zone): read with the cells off the GUI thread (open_change),
        so choosing a shift or confirming reads nothing while the window waits."""
        super().__init__(parent)
        self.services, self.actor, self.mode = services, actor, mode
        self.shifts, self.zone = shifts, zone
        self.prompt = None
        self.cells = [c for c in cells if getattr(c, "person_id", None) is not None or mode == "substitute"]
        self.people = people
        title, other_label, hint = MODES[mode]
        self.setWindowTitle(title)
        self.form = load_form("roster_change", self)
        self.first_combo: QComboBox = child(self.form, QComboBox, "first_combo")
        self.other_combo: QComboBox = child(self.form, QComboBox, "other_combo")
        self.requested_combo: QComboBox = child(self.form, QComboBox, "requested_combo")
        self.reason_edit: QLineEdit = child(self.form, QLineEdit, "reason_edit")
        child(self.form, QLabel, "other_label").setText(other_label)
        for combo in (self.first_combo, self.other_combo):
            _searchable(combo)
        for cell in self.cells:
            self.first_combo.addItem(cell_label(cell), cell.id)
        self.requested_combo.addItem("（不指定）", None)
        for person in people:
            self.requested_combo.addItem(person.name, person.id)

        self.hint = QLabel(hint, self)
        self.message = QLabel(self)
        self.message.setObjectName("dialog_message")
        self.message.setWordWrap(True)
        self.errors = FieldErrors(self.message)
        self.errors.add("first", child(self.form, QLabel, "first_error"), self.first_combo)
        self.errors.add("other", child(self.form, QLabel, "other_error"), self.other_combo)
        self.errors.add("reason", child(self.form, QLabel, "reason_error"), self.reason_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(f"确定{title}")
        self.ok_button.setDefault(True)  # Enter confirms from any field
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("取消")
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.first_combo.currentIndexChanged.connect(lambda *_: self._fill_other())
        self._preselect(day, cell_id)
        self._fill_other()
        self.first_combo.setFocus()

    def _preselect(self, day: date | None, cell_id: int | None) -> None:
        row = -1
        if cell_id is not None:
            row = self.first_combo.findData(cell_id)
        elif day is not None:
            row = next((i for i, c in enumerate(self.cells) if c.day == day), -1)
        if row >= 0:
            self.first_combo.setCurrentIndex(row)

    def current_cell(self):
        cell_id = self.first_combo.currentData()
        return next((c for c in self.cells if c.id == cell_id), None)

    def _fill_other(self) -> None:
        self.other_combo.clear()
        first = self.current_cell()
        if first is None:
            return
        if self.mode == "swap":
            # Only the same post can be swapped: a leader's shift for another leader's shift.
            candidates = [cell for cell in self.cells if cell.id != first.id and cell.position == first.position
                          and cell.person_id != first.person_id]
            for cell in candidates:
                self.other_combo.addItem(cell_label(cell), cell.id)
            self.other_combo.setCurrentIndex(self._likely_swap(first, candidates))
            return
        for person in self.people:
            if person.id != first.person_id:
                self.other_combo.addItem(person.name, person.id)
        self.other_combo.setCurrentIndex(-1 if self.other_combo.count() == 0 else 0)

    def _likely_swap(self, first, candidates: list) -> int:
        """Row of the shift one most likely swaps with: the next one of the post from that day on (and not
        in the past); the first of the list if there is none. -1 for an empty list."""
        if not candidates:
            return -1
        since = max(first.day, self.today())
        later = [(cell.day, row) for row, cell in enumerate(candidates) if cell.day >= since]
        return min(later)[1] if later else 0

    def today(self) -> date:
        return to_local(self.services.clock.now(), self.zone).date()

    def in_progress(self) -> list:
        """The chosen cells whose shift is being worked right now (a change takes the phone from someone)."""
        chosen = [self.current_cell()]
        if self.mode == "swap":
            chosen.append(next((c for c in self.cells if c.id == self.other_combo.currentData()), None))
        shifts = {s.id: s for s in self.shifts}
        zone = office_zone(self.zone)
        now = self.services.clock.now()
        running = []
        for cell in chosen:
            shift = shifts.get(getattr(cell, "shift_id", None))
            if cell is None or shift is None:
                continue
            spec = ShiftSpec(shift.id or 0, shift.name, shift.start_time, shift.duration_minutes)
            start, end = spec.window(cell.day, zone)
            if start <= now < end:
                running.append(cell)
        return running

    def submit(self) -> None:
        if self.saving:
            return
        self.errors.clear()
        first, other = self.first_combo.currentData(), self.other_combo.currentData()
        missing = {}
        if first is None:
            missing["first"] = "请选择要调整的班次"
        if other is None:
            missing["other"] = "请选择要互换的班次" if self.mode == "swap" else "请选择代班人"
        if missing:
            self.errors.show(missing)
            return
        running = self.in_progress()
        if running:  # the person holding the phone now changes the moment this is saved: ask first
            title = MODES[self.mode][0]
            self.prompt = confirm(self, f"{title}正在进行的班次",
                                  f"{cell_label(running[0])} 正在值班中。{title}后当前值班人立即改变，"
                                  f"值班提醒和当前值班信息随之更新。确定{title}吗？", self._commit,
                                  yes_text=f"确定{title}")
            return
        self._commit()

    def _commit(self) -> None:
        first, other = self.first_combo.currentData(), self.other_combo.currentData()
        roster = self.services.roster
        kwargs = {"requested_by": self.requested_combo.currentData(), "reason": self.reason_edit.text().strip()}
        change = roster.swap if self.mode == "swap" else roster.substitute
        actor = self.actor
        self.save_in_background(lambda: change(actor, first, other, **kwargs), self._changed, self._refused,
                                (self.ok_button, self.cancel_button))

    def _changed(self, result) -> None:
        self.changed.emit(result)
        self.accept()

    def _refused(self, error: Exception) -> None:
        if isinstance(error, ValidationError):
            self.errors.show({_FIELD_OF.get(name, name): message for name, message in error.fields.items()})
        elif isinstance(error, (PermissionDenied, DutyRoomError)):
            self.errors.show_general(error.message)
        else:
            raise error
