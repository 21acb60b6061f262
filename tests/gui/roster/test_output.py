"""打印…, 导出 Excel…, 导出日历… write their files in the background; 去录入节假日 opens the right year."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel

from tests.gui.roster.data import generate, set_up_office


@pytest.fixture
def window(open_window, sqlite_services, accounts):
    set_up_office(sqlite_services, accounts[0])
    generate(sqlite_services, accounts[0], date(2026, 11, 1), date(2026, 11, 30))
    win = open_window(accounts[0])
    win.show_page(2)
    return win


@pytest.mark.parametrize("button, suffix, magic", [("print", ".pdf", b"%PDF"), ("excel", ".xlsx", b"PK"),
                                                   ("ics", ".ics", b"BEGIN:VCALENDAR")])
def test_outputs_are_written_in_the_background(qtbot, window, tmp_path, monkeypatch, button, suffix, magic):
    page = window.pages[2]
    target = tmp_path / "值班表"  # typed without the extension: it is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.buttons[button].click()
    if button == "ics":  # first asked whether to remind: no reminder, the default
        assert not page.dialog.remind_check.isChecked()
        page.dialog.export_button.click()
    assert not page.buttons[button].isEnabled()  # one at a time
    qtbot.waitUntil(lambda: page.buttons[button].isEnabled(), timeout=20000)
    written = target.with_name(target.name + suffix)
    assert written.read_bytes().startswith(magic)
    assert window.statusBar().currentMessage().endswith(f"已保存：{written}")


def test_one_persons_calendar_from_the_person_tab(qtbot, window, tmp_path, monkeypatch, sqlite_services):
    page = window.pages[2]
    page.tabs.setCurrentIndex(page.person_tab_index)
    page.person_combo.setCurrentIndex(page.person_combo.findText("李明"))
    assert page.person_model.rowCount() == 6  # five officers take turns through 30 days
    assert page.person_total.text().startswith("本月共 6 个班")
    target = tmp_path / "li.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.buttons["ics"].click()
    page.dialog.export_button.click()
    qtbot.waitUntil(lambda: target.exists() and page.buttons["ics"].isEnabled(), timeout=20000)
    text = target.read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == 6 and "BEGIN:VALARM" not in text


def test_the_calendar_reminds_before_each_shift_when_asked(qtbot, window, tmp_path, monkeypatch):
    """提前提醒 in the export flow: typed by keyboard, written as one VALARM per shift, asked the same way next time."""
    page = window.pages[2]
    page.tabs.setCurrentIndex(page.person_tab_index)
    page.person_combo.setCurrentIndex(page.person_combo.findText("李明"))
    target = tmp_path / "li.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.buttons["ics"].click()
    dialog = page.dialog
    assert dialog.isVisible() and "李明" in dialog.findChild(QLabel).text()
    assert not dialog.minutes_spin.isEnabled()
    qtbot.keyClick(dialog.remind_check, Qt.Key.Key_Space)
    assert dialog.remind_check.isChecked() and dialog.minutes_spin.isEnabled()
    dialog.minutes_spin.setFocus()
    dialog.minutes_spin.selectAll()
    qtbot.keyClicks(dialog.minutes_spin, "90")
    qtbot.keyClick(dialog.minutes_spin, Qt.Key.Key_Return)  # Enter exports
    qtbot.waitUntil(lambda: target.exists() and page.buttons["ics"].isEnabled(), timeout=20000)
    text = target.read_text(encoding="utf-8")
    events = text.split("BEGIN:VEVENT")[1:]
    assert len(events) == 6
    for event in events:
        assert "BEGIN:VALARM" in event and "TRIGGER:-PT90M" in event and "ACTION:DISPLAY" in event
    # The next export asks the same way; unticked, the file has no reminder.
    page.buttons["ics"].click()
    again = page.dialog
    assert again is not dialog and again.remind_check.isChecked() and again.minutes_spin.value() == 90
    again.remind_check.setChecked(False)
    target.unlink()
    again.export_button.click()
    qtbot.waitUntil(lambda: target.exists() and page.buttons["ics"].isEnabled(), timeout=20000)
    assert "VALARM" not in target.read_text(encoding="utf-8")
    assert page.ics_remind is None


def test_cancelling_the_calendar_dialog_writes_nothing(qtbot, window, tmp_path, monkeypatch):
    page = window.pages[2]
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(1) or ("", ""))
    page.buttons["ics"].click()
    qtbot.keyClick(page.dialog, Qt.Key.Key_Escape)
    assert not page.dialog.isVisible() and asked == [] and page.buttons["ics"].isEnabled()


def test_missing_holidays_lead_to_the_holiday_tab_of_that_year(window):
    page = window.pages[2]
    page.buttons["generate"].click()
    dialog = page.dialog
    dialog.first_edit.setDate(date(2027, 3, 1))
    dialog.last_edit.setDate(date(2027, 3, 31))
    dialog.ok_button.click()
    dialog.holidays_button.click()
    assert not dialog.isVisible()
    admin = window.current_page()
    assert admin.title == "管理"
    assert admin.tabs.currentWidget() is admin.holidays_tab
    assert admin.holidays_tab.year_spin.value() == 2027


def test_the_calendar_export_reads_the_settings_with_the_writing(qtbot, window, tmp_path, monkeypatch,
                                                                 sqlite_services):
    """导出日历: the office's name and zone are read with the writing, off the GUI thread (a server that stops
    answering holds the file, never the window): no statement is sent from the GUI thread."""
    import threading

    from sqlalchemy import event

    page = window.pages[2]
    target = tmp_path / "all.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    gui, on_gui = threading.get_ident(), []

    def count(*_args) -> None:
        if threading.get_ident() == gui:
            on_gui.append(_args[2])

    event.listen(sqlite_services.db.engine, "before_cursor_execute", count)
    try:
        page.buttons["ics"].click()
        page.dialog.export_button.click()
        sent = list(on_gui)
        qtbot.waitUntil(lambda: target.exists() and page.buttons["ics"].isEnabled(), timeout=20000)
    finally:
        event.remove(sqlite_services.db.engine, "before_cursor_execute", count)
    assert sent == [], "the export read the database on the GUI thread"
    assert "BEGIN:VEVENT" in target.read_text(encoding="utf-8")
