"""The stack of pages in the main window, as tall as the page on show, not the tallest page built.

A QStackedWidget asks for the largest minimum height of all its pages: once 视频点名 (the tallest) had been
built, every other page was held that tall, so under an alarm banner on a 1280×800 screen 设置's 保存 sat
below the page area's fold although 设置 itself fits. Hidden pages ignore their height (a QSizePolicy
that the layout counts as 0) and only the page on show answers the height for a width, so the page
area scrolls only when the page on show needs it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QStackedWidget, QWidget


class PageStack(QStackedWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.currentChanged.connect(lambda *_: self._fit())

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        # QStackedLayout answers with the tallest page at this width (a wrapping label anywhere is enough),
        # which the page area's scroll takes as this widget's height.
        current = self.currentWidget()
        return current.heightForWidth(width) if current is not None else -1

    def insertWidget(self, index: int, widget: QWidget) -> int:  # noqa: N802 - Qt override
        at = super().insertWidget(index, widget)
        self._fit()
        return at

    def _fit(self) -> None:
        current = self.currentWidget()
        for i in range(self.count()):
            page = self.widget(i)
            policy = page.sizePolicy()
            if not hasattr(page, "_own_vertical_policy"):  # what the page asked for, given back when shown
                page._own_vertical_policy = policy.verticalPolicy()  # type: ignore[attr-defined]
            wanted = page._own_vertical_policy if page is current else QSizePolicy.Policy.Ignored  # type: ignore[attr-defined]
            if policy.verticalPolicy() != wanted:
                policy.setVerticalPolicy(wanted)
                page.setSizePolicy(policy)
        self.updateGeometry()
