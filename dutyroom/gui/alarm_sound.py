"""The alarm's sound: a loud two-tone WAV, played through QtMultimedia (PySide6-Addons) at this workstation's
volume, repeated within each ring; winsound, paplay/aplay and the system beep only where QtMultimedia has
no audio output to play on.

The WAV is written by `write_alarm_wav` with the standard library alone, so the sound is the program's own
(no licence question) and a missing or damaged file is simply written again at first use.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import struct
import sys
import wave
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtWidgets import QApplication

from dutyroom import paths
from dutyroom.workstation import load_workstation

log = logging.getLogger(__name__)

MUTE_ENV = "DUTYROOM_MUTE"
RATE = 44100
#: the two tones of a duty-room alarm, each this long; four of them make one second
TONES_HZ = (960.0, 770.0)
TONE_SECONDS = 0.25
AMPLITUDE = 0.9  # of full scale: loud, with room for the third harmonic and no clipping
#: how many times one ring plays the one-second sound: an alarm, not a click
LOOPS_PER_RING = 4
DEFAULT_VOLUME = 100
_PEAK = 2 * math.sqrt(2) / 3  # the highest value of sin x + sin 3x / 3 (at x = π/4)


def alarm_sound_path() -> Path:
    return paths.resources_dir() / "sounds" / "alarm.wav"


def is_muted() -> bool:
    return os.environ.get(MUTE_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def alarm_samples() -> list[int]:
    """One second of 960/770 Hz two-tone (the European emergency pattern officers know), with a third
    harmonic so a small laptop speaker makes it heard, and 5 ms edges so the tone changes never click."""
    per_tone = int(RATE * TONE_SECONDS)
    edge = int(RATE * 0.005)
    samples = []
    for index in range(4):
        freq = TONES_HZ[index % 2]
        for n in range(per_tone):
            t = n / RATE
            value = math.sin(2 * math.pi * freq * t) + math.sin(2 * math.pi * 3 * freq * t) / 3
            ramp = min(1.0, n / edge, (per_tone - 1 - n) / edge)
            samples.append(int(32767 * AMPLITUDE * ramp * value / _PEAK))
    return samples


def write_alarm_wav(path: Path) -> Path:
    """Write the alarm as 16-bit mono PCM, the format every player (QSoundEffect, winsound, aplay) takes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with wave.open(str(tmp), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(b"".join(struct.pack("<h", s) for s in alarm_samples()))
    tmp.replace(path)
    return path


def _usable(path: Path) -> bool:
    try:
        with wave.open(str(path)) as wav:
            return wav.getnframes() > 0
    except (OSError, wave.Error, EOFError):
        return False


def ensure_alarm_wav(path: Path | None = None) -> Path:
    """The shipped sound, or the same sound written into the data folder when the shipped one is missing."""
    shipped = path or alarm_sound_path()
    if _usable(shipped):
        return shipped
    written = paths.data_dir() / "sounds" / "alarm.wav"
    return written if _usable(written) else write_alarm_wav(written)


def workstation_volume() -> int:
    return clamp_volume(load_workstation().alarm_volume)


def clamp_volume(value) -> int:
    try:
        return max(0, min(100, int(value)))
    except (TypeError, ValueError):
        return DEFAULT_VOLUME


class AlarmSound:
    """Plays the alarm; never raises. `last_method` says how it was played (shown by 试听 in 设置)."""

    def __init__(self, path: Path | None = None, volume: Callable[[], int] = workstation_volume,
                 loops: int = LOOPS_PER_RING):
        self.path = path
        self.volume = volume
        self.loops = loops
        self.last_method = ""
        #: why QtMultimedia was not used (Chinese, for 试听), empty while it is
        self.why_not_qt = ""
        #: told (ok, Chinese sentence) when a player started by play() has ended: the truth for 试听
        self.on_finished: Callable[[bool, str], None] | None = None
        self._effect = None
        self._effect_tried = False
        self._players: list[QProcess] = []

    def play(self, volume: int | None = None, *, until_stopped: bool = False) -> str:
        """Ring once (LOOPS_PER_RING seconds) at `volume` (0–100), by default this workstation's setting;
        `until_stopped` (an overdue report) repeats the sound until stop() — 确认 on the banner."""
        try:
            self.last_method = self._play(clamp_volume(self.volume() if volume is None else volume), until_stopped)
        except Exception:  # noqa: BLE001 - no audio must never take the alarm (or the program) down
            log.exception("alarm sound failed")
            self.last_method = self._beep()
        return self.last_method

    def stop(self) -> None:
        if self._effect is not None:
            self._effect.stop()

    def is_playing(self) -> bool:
        return self._effect is not None and self._effect.isPlaying()

    def _play(self, volume: int, until_stopped: bool = False) -> str:
        if is_muted():
            return "muted"
        if self.path is not None and not self.path.exists():
            log.warning("alarm sound missing: %s", self.path)
            return self._beep()
        path = self.path or ensure_alarm_wav()
        effect = self._sound_effect(path)
        if effect is not None:
            from PySide6.QtMultimedia import QSoundEffect, QtAudio

            effect.setLoopCount(QSoundEffect.Loop.Infinite.value if until_stopped else self.loops)
            # The slider is what the ear hears (logarithmic); QSoundEffect wants a linear gain.
            effect.setVolume(QtAudio.convertVolume(volume / 100, QtAudio.VolumeScale.LogarithmicVolumeScale,
                                                   QtAudio.VolumeScale.LinearVolumeScale))
            effect.stop()
            effect.play()
            return "qsoundeffect"
        return self._play_elsewhere(path, volume)

    def _play_elsewhere(self, path: Path, volume: int) -> str:
        if sys.platform == "win32":
            import winsound

            winsound.PlaySound(str(path), winsound.SND_FILENAME | winsound.SND_ASYNC)
            return "winsound"
        for player, args in (("paplay", [f"--volume={volume * 65536 // 100}"]), ("aplay", ["-q"])):
            program = shutil.which(player)
            if program and self._start_player(player, program, [*args, str(path)]):
                return player
        return self._beep()

    def _start_player(self, player: str, program: str, args: list[str]) -> bool:
        """Start a system player and watch how it ends: paplay starts fine and then fails when PulseAudio is
        not running, and a started player is no proof that anything was heard."""
        process = QProcess()
        process.setProgram(program)
        process.setArguments(args)
        process.finished.connect(lambda code, status, p=process, name=player: self._player_ended(p, name, code, status))
        process.start()
        if not process.waitForStarted(3000):
            log.warning("%s did not start: %s", player, process.errorString())
            return False
        self._players.append(process)
        return True

    def _player_ended(self, process: QProcess, player: str, code: int, status) -> None:
        if process in self._players:
            self._players.remove(process)
        ok = status == QProcess.ExitStatus.NormalExit and code == 0
        if ok:
            self._tell(True, f"已用系统播放器 {player} 播放提醒声音。")
            return
        detail = bytes(process.readAllStandardError().data()).decode(errors="replace").strip().splitlines()
        log.warning("%s failed (exit %s): %s", player, code, detail)
        self._beep()  # the alarm is still heard, if only as a beep
        self._tell(False, player_failure(player, detail[0] if detail else ""))

    def _tell(self, ok: bool, text: str) -> None:
        if self.on_finished is not None:
            self.on_finished(ok, text)

    def _sound_effect(self, path: Path):
        """A QSoundEffect when QtMultimedia is installed and the machine has an audio output, else None."""
        if not self._effect_tried:
            self._effect_tried = True
            try:
                from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
            except ImportError:
                log.warning("QtMultimedia is not installed (PySide6-Addons): the alarm uses another player")
                self.why_not_qt = "本程序的声音组件 QtMultimedia 没有安装"
                return None
            device = QMediaDevices.defaultAudioOutput()
            if device.isNull():
                log.warning("no audio output: the alarm uses another player")
                self.why_not_qt = "系统没有提供音频输出设备（声音服务没有运行，或没有声卡）"
                return None
            effect = QSoundEffect(device)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            effect.statusChanged.connect(lambda: self._effect_status(effect))
            effect.setLoopCount(self.loops)
            self._effect = effect
        return self._effect

    def _effect_status(self, effect) -> None:
        from PySide6.QtMultimedia import QSoundEffect

        if effect.status() == QSoundEffect.Status.Error:
            log.warning("QSoundEffect could not play %s", effect.source().toString())
            self._beep()
            self._tell(False, f"音频设备 {effect.audioDevice().description()} 未能播放提醒声音（设备出错或被占用）")

    @staticmethod
    def _beep() -> str:
        QApplication.beep()
        return "beep"


def player_failure(player: str, detail: str) -> str:
    """What failed, in the words an officer can act on ("PulseAudio 声音服务没有运行"), with the player's own."""
    if "connection" in detail.lower() or "pa_context" in detail:
        cause = "PulseAudio 声音服务没有运行或连接不上"
    elif player == "aplay":
        cause = "ALSA 声卡设备打不开"
    else:
        cause = "播放出错"
    return f"系统播放器 {player} 未能播放：{cause}" + (f"（{detail}）" if detail else "")
