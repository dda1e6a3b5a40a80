"""Spoken guidance: real espeak-ng prompts, the stage → prompt mapping, mute, no sound device.

Playback goes through the real ``aplay`` (alsa-utils) aimed at an ALSA device that does
not exist (so the result is the same on a desktop with speakers), and, on machines
without sound hardware such as CI runners, through Qt Multimedia, which then sees no
audio output. Both must leave a state, never an exception. Nothing is mocked.
"""

from __future__ import annotations

import io
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from kiosk.core.config import AudioConfig
from kiosk.core.errors import ConfigError
from kiosk.core.visit.machine import Stage
from kiosk.speech import SpeechError
from kiosk.ui.kiosk.audio.cache import PromptCache
from kiosk.ui.kiosk.audio.guide import AudioGuide
from kiosk.ui.kiosk.audio.player import (
    ProcessPlayer,
    QtPlayer,
    SoundState,
    make_player,
    sound_device_state,
)
from kiosk.ui.kiosk.audio.prompts import STAGE_PROMPTS, prompt_id, prompt_text
from kiosk.ui.kiosk.window import KioskWindow
from tests.support.sound import NO_DEVICE, needs_aplay, needs_espeak
from tests.support.touch import tap

IDENTIFY_VI = ("Mời ông bà chạm thẻ căn cước vào đầu đọc, hoặc đưa mã QR trên thẻ "
               "vào camera.")


def _levels(path: Path) -> tuple[float, float]:
    with wave.open(io.BytesIO(path.read_bytes())) as reader:
        assert reader.getsampwidth() == 2 and reader.getnchannels() == 1
        rate = reader.getframerate()
        samples = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
    return len(samples) / rate, float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))


@needs_espeak
def test_a_vietnamese_prompt_is_speech_of_plausible_length(tmp_path: Path) -> None:
    cache = PromptCache(tmp_path / "prompts", speed_wpm=135)
    path = cache.get(IDENTIFY_VI, "vi")
    seconds, rms = _levels(path)
    # 20 syllables at a calm pace: a few seconds, not a blip and not a minute
    assert 3.0 < seconds < 15.0
    assert rms > 300  # speech, not silence
    made = path.stat().st_mtime_ns
    assert cache.get(IDENTIFY_VI, "vi") == path and path.stat().st_mtime_ns == made  # cached
    other = cache.get("Vui lòng giữ thẻ trên đầu đọc.", "vi")
    assert other != path and 1.0 < _levels(other)[0] < seconds
    assert cache.get(IDENTIFY_VI, "en-us") != path  # the voice is part of the key
    assert not list((tmp_path / "prompts").glob("*.part"))


def test_espeak_missing_is_a_speech_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a kiosk image without espeak-ng
    with pytest.raises(SpeechError, match="espeak-ng is not installed"):
        PromptCache(tmp_path, 135).get("Xin chào", "vi")


def test_stage_to_prompt() -> None:
    assert prompt_id("attract") is None  # an empty hall is not talked to
    assert prompt_id("identify") == "guide.identify"
    assert prompt_id("identify", "stage.identify.need_qr") == "guide.identify_need_qr"
    assert prompt_id("identify", notice="read_failed:ChipError") == "guide.read_failed"
    assert prompt_id("reading_card") == "guide.reading_card"
    assert prompt_id("form", notice="form_invalid") == "guide.form_invalid"
    assert prompt_id("review", notice="consent_needed") == "guide.consent_needed"
    assert prompt_id("ticket") == "guide.ticket"
    assert prompt_id("ticket", print_fallback=True) == "guide.ticket_fallback"
    assert prompt_id("form", countdown=7) == "guide.countdown"
    assert {prompt_id(str(s)) for s in Stage if s != Stage.ATTRACT} <= set(
        STAGE_PROMPTS.values())


def test_prompts_in_both_languages(window: KioskWindow) -> None:
    window.translations.use("vi")
    vi = {key: prompt_text(key) for key in STAGE_PROMPTS.values()}
    assert vi["guide.identify"] == IDENTIFY_VI
    assert vi["guide.reading_card"] == "Vui lòng giữ thẻ trên đầu đọc."
    assert vi["guide.ticket"] == "Mời ông bà nhận phiếu số thứ tự."
    window.translations.use("en")
    en = {key: prompt_text(key) for key in STAGE_PROMPTS.values()}
    assert en["guide.identify"] == ("Please tap your ID card on the reader, or show the QR "
                                    "code on the card to the camera.")
    assert all(vi[k] and en[k] and vi[k] != en[k] for k in vi)
    assert prompt_text("guide.no_such_prompt") == ""


