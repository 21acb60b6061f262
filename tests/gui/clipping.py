"""Text that does not fit where it is shown: font metrics against the widget's own room (issue 13.11)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QWidget,
)

SLACK_PX = 1  # rounding of font metrics


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _looks_rich(text: str) -> bool:
    return "<" in text and ">" in text  # what Qt.mightBeRichText looks for, near enough for the program's labels


def _label_clip(label: QLabel) -> str | None:
    text = label.text()
    if not text or label.textFormat() == Qt.TextFormat.RichText or _looks_rich(text) \
            or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    room = label.contentsRect().adjusted(label.margin(), label.margin(), -label.margin(), -label.margin())
    metrics = QFontMetrics(label.font())
    if label.wordWrap():
        needed = metrics.boundingRect(QRect(0, 0, room.width(), 100_000),
                                      int(Qt.TextFlag.TextWordWrap) | int(label.alignment()), text)
        if needed.height() > room.height() + SLACK_PX:
            return f"needs {needed.height()} px of height, has {room.height()}"
        return None
    if label.buddy() is not None:
        text = _plain(text)  # the mnemonic's & is not drawn
    widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    if widest > room.width() + SLACK_PX:
        return f"needs {widest} px, has {room.width()}"
    return None


def _button_clip(button: QAbstractButton) -> str | None:
    if not button.text() or not hasattr(button, "sizeHint"):
        return None
    if button.width() + SLACK_PX < button.sizeHint().width():
        return f"needs {button.sizeHint().width()} px, has {button.width()}"
    return None


def clipped_texts(root: QWidget) -> list[str]:
    """Every visible label and button under `root` whose text is cut, described.

    Combo boxes are left out: under a style sheet Qt's own size hint and any outside measure disagree by
    the padding, and a combo's full text is one click away; their widths are set in characters instead
    (gui/common/widgets.chinese_characters).
    """
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel):
            why = _label_clip(widget)
            text = widget.text()
        elif isinstance(widget, QAbstractButton):
            why = _button_clip(widget)
            text = _plain(widget.text())
        else:
            continue
        if why:
            found.append(f"{type(widget).__name__} “{text[:40]}”: {why}")
    return found
