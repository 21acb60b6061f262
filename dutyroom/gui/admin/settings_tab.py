"""Office settings (设置): shared by every workstation, so a save can meet another one's save."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dutyroom import paths
from dutyroom.errors import DutyRoomError, PermissionDenied, ValidationError
from dutyroom.gui.admin.sound_box import AlarmSoundBox
from dutyroom.gui.common.buttons import busy, run_pressed
from dutyroom.gui.common.editor import RowErrors
from dutyroom.gui.common.forms import child, load_form, set_layout_tab_order
from dutyroom.gui.common.loading import load
from dutyroom.gui.common.prompts import error_text, inform, mark
from dutyroom.gui.common.widgets import show_status
from dutyroom.services.records import OfficeSettings

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

ZONES = ("Asia/Shanghai", "Asia/Urumqi", "Asia/Hong_Kong", "Asia/Macau", "Asia/Taipei")


def to_qtime(value) -> QTime:
    return QTime(value.hour, value.minute)


class SettingsTab(QWidget):
    fields = {"office_name": "office_name_edit", "issuing_office": "issuing_office_edit",
              "document_recipients": "document_recipients_edit", "document_copy_to": "document_copy_to_edit",
              "imprint_office": "imprint_office_edit",
              "time_zone": "time_zone_combo", "handover_time": "handover_time_edit",
              "idle_lock_minutes": "idle_lock_spin",
              # 排班规则
              "min_rest_hours": "min_rest_spin", "max_shifts_per_month": "max_shifts_spin",
              "fairness_lookback_months": "lookback_spin", "rest_day_weight": "rest_day_weight_spin",
              "holiday_weight": "holiday_weight_spin", "swap_needs_approval": "swap_approval_check",
              "reminder_time": "reminder_time_edit",
              "backup_time": "backup_time_edit", "backups_kept": "backups_kept_spin",
              # 来电登记
              "call_categories": "call_categories_edit", "quick_texts": "quick_texts_edit",
              "follow_up_days": "follow_up_days_spin", "similar_days": "similar_days_spin",
              # 视频点名
              "answer_limit_seconds": "answer_limit_spin", "rollcall_copy_to": "rollcall_copy_to_edit",
              "rollcall_recipients": "rollcall_recipients_edit",
              # 空岗检查
              "empty_post_checks": "empty_post_checks_check", "handover_confirm_minutes": "handover_confirm_minutes_spin",
              "presence_checks_per_night": "presence_checks_per_night_spin",
              "presence_night_start": "presence_night_start_edit", "presence_night_end": "presence_night_end_edit",
              "presence_answer_minutes": "presence_answer_minutes_spin", "no_officer_minutes": "no_officer_minutes_spin"}
    # Spin boxes (QSpinBox and QDoubleSpinBox) that hold a number of the settings record.
    numbers = ("idle_lock_minutes", "backups_kept", "min_rest_hours", "max_shifts_per_month",
               "fairness_lookback_months", "rest_day_weight", "holiday_weight", "follow_up_days", "similar_days",
               "answer_limit_seconds",
               "handover_confirm_minutes", "presence_checks_per_night", "presence_answer_minutes", "no_officer_minutes")
    times = ("handover_time", "backup_time", "reminder_time", "presence_night_start", "presence_night_end")
    checks = ("swap_needs_approval", "empty_post_checks")
    # One-line texts kept as typed: the 主送, 抄送 and 印发机关 of the documents.
    lines = ("document_recipients", "document_copy_to", "imprint_office", "rollcall_recipients", "rollcall_copy_to")

    def __init__(self, services: Services, actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("settings_tab")
        self.services = services
        self.actor = actor
        self.prompt = None
        self.settings: OfficeSettings | None = None
        self.dirty = False
        self._edits = 0  # keys typed into the form so far: a read asked for before the latest one fills nothing
        self._filling = False
        self.form = load_form("admin_settings", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        # The fields scroll (a 1280×800 laptop has no room for all of them); 保存 stays in sight below.
        self.scroll = child(self.form, QScrollArea, "settings_scroll")
        self.row_errors = RowErrors(self.form, self.fields, self.input)
        self.error_labels = self.row_errors.labels
        self.message = mark(child(self.form, QLabel, "settings_message"), "ok")
        # The message wraps, so the page has a height-for-width, which sums the preferred heights of the
        # rest: with the scroll's (every field) counted, the window's page area grew the page past the
        # screen's edge under an alarm banner, and 保存 went out of sight once its message appeared. The
        # scroll prefers no height of its own: it takes what is left, never less than its minimum.
        policy = self.scroll.sizePolicy()
        policy.setVerticalPolicy(QSizePolicy.Policy.Ignored)
        self.scroll.setSizePolicy(policy)
        self.scroll.setMinimumHeight(self.scroll.minimumSizeHint().height())
        self.save_button = child(self.form, QPushButton, "save_button")
        self.save_button.setProperty("role", "primary")
        self.save_button.clicked.connect(lambda *_: self.save())
        child(self.form, QPushButton, "reload_button").clicked.connect(lambda *_: self.reload(discard=True))
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # This computer's alarm volume sits beside this computer's data folder, below the office's settings.
        self.sound_box = AlarmSoundBox(self.form)
        contents = self.scroll.widget().layout()
        storage = child(self.form, QWidget, "storage_group")
        contents.insertWidget(contents.indexOf(storage), self.sound_box)
        # Tab in reading order, the volume and 试听 included, then 重新载入 and 保存 (ui tab stops went stale).
        set_layout_tab_order(self.form)
        zone_combo: QComboBox = self.input("time_zone")
        zone_combo.addItems(ZONES)
        child(self.form, QLineEdit, "database_edit").setText(services.db.describe())
        child(self.form, QLineEdit, "data_folder_edit").setText(str(paths.data_dir()))
        # One label column across the group boxes, so the fields line up.
        labels = [label for label in self.form.findChildren(QLabel) if label.objectName().endswith("_label")]
        width = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(width)
        for name in ("office_name", "issuing_office", "call_categories", "quick_texts", *self.lines):
            self.input(name).textChanged.connect(self._edited)
        zone_combo.currentTextChanged.connect(self._edited)
        for name in self.times:
            self.input(name).timeChanged.connect(self._edited)
        for name in self.numbers:
            self.input(name).valueChanged.connect(self._edited)
        for name in self.checks:
            self.input(name).toggled.connect(self._edited)

    def input(self, field: str) -> QWidget:
        return child(self.form, QWidget, self.fields[field])

    def _edited(self, *_args) -> None:
        if not self._filling:
            self.dirty = True
            self._edits += 1

    # -- loading ---------------------------------------------------------------------------------------
    def reload(self, *, discard: bool = False) -> None:
        """The office's settings, read off the GUI thread. They fill the form when it holds nothing typed and
        unsaved — or, with `discard` (重新载入 pressed), what was typed before the press — but never over
        anything typed while the read was on its way."""
        edits = self._edits

        def read(settings: OfficeSettings) -> None:
            if self._edits != edits or (self.dirty and not discard):
                return  # typed, unsaved settings stay; a save warns of the settings saved elsewhere
            self.fill(settings)
            self.clear_errors()

        load(self, "settings", self.services.settings.get, read, failed=lambda exc: self.show_message(exc.message))

    def fill(self, settings: OfficeSettings) -> None:
        self.settings = settings
        self._filling = True
        try:
            self.input("office_name").setText(settings.office_name)
            self.input("issuing_office").setText(settings.issuing_office)
            for name in self.lines:
                self.input(name).setText(getattr(settings, name))
            self.input("call_categories").setText(settings.call_categories.replace(",", "，"))
            self.input("quick_texts").setPlainText(settings.quick_texts)
            self.input("time_zone").setCurrentText(settings.time_zone)
            for name in self.times:
                self.input(name).setTime(to_qtime(getattr(settings, name)))
            for name in self.numbers:
                self.input(name).setValue(getattr(settings, name))
            for name in self.checks:
                self.input(name).setChecked(getattr(settings, name))
        finally:
            self._filling = False
        self.dirty = False

    def changed_elsewhere(self) -> None:
        """Another workstation (or window) saved settings: show them unless the user is mid-edit."""
        if not self.dirty:
            self.reload()
            return
        self.show_message("设置已在别处修改并保存；您这里的修改还没有保存，保存时会提示冲突，可先“重新载入”。",
                          role="warning")

    # -- saving ----------------------------------------------------------------------------------------
    def collect(self) -> OfficeSettings:
        # Start from the loaded record: settings edited elsewhere (alert minutes) must survive a save here.
        return replace(
            self.settings or OfficeSettings(),
            office_name=self.input("office_name").text(), issuing_office=self.input("issuing_office").text(),
            **{name: self.input(name).text() for name in self.lines},
            time_zone=self.input("time_zone").currentText().strip(),
            call_categories=self.input("call_categories").text(),
            quick_texts=self.input("quick_texts").toPlainText(),
            **{name: self.input(name).isChecked() for name in self.checks},
            **{name: self.input(name).time().toPython() for name in self.times},
            **{name: self.input(name).value() for name in self.numbers},
        )

    SAVING = "正在保存…"

    def save(self) -> None:
        """Off the GUI thread: a server that stops answering leaves the window running; 保存 says 正在保存…
        meanwhile (Ctrl+S again sends nothing more) and what was typed stays, whatever the answer."""
        if busy(self.save_button):
            return
        self.clear_errors()
        record, edits, settings, actor = self.collect(), self._edits, self.services.settings, self.actor
        run_pressed(self, self.save_button, self.SAVING, lambda: settings.save(actor, record),
                    lambda saved: self._saved(saved, edits), self._not_saved)

    def _saved(self, saved: OfficeSettings, edits: int) -> None:
        if self._edits == edits:
            self.fill(saved)
        else:  # typed on while it was saved: that stays, unsaved, on top of the version just saved
            self.settings = saved
        self.show_message("设置已保存，所有工作站都将使用新设置。", role="ok")
        show_status(self, "设置已保存")  # also where the eye is when the message is scrolled out of sight

    def _not_saved(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self.show_errors(exc.fields)
        elif isinstance(exc, PermissionDenied):
            self.prompt = inform(self, "没有权限", exc.message)
        elif isinstance(exc, DutyRoomError):  # a conflict, the server away: said in the form's message line
            self.show_message(exc.message)
        else:
            raise exc  # a fault of the program: the global handler reports it

    def show_errors(self, fields: dict[str, str]) -> None:
        leftovers, first = self.row_errors.show(fields)
        self.show_message("；".join(leftovers) if leftovers else "有几项需要改正，见各项下方的红字。")
        if first is not None:
            # The message below the field first, then the field itself: the field wins if both do not fit.
            self.scroll.ensureWidgetVisible(self.error_labels[first])
            self.scroll.ensureWidgetVisible(self.input(first))
            self.input(first).setFocus()

    def show_message(self, text: str, role: str = "error") -> None:
        mark(self.message, role)
        self.message.setText(error_text(text) if role in ("error", "warning") else text)
        self.message.show()

    def clear_errors(self) -> None:
        self.row_errors.clear()
        self.message.clear()
