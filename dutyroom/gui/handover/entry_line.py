"""The 值班记事 line of the 交接班 page: Enter saves the entry off the GUI thread (a server that stops
answering leaves the clock and alarms running); the line is read-only until it is done, and a refusal
keeps what was typed and says why beside it."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.gui.common.background import run_operation
from dutyroom.gui.common.prompts import error_text
from dutyroom.gui.common.widgets import mark_invalid, while_alive
from dutyroom.gui.handover.entry_time import entry_instant


class EntryLine:
    """Mixin of HandoverPage (before Page in the bases): uses its entry_text, entry_time, entry_error, span."""

    #: shown in the 值班记事 line while its save waits on the database (the line is read-only meanwhile)
    SAVING_ENTRY = "正在保存记事…（数据库响应后自动完成）"

    def add_entry(self) -> None:
        """Enter in the 值班记事 line: the save runs off the GUI thread (a server that stops answering leaves
        the clock and alarms running); the line is read-only until it is done, and a refusal keeps the text."""
        if self.entry_text.isReadOnly():  # a save under way: a second Enter would add the entry twice
            return
        self.entry_error.hide()
        for widget in (self.entry_text, self.entry_time):
            mark_invalid(widget, False)
            widget.setReadOnly(True)
        self.show_status(self.SAVING_ENTRY)
        services, actor, span = self.services, self.actor, self.span
        typed_at, typed_text = self.entry_time.text(), self.entry_text.text()

        def save():
            at = entry_instant(typed_at, span, services.settings.get().time_zone)
            return services.handover.add_entry(actor, span.key, typed_text, at)

        run_operation(save, while_alive(self, self._entry_added), while_alive(self, self._entry_refused))

    def _entry_saved(self) -> None:
        for widget in (self.entry_text, self.entry_time):
            widget.setReadOnly(False)
        window = self.window()
        if isinstance(window, QMainWindow) and window.statusBar().currentMessage() == self.SAVING_ENTRY:
            window.statusBar().clearMessage()  # only our own note: a later one stays

    def _entry_added(self, _entry) -> None:
        self._entry_saved()
        self.entry_text.clear()
        self.entry_time.clear()
        self.entry_text.setFocus()

    def _entry_refused(self, exc: Exception) -> None:
        self._entry_saved()
        if isinstance(exc, ValidationError):
            field = "at" if "at" in exc.fields else "text"
            self.entry_error.setText(error_text("；".join(exc.fields.values())))
            self.entry_error.show()
            widget = self.entry_time if field == "at" else self.entry_text
            mark_invalid(widget, True)
            widget.setFocus()
        elif isinstance(exc, DutyRoomError):
            self.entry_error.setText(error_text(exc.message))
            self.entry_error.show()
        else:
            raise exc  # a fault of the program: the global handler reports it

