"""Spoken calls: espeak-ng's Vietnamese voice, served as WAV; checked non-silent with ``wave``."""

from __future__ import annotations

import io
import wave

import httpx
import numpy as np
import pytest

from kiosk.central.voice import VoiceCache, VoiceError, announcement_text, synthesize
from tests.support.central_servers import CentralProcess
from tests.support.sound import needs_espeak

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1


def test_the_sentences() -> None:
    assert (announcement_text("A012", "3")
            == "Mời công dân có số thứ tự a không một hai đến quầy số 3")
    assert (announcement_text("HT007", "12")
            == "Mời công dân có số thứ tự hát tê không không bảy đến quầy số 12")
    assert announcement_text("A012", "03", "en") == "Number A zero one two, please go to counter 3"


@pytest.mark.parametrize(("label", "counter"), [("a012", "3"), ("A", "3"), ("012", "3"),
                                                ("A012", ""), ("A012", "3; rm -rf /"),
                                                ("A012\n", "3")])
def test_bad_inputs_are_refused(label: str, counter: str) -> None:
    with pytest.raises(VoiceError):
        announcement_text(label, counter)


def _levels(data: bytes) -> tuple[float, float, int]:
    with wave.open(io.BytesIO(data)) as reader:
        assert reader.getsampwidth() == 2 and reader.getnchannels() == 1
        rate = reader.getframerate()
        samples = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
    seconds = len(samples) / rate
    rms = float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))
    return seconds, rms, int(np.abs(samples).max())


@needs_espeak
def test_synthesis_is_speech_not_silence() -> None:
    seconds, rms, peak = _levels(synthesize("A012", "3"))
    assert 3.0 < seconds < 20.0
    assert rms > 300 and peak > 3000  # speech, not a header and zeros


@needs_espeak
def test_cache_returns_the_same_audio() -> None:
    cache = VoiceCache(size=2)
    first = cache.get("B001", "1")
    assert cache.get("B001", "1") is first
    cache.get("B002", "1")
    cache.get("B003", "1")
    assert cache.get("B001", "1") is not first  # evicted, made again


@needs_espeak
def test_served_as_wav(central: CentralProcess) -> None:
    response = httpx.get(central.url + "/v1/voice/A012/3.wav", timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"] == "audio/wav"
    seconds, rms, _ = _levels(response.content)
    assert seconds > 3.0 and rms > 300
    bad = httpx.get(central.url + "/v1/voice/a012/3.wav")
    assert bad.status_code == 400 and "ticket number" in bad.json()["error"]
