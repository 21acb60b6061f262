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

import shiboken6
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
from dutyroom.gui.common.background import OrderedWriter
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


def kept_draft(store, actor, key: str) -> dict | None:
    """The payload of `actor`'s draft under `key` in `store` (a service with load_drafts), or None (none, or
    unreadable). Services only: a form that opens when its reads arrive runs this off the GUI thread; a server
    away raises (the form then waits for it rather than opening blank and autosaving over the kept text)."""
    found = next((d for d in store.load_drafts(actor) if d.key == key), None)
    try:
        return json.loads(found.payload_json) if found is not None else None
    except ValueError:
        return None


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
            return kept_draft(self.store, self.actor, self.key)
        except DutyRoomError:
            return None

    _saving = False  # a save of this draft is on its way: the next tick waits for it

    def autosave(self) -> bool:
        """The timer's slot (tests call it directly): save when something changed since the last time; True
        when a save was asked for. Off the GUI thread, in the order asked with every other draft's saves and
        discards (_writer): a server that stops answering never holds the form being typed in, and a discard
        never lands before a save asked for earlier (that would offer a dropped draft back)."""
        if not self.dirty or self._saving:
            return False
        store, actor, key = self.store, self.actor, self.key
        text = json.dumps(self.payload(), ensure_ascii=False)
        self.dirty, self._saving = False, True

        def done(_result) -> None:
            if shiboken6.isValid(self):
                self._saving = False
                self.saved_at = self.services.clock.now()

        def failed(exc: Exception) -> None:
            if not isinstance(exc, DutyRoomError):
                raise exc  # a fault of the program: the global handler reports it
            log.warning("draft %s could not be saved: %s", key, exc.message)
            if shiboken6.isValid(self):
                self._saving, self.dirty = False, True  # the next tick tries again

        _writer().submit(lambda: store.save_draft(actor, key, text), done, failed)
        return self._saving or not self.dirty

    def discard(self, *, keep_watching: bool = False) -> None:
        """Forget the draft; `keep_watching` for a form that stays open (its later edits autosave again).
        Off the GUI thread, after any save of it asked for before (_writer)."""
        if not keep_watching:
            self.timer.stop()
        self.dirty = False
        store, actor, key = self.store, self.actor, self.key

        def failed(exc: Exception) -> None:
            if not isinstance(exc, DutyRoomError):
                raise exc  # a fault of the program: the global handler reports it
            log.warning("draft %s could not be discarded: %s", key, exc.message)

        _writer().submit(lambda: store.discard_draft(actor, key), lambda _result: None, failed)


_WRITER: OrderedWriter | None = None


def _writer() -> OrderedWriter:
    """The one writer of drafts for the program's life (not a form's: a form closed with its draft being
    saved is deleted before the answer; the steps of every form reach the database in the order asked)."""
    global _WRITER
    if _WRITER is None:
        _WRITER = OrderedWriter(lambda _exc: False)  # a draft is not worth a retry: the next tick saves it again
    return _WRITER


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
