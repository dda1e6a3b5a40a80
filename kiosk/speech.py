"""Offline speech: espeak-ng turns a sentence into WAV audio (no network).

Shared by the central service's call announcements (:mod:`kiosk.central.voice`) and
the kiosk's spoken guidance (:mod:`kiosk.ui.kiosk.audio`). espeak-ng writes a streaming WAV
header with unknown sizes to stdout; :func:`speak` reads past it and returns the
format and the raw frames, :func:`wav_bytes` writes them back as a proper WAV file.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import wave

from kiosk.core.errors import KioskError

SPEAK_TIMEOUT_S = 20


class SpeechError(KioskError):
    """espeak-ng is missing, failed, or produced no audio."""


def espeak_binary() -> str:
    """The espeak-ng program; SpeechError when it is not installed."""
    binary = shutil.which("espeak-ng")
    if binary is None:
        raise SpeechError("espeak-ng is not installed (apt-get install espeak-ng)")
    return binary


def speak(text: str, voice: str, speed_wpm: int) -> tuple[wave._wave_params, bytes]:
    """``text`` spoken by espeak-ng's ``voice`` at ``speed_wpm``: (WAV format, frames)."""
    try:
        proc = subprocess.run(
            [espeak_binary(), "-v", voice, "-s", str(speed_wpm), "--stdout", text],
            capture_output=True, timeout=SPEAK_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SpeechError(f"espeak-ng did not run: {type(exc).__name__}") from None
    if proc.returncode != 0 or not proc.stdout:
        raise SpeechError(f"espeak-ng failed with exit code {proc.returncode}")
    try:
        with wave.open(io.BytesIO(proc.stdout)) as reader:
            return reader.getparams(), reader.readframes(reader.getnframes())
    except (wave.Error, EOFError):
        # espeak-ng writes a streaming header with unknown sizes to stdout: skip it
        return raw_stream(proc.stdout)


def raw_stream(data: bytes) -> tuple[wave._wave_params, bytes]:
    """Format and frames of a WAV stream whose header sizes are unknown."""
    at = data.find(b"data")
    if data[:4] != b"RIFF" or at < 0:
        raise SpeechError("espeak-ng produced no WAV audio")
    fmt = data.find(b"fmt ")
    channels = int.from_bytes(data[fmt + 10:fmt + 12], "little")
    rate = int.from_bytes(data[fmt + 12:fmt + 16], "little")
    width = int.from_bytes(data[fmt + 22:fmt + 24], "little") // 8
    if channels < 1 or width < 1 or rate < 1:
        raise SpeechError("espeak-ng produced a WAV stream with an unreadable format")
    frames = data[at + 8:]
    frames = frames[:len(frames) - len(frames) % (channels * width)]
    params = wave._wave_params(channels, width, rate, len(frames) // (channels * width),
                               "NONE", "not compressed")
    return params, frames


def wav_bytes(params: wave._wave_params, frames: bytes) -> bytes:
    """A complete WAV file holding ``frames`` in the format ``params``."""
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(params.nchannels)
        writer.setsampwidth(params.sampwidth)
        writer.setframerate(params.framerate)
        writer.writeframes(frames)
    return out.getvalue()


def synthesize_text(text: str, voice: str, speed_wpm: int) -> bytes:
    """``text`` as a complete WAV file spoken by ``voice``."""
    return wav_bytes(*speak(text, voice, speed_wpm))
