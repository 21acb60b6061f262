"""Draft autosave for the edit dialogs: what is typed at 3 a.m. survives a crash (DESIGN.md §5).

Every 5 seconds while the form has unsaved edits, its content goes to the draft store (by default
services.incidents; the call form passes services.calls) under a key ("incident:new", "report:12",
"call:7"). Saving or cancelling discards the draft; a dialog that disappears any other way (the program
or the machine died) leaves it to be offered back.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QObject, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from dutyroom.errors import DutyRoomError
from dutyroom.gui.common.prompts import confirm_discard

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

log = logging.getLogger(__name__)
AUTOSAVE_MS = 5000


def widget_value(widget: QWidget):
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QDateTimeEdit):
        return widget.dateTime().toString("yyyy-MM-ddTHH:mm:ss")
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QComboBox):
        data = widget.currentData()
        return data.value if hasattr(data, "value") else data
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    raise TypeError(type(widget).__name__)


def set_widget_value(widget: QWidget, value) -> None:
    if value is None and not isinstance(widget, QComboBox):
        return
    if isinstance(widget, QLineEdit):
        widget.setText(str(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(str(value))
    elif isinstance(widget, QDateTimeEdit):
        moment = QDateTime.fromString(str(value), "yyyy-MM-ddTHH:mm:ss")
        if moment.isValid():
            widget.setDateTime(moment)
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value))
    elif isinstance(widget, QComboBox):
        for row in range(widget.count()):
            data = widget.itemData(row)
            if (data.value if hasattr(data, "value") else data) == value:
                widget.setCurrentIndex(row)
                return
    elif isinstance(widget, QAbstractButton):
        widget.setChecked(bool(value))


def edited_signal(widget: QWidget):
    for name in ("textChanged", "dateTimeChanged", "valueChanged", "currentIndexChanged", "toggled"):
        signal = getattr(widget, name, None)
        if signal is not None:
            return signal
    raise TypeError(type(widget).__name__)


class DraftKeeper(QObject):
    """Watches the inputs of a dialog and autosaves them while dirty."""

    def __init__(self, services: Services, actor, key: str, inputs: dict[str, QWidget],
                 extra: Callable[[], dict] | None = None, parent: QObject | None = None, *, store=None):
        super().__init__(parent)
        self.services, self.actor, self.key = services, actor, key
        self.store = store if store is not None else services.incidents  # save_draft / discard_draft
        self.inputs = inputs
        self.extra = extra or dict
        self.dirty = False
        self.saved_at: datetime | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.autosave)
        for widget in inputs.values():
            edited_signal(widget).connect(self.mark_dirty)
        self.timer.start()

    def mark_dirty(self, *_args) -> None:
        self.dirty = True

    def payload(self) -> dict:
        return {"fields": {name: widget_value(w) for name, w in self.inputs.items()}, **self.extra()}

    def apply(self, payload: dict) -> None:
        for name, value in payload.get("fields", {}).items():
            if name in self.inputs:
                set_widget_value(self.inputs[name], value)
        self.dirty = True  # restored text is unsaved until the officer saves it

    def stored(self) -> dict | None:
        """The draft kept under this form's key (its form died, or was closed with 保留草稿), or None (none,
        unreadable, or the store is away): what a form offers back when it is opened again."""
        try:
            found = next((d for d in self.store.load_drafts(self.actor) if d.key == self.key), None)
            return json.loads(found.payload_json) if found is not None else None
        except (DutyRoomError, ValueError):
            return None

    def autosave(self) -> bool:
        """The timer's slot (tests call it directly): save when something changed since the last time."""
        if not self.dirty:
            return False
        try:
            self.store.save_draft(self.actor, self.key, json.dumps(self.payload(), ensure_ascii=False))
        except DutyRoomError:
            log.exception("draft %s could not be saved", self.key)
            return False
        self.dirty = False
        self.saved_at = self.services.clock.now()
        return True

    def discard(self, *, keep_watching: bool = False) -> None:
        """Forget the draft; `keep_watching` for a form that stays open (its later edits autosave again)."""
        if not keep_watching:
            self.timer.stop()
        self.dirty = False
        try:
            self.store.discard_draft(self.actor, self.key)
        except DutyRoomError:
            log.exception("draft %s could not be discarded", self.key)


class AsksBeforeDiscarding:
    """Esc (or the window's close button) on a form with typed content asks 放弃 / 继续填写 / 保留草稿.

    Mixed into a QDialog before its dialog base (`class F(AsksBeforeDiscarding, EditDialog)`), with
    `self.drafts` (a DraftKeeper), `self.pristine` (the fields as opened) and `self.restored` (opened from a
    draft, so unsaved already). 保留草稿 saves the draft at once and closes; the form opened next for the
    same key offers it back. While a save is under way, Esc is the dialog base's (it waits, and says so).
    """

    #: the box's title and question; the question names what is lost and when the draft comes back
    discard_title = "放弃填写"
    discard_text = "已输入的内容还没有保存，确定放弃吗？\n选“保留草稿”可先关闭，下次打开时接着填写。"
    drafts: DraftKeeper
    pristine: object
    restored: bool = False
    prompt = None

    def has_typed(self) -> bool:
        return self.restored or self.drafts.payload()["fields"] != self.pristine

    def reject(self) -> None:
        if getattr(self, "saving", False) or not self.has_typed():
            if not getattr(self, "saving", False):
                self.drafts.discard()
            super().reject()  # type: ignore[misc] - the dialog base's
            return
        self.prompt = confirm_discard(self, self.discard_title, self.discard_text, self._discard,  # type: ignore[arg-type]
                                      on_keep_draft=self._keep_draft)

    def _discard(self) -> None:
        self.drafts.discard()
        super().reject()  # type: ignore[misc]

    def _keep_draft(self) -> None:
        self.drafts.dirty = True  # saved now: a closed form gets no further 5-second tick
        self.drafts.autosave()
        self.drafts.timer.stop()
        super().reject()  # type: ignore[misc]
