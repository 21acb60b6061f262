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
        self._effect = None
        self._effect_tried = False

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
            if program:
                started = QProcess.startDetached(program, [*args, str(path)])
                if started[0] if isinstance(started, tuple) else started:
                    return player
        return self._beep()

    def _sound_effect(self, path: Path):
        """A QSoundEffect when QtMultimedia is installed and the machine has an audio output, else None."""
        if not self._effect_tried:
            self._effect_tried = True
            try:
                from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
            except ImportError:
                log.warning("QtMultimedia is not installed (PySide6-Addons): the alarm uses another player")
                return None
            device = QMediaDevices.defaultAudioOutput()
            if device.isNull():
                log.warning("no audio output: the alarm uses another player")
                return None
            effect = QSoundEffect(device)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            effect.setLoopCount(self.loops)
            self._effect = effect
        return self._effect

    @staticmethod
    def _beep() -> str:
        QApplication.beep()
        return "beep"
