"""Feedback sounds: one short high beep for ok, two mid beeps for a warning, a low buzz for an
error, so staff know the result of a scan without looking at the screen.

Without an audio device the sounds are silent: no exception, and no Qt warnings. QtMultimedia
prints a burst of warnings as soon as it looks for a sound server that is not there, so on Linux
it is only loaded when a PulseAudio or PipeWire server socket exists (Qt plays through those
only).
"""

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal

from app import paths
from app.stations.base import Level

log = logging.getLogger(__name__)

SOUND_FILES = {Level.OK: "ok.wav", Level.WARNING: "warning.wav", Level.ERROR: "error.wav"}


def audio_server_available() -> bool:
    """Whether Qt can reach something to play sound through."""
    if os.environ.get("BINWISE_NO_SOUND"):
        return False
    if not sys.platform.startswith("linux"):
        return True
    if os.environ.get("PULSE_SERVER"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    sockets = [Path(runtime, "pulse", "native"), Path(runtime, "pipewire-0"),
               Path("/var/run/pulse/native")]
    return any(socket.exists() for socket in sockets)


class Sounds(QObject):
    """Plays the sound for a feedback level. `played` is emitted for every sound asked for,
    heard or not, so tests and the status bar can follow along."""

    played = Signal(str)

    def __init__(self, enabled: bool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._effects: dict[Level, object] = {}
        self._muted = enabled is False
        if enabled is None:
            enabled = audio_server_available()
        if enabled:
            self._load()

    @property
    def audible(self) -> bool:
        return bool(self._effects) and not self._muted

    @property
    def enabled(self) -> bool:
        """What the user chose (the settings' "sounds"), whether or not a device plays them."""
        return not self._muted

    def set_enabled(self, enabled: bool) -> None:
        """Turn sounds on or off, as the settings say; turning on finds the device then."""
        self._muted = not enabled
        if enabled and not self._effects and audio_server_available():
            self._load()

    def _load(self) -> None:
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

            if not QMediaDevices.audioOutputs():
                log.info("No audio output: feedback sounds are off")
                return
            for level, name in SOUND_FILES.items():
                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(paths.resource("sounds", name))))
                effect.setVolume(0.9)
                self._effects[level] = effect
        except Exception:  # sound is a courtesy: never let it stop the window opening
            log.exception("Feedback sounds unavailable")
            self._effects.clear()

    def play(self, level: Level) -> None:
        """Play the sound for `level` (INFO has none)."""
        level = Level(level)
        if level is Level.INFO:
            return
        effect = None if self._muted else self._effects.get(level)
        if effect is not None:
            effect.stop()  # a new scan's sound replaces the old one at once
            effect.play()
        self.played.emit(level.value)
