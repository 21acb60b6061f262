"""本机提醒声音 in 管理 → 设置: the alarm's volume on this computer and a 试听 button.

The volume belongs to the workstation (its speakers, its room), not to the office: it is saved to this
computer's workstation file the moment it changes, not with the office settings' 保存.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from dutyroom.gui.alarm_sound import MUTE_ENV, AlarmSound, clamp_volume
from dutyroom.gui.common.prompts import error_text, mark
from dutyroom.workstation import load_workstation, save_workstation

HOW = {
    "qsoundeffect": "正在播放提醒声音（音量 {volume}%），超时报警时就是这个声音。",
    "winsound": "正在用 Windows 系统声音播放提醒声音。",
    "paplay": "{why}，正在改用系统播放器 paplay 播放……",
    "aplay": "{why}，正在改用系统播放器 aplay 播放（此播放器不能调节音量）……",
    "beep": "本机没有可用的声音设备，只能发出系统提示音：请检查音箱、耳机或声卡驱动。",
    "muted": f"提醒声音已被静音（启动时设置了环境变量 {MUTE_ENV}=1），试听和超时报警都不会发声。",
}


class AlarmSoundBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None, sound: AlarmSound | None = None):
        super().__init__("本机提醒声音", parent)
        self.setObjectName("alarm_sound_group")
        # One ring of the real alarm, at the volume on the slider (not yet the saved one while dragging).
        self.sound = sound or AlarmSound(loops=1)
        # What 试听 says after the player has ended: a started player is no proof it was heard.
        self.sound.on_finished = self._finished
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("alarm_volume_slider")
        self.slider.setRange(0, 100)
        self.slider.setSingleStep(5)
        self.slider.setPageStep(10)
        self.slider.setAccessibleName("提醒音量")
        self.value_label = QLabel(self)
        self.value_label.setObjectName("alarm_volume_value")
        self.value_label.setMinimumWidth(self.value_label.fontMetrics().horizontalAdvance("100%") + 8)
        self.try_button = QPushButton("试听", self)
        self.try_button.setObjectName("alarm_try_button")
        self.try_button.setToolTip("按当前音量播放一次超时报警的声音")
        self.try_button.clicked.connect(lambda *_: self.try_sound())
        self.message = QLabel(self)
        self.message.setObjectName("alarm_sound_message")
        self.message.setWordWrap(True)
        label = QLabel("提醒音量", self)
        label.setObjectName("alarm_volume_label")
        label.setBuddy(self.slider)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.slider, 1)
        row.addWidget(self.value_label)
        row.addWidget(self.try_button)
        hint = QLabel("只影响这台电脑；改动立即生效，不需要按“保存”。", self)
        mark(hint, "hint")
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        self.slider.setValue(clamp_volume(load_workstation().alarm_volume))
        self._show_value(self.slider.value())
        self.slider.valueChanged.connect(self._changed)

    def volume(self) -> int:
        return self.slider.value()

    def _changed(self, value: int) -> None:
        self._show_value(value)
        save_workstation(replace(load_workstation(), alarm_volume=value))

    def _show_value(self, value: int) -> None:
        self.value_label.setText(f"{value}%")
        if value == 0:
            mark(self.message, "warning")
            self.message.setText(error_text("音量为 0：超时报警时这台电脑不会发出声音。"))
        elif self.message.property("role") == "warning":
            self.message.clear()

    def try_sound(self) -> None:
        method = self.sound.play(self.volume())
        mark(self.message, "warning" if method in ("beep", "muted") else "ok")
        why = self.sound.why_not_qt or "QtMultimedia 不能播放"
        text = HOW.get(method, "已播放提醒声音。").format(volume=self.volume(), why=why)
        self.message.setText(error_text(text) if method in ("beep", "muted") else text)

    def _finished(self, ok: bool, text: str) -> None:
        if ok:
            mark(self.message, "ok")
            self.message.setText(text)
            return
        mark(self.message, "warning")
        before = f"{self.sound.why_not_qt}；" if self.sound.why_not_qt else ""
        self.message.setText(error_text(f"未能播放提醒声音：{before}{text}。超时报警时这台电脑只能发出系统提示音："
                                        "请检查声音服务、音箱或声卡驱动。"))
