"""在岗确认 prompt: the scheduler asks through the change path; Enter in time confirms, a late one is missed."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from dutyroom.domain.vocabulary import EmptyPostKind
from dutyroom.scheduling import DutyScheduler
from tests.conftest import SHANGHAI
from tests.gui.helpers import focus


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


def asked(qtbot, window, services, clock):
    """Tonight's first check comes due and the scheduler asks it; the window shows the prompt."""
    first = services.empty_posts.presence_draw(clock.now().date())[0]
    clock.set(datetime(2026, 11, 21, 21, 0, tzinfo=SHANGHAI))
    scheduler = DutyScheduler(services, register_defaults=False)
    scheduler.register_empty_post_jobs(handover=lambda day, name: None)  # the presence checks alone
    scheduler.check_due()
    clock.set(first + timedelta(seconds=20))
    scheduler.check_due()
    qtbot.waitUntil(lambda: getattr(window, "presence_prompt", None) is not None and window.presence_prompt.isVisible())
    return window.presence_prompt, scheduler


def test_enter_in_time_confirms(qtbot, open_window, accounts, sqlite_services, clock):
    officer = accounts[2]
    window = open_window(officer)
    prompt, scheduler = asked(qtbot, window, sqlite_services, clock)
    assert "请在" in prompt.question.text() and prompt.remaining.text().startswith("还剩 4 分")
    focus(qtbot, prompt.confirm_button)
    qtbot.keyClick(prompt.confirm_button, Qt.Key.Key_Return)
    assert prompt.confirmed and "已确认在岗（赵值班）" in prompt.result.text()
    clock.advance(minutes=10)
    scheduler.check_due()
    assert sqlite_services.empty_posts.list() == []


def test_no_answer_within_five_minutes_is_a_missed_check(qtbot, open_window, accounts, sqlite_services, clock):
    leader = accounts[1]  # the leader-on-duty's own workstation: asked, and then told
    window = open_window(leader)
    prompt, scheduler = asked(qtbot, window, sqlite_services, clock)
    clock.advance(minutes=5)
    prompt.tick()
    assert prompt.confirm_button.isHidden() and "记为未应答" in prompt.result.text()
    scheduler.check_due()
    [post] = sqlite_services.empty_posts.list()
    assert post.kind == EmptyPostKind.PRESENCE_MISSED
    # The leader's banner says so.
    assert window.notices.isVisible() and "在岗确认未应答" in window.notices.text.text()