@needs_espeak
@needs_aplay
def test_the_visit_is_spoken_in_its_language_and_mute_silences_it(
        window: KioskWindow, qtbot: QtBot, tmp_path: Path) -> None:
    guide = AudioGuide(window.presenter, AudioConfig(player="aplay", device=NO_DEVICE),
                       tmp_path)
    try:
        tap(window, "start")
        qtbot.waitUntil(lambda: len(guide.said) == 1, timeout=3000)
        assert guide.said[-1] == ("guide.language", "vi", "Mời ông bà chọn ngôn ngữ.")
        # no such sound device: aplay fails, the guide says so, the visit goes on
        qtbot.waitUntil(lambda: guide.state == SoundState.NO_DEVICE, timeout=15000)
        tap(window, "choose_en")
        qtbot.waitUntil(lambda: len(guide.said) == 2, timeout=3000)
        key, language, words = guide.said[-1]
        assert (key, language) == ("guide.choose_procedure", "en")
        assert words.startswith("Please choose the procedure you need.")
        assert len(list((tmp_path / "prompts").glob("*.wav"))) >= 1  # synthesised, cached

        tap(window, "toggle_sound")
        assert window.presenter.property("muted") is True
        qtbot.waitUntil(lambda: guide.state == SoundState.MUTED, timeout=3000)
        window.presenter.choose_procedure("HT-KETHON")
        window.settle()
        assert window.visit.stage == Stage.IDENTIFY and len(guide.said) == 2  # silent
        tap(window, "toggle_sound")
        qtbot.waitUntil(lambda: len(guide.said) == 3, timeout=3000)
        assert guide.said[-1][:2] == ("guide.identify", "en")  # the screen, said again

        tap(window, "toggle_sound")
        window.presenter.restart()
        window.settle()
        assert window.presenter.property("muted") is False  # the next citizen hears it
    finally:
        guide.close()


def _silence(path: Path) -> Path:
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(22050)
        writer.writeframes(bytes(4410))
    return path


def _sound_cards() -> bool:
    listed = subprocess.run(["aplay", "-l"], capture_output=True, text=True, check=False)
    return "card " in listed.stdout


@needs_aplay
def test_playing_to_a_missing_device_is_a_state_not_an_error(tmp_path: Path) -> None:
    wav = _silence(tmp_path / "silence.wav")
    assert ProcessPlayer("aplay", NO_DEVICE).play(wav, lambda: False) == SoundState.NO_DEVICE
    missing = ProcessPlayer("pw-play-not-installed")
    assert missing.play(wav, lambda: False) == SoundState.NO_DEVICE
    assert missing.device_state() == SoundState.NO_DEVICE
    assert sound_device_state(AudioConfig(enabled=False))[0] == SoundState.DISABLED
    assert make_player(AudioConfig(player="none")) is None
    with pytest.raises(ConfigError, match="player must be"):
        make_player(AudioConfig(player="speakers"))


@needs_aplay
def test_a_machine_without_sound_hardware(tmp_path: Path, qapp: object, qtbot: QtBot) -> None:
    if _sound_cards():
        pytest.skip("this machine has a sound card")
    wav = _silence(tmp_path / "silence.wav")
    aplay = ProcessPlayer("aplay")
    assert aplay.device_state() == SoundState.NO_DEVICE
    assert aplay.play(wav, lambda: False) == SoundState.NO_DEVICE
    qt = QtPlayer()
    assert qt.device_state() == SoundState.NO_DEVICE  # Qt Multimedia sees no output here
    with qtbot.waitSignal(qt.state_reported, timeout=3000) as reported:
        qt.play(wav, lambda: False)
    assert reported.args == [SoundState.NO_DEVICE.value]
    assert sound_device_state(AudioConfig(player="aplay")) == (SoundState.NO_DEVICE, "aplay")
