"""Both style sheets flag a wrong field with the same red border, whatever kind of field it is."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from dutyroom.gui import theme
from dutyroom.gui.common.widgets import mark_invalid

FIELD_KINDS = [QComboBox, QSpinBox, QDoubleSpinBox, QDateEdit, QTimeEdit, QDateTimeEdit, QPlainTextEdit, QTextEdit]


def _fields(qtbot, kinds):
    """The fields, shown in one window (returned first: the caller keeps it, and so its fields, alive)."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    fields = [kind() for kind in kinds]
    for field in fields:
        field.setFixedSize(240, 40)
        layout.addWidget(field)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    return holder, fields


def _left_edge(field) -> QColor:
    """The colour of the field's border in the middle of its left side, as drawn on screen."""
    return field.grab().toImage().pixelColor(0, field.height() // 2)


def _close(a: QColor, b: QColor) -> bool:
    return all(abs(x - y) <= 24 for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


@pytest.mark.parametrize("name", list(theme.THEMES))
@pytest.mark.parametrize("kind", FIELD_KINDS, ids=lambda k: k.__name__)
def test_invalid_field_gets_the_red_border_of_a_line_edit(qtbot, qapp, name, kind):
    theme.apply_theme(qapp, name)
    _holder, (reference, field) = _fields(qtbot, [QLineEdit, kind])
    normal = _left_edge(field)
    mark_invalid(reference, True)
    mark_invalid(field, True)
    red = _left_edge(reference)
    assert red.red() > red.green() + 60  # the reference really is the error red
    assert _close(_left_edge(field), red), f"{kind.__name__} in the {name} theme: {_left_edge(field).name()}"
    assert not _close(normal, red)


@pytest.mark.parametrize("name", list(theme.THEMES))
def test_invalid_combo_box_text_does_not_run_under_its_arrow(qtbot, qapp, name):
    theme.apply_theme(qapp, name)
    holder = QWidget()
    layout = QVBoxLayout(holder)
    combos = []
    for invalid in (False, True):
        combo = QComboBox()
        combo.setEditable(True)  # its text area is a line edit whose width shows the room left by the arrow
        combo.setFixedWidth(200)
        mark_invalid(combo, invalid)
        layout.addWidget(combo)
        combos.append(combo)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    valid, invalid = (c.lineEdit().geometry() for c in combos)
    # The red border is 1 px wider on each side; the arrow keeps its room.
    assert valid.right() - 2 <= invalid.right() <= valid.right()


def _declared(name: str) -> dict[str, set[str]]:
    """Each selector of a theme's sheet with the properties it sets."""
    text = re.sub(r"/\*.*?\*/", "", theme.stylesheet(name), flags=re.S)
    rules: dict[str, set[str]] = {}
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", text):
        rules.setdefault(" ".join(selector.split()), set()).update(
            d.split(":")[0].strip() for d in body.split(";") if ":" in d)
    return rules


def test_both_sheets_set_the_same_properties_on_the_same_selectors():
    # A theme switch lays the new theme's sheet over the one the program started with (gui/theme_switch.py):
    # a property only the old one sets would show through in the new theme.
    light, dark = _declared("light"), _declared("dark")
    assert len(light) > 100
    assert {s: p for s, p in light.items() if dark.get(s) != p} == {}
    assert set(dark) == set(light)


def _luminance(color: QColor) -> float:
    return 0.299 * color.red() + 0.587 * color.green() + 0.114 * color.blue()


@pytest.mark.parametrize("name", list(theme.THEMES))
def test_a_check_box_stands_out_from_its_page_checked_or_not(qtbot, qapp, name):
    # Found by hand: in the dark theme Qt's own box was drawn in the dark base colour on the dark page, so
    # 苗头性/普遍性 and the 不详 boxes of the incident form were nearly invisible.
    from PySide6.QtWidgets import QCheckBox

    theme.apply_theme(qapp, name)
    holder = QWidget()
    layout = QVBoxLayout(holder)
    boxes = [QCheckBox("苗头性"), QCheckBox("不详")]
    boxes[1].setChecked(True)
    for box in boxes:
        layout.addWidget(box)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    page = _luminance(holder.grab().toImage().pixelColor(1, 1))
    for box in boxes:
        image = box.grab().toImage()
        side = min(image.height(), 20)
        contrast = max(abs(_luminance(image.pixelColor(x, y)) - page) for x in range(side) for y in range(side))
        assert contrast >= 80, f"{box.text()} (checked {box.isChecked()}): the box differs from the page by {contrast:.0f}"
