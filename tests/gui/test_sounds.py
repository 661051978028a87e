"""Feedback sounds: three distinct WAVs, and silence (without warnings) where there is no
audio device."""

import wave

import pytest

from app import paths
from app.stations.base import Level
from app.ui.widgets import sounds as sounds_module
from app.ui.widgets.sounds import SOUND_FILES, Sounds, audio_server_available

pytestmark = pytest.mark.gui


def _wav(name: str) -> tuple[float, list[int]]:
    with wave.open(str(paths.resource("sounds", name))) as wav:
        assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
        frames = wav.readframes(wav.getnframes())
        rate = wav.getframerate()
    samples = [int.from_bytes(frames[i:i + 2], "little", signed=True)
               for i in range(0, len(frames), 2)]
    return len(samples) / rate, samples


def _beeps(samples: list[int], rate: int = 44100) -> int:
    """How many separate sounds, split by at least 30 ms of silence."""
    count, quiet, loud = 0, rate, False
    for sample in samples:
        if abs(sample) > 500:
            if not loud and quiet >= rate * 0.03:
                count += 1
            loud, quiet = True, 0
        else:
            quiet += 1
            if quiet >= rate * 0.03:
                loud = False
    return count


def test_the_three_sounds_are_short_and_distinct():
    ok_s, ok = _wav("ok.wav")
    warning_s, warning = _wav("warning.wav")
    error_s, error = _wav("error.wav")
    assert 0.05 <= ok_s <= 0.12
    assert 0.38 <= error_s <= 0.45
    assert _beeps(ok) == 1
    assert _beeps(warning) == 2
    assert _beeps(error) == 1
    assert max(map(abs, ok)) < 32767  # no clipping


def test_no_audio_server_means_silent_and_quiet(qtbot, monkeypatch):
    monkeypatch.setattr(sounds_module, "audio_server_available", lambda: False)
    sounds = Sounds()
    assert not sounds.audible
    with qtbot.waitSignal(sounds.played) as signal:
        sounds.play(Level.ERROR)
    assert signal.args == ["error"]


def test_autodetect_raises_nothing_and_warns_nothing(qtbot):
    # Runs under qt_log_level_fail=WARNING: any Qt warning from probing audio fails it.
    sounds = Sounds()
    if not audio_server_available():
        assert not sounds.audible
    with qtbot.waitSignals([sounds.played] * 3):
        for level in (Level.OK, Level.WARNING, Level.ERROR):
            sounds.play(level)


@pytest.mark.qt_log_level_fail("CRITICAL")  # QtMultimedia complains about the missing device
def test_forcing_sound_on_without_a_device_stays_silent(qtbot):
    if audio_server_available():
        pytest.skip("this machine can play sound")
    sounds = Sounds(enabled=True)
    assert not sounds.audible
    sounds.play(Level.ERROR)


def test_info_has_no_sound(qtbot):
    sounds = Sounds(enabled=False)
    with qtbot.assertNotEmitted(sounds.played):
        sounds.play(Level.INFO)


def test_no_sound_setting(monkeypatch):
    monkeypatch.setenv("BINWISE_NO_SOUND", "1")
    assert audio_server_available() is False


def test_every_level_but_info_has_a_file():
    assert set(SOUND_FILES) == {Level.OK, Level.WARNING, Level.ERROR}
    for name in SOUND_FILES.values():
        assert paths.resource("sounds", name).is_file()
