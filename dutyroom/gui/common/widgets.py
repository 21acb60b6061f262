"""Small widgets and helpers every page and dialog shares."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QFrame, QLabel, QMainWindow, QScrollArea, QWidget

ERROR_PREFIX = "⚠ "


def set_role(widget: QWidget, role: str) -> None:
    """Style-sheet role (error, hint, alarm, primary, …); re-polish so the new look shows at once."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def show_error(label: QLabel, message: str | None) -> None:
    """An error next to a field: red, bold and prefixed with ⚠ so colour is not the only signal."""
    if label.property("role") != "error":
        set_role(label, "error")
    if message:
        label.setText(ERROR_PREFIX + message)
        label.setVisible(True)
        if label.wordWrap():
            grow_dialog_to_its_text(label.window())
    else:
        label.clear()
        label.setVisible(False)


def grow_dialog_to_its_text(window: QWidget) -> None:
    """A dialog as tall as its wrapped texts need at its width. A window grows by itself only to its layout's
    minimum, which counts a wrapped label as one line: the login's "连续错误 5 次将锁定 5 分钟" lost its
    second line under the buttons."""
    layout = window.layout()
    if not isinstance(window, QDialog) or layout is None or not layout.hasHeightForWidth():
        return
    layout.activate()
    needed = layout.totalMinimumHeightForWidth(window.width())  # its minimum: a dialog shortened to fit stays so
    if needed > window.height():
        window.resize(window.width(), needed)


def mark_invalid(field: QWidget, invalid: bool) -> None:
    if bool(field.property("invalid")) == invalid:
        return
    field.setProperty("invalid", invalid)
    field.style().unpolish(field)
    field.style().polish(field)


class FieldErrors:
    """Maps service field names (ValidationError.fields) to the labels and inputs of a form.

    `show(errors)` puts each message next to its field and focuses the first bad field; a message
    for a field the form does not have goes to the `general` label, so nothing is swallowed.
    """

    def __init__(self, general: QLabel | None = None):
        self.general = general
        self._fields: dict[str, tuple[QLabel, QWidget | None]] = {}
        if general is not None:
            show_error(general, None)

    def add(self, name: str, label: QLabel, field: QWidget | None = None) -> None:
        self._fields[name] = (label, field)
        show_error(label, None)

    def clear(self) -> None:
        for label, field in self._fields.values():
            show_error(label, None)
            if field is not None:
                mark_invalid(field, False)
        if self.general is not None:
            show_error(self.general, None)

    def show(self, errors: Mapping[str, str]) -> None:
        self.clear()
        leftovers = []
        first: QWidget | None = None
        for name, message in errors.items():
            if name in self._fields:
                label, field = self._fields[name]
                show_error(label, message)
                if field is not None:
                    mark_invalid(field, True)
                    first = first or field
            else:
                leftovers.append(message)
        if leftovers:
            if self.general is None:
                raise KeyError(f"no place for errors of fields {[k for k in errors if k not in self._fields]}")
            show_error(self.general, "；".join(leftovers))
        if first is not None:
            first.setFocus()

    def show_general(self, message: str) -> None:
        self.clear()
        if self.general is not None:
            show_error(self.general, message)


def show_status(widget: QWidget, message: str, msecs: int = 10000) -> None:
    """A short note in the main window's status bar (e.g. "已复制"); silently skipped when detached."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, msecs)


def while_alive(widget: QWidget, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    """Wrap a background-work callback: a window closed while the work ran is simply not told."""
    return lambda value: callback(value) if shiboken6.isValid(widget) else None


def rich_text_area(parent: QWidget, name: str) -> tuple[QLabel, QScrollArea]:
    """A selectable rich-text label in a frameless scroll area: a record's facts, a follow-up log."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    scroll = QScrollArea(parent)
    scroll.setWidget(label)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    return label, scroll


def add_shortcut(owner: QWidget, keys, slot: Callable[[], None], *, only_on: QWidget | None = None) -> QAction:
    """A key (or several) for `slot` anywhere inside `owner`, or only while `only_on` has the focus
    (Delete and Enter on a table, so they still edit text in a filter box beside it)."""
    widget = only_on or owner
    action = QAction(widget)
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut if only_on is not None
                              else Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(lambda *_: slot())
    widget.addAction(action)
    return action


class FittingLabel(QLabel):
    """One line that shows the longest of its forms that fits its width ("还剩 17 小时 47 分" → "还剩17时47分").

    A narrow column (the on-duty panel beside a scroll bar) would otherwise break a countdown before its
    last character; the full form stays in the tooltip.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._forms: tuple[str, ...] = ()
        self.setWordWrap(False)

    def set_forms(self, *forms: str, tooltip: bool = True) -> None:
        self._forms = tuple(f for f in forms if f)
        if tooltip:  # off where the parent's own tooltip says more
            self.setToolTip(self._forms[0] if len(self._forms) > 1 else "")
        self._choose()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._choose()

    def minimumSizeHint(self):  # noqa: N802 - Qt override: the shortest form sets how narrow it may go
        hint = super().minimumSizeHint()
        if self._forms:
            hint.setWidth(self.fontMetrics().horizontalAdvance(self._forms[-1]) + self.margin() * 2)
        return hint

    def _choose(self) -> None:
        if not self._forms:
            return
        room = self.contentsRect().width()
        fits = [f for f in self._forms if self.fontMetrics().horizontalAdvance(f) <= room]
        chosen = fits[0] if fits else self._forms[-1]
        if chosen != self.text():
            self.setText(chosen)


def chinese_characters(widget: QWidget, characters: int) -> int:
    """Qt's "minimum contents length" counts the width of 'x'; this is that count for Chinese characters."""
    metrics = widget.fontMetrics()
    return math.ceil(characters * metrics.horizontalAdvance("中") / max(1, metrics.horizontalAdvance("x")))



FOLLOWS_FOCUS = "dutyroom_scroll_follows_focus"


def scroll_to_focus(_old: QWidget | None, new: QWidget | None) -> None:
    """Every scroll area round the widget that just took the keyboard shows it. Qt scrolls only for Tab: an
    Alt+letter (设置's 无操作自动锁屏(L)) put the cursor in a field out of sight, typed into unseen."""
    parent = new.parentWidget() if new is not None else None
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget() is not None and parent.widget().isAncestorOf(new):
            port = parent.viewport().size()
            # A widget taller or wider than the area (a page's table) would be centred, its top out of sight.
            if new.height() + 40 <= port.height() and new.width() + 40 <= port.width():
                parent.ensureWidgetVisible(new, 20, 20)
        parent = parent.parentWidget()


def keep_focus_in_sight(app: QApplication) -> None:
    """Connect scroll_to_focus once for the application (each main window asks)."""
    if not app.property(FOLLOWS_FOCUS):
        app.setProperty(FOLLOWS_FOCUS, True)
        app.focusChanged.connect(scroll_to_focus)
