"""The alarm really sounds (issue 13 item 3a): played by the program into a PulseAudio null sink, recorded
from the sink's monitor with parec and measured. Nothing is mocked: a separate process plays the sound
as the banner does (AlarmSound, the workstation's volume) on a real audio server."""

from __future__ import annotations

import array
import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RATE = 44100
SINK = "dutyroom_null"
PLAYER = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from dutyroom.gui.alarm_sound import AlarmSound
sound = AlarmSound(loops=2)
method = sound.play()
print(method, flush=True)
effect = sound._effect
if effect is None:
    sys.exit(3)
heard = []
def changed():
    heard.append(effect.isPlaying())
    if heard[-1] is False and True in heard:
        app.quit()
effect.playingChanged.connect(changed)
sys.exit(app.exec())
"""


@pytest.fixture
def pulse(tmp_path):
    """A PulseAudio daemon of this test alone: one null sink, one socket, no D-Bus, gone afterwards."""
    if shutil.which("pulseaudio") is None or shutil.which("parec") is None:
        pytest.skip("no pulseaudio/parec on this machine (apt-get install pulseaudio pulseaudio-utils)")
    socket = tmp_path / "pulse" / "native"
    socket.parent.mkdir()
    env = {**os.environ, "HOME": str(tmp_path), "PULSE_RUNTIME_PATH": str(socket.parent),
           "PULSE_SERVER": f"unix:{socket}"}
    daemon = subprocess.Popen(
        ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no", "--disable-shm=yes",
         "-L", f"module-null-sink sink_name={SINK} rate={RATE} channels=1",
         "-L", f"module-native-protocol-unix socket={socket} auth-anonymous=1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        # Ready when the server answers; pactl itself waits for the socket, so this is no timing guess.
        for _ in range(100):
            if subprocess.run(["pactl", "info"], env=env, capture_output=True, timeout=10).returncode == 0:
                break
            if daemon.poll() is not None:
                pytest.fail("pulseaudio did not start: " + daemon.stderr.read().decode(errors="replace")[-500:])
            subprocess.run(["sleep", "0.05"])
        yield env
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)


def record_alarm(env: dict, home: Path, volume: int) -> tuple[str, float]:
    """Play the alarm at the workstation volume `volume`; return how it was played and the recorded RMS."""
    home.mkdir()
    (home / "workstation.json").write_text(json.dumps({"alarm_volume": volume}), encoding="utf-8")
    env = {**env, "DUTYROOM_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "DUTYROOM_MUTE": "0",
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    recorder = subprocess.Popen(["parec", "-d", f"{SINK}.monitor", "--format=s16le", f"--rate={RATE}",
                                 "--channels=1", "--latency-msec=20"], env=env, stdout=subprocess.PIPE)
    try:
        played = subprocess.run([sys.executable, "-c", PLAYER], env=env, capture_output=True, text=True, timeout=60)
    finally:
        recorder.terminate()
        raw, _ = recorder.communicate(timeout=10)
    assert played.returncode == 0, played.stdout + played.stderr
    samples = array.array("h", raw[: len(raw) // 2 * 2])
    loud = [s for s in samples if abs(s) > 64]  # the sound itself, not the silence around it
    rms = math.sqrt(sum(s * s for s in loud) / len(loud)) if loud else 0.0
    return played.stdout.strip(), rms


def test_the_alarm_plays_through_qtmultimedia_and_is_loud(pulse, tmp_path):
    from dutyroom import paths

    assert paths.local_settings_path().name == "workstation.json"  # where record_alarm puts the volume
    method, rms = record_alarm(pulse, tmp_path / "home", 100)
    assert method == "qsoundeffect"
    assert rms > 5000, rms  # of 32767; silence on a null sink is 0


def test_the_workstation_volume_makes_it_quieter(pulse, tmp_path):
    _, loud = record_alarm(pulse, tmp_path / "loud", 100)
    _, quiet = record_alarm(pulse, tmp_path / "quiet", 30)
    assert 0 < quiet < loud / 3, (quiet, loud)


REPEATER = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from dutyroom.gui.alarm_sound import AlarmSound
sound = AlarmSound()
print(sound.play(until_stopped=True), flush=True)
effect = sound._effect
def changed():
    if effect.isPlaying():  # sounding: with no end of its own, until 确认 stops it
        print(effect.loopsRemaining(), flush=True)
        sound.stop()
    else:
        app.quit()
effect.playingChanged.connect(changed)
sys.exit(app.exec())
"""


def test_an_overdue_alarm_repeats_until_stopped(pulse, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {**pulse, "DUTYROOM_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "DUTYROOM_MUTE": "0",
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    played = subprocess.run([sys.executable, "-c", REPEATER], env=env, capture_output=True, text=True, timeout=60)
    assert played.returncode == 0, played.stdout + played.stderr
    method, remaining = played.stdout.split()
    assert method == "qsoundeffect" and int(remaining) == -2  # QSoundEffect.Loop.Infinite
