"""管理 → 设置 → 本机提醒声音: the volume is this workstation's, saved at once; 试听 says what was heard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from dutyroom.workstation import Workstation, load_workstation, save_workstation
from tests.gui.helpers import open_admin_page


@pytest.fixture
def box(qtbot, sqlite_services, admin):
    save_workstation(Workstation(alarm_volume=40))
    page = open_admin_page(qtbot, sqlite_services, admin)
    page.tabs.setCurrentWidget(page.settings_tab)
    box = page.settings_tab.sound_box
    page.settings_tab.scroll.ensureWidgetVisible(box)
    yield box
    save_workstation(Workstation())


def test_the_volume_shown_is_this_workstations_and_keys_change_it_at_once(qtbot, box):
    assert box.isVisible() and box.title() == "本机提醒声音"
    assert box.slider.value() == 40 and box.value_label.text() == "40%"
    box.slider.setFocus()
    qtbot.keyClick(box.slider, Qt.Key.Key_PageUp)  # one page step: 10
    qtbot.keyClick(box.slider, Qt.Key.Key_Right)  # one step: 5
    assert box.value_label.text() == "55%"
    assert load_workstation().alarm_volume == 55  # saved without 保存: it is not an office setting
    qtbot.keyClick(box.slider, Qt.Key.Key_Home)
    assert load_workstation().alarm_volume == 0
    assert box.message.text() == "⚠ 音量为 0：超时报警时这台电脑不会发出声音。"


def test_try_says_when_the_alarm_is_muted(qtbot, box, monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")
    qtbot.mouseClick(box.try_button, Qt.MouseButton.LeftButton)
    assert box.sound.last_method == "muted"
    assert box.message.text().startswith("⚠ 提醒声音已被静音（启动时设置了环境变量 DUTYROOM_MUTE=1）")


def test_try_says_when_only_the_beep_is_left(qtbot, box, monkeypatch):
    from dutyroom.gui import alarm_sound

    monkeypatch.setenv("DUTYROOM_MUTE", "0")
    monkeypatch.setattr(alarm_sound.shutil, "which", lambda name: None)  # the edge: no player on this machine
    monkeypatch.setattr(alarm_sound.sys, "platform", "linux")
    box.sound._effect_tried = True  # and no audio output for QtMultimedia
    qtbot.mouseClick(box.try_button, Qt.MouseButton.LeftButton)
    assert box.message.text() == "⚠ 本机没有可用的声音设备，只能发出系统提示音：请检查音箱、耳机或声卡驱动。"


def test_try_says_what_failed_when_the_system_player_cannot_reach_the_sound_server(qtbot, box, monkeypatch,
                                                                                  tmp_path):
    """Found by hand: 试听 said 正在用系统播放器播放 while paplay failed for want of PulseAudio. Here paplay
    really runs, against a sound server that is not there."""
    import shutil

    if shutil.which("paplay") is None:
        pytest.skip("no paplay on this machine")
    monkeypatch.setenv("DUTYROOM_MUTE", "0")
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path / 'no-server'}")
    box.sound._effect_tried = True  # QtMultimedia found no output, as on this machine without PulseAudio
    box.sound.why_not_qt = "系统没有提供音频输出设备（声音服务没有运行，或没有声卡）"
    qtbot.mouseClick(box.try_button, Qt.MouseButton.LeftButton)
    assert box.sound.last_method == "paplay"
    assert box.message.text().startswith("系统没有提供音频输出设备")
    qtbot.waitUntil(lambda: "未能播放" in box.message.text(), timeout=15000)
    text = box.message.text()
    assert text.startswith("⚠ 未能播放提醒声音：系统没有提供音频输出设备")
    assert "系统播放器 paplay 未能播放：PulseAudio 声音服务没有运行或连接不上" in text
    assert "正在" not in text and box.message.property("role") == "warning"
