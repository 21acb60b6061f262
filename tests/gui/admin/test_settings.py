"""Administration page, 设置 tab: errors next to fields, saving, another workstation saving first."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QLineEdit

from dutyroom.errors import ValidationError
from dutyroom.gui.common.forms import child
from dutyroom.services.settings import cleaned
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


ROSTER_RULES = ("min_rest_hours", "max_shifts_per_month", "fairness_lookback_months", "rest_day_weight",
                "holiday_weight")


def test_roster_rules_show_the_stored_values(tab, admin):
    assert [tab.input(name).text() for name in ROSTER_RULES] == ["48", "10", "12", "1.5 倍", "3.0 倍"]
    assert not tab.input("swap_needs_approval").isChecked()
    assert tab.input("reminder_time").time() == QTime(18, 0)

    services = tab.services
    services.settings.save(admin, replace(services.settings.get(), min_rest_hours=24, max_shifts_per_month=8,
                                          fairness_lookback_months=6, rest_day_weight=2.0, holiday_weight=4.5,
                                          swap_needs_approval=True, reminder_time=time(17, 30)))
    assert [tab.input(name).text() for name in ROSTER_RULES] == ["24", "8", "6", "2.0 倍", "4.5 倍"]
    assert tab.input("swap_needs_approval").isChecked()
    assert tab.input("reminder_time").time() == QTime(17, 30)
    assert not tab.dirty


def test_changed_roster_rules_are_saved(qtbot, tab):
    for name, text in (("min_rest_hours", "36"), ("max_shifts_per_month", "8"), ("fairness_lookback_months", "6"),
                       ("rest_day_weight", "2.5"), ("holiday_weight", "4")):
        spin = tab.input(name)
        spin.selectAll()
        type_text(qtbot, spin, text)
    approval = tab.input("swap_needs_approval")
    approval.setFocus()
    qtbot.keyClick(approval, Qt.Key.Key_Space)
    tab.input("reminder_time").setTime(QTime(19, 0))
    assert tab.dirty
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)

    assert tab.message.text() == "设置已保存，所有工作站都将使用新设置。"
    stored = tab.services.settings.get()
    assert (stored.min_rest_hours, stored.max_shifts_per_month, stored.fairness_lookback_months,
            stored.rest_day_weight, stored.holiday_weight) == (36, 8, 6, 2.5, 4.0)
    assert stored.swap_needs_approval and stored.reminder_time == time(19, 0)


def test_roster_rule_spin_boxes_offer_exactly_what_the_office_may_save(tab):
    """Whatever a spin box lets one pick the service accepts, so only a refusal from elsewhere can show."""
    base = tab.collect()
    for name in ROSTER_RULES:
        spin = tab.input(name)
        for allowed in (spin.minimum(), spin.maximum()):
            cleaned(replace(base, **{name: allowed}))
        step = spin.singleStep()
        for refused in (spin.minimum() - step, spin.maximum() + step):
            with pytest.raises(ValidationError) as refusal:
                cleaned(replace(base, **{name: refused}))
            assert set(refusal.value.fields) == {name}


def test_a_refused_roster_rule_is_shown_next_to_that_field(qtbot, tab, monkeypatch):
    def refuse(actor, settings):
        raise ValidationError({"max_shifts_per_month": "每月最多班次应在 1 到 31 之间"})

    monkeypatch.setattr(tab.services.settings, "save", refuse)
    spin = tab.input("max_shifts_per_month")
    spin.selectAll()
    type_text(qtbot, spin, "12")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)

    label = tab.error_labels["max_shifts_per_month"]
    assert label.isVisible() and label.text() == "⚠ 每月最多班次应在 1 到 31 之间"
    assert 0 <= label.y() - spin.geometry().bottom() < 30 and label.x() == spin.x()
    assert spin.hasFocus() and not spin.visibleRegion().isEmpty()
    assert not any(tab.error_labels[name].isVisible() for name in ROSTER_RULES if name != "max_shifts_per_month")
    assert tab.message.text().startswith("⚠")
    assert spin.value() == 12  # nothing typed is lost


def test_call_log_settings_are_edited_here_and_settings_of_other_tabs_survive(qtbot, tab):
    stored = tab.services.settings.get()
    tab.services.settings.save(tab.actor, replace(stored, alert_minutes="20,10"))  # edited on another tab
    tab.reload()
    assert tab.input("call_categories").text() == "咨询，求助，投诉，举报，突发事件报告，通知，其他"
    assert "yc=已一次性告知办理流程和所需材料。" in tab.input("quick_texts").toPlainText()

    categories = tab.input("call_categories")
    categories.clear()
    type_text(qtbot, categories, "咨询，求助，水电气热")
    quick = tab.input("quick_texts")
    quick.clear()
    type_text(qtbot, quick, "ts停水")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    label = tab.error_labels["quick_texts"]
    assert label.isVisible() and "第 1 行缺少“=”" in label.text()

    quick.clear()
    type_text(qtbot, quick, "ts=停水，请求尽快恢复供水。")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    saved = tab.services.settings.get()
    assert saved.call_categories == "咨询,求助,水电气热"
    assert saved.quick_texts == "ts=停水，请求尽快恢复供水。"
    assert saved.alert_minutes == "20,10"


def test_roll_call_answer_limit_and_copy_to_are_edited_here(qtbot, tab):
    assert tab.input("answer_limit_seconds").value() == 60
    assert tab.input("rollcall_copy_to").text() == "本办领导"
    spin = tab.input("answer_limit_seconds")
    assert (spin.minimum(), spin.maximum()) == (5, 600)  # what the office may save
    spin.setValue(90)
    copy_to = tab.input("rollcall_copy_to")
    copy_to.clear()
    type_text(qtbot, copy_to, "区政府办公室领导")
    focus(qtbot, copy_to)
    qtbot.keyClick(copy_to, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = tab.services.settings.get()
    assert (saved.answer_limit_seconds, saved.rollcall_copy_to) == (90, "区政府办公室领导")


def test_empty_post_checks_are_shown_and_saved(qtbot, tab):
    assert tab.input("empty_post_checks").isChecked() and tab.input("presence_checks_per_night").value() == 2
    assert tab.input("presence_night_start").time() == QTime(22, 0) and tab.input("handover_confirm_minutes").value() == 30
    spin = tab.input("presence_checks_per_night")
    spin.selectAll()
    type_text(qtbot, spin, "3")
    tab.input("presence_night_end").setTime(QTime(5, 30))
    switch = tab.input("empty_post_checks")
    switch.setFocus()
    qtbot.keyClick(switch, Qt.Key.Key_Space)
    qtbot.keyClick(tab, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    stored = tab.services.settings.get()
    assert (stored.presence_checks_per_night, stored.presence_night_end, stored.empty_post_checks) == (
        3, time(5, 30), False)


def test_no_field_key_takes_a_letter_of_the_menu_bar(tab, open_window, admin):
    """Found by hand: Alt+D opened 夜间结束(D) instead of the 值班(D) menu."""
    import re

    from PySide6.QtWidgets import QLabel

    window = open_window(admin)
    menus = {re.search(r"&(\w)", a.text()).group(1).upper() for a in window.menuBar().actions() if "&" in a.text()}
    assert {"D", "V", "H"} <= menus
    fields = {m.group(1).upper(): label.text() for label in tab.findChildren(QLabel)
              if (m := re.search(r"&(\w)", label.text().replace("&&", "")))}
    assert not menus & set(fields), {k: fields[k] for k in menus & set(fields)}


def test_an_unsaved_setting_survives_leaving_the_page_and_coming_back(qtbot, tab, page):
    """Found by hand: 无操作自动锁屏 typed but not saved was dropped without a question when the page was left."""
    spin = tab.input("idle_lock_minutes")
    before = spin.value()
    spin.setValue(before + 7)
    assert tab.dirty
    page.refresh()  # what showing the page again does
    assert spin.value() == before + 7 and tab.dirty
