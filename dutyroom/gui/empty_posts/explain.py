"""情况说明 of one 空岗: the officer writes why the post was empty.

A mistake is shown under the text and the dialog stays open with what was typed. The text is autosaved as
a draft; a dialog that died with the program (or was closed with 保留草稿) gives it back when the same
record's explanation is opened again, and Esc asks before throwing typed text away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dutyroom.domain.localtime import format_local
from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.gui.common.buttons import show_save_label
from dutyroom.gui.common.drafts import AsksBeforeDiscarding, DraftKeeper
from dutyroom.gui.common.prompts import error_text, mark
from dutyroom.gui.common.saving_dialog import SavingDialog
from dutyroom.services.empty_posts.records import EmptyPostRecord

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

RESTORED = "已恢复未保存的草稿，请核对后保存。"
NOT_READ: Any = object()  # the kept draft was not read before the dialog was built: it reads it itself


def draft_key(post: EmptyPostRecord) -> str:
    return f"empty_post:{post.id}"


class ExplanationDialog(AsksBeforeDiscarding, SavingDialog, QDialog):
    discard_title = "放弃说明"
    discard_text = "已输入的情况说明还没有保存，确定放弃吗？\n选“保留草稿”可先关闭，下次打开时接着填写。"
    saved = Signal(object)  # the EmptyPostRecord as saved

    def __init__(self, services: Services, actor, post: EmptyPostRecord, parent: QWidget | None = None, *,
                 zone: str | None = None, kept: dict | None = NOT_READ):
        """`zone`: the office's, as the list that opens this read it (else read here); `kept`: the draft kept
        under draft_key(post), read off the GUI thread before the dialog opens (else read here)."""
        super().__init__(parent)
        assert post.id is not None
        self.services, self.actor, self.post = services, actor, post
        self.prompt: QMessageBox | None = None
        self.setWindowTitle("情况说明")
        zone = zone or services.settings.get().time_zone
        self.label = QLabel(f"{post.kind.label}（{format_local(post.at, zone)}）的原因：", self)
        self.text_edit = QPlainTextEdit(post.explanation, self)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setPlaceholderText("如：02:00 巡查值班设备，未听到提示音")
        self.message = mark(QLabel(self), "error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        show_save_label(self.save_button, "保存说明")
        self.save_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消 Esc")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)
        layout = QVBoxLayout(self)
        for widget in (self.label, self.text_edit, self.message, self.buttons):
            layout.addWidget(widget)
        self.drafts = DraftKeeper(services, actor, draft_key(post), {"explanation": self.text_edit},
                                  parent=self, store=services.empty_posts)
        self.pristine = self.text_edit.toPlainText()
        kept = self.drafts.stored() if kept is NOT_READ else kept
        self.restored = kept is not None
        if kept is not None:
            self.drafts.apply(kept)
            self._say(RESTORED, "ok")
        self.finished.connect(lambda *_: self.drafts.timer.stop())
        self.setMinimumWidth(520)
        self.text_edit.setFocus()

    def _say(self, text: str, role: str = "error") -> None:
        mark(self.message, role)
        self.message.setText(error_text(text) if role == "error" else text)
        self.message.show()

    def save(self) -> None:
        """Off the GUI thread (SavingDialog): the text stays as typed while it waits and after a refusal."""
        if self.saving:
            return
        self.message.hide()
        assert self.post.id is not None
        empty_posts, actor, post_id, version = self.services.empty_posts, self.actor, self.post.id, self.post.version
        text = self.text_edit.toPlainText()
        self.save_in_background(lambda: empty_posts.explain(actor, post_id, version, text), self._saved,
                                self._refused, (self.save_button, self.buttons.button(
                                    QDialogButtonBox.StandardButton.Cancel)))

    def _saved(self, saved: EmptyPostRecord) -> None:
        self.drafts.discard()
        self.saved.emit(saved)
        self.accept()

    def _refused(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self._say("；".join(exc.fields.values()))
        elif isinstance(exc, DutyRoomError):
            self._say(exc.message)
        else:
            raise exc  # a fault of the program: the global handler reports it

    def has_typed(self) -> bool:
        return self.restored or self.text_edit.toPlainText() != self.pristine

