"""Deadline alarms: a banner nobody misses, a sound wherever there is audio, acknowledged with who and when."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from dutyroom.domain.vocabulary import IncidentLevel
from dutyroom.gui import alarm_sound
from dutyroom.gui.alarm_sound import AlarmSound
from dutyroom.scheduling import DutyScheduler
from dutyroom.services.events import Change
from dutyroom.services.incidents.records import IncidentRecord


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


@pytest.fixture
def officer(accounts):
    return accounts[2]


def incident(services, actor, *, occurred_minutes_ago: int) -> IncidentRecord:
    now = services.clock.now()
    return services.incidents.save(actor, IncidentRecord(
        title="临江路燃气管道泄漏", occurred_at=now - timedelta(minutes=occurred_minutes_ago),
        received_at=now - timedelta(minutes=occurred_minutes_ago - 5), place="临江区临江路88号",
        level=IncidentLevel.IV))


def alerts_now(services) -> None:
    scheduler = DutyScheduler(services, register_defaults=False)
    scheduler.register_incident_alerts()
    scheduler.check_due()


def test_an_overdue_alarm_shows_until_acknowledged_and_records_who(qtbot, open_window, officer, sqlite_services,
                                                                  clock):
    saved = incident(sqlite_services, officer, occurred_minutes_ago=200)  # first report 20 minutes overdue
    window = open_window(officer)
    alerts_now(sqlite_services)
    banner = window.alarm
    assert banner.isVisible()
    assert banner.text.text() == "“临江路燃气管道泄漏”首报（事发后3小时内）  超时 00:20:00（截止 08:40:00）"
    assert banner.icon.text() == "⚠"
    assert banner.button.text() == "确认"
    assert banner.sound.last_method == "muted"
    assert not window.notices.isVisible()  # one alarm, not a second yellow banner with the same words

    banner.button.click()
    assert banner.isHidden()
    (clock_record,) = [c for c in sqlite_services.incidents.clocks(saved.id) if c.open]
    assert clock_record.acknowledged_by == "赵值班"
    assert clock_record.acknowledged_at == clock.now()

    clock.advance(minutes=5)  # acknowledged: the overdue alarm does not repeat
    alerts_now(sqlite_services)
    assert banner.isHidden()


def test_a_warning_before_due_is_dismissed_without_acknowledging(qtbot, open_window, officer, sqlite_services):
    saved = incident(sqlite_services, officer, occurred_minutes_ago=160)  # 20 minutes left
    window = open_window(officer)
    alerts_now(sqlite_services)
    banner = window.alarm
    assert banner.isVisible()
    assert "剩余 00:20:00（截止 09:20:00）" in banner.text.text()  # the strip's words, not the notice's
    assert banner.button.text() == "知道了"
    banner.button.click()
    assert banner.isHidden()
    assert all(not c.acknowledged_by for c in sqlite_services.incidents.clocks(saved.id))


def test_the_locked_screen_still_shows_the_alarm_without_details(qtbot, open_window, officer, sqlite_services):
    incident(sqlite_services, officer, occurred_minutes_ago=200)
    window = open_window(officer)
    window.lock("manual")
    alerts_now(sqlite_services)
    assert window.alarm.isVisible()
    assert window.alarm.text.text() == "有 1 条报送时限提醒，其中 1 条已超时，请解锁后查看并报送"
    assert window.alarm.button.isEnabled() and window.alarm.button.text() == "确认"
    window.lock_panel.unlocked.emit()
    assert window.alarm.text.text().startswith("“临江路燃气管道泄漏”")
    assert window.alarm.button.isEnabled()


def test_confirm_works_on_the_lock_screen(qtbot, open_window, officer, sqlite_services):
    saved = incident(sqlite_services, officer, occurred_minutes_ago=200)
    window = open_window(officer)
    window.lock("idle")
    window.alarm.button.click()
    assert window.alarm.isHidden()
    (record,) = [c for c in sqlite_services.incidents.clocks(saved.id) if c.open]
    assert record.acknowledged_by == "赵值班"


def test_an_unacknowledged_overdue_clock_shows_at_once_after_login_or_a_restart(qtbot, open_window, officer,
                                                                                sqlite_services, clock):
    """No scheduler run in between: the banner comes from the open clocks, not from the next 5-minute repeat."""
    incident(sqlite_services, officer, occurred_minutes_ago=200)
    alerts_now(sqlite_services)  # rang on the first window (then it was closed: 切换用户, a restart)
    window = open_window(officer)
    assert window.alarm.isVisible()
    assert window.alarm.text.text().startswith("“临江路燃气管道泄漏”首报（事发后3小时内）  超时 00:20:00")


def test_the_banner_counts_down_with_the_strip_to_the_second(qtbot, open_window, officer, sqlite_services, clock):
    incident(sqlite_services, officer, occurred_minutes_ago=200)
    window = open_window(officer)
    clock.advance(seconds=54, minutes=6)
    window.clock_strip.tick()
    (chip,) = window.clock_strip.visible_chips()
    assert "超时 00:26:54" in chip.countdown.text()
    assert "超时 00:26:54" in window.alarm.text.text()


def test_a_reported_clock_takes_its_alarm_away(qtbot, open_window, officer, sqlite_services):
    from dutyroom.domain.vocabulary import ReportKind
    from dutyroom.services.incidents.records import ReportRecord

    saved = incident(sqlite_services, officer, occurred_minutes_ago=200)
    window = open_window(officer)
    alerts_now(sqlite_services)
    assert window.alarm.isVisible()
    sqlite_services.incidents.send_report(officer, ReportRecord(saved.id, ReportKind.FIRST, 0, "情况如下", "市总值班室"))
    assert window.alarm.isHidden()
    assert window.clock_strip.visible_chips() == []


def test_an_alert_for_a_clock_that_is_no_longer_open_rings_nothing(qtbot, open_window, officer):
    window = open_window(officer)
    window.bridge.changed.emit(Change(kind="alert", id="999", origin="scheduler", message="overdue:0"))
    assert window.alarm.isHidden()


def test_without_any_audio_the_alarm_falls_back_to_the_beep(qapp, monkeypatch):
    monkeypatch.delenv("DUTYROOM_MUTE")
    monkeypatch.setattr(alarm_sound.shutil, "which", lambda name: None)
    monkeypatch.setattr(alarm_sound.sys, "platform", "linux")
    sound = AlarmSound()
    sound._effect_tried = True  # as on PySide6-Essentials: no QtMultimedia
    assert sound.play() == "beep"


def test_a_missing_sound_file_still_rings(qapp, monkeypatch, tmp_path):
    monkeypatch.delenv("DUTYROOM_MUTE")
    assert AlarmSound(tmp_path / "none.wav").play() == "beep"


def test_the_alarm_sound_is_a_short_clear_wav():
    import wave

    with wave.open(str(alarm_sound.alarm_sound_path())) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        assert 0.5 <= wav.getnframes() / wav.getframerate() <= 1.5
        frames = wav.readframes(wav.getnframes())
    # The shipped file is the program's own generated two-tone, near full scale: loud, not a click.
    samples = alarm_sound.alarm_samples()
    assert frames == b"".join(s.to_bytes(2, "little", signed=True) for s in samples)
    assert max(abs(s) for s in samples) > 0.8 * 32767


class HeardSound(AlarmSound):
    """The real player (muted in tests), noting how each ring was asked for: the edge where audio leaves."""

    def __init__(self):
        super().__init__()
        self.heard: list[str] = []

    def play(self, volume=None, *, until_stopped=False):
        self.heard.append("until stopped" if until_stopped else "once")
        return super().play(volume, until_stopped=until_stopped)

    def stop(self):
        self.heard.append("stop")
        super().stop()


def test_an_overdue_alarm_sounds_until_confirmed_and_a_warning_rings_once(qtbot, officer, sqlite_services):
    from dutyroom.gui.alarm import AlarmBanner

    incident(sqlite_services, officer, occurred_minutes_ago=200)  # first report 20 minutes overdue
    sound = HeardSound()
    banner = AlarmBanner(sqlite_services, officer, sound=sound)  # recalls what is owed at once
    qtbot.addWidget(banner)
    assert not banner.isHidden() and banner.button.text() == "确认"
    assert sound.heard[-1] == "until stopped"
    qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)  # 确认
    assert sound.heard[-1] == "stop" and banner.isHidden()
    incident(sqlite_services, officer, occurred_minutes_ago=160)  # due in 20 minutes: a warning
    alerts_now(sqlite_services)
    banner.recall_outstanding()
    assert sound.heard[-1] == "once"


def test_an_incident_registered_already_overdue_rings_at_once_without_the_scheduler(qtbot, open_window, officer,
                                                                                     sqlite_services, monkeypatch):
    """Found by hand: an incident received late (its first report already overdue) turned its strip card red
    at once, but the banner waited for the scheduler's next check."""
    monkeypatch.setenv("DUTYROOM_MUTE", "1")
    window = open_window(officer)
    assert window.alarm.isHidden()
    saved = incident(sqlite_services, officer, occurred_minutes_ago=200)  # saved through the service: a change
    qtbot.waitUntil(window.alarm.isVisible, timeout=3000)
    assert "已超时" in window.alarm.text.text() or "超时" in window.alarm.text.text()
    assert window.alarm.current().clock_id in {c.id for c in sqlite_services.incidents.clocks(saved.id)}


def test_an_administrator_sees_the_overdue_alarm_without_a_confirm_that_would_fail(qtbot, open_window, accounts,
                                                                                   sqlite_services, monkeypatch):
    """Found by hand: the administrator's 确认 only ever answered 确认失败：没有权限."""
    monkeypatch.setenv("DUTYROOM_MUTE", "1")
    admin, _, officer = accounts
    incident(sqlite_services, officer, occurred_minutes_ago=200)
    window = open_window(admin)
    qtbot.waitUntil(window.alarm.isVisible, timeout=3000)
    assert window.alarm.button.isHidden()
    assert "须由值班员或带班领导报送并确认" in window.alarm.more.text()
