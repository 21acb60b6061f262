"""登记突发事件 (F3): its save button shows "保存 Ctrl+Enter" whole in the program's font, in both themes (found in a
real window: it read "保存 Ctrl+Ente" after the form set the button's width again by a rougher measure)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetrics

from dutyroom.gui import theme
from tests.gui.incidents.test_page import open_page


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


@pytest.mark.parametrize("name", list(theme.THEMES))
def test_the_save_button_is_wide_enough_for_its_bold_text(qtbot, qapp, accounts, sqlite_services, name):
    theme.ensure_cjk_font(qapp)
    theme.apply_theme(qapp, name)
    page = open_page(qtbot, sqlite_services, accounts[2])
    page.new_incident()
    button = page.dialog.save_button
    assert button.text() == "保存 Ctrl+Enter"
    regular, bold = button.font(), button.font()
    bold.setBold(True)
    # Its own size hint (padding, border, any icon of the style) measures the text regular; drawn bold it is wider.
    bolder = QFontMetrics(bold).horizontalAdvance(button.text()) - QFontMetrics(regular).horizontalAdvance(button.text())
    assert button.width() >= button.sizeHint().width() + bolder
    page.dialog.reject()
