"""The presence rate of each unit as horizontal bars, painted with QPainter: the value is written at each
bar, so the chart reads without colour (and prints the same on the black-and-white PDF)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from dutyroom.domain import rollcall as rules

ROW = 20


class RateChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("rateChart")
        self.bars: list[tuple[str, float | None]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(120)

    def set_bars(self, bars: list[tuple[str, float | None]]) -> None:
        self.bars = bars
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(360, max(120, ROW * len(self.bars) + 24))

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        bar = QColor(text)
        bar.setAlpha(150)  # the text colour, a little lighter: solid on the light and on the night theme
        metrics = painter.fontMetrics()
        if not self.bars:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "本期无点名记录")
            return
        label_width = min(self.width() // 3, max(metrics.horizontalAdvance(n) for n, _ in self.bars) + 8)
        value_width = metrics.horizontalAdvance("100.0%") + 8
        plot = max(10, self.width() - label_width - value_width - 4)
        row = max(12, min(ROW, (self.height() - 4) // len(self.bars)))
        for n, (name, rate) in enumerate(self.bars):
            top = 2 + n * row
            painter.setPen(text)
            shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, label_width - 8)
            painter.drawText(QRectF(0, top, label_width - 6, row), Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignVCenter, shown)
            width = plot * (rate or 0)
            painter.fillRect(QRectF(label_width, top + row * 0.2, width, row * 0.6), bar)
            painter.setPen(text)
            painter.drawRect(QRectF(label_width, top + row * 0.2, plot, row * 0.6))
            painter.drawText(QRectF(label_width + plot + 4, top, value_width, row), Qt.AlignmentFlag.AlignLeft
                             | Qt.AlignmentFlag.AlignVCenter, rules.rate_text(rate))
        painter.end()
