"""Call announcements spoken offline: espeak-ng's Vietnamese voice, then English, as WAV.

"Mời công dân có số thứ tự A012 đến quầy số 3" is built from
``kiosk/assets/voice/announcements.json`` (letters spelled with their Vietnamese names,
ticket digits one by one), synthesised by Debian's ``espeak-ng`` (no network), the
English sentence appended after a short pause. Results are cached per number and
counter, so a recall costs nothing; new ones are rate-limited (see ``voice_gate``).
"""

from __future__ import annotations

import io
import json
import re
import threading
import wave
from collections import OrderedDict
from functools import lru_cache
from typing import Any

from kiosk import speech
from kiosk.central.voice_errors import VoiceBusyError, VoiceError
from kiosk.central.voice_gate import WAIT_S, SynthGate
from kiosk.core.errors import ConfigError
from kiosk.core.resources import asset

ASSET = asset("voice", "announcements.json")
LABEL = re.compile(r"^(?P<service>[A-Z]{1,8})(?P<digits>[0-9]{1,6})$")
COUNTER = re.compile(r"^[A-Za-z0-9]{1,8}$")
PAUSE_S = 0.5
CACHE_SIZE = 64


@lru_cache(maxsize=1)
def _phrases() -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(ASSET.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"the voice phrases {ASSET} cannot be read: {exc}") from None
    return data


def announcement_text(label: str, counter: str, language: str = "vi") -> str:
    """The sentence to speak for ticket ``label`` (``A012``) called to ``counter``."""
    match = LABEL.fullmatch(label)
    if match is None or not COUNTER.fullmatch(counter):
        raise VoiceError("a ticket number is letters then digits (A012) and a counter is "
                         "1-8 letters or digits")
    phrases = _phrases()
    letters = phrases["letters_vi"] if language == "vi" else {}
    digits = phrases[f"digits_{language}"]
    spoken = [letters.get(c, c) for c in match["service"]]
    spoken += [digits[int(d)] for d in match["digits"]]
    number = " ".join(spoken) if language == "vi" else " ".join(
        [" ".join(match["service"]), *spoken[len(match["service"]):]])
    counter_text = counter.lstrip("0") or "0"
    return str(phrases[f"template_{language}"]).format(number=number, counter=counter_text)


def espeak_binary() -> str:
    """The espeak-ng program; VoiceError when it is not installed."""
    try:
        return speech.espeak_binary()
    except speech.SpeechError as exc:
        raise VoiceError(str(exc)) from None


def _speak(text: str, voice: str) -> tuple[wave._wave_params, bytes]:
    # The espeak-ng call is shared with the kiosk's spoken guidance (kiosk.speech).
    try:
        return speech.speak(text, voice, int(_phrases()["speed_wpm"]))
    except speech.SpeechError as exc:
        raise VoiceError(str(exc)) from None


def synthesize(label: str, counter: str) -> bytes:
    """The WAV announcement: Vietnamese, a pause, then English."""
    phrases = _phrases()
    params, vi_frames = _speak(announcement_text(label, counter, "vi"), phrases["voice_vi"])
    en_params, en_frames = _speak(announcement_text(label, counter, "en"), phrases["voice_en"])
    if en_params[:3] != params[:3]:
        en_frames = b""  # different formats cannot be joined; Vietnamese comes first anyway
    silence = bytes(int(params.framerate * PAUSE_S) * params.nchannels * params.sampwidth)
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(params.nchannels)
        writer.setsampwidth(params.sampwidth)
        writer.setframerate(params.framerate)
        writer.writeframes(vi_frames + silence + en_frames)
    return out.getvalue()


class VoiceCache:
    """Synthesised announcements kept in memory (most recent ``CACHE_SIZE``).

    A miss costs an espeak-ng run, admitted by ``gate`` (VoiceBusyError beyond it).
    """

    def __init__(self, size: int = CACHE_SIZE, gate: SynthGate | None = None) -> None:
        self.size = size
        self.gate = gate or SynthGate()
        self._items: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def cached(self, label: str, counter: str) -> bytes | None:
        """The WAV when it is already made, else None (costs nothing)."""
        with self._lock:
            if (label, counter) in self._items:
                self._items.move_to_end((label, counter))
                return self._items[(label, counter)]
        return None

    def get(self, label: str, counter: str, client: str = "local") -> bytes:
        """The WAV for ``label`` at ``counter``, synthesised on first use."""
        audio = self.cached(label, counter)
        if audio is not None:
            return audio
        announcement_text(label, counter)  # a malformed label costs no budget
        self.gate.admit(client)
        running = self.gate.running()
        if not running.acquire(timeout=WAIT_S):
            raise VoiceBusyError("another announcement is being made; retry shortly", 1)
        try:
            audio = self.cached(label, counter)  # made meanwhile by another request
            if audio is None:
                audio = synthesize(label, counter)
        finally:
            running.release()
        with self._lock:
            self._items[(label, counter)] = audio
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return audio
