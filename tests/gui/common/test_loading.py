"""Page reads off the GUI thread (gui/common/loading.py): the newest request wins, a request while one is in
flight is run once after it, and a failure is a line in the status bar, never a box. Real threads."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QMainWindow, QMessageBox

from dutyroom.errors import DutyRoomError
from dutyroom.gui.common import background
from dutyroom.gui.common.loading import load, loading


@pytest.fixture
def window(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def threaded(monkeypatch):
    monkeypatch.setattr(background, "INLINE_OPERATIONS", False)


def test_an_older_read_that_returns_late_never_overwrites_a_newer_one(qtbot, window, threaded):
    gate, ran, shown = threading.Event(), [], []

    def read(name, wait=False):
        def fetch():
            if wait:
                gate.wait(10)
            ran.append(name)
            return name
        return fetch

    load(window, "list", read("old", wait=True), shown.append)
    load(window, "list", read("middle"), shown.append)  # asked while "old" is in flight: coalesced…
    load(window, "list", read("new"), shown.append)  # …and replaced by the newest request
    assert loading(window, "list") and shown == []
    gate.set()
    qtbot.waitUntil(lambda: not loading(window, "list"), timeout=5000)
    assert shown == ["new"]  # "old" came back first and was dropped
    assert ran == ["old", "new"]  # one read after the one in flight, not one per request


def test_reads_of_other_keys_do_not_wait_for_each_other(qtbot, window, threaded):
    gate, shown = threading.Event(), []
    load(window, "list", lambda: gate.wait(10) and "list", shown.append)
    load(window, "detail", lambda: "detail", shown.append)
    qtbot.waitUntil(lambda: shown == ["detail"], timeout=5000)
    gate.set()
    qtbot.waitUntil(lambda: shown == ["detail", "list"], timeout=5000)


def test_a_failed_read_keeps_what_is_shown_and_says_so_in_the_status_bar(qtbot, window, threaded, monkeypatch):
    boxes, shown = [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: boxes.append(args))

    def fail():
        raise DutyRoomError("数据库忙，请稍后再试")

    load(window, "list", fail, shown.append)
    qtbot.waitUntil(lambda: not loading(window, "list"), timeout=5000)
    assert shown == [] and boxes == []
    assert window.statusBar().currentMessage() == "⚠ 数据库忙，请稍后再试"
    load(window, "list", lambda: "again", shown.append)  # the next read is not blocked by the failed one
    qtbot.waitUntil(lambda: shown == ["again"], timeout=5000)


def test_in_tests_a_read_has_been_shown_when_load_returns(window):
    assert background.INLINE_OPERATIONS  # the GUI tests' conftest
    shown = []
    load(window, "list", lambda: 7, shown.append)
    assert shown == [7] and not loading(window, "list")


def test_a_read_asked_for_while_applying_runs_after_it(window):
    shown = []

    def apply(value):
        shown.append(value)
        if value == 1:
            load(window, "list", lambda: 2, apply)  # a change announced while the page filled in

    load(window, "list", lambda: 1, apply)
    assert shown == [1, 2]
