"""管理 → 文书字体: says what the documents print in, and takes a font file the administrator chooses."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt

from dutyroom import paths
from dutyroom.reports import fonts
from dutyroom.workstation import load_workstation


@pytest.fixture
def fonts_tab(qtbot, page, tmp_path, monkeypatch):
    monkeypatch.setenv("DUTYROOM_HOME", str(tmp_path / "home"))
    monkeypatch.setenv(fonts.FONT_DIRS_ENV, str(tmp_path / "no-fonts"))
    fonts.reset_font_cache()
    page.tabs.setCurrentWidget(page.fonts_tab)
    yield page.fonts_tab
    fonts.reset_font_cache()


def test_the_tab_says_which_fonts_print_and_how_to_install_the_official_ones(fonts_tab):
    text = fonts_tab.notice.text()
    if fonts.current_fonts().roles["body"].bundled:  # a machine without 仿宋 (CI)
        assert "正文 AR PL UMing（程序自带）" in text and "安装官方字体" in text
    assert text.startswith("文书字体：标题 ")


def test_a_chosen_font_file_is_saved_for_this_workstation_and_used(qtbot, fonts_tab, tmp_path):
    font = tmp_path / "fangsong-copy.ttf"
    shutil.copyfile(paths.bundled_font(), font)
    edit = fonts_tab.edits["body"]
    edit.setFocus()
    qtbot.keyClicks(edit, str(font))
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert load_workstation().font_body == str(font)
    assert "正文 fangsong-copy" in fonts_tab.notice.text()
    assert fonts.current_fonts().roles["body"].path == font
    assert fonts_tab.message.text().startswith("已保存")


def test_a_file_that_is_no_font_is_refused_next_to_the_field_and_kept(qtbot, fonts_tab, tmp_path):
    bad = tmp_path / "readme.ttf"
    bad.write_text("not a font")
    edit = fonts_tab.edits["title"]
    edit.setFocus()
    qtbot.keyClicks(edit, str(bad))
    qtbot.mouseClick(fonts_tab.save_button, Qt.MouseButton.LeftButton)
    assert fonts_tab.errors["title"].isVisibleTo(fonts_tab)
    assert "标题字体无法嵌入 PDF" in fonts_tab.errors["title"].text()
    assert edit.text() == str(bad) and load_workstation().font_title == ""
