"""Quick texts (快捷短语): a short code typed in Latin letters, then Space or Tab, becomes a standard phrase.

The office keeps its codes in settings ("tsh=停水，请求尽快恢复供水。" per line); the night officer types
"tsh " in the summary while the caller talks. A code counts only as a whole word: the Latin letters and
digits right before the cursor, so "abtsh" or a phone number never expands by accident.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSizePolicy

TRIGGERS = (Qt.Key.Key_Space, Qt.Key.Key_Tab)
#: how many characters before the cursor are looked at; codes are short, pastes can be huge
LOOKBACK = 32


def code_before(text: str) -> str:
    """The run of ASCII letters and digits that ends `text` ("" when it ends with anything else)."""
    start = len(text)
    while start > 0 and text[start - 1].isascii() and text[start - 1].isalnum():
        start -= 1
    return text[start:]


def hint_text(texts: Mapping[str, str]) -> str:
    """The one-line reminder under the summary: which codes exist (the tooltip has their phrases)."""
    return "快捷短语（短码+空格展开）：" + "、".join(texts)


def hint_tooltip(texts: Mapping[str, str]) -> str:
    return "\n".join(f"{code} → {phrase}" for code, phrase in texts.items())


class OneLineHint(QObject):
    """Keeps a label to one line, cut with "…" at its width (the whole text is in its tooltip).

    A wrapping label would ask the form for height-for-width, which squeezes the inputs above it.
    """

    def __init__(self, label: QLabel, text: str):
        super().__init__(label)
        self.label, self.text = label, text
        label.setWordWrap(False)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        label.installEventFilter(self)
        self.elide()

    def elide(self) -> None:
        metrics = self.label.fontMetrics()
        self.label.setText(metrics.elidedText(self.text, Qt.TextElideMode.ElideRight, max(self.label.width(), 1)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.elide()
        return False


class QuickTextExpander(QObject):
    """Event filter for plain-text edits: expands a code when Space or Tab follows it."""

    expanded = Signal(str, str)  # code, phrase

    def __init__(self, texts: Mapping[str, str], parent: QObject | None = None):
        super().__init__(parent)
        self.texts = {code.casefold(): phrase for code, phrase in texts.items() if code and phrase}

    def watch(self, edit: QPlainTextEdit) -> None:
        if self.texts:
            edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.KeyPress and isinstance(watched, QPlainTextEdit)
                and isinstance(event, QKeyEvent) and event.key() in TRIGGERS
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            return self.expand(watched)
        return False

    def expand(self, edit: QPlainTextEdit) -> bool:
        """Replace the code before the cursor by its phrase; False (the key does its usual job) if none."""
        cursor = edit.textCursor()
        if cursor.hasSelection():
            return False
        column = cursor.positionInBlock()
        before = cursor.block().text()[max(0, column - LOOKBACK):column]
        code = code_before(before)
        phrase = self.texts.get(code.casefold()) if code else None
        if phrase is None:
            return False
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(code))
        cursor.insertText(phrase)  # one undo step: Ctrl+Z brings the code back
        edit.setTextCursor(cursor)
        self.expanded.emit(code, phrase)
        return True
