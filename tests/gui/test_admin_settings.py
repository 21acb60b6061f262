"""Administration page, 设置 tab: errors next to fields, saving, another workstation saving first."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QLineEdit

from dutyroom.gui.forms import child
from tests.gui.helpers import focus, type_text


@pytest.fixture
def tab(page):
    page.tabs.setCurrentWidget(page.settings_tab)
    return page.settings_tab  # the `page` fixture keeps the page alive until the test ends


def test_shows_stored_settings_and_where_the_data_is(tab):
    assert tab.input("handover_time").time() == QTime(8, 30)
    assert tab.input("time_zone").currentText() == "Asia/Shanghai"
    assert tab.input("idle_lock_minutes").value() == 15
    database = child(tab.form, QLineEdit, "database_edit")
    assert database.isReadOnly() and database.text().startswith("SQLite · ") and "gui.sqlite3" in database.text()
    assert child(tab.form, QLineEdit, "data_folder_edit").text()


def test_invalid_idle_minutes_is_shown_next_to_that_field(qtbot, tab):
    office = tab.input("office_name")
    office.clear()
    type_text(qtbot, office, "某某区人民政府总值班室")
    spin = tab.input("idle_lock_minutes")
    spin.selectAll()
    type_text(qtbot, spin, "0")
    assert spin.value() == 0
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)

    label = tab.error_labels["idle_lock_minutes"]
    assert label.isVisible() and label.text() == "⚠ 自动锁屏时间应在 1 到 240 分钟之间"
    assert 0 <= label.y() - spin.geometry().bottom() < 30 and label.x() == spin.x()
    assert not tab.error_labels["office_name"].isVisible()
    assert office.text() == "某某区人民政府总值班室"  # nothing typed is lost
    assert tab.services.settings.get().office_name == "值班室"

    spin.selectAll()
    type_text(qtbot, spin, "20")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert not label.isVisible()
    assert tab.message.text() == "设置已保存，所有工作站都将使用新设置。"
    stored = tab.services.settings.get()
    assert (stored.office_name, stored.idle_lock_minutes) == ("某某区人民政府总值班室", 20)


def test_ctrl_s_saves_the_handover_time(qtbot, tab):
    editor = tab.input("handover_time")
    editor.setTime(QTime(9, 0))
    focus(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert tab.services.settings.get().handover_time == time(9, 0)
    assert not tab.dirty


def test_another_workstation_saved_first(qtbot, tab, admin):
    services = tab.services
    type_text(qtbot, tab.input("issuing_office"), "某某区人民政府总值班室")
    # Another workstation saves while this form is being edited.
    services.settings.save(admin, replace(services.settings.get(), backups_kept=60))
    assert tab.input("issuing_office").text() == "某某区人民政府总值班室"  # not overwritten by the refresh
    assert "别处修改" in tab.message.text()

    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "已被其他人修改" in tab.message.text() and tab.message.text().startswith("⚠")
    assert tab.input("issuing_office").text() == "某某区人民政府总值班室"
    assert services.settings.get().issuing_office == ""

    qtbot.mouseClick(child(tab.form, type(tab.save_button), "reload_button"), Qt.MouseButton.LeftButton)
    assert tab.input("backups_kept").value() == 60
    assert tab.input("issuing_office").text() == ""


def test_unchanged_form_follows_a_save_elsewhere(tab, admin):
    tab.services.settings.save(admin, replace(tab.services.settings.get(), office_name="区委总值班室"))
    assert tab.input("office_name").text() == "区委总值班室"


def test_a_wrong_field_out_of_sight_is_scrolled_into_view(qtbot, tab):
    # A short window: the form scrolls, and the user is looking at its top when pressing 保存.
    tab.window().resize(1000, 330)
    scroll = tab.scroll
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().maximum() > 0)
    spin = tab.input("backups_kept")
    spin.selectAll()
    type_text(qtbot, spin, "0")
    scroll.verticalScrollBar().setValue(0)
    assert spin.visibleRegion().isEmpty()

    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    label = tab.error_labels["backups_kept"]
    assert label.text().startswith("⚠")
    assert spin.hasFocus()
    viewport = scroll.viewport()
    for widget in (spin, label):
        top_left = widget.mapTo(viewport, widget.rect().topLeft())
        assert viewport.rect().contains(top_left) and viewport.rect().contains(
            widget.mapTo(viewport, widget.rect().bottomRight())), widget.objectName()
