"""Every Designer form's Alt letters: each reaches one field, and none shows as an escaped entity.

Three roster forms once carried `&amp;amp;` in their .ui text, so the labels read "名称(amp;N)" and Alt+A
was the letter of all of them; 设置 had six letters twice, and Alt+S moved between 相似来电回溯 and 保存
instead of saving.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

from dutyroom import paths
from dutyroom.gui.common.forms import load_form

FORMS = sorted(p.stem for p in paths.ui_dir().glob("*.ui"))
MNEMONIC = re.compile(r"&([^&\s])")


def _texts(form) -> list[str]:
    texts = [label.text() for label in form.findChildren(QLabel) if label.buddy() is not None]
    texts += [button.text() for button in form.findChildren(QAbstractButton)]
    texts += [box.title() for box in form.findChildren(QGroupBox)]
    return [t for t in texts if t]


def test_every_form_is_checked():
    assert {"admin_settings", "roster_shift_form", "roster_leave_form", "roster_period_form"} <= set(FORMS)


@pytest.mark.parametrize("name", FORMS)
def test_alt_letters_are_plain_and_unique(qtbot, name):
    form = load_form(name)
    qtbot.addWidget(form)
    texts = _texts(form)
    assert not [t for t in texts if "amp;" in t], "an escaped & shows in the label"
    letters: dict[str, str] = {}
    for text in texts:
        for letter in MNEMONIC.findall(text.replace("&&", "")):
            key = letter.upper()
            assert key not in letters, f"Alt+{key} is the letter of both “{letters[key]}” and “{text}”"
            letters[key] = text
