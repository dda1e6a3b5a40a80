"""Playing a WAV prompt: a sound program (pw-play, paplay, aplay) or Qt Multimedia.

Which one is data (``[audio] player`` and ``device`` in the configuration). A kiosk
without a working sound device is a state (``no_device``) that the guide and the
diagnostics show, never an exception: a citizen's visit goes on in silence.

:class:`ProcessPlayer` blocks its (worker) thread while the prompt plays and stops
early when a newer prompt arrives. Qt Multimedia plays on the UI thread, so
:class:`QtPlayer` only hands the file over there (queued signal) and returns at once.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

from kiosk.core.config import AudioConfig
from kiosk.core.errors import ConfigError

PROGRAMS = ("pw-play", "paplay", "aplay")
PLAY_LIMIT_S = 30.0


class SoundState(StrEnum):
    """What the spoken guidance is doing, as the diagnostics show it."""

    READY = "ready"
    SPEAKING = "speaking"
    MUTED = "muted"
    DISABLED = "disabled"
    NO_DEVICE = "no_device"  # no sound card / server, or the player could not open it
    NO_SPEECH = "no_speech"  # espeak-ng missing or failing


def _volume_args(program: str, volume: float) -> list[str]:
    """The player's own volume option (aplay has none: it plays at the mixer's level)."""
    if volume >= 1.0:
        return []
    return {"aplay": [], "paplay": [f"--volume={round(volume * 65536)}"],
            "pw-play": [f"--volume={volume:.2f}"]}[program]


def _device_args(program: str, device: str) -> list[str]:
    if not device:
        return []
    return {"aplay": ["-D", device], "paplay": ["-d", device],
            "pw-play": ["--target", device]}[program]


class ProcessPlayer:
    """Plays a WAV file with a sound program; a newer prompt stops the current one."""

    def __init__(self, program: str, device: str = "") -> None:
        binary = shutil.which(program)
        self.program = program
        self.binary = binary or program
        self.device = device
        self.volume = 1.0  # the keypad's volume keys (AudioGuide.change_volume)

    def play(self, path: Path, interrupted: Callable[[], bool]) -> SoundState:
        """Play ``path`` to its end (or until ``interrupted()``); the resulting state."""
        command = [self.binary, *_device_args(self.program, self.device),
                   *_volume_args(self.program, self.volume), str(path)]
        if self.program == "aplay":
            command.insert(1, "-q")
        try:
            proc = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE)
        except OSError:
            return SoundState.NO_DEVICE
        waited = 0.0
        while proc.poll() is None:
            if interrupted() or waited > PLAY_LIMIT_S:
                proc.terminate()
                proc.wait(timeout=5)
                return SoundState.READY
            threading.Event().wait(0.05)
            waited += 0.05
        if proc.stderr is not None:
            proc.stderr.close()
        return SoundState.READY if proc.returncode == 0 else SoundState.NO_DEVICE

    def device_state(self) -> SoundState:
        """Whether the program finds a sound device, without playing anything."""
        if shutil.which(self.program) is None:
            return SoundState.NO_DEVICE
        if self.program == "aplay":
            try:
                listed = subprocess.run([self.binary, "-l"], capture_output=True, text=True,
                                        timeout=5, check=False)
            except (OSError, subprocess.TimeoutExpired):
                return SoundState.NO_DEVICE
            if listed.returncode != 0 or "card " not in listed.stdout:
                return SoundState.NO_DEVICE
        return SoundState.READY


class QtPlayer(QObject):
    """Plays a WAV file with Qt Multimedia's QSoundEffect on the UI thread."""

    _play = Signal(str)
    _stop = Signal()
    state_reported = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._effect: QSoundEffect | None = None
        self.volume = 1.0  # the keypad's volume keys (AudioGuide.change_volume)
        self._play.connect(self._start)
        self._stop.connect(self._halt)

    def play(self, path: Path, interrupted: Callable[[], bool]) -> SoundState:
        """Hand ``path`` to the UI thread to play; returns at once."""
        self._play.emit(str(path))
        return SoundState.READY

    def stop(self) -> None:
        """Stop the prompt playing now (any thread)."""
        self._stop.emit()

    def device_state(self) -> SoundState:
        """READY when Qt sees an audio output, NO_DEVICE otherwise."""
        return SoundState.READY if QMediaDevices.audioOutputs() else SoundState.NO_DEVICE

    @Slot(str)
    def _start(self, path: str) -> None:
        if not QMediaDevices.audioOutputs():
            self.state_reported.emit(SoundState.NO_DEVICE.value)
            return
        self.state_reported.emit(SoundState.READY.value)  # an output is there again
        if self._effect is None:
            self._effect = QSoundEffect(self)
        self._effect.stop()
        self._effect.setSource(QUrl.fromLocalFile(path))
        self._effect.setVolume(self.volume)
        self._effect.play()

    @Slot()
    def _halt(self) -> None:
        if self._effect is not None:
            self._effect.stop()


Player = ProcessPlayer | QtPlayer


def make_player(config: AudioConfig) -> Player | None:
    """The player the configuration asks for (None for ``none``)."""
    choice = config.player.strip().lower()
    if choice == "none":
        return None
    if choice == "auto":
        found = next((p for p in PROGRAMS if shutil.which(p)), None)
        return ProcessPlayer(found, config.device) if found else QtPlayer()
    if choice == "qt":
        return QtPlayer()
    if choice in PROGRAMS:
        return ProcessPlayer(choice, config.device)
    raise ConfigError(f"[audio] player must be auto, qt, none or one of {', '.join(PROGRAMS)}, "
                      f"not {config.player!r}")


def sound_device_state(config: AudioConfig) -> tuple[SoundState, str]:
    """The guidance's sound output for the diagnostics: state and the player's name."""
    if not config.enabled:
        return SoundState.DISABLED, ""
    player = make_player(config)
    if player is None:
        return SoundState.DISABLED, config.player
    name = player.program if isinstance(player, ProcessPlayer) else "qt"
    return player.device_state(), name
