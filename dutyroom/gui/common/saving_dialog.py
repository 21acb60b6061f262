"""The pattern every dialog that writes follows, for those not built on EditDialog: the save runs through
run_operation (off the GUI thread, so a database that does not answer leaves the window, its clock and
its alarms running), the dialog says it is at work on its button, its buttons are disabled, Esc and the
close button wait and say why, and the result or the refusal arrives on the GUI thread. Nothing typed
is touched here: on a refusal the dialog shows the message beside the field, as it always did."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel

from dutyroom.gui.common.background import run_operation
from dutyroom.gui.common.prompts import mark

STILL_SAVING = "正在保存，请稍候…（数据库响应后自动完成）"


class SavingDialog:
    """Mixin, before QDialog in the bases. The dialog names its message label `message` (or overrides
    show_still_saving) and passes the buttons to disable to save_in_background, its save button first."""

    saving = False
    busy_text = "正在保存…"

    def save_in_background(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
                           on_error: Callable[[Exception], None], buttons: Sequence[QAbstractButton]) -> None:
        if self.saving:
            return
        self.saving = True
        kept = [(button, button.text(), button.isEnabled()) for button in buttons]
        for button in buttons:
            button.setEnabled(False)
        if buttons:
            buttons[0].setText(self.busy_text)

        def finish(callback: Callable[[Any], None]) -> Callable[[Any], None]:
            def run(value: Any) -> None:
                if not shiboken6.isValid(self):  # the dialog went with its window: nobody to tell
                    return
                self.saving = False
                for button, text, enabled in kept:
                    button.setText(text)
                    button.setEnabled(enabled)
                self.saving_finished()
                callback(value)
            return run

        run_operation(fn, finish(on_done), finish(on_error))

    def saving_finished(self) -> None:
        """The message "still saving" goes when the save ends, and the label gets its own look back."""
        label = getattr(self, "message", None)
        if isinstance(label, QLabel) and label.text() == STILL_SAVING:
            label.clear()
            label.hide()
            mark(label, getattr(self, "_message_role", None) or "error")

    def show_still_saving(self) -> None:
        label = getattr(self, "message", None)
        if isinstance(label, QLabel):
            if label.text() != STILL_SAVING:
                self._message_role = label.property("role")
            mark(label, "warning")
            label.setText(STILL_SAVING)
            label.show()

    # Closing while a save is under way would hide whether it was saved: Esc, the close button and 取消 wait.
    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.saving and event.key() == Qt.Key.Key_Escape:
            self.show_still_saving()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.saving:
            self.show_still_saving()
            event.ignore()
            return
        super().closeEvent(event)

    def reject(self) -> None:
        if self.saving:
            self.show_still_saving()
            return
        super().reject()
